import { join } from 'node:path';
import { bcs } from '@mysten/sui/bcs';
import { fromBase64, toBase64 } from '@mysten/sui/utils';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { messagesHash } from '../../crypto/seal/process-all.ts';
import { encodeMessageJson } from '../../crypto/seal/message-json.ts';
import { dealAll, generateCommitteeKeys, seededRandom } from '../../crypto/seal/simulation.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS } from '../../../../src-shared/ceremonies/seal.ts';
import type { WalletAccount } from '../../../../src-shared/api/wallet.ts';
import { act, artifact, carry, factOf, importRaw, pendingTx, view } from '../../rehearsal/seal-driver.ts';
import type { MessageSetPayload } from './payloads.ts';
import { checkRelayedTransaction } from './relayed-tx.ts';
import { networkConfig } from './network.ts';
import { openChain } from '../../transports/sui/open-chain.ts';
import {
  decodeBundlePayload,
  expectRefusal,
  makeParty,
  makeWorld,
  sealStateOf,
  signedBundleAs,
  type World,
} from '../../testing/seal-world.ts';

/**
 * Acceptance 4 of issue 4, each bad path with its specific error: a message set missing a
 * message or holding a tampered one (the error names the sender and nothing is proposed), a
 * member not in the committee, a stale dkg.yaml from another committee, an offline signature
 * for the wrong transaction; plus the relay's transaction checked on the air-gapped side.
 */

/** Runs a 3-member committee up to the coordinator's exported message set. */
async function worldAtMessageSet(airGapped: number[] = []): Promise<World> {
  const w = await makeWorld(3, 2, { airGapped });
  await w.driver.createCommittee();
  await w.driver.joinAll();
  await w.driver.registerAll();
  await w.driver.messagesAll();
  return w;
}

/** Nothing was proposed: no pending transaction, no proposal on chain, no share in the vault. */
async function expectNothingProposed(w: World, memberIndex: number): Promise<void> {
  const j = w.driver.joined[memberIndex]!;
  const s = sealStateOf(w.members[memberIndex]!, j.me.id);
  expect(s.role === 'member' && s.result).toBeFalsy();
  expect(s.pending).toBeNull();
  await act(w.driver.coordinator, 'refresh');
  expect(sealStateOf(w.coordinator, w.driver.coordinator.id).chain?.phase).toBe('Init');
  const kinds = (await w.members[memberIndex]!.core.vault.list()).map((x) => x.kind);
  expect(kinds).not.toContain('seal.share');
}

function forgedSet(w: World, payload: MessageSetPayload) {
  const c = w.driver.coordinator;
  const st = sealStateOf(w.coordinator, c.id);
  return signedBundleAs(
    w.coordinator,
    c.id,
    {
      ceremonyId: `seal-${st.committee.committeeId!.slice(2, 42)}`,
      phase: 3,
      step: 'message-set',
      sender: { id: 'coordinator', label: 'Coordinator' },
      rehearsal: true,
    },
    payload,
  );
}

function withHash(p: MessageSetPayload): MessageSetPayload {
  const sorted = [...p.messages].map((h) => hexToBytes(h));
  return { ...p, messagesHash: bytesToHex(messagesHash(sorted)) };
}

/** Flips one byte inside the BLS signature of a bcs(SignedMessage) (48 bytes before the 128-byte proof). */
function tamper(hex: string): string {
  const b = hexToBytes(hex);
  const i = b.length - 128 - 20;
  b[i] = b[i]! ^ 0x01;
  return bytesToHex(b);
}

describe('Seal bad paths', () => {
  it('a message set missing one message is refused naming the missing sender; nothing is processed or proposed', async () => {
    const w = await worldAtMessageSet();
    const set = decodeBundlePayload<MessageSetPayload>(await artifact(w.driver.coordinator, SEAL_ARTIFACTS.messageSet)).payload;
    const missing = withHash({ ...set, messages: set.messages.slice(0, 2) });
    const m0 = w.driver.joined[0]!.me;
    const r = await importRaw(m0, [await forgedSet(w, missing)]);
    expect(r.accepted).toBe(0);
    expect(r.outcomes[0]!.error!.code).toBe('bundle/rejected-by-protocol');
    expect(r.outcomes[0]!.error!.message).toContain('lacks the DKG message of M2 (party 2)');
    await expectRefusal(act(m0, 'process'), 'seal/message-missing', 'M1 (party 1)', 'M2 (party 2)', 'Nothing was processed or proposed');
    // A message that is not lowercase hex (the set's messages are checked where they are read).
    const upper = { ...set, messages: set.messages.map((m, i) => (i === 1 ? m.toUpperCase() : m)) };
    const notHex = await importRaw(m0, [await forgedSet(w, upper)]);
    expect(notHex.outcomes[0]!.error!.message).toContain('is malformed (messages.1: not lowercase hex)');
    await expectNothingProposed(w, 0);
    // The complete set from the coordinator still goes in afterwards, and the ceremony goes on.
    await carry(w.driver.coordinator, SEAL_ARTIFACTS.messageSet, m0);
    expect((await act(m0, 'process')).facts.some((f) => f.label === SEAL_FACTS.keyServerPk)).toBe(true);
  }, 60_000);

  it('a message set holding a tampered message: process fails naming the sender; nothing is proposed', async () => {
    const w = await worldAtMessageSet();
    const set = decodeBundlePayload<MessageSetPayload>(await artifact(w.driver.coordinator, SEAL_ARTIFACTS.messageSet)).payload;
    const bad = withHash({ ...set, messages: set.messages.map((m, i) => (i === 2 ? tamper(m) : m)) });
    const m0 = w.driver.joined[0]!.me;
    const r = await importRaw(m0, [await forgedSet(w, bad)]);
    expect(r.accepted, JSON.stringify(r.outcomes)).toBe(1);
    const e = await expectRefusal(
      act(m0, 'process'),
      'seal/message-invalid',
      'The DKG message of M2 (party 2) failed',
      'Nothing was proposed',
    );
    expect(e.details.sender).toBe(2);
    await expectNothingProposed(w, 0);
    expect((await view(m0)).next.map((n) => n.action)).not.toContain('propose');
  }, 60_000);

  it('a dkg-messages folder: a missing file and a tampered file each name the sender; a bad file or a second message from one sender blocks processing, naming the file', async () => {
    const w = await worldAtMessageSet();
    const c = w.driver.coordinator;
    const files = await Promise.all([0, 1, 2].map((i) => artifact(c, SEAL_ARTIFACTS.collectedMessage(i))));
    const m1 = w.driver.joined[1]!.me;
    await importRaw(m1, [files[0]!]); // message_0.json; its own message_1.json is already there
    await expectRefusal(act(m1, 'process'), 'seal/message-missing', 'M2 (party 2)');
    const json = JSON.parse(Buffer.from(files[2]!.base64, 'base64').toString()) as { message: string };
    const tampered = { name: 'message_2.json', base64: Buffer.from(JSON.stringify({ message: tamper(json.message) })).toString('base64') };
    expect((await importRaw(m1, [tampered])).accepted).toBe(1);
    await expectRefusal(act(m1, 'process'), 'seal/message-invalid', 'M2 (party 2)');
    await expectNothingProposed(w, 1);
    // issue 16: the genuine file no longer silently replaces the first one from party 2 (as
    // seal-committee-cli, a duplicate sender aborts); it is refused and blocks processing
    const genuine = { ...files[2]!, name: 'message_2 (1).json' };
    const dup = await importRaw(m1, [genuine]);
    expect(dup.accepted).toBe(0);
    expect(dup.outcomes[0]!.error!.code).toBe('seal/message-conflict');
    expect(dup.outcomes[0]!.error!.message).toContain('message_2 (1).json is a second, different DKG message from M2 (party 2)');
    // an unreadable file is refused and recorded too; a byte-identical re-import is a no-op
    const junk = { name: 'message_7.json', base64: Buffer.from('{"message": "zz"}').toString('base64') };
    expect((await importRaw(m1, [junk])).outcomes[0]!.error!.code).toBe('seal/message-file-invalid');
    expect((await importRaw(m1, [files[0]!])).outcomes[0]!.error!.code).toBe('bundle/duplicate');
    const e = await expectRefusal(
      act(m1, 'process'),
      'seal/refused-message-files',
      'message_2 (1).json',
      'message_7.json',
      'Nothing was processed',
    );
    expect(e.details.file).toBe('message_2 (1).json');
    expect((await view(m1)).next.map((n) => n.action)).toEqual(['clear-message-files']);
    await expectNothingProposed(w, 1);
    // the person removes the bad files, clears, and imports the clean folder: processing succeeds
    await act(m1, 'clear-message-files');
    expect((await importRaw(m1, [files[0]!, files[2]!])).accepted).toBe(2);
    await act(m1, 'process');
    expect(factOf(await view(m1), SEAL_FACTS.messagesHashCheckCode)).toBe(factOf(await view(c), SEAL_FACTS.messagesHashCheckCode));
    // after processing, a different message for a processed sender blocks the proposal
    expect((await importRaw(m1, [tampered])).outcomes[0]!.error!.code).toBe('seal/message-after-processing');
    await expectRefusal(act(m1, 'propose'), 'seal/refused-message-files', 'message_2.json', 'Nothing was proposed');
  }, 60_000);

  it('the coordinator refuses a tampered message naming its sender, and a message before everyone registered', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    for (const j of d.joined.slice(0, 2)) await d.register(j);
    // a message made for another committee: too early first (M2 has not registered), then refused by its signature
    const foreign = dealAll('0x' + '77'.repeat(32), 2, generateCommitteeKeys(3, seededRandom('foreign')), seededRandom('deal'))[2]!;
    const foreignFile = { name: 'message_2.json', base64: Buffer.from(encodeMessageJson(foreign)).toString('base64') };
    const early = await importRaw(d.coordinator, [foreignFile]);
    expect(early.outcomes[0]!.error).toMatchObject({ code: 'bundle/wrong-phase' });
    expect(early.outcomes[0]!.error!.message).toContain('Not everyone has registered yet (M2 (party 2))');
    await d.register(d.joined[2]!);
    const late = await importRaw(d.coordinator, [foreignFile]);
    expect(late.outcomes[0]!.error!.message).toContain('The DKG message from M2 (party 2) failed the');
    await act(d.joined[2]!.me, 'refresh');
    await act(d.joined[2]!.me, 'create-message');
    const file = await artifact(d.joined[2]!.me, SEAL_ARTIFACTS.messageJson);
    const json = JSON.parse(Buffer.from(file.base64, 'base64').toString()) as { message: string };
    const r = await importRaw(d.coordinator, [
      { name: 'message_2.json', base64: Buffer.from(JSON.stringify({ message: tamper(json.message) })).toString('base64') },
    ]);
    expect(r.outcomes[0]!.error?.message).toMatch(/The DKG message from M2 \(party 2\) (failed|cannot be decoded)/);
    expect((await importRaw(d.coordinator, [file])).accepted).toBe(1);
    expect((await view(d.coordinator)).participants[2]!.tags).toContain('message-received');
  }, 60_000);

  it('a member not in the committee cannot join', async () => {
    const w = await makeWorld(2, 2);
    await w.driver.createCommittee();
    const invitation = await artifact(w.driver.coordinator, SEAL_ARTIFACTS.invitation);
    const outsider = await makeParty(w.root, 'outsider');
    const stranger = '0x' + '42'.repeat(32);
    await expectRefusal(
      outsider.call('ceremonies.join', { ...invitation, params: { address: stranger } }),
      'seal/not-a-member',
      `${stranger} is not a member`,
    );
    await outsider.call<WalletAccount>('wallet.generate', { label: 'not a member' });
    await expectRefusal(outsider.call('ceremonies.join', { ...invitation, params: {} }), 'seal/not-a-member', 'None of the Sui accounts');
    expect(await outsider.call<unknown[]>('ceremonies.list', {})).toEqual([]);
  }, 60_000);

  it('a stale dkg.yaml from another committee is refused on join', async () => {
    const w = await makeWorld(2, 2);
    await w.driver.runAll();
    const old = await artifact(w.driver.coordinator, SEAL_ARTIFACTS.dkgYaml);
    const oldText = Buffer.from(old.base64, 'base64').toString();
    const newcomer = await makeParty(w.root, 'newcomer');
    const address = w.driver.joined[0]!.member.address;
    // the committee of that file has finished
    await expectRefusal(
      newcomer.call('ceremonies.join', { ...old, params: { address } }),
      'seal/committee-finished',
      'from an earlier committee',
    );
    // a second committee on the same ledger; a file mixing the old package/members with the new committee id
    const w2 = await makeWorld(2, 2, { root: join(w.root, 'second') });
    const d2 = w2.driver;
    d2.plan.network = w.driver.plan.network;
    await d2.createCommittee();
    const newId = sealStateOf(w2.coordinator, d2.coordinator.id).committee.committeeId!;
    const oldId = sealStateOf(w.coordinator, w.driver.coordinator.id).committee.committeeId!;
    const mixed = oldText.replace(oldId, newId);
    await expectRefusal(
      newcomer.call('ceremonies.join', { name: 'dkg.yaml', base64: Buffer.from(mixed).toString('base64'), params: { address } }),
      'seal/committee-mismatch',
      'is stale or from another committee',
    );
    // and a bundle of one committee is refused by a ceremony of the other
    const m0of2 = await w2.members[0]!.call<{ id: string }>('ceremonies.join', {
      ...(await artifact(d2.coordinator, SEAL_ARTIFACTS.invitation)),
      params: {},
    });
    const r = await importRaw({ party: w2.members[0]!, id: m0of2.id }, [await artifact(w.driver.coordinator, SEAL_ARTIFACTS.messageSet)]);
    expect(r.outcomes[0]!.error?.code).toBe('bundle/wrong-ceremony');
  }, 90_000);

  it('an offline signature for the wrong transaction, or by the wrong key, is refused and nothing is submitted', async () => {
    const w = await makeWorld(2, 2, { airGapped: [1] });
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    const j0 = d.joined[0]!;
    await act(j0.me, 'generate-keys', { serverUrl: 'https://a.example', serverName: 'a' });
    await d.confirmCode(j0, 'committee');
    await act(j0.me, 'register');
    const tx = (await pendingTx(j0.me))!;
    // the same sender signs a different transaction (another gas budget)
    const data = bcs.TransactionData.parse(fromBase64(tx.txBytes));
    data.V1!.gasData.budget = String(BigInt(data.V1!.gasData.budget) + 1n);
    const other = toBase64(bcs.TransactionData.serialize(data).toBytes());
    const { signature: wrongTx } = await w.members[0]!.call<{ signature: string }>('wallet.signTransaction', {
      address: tx.sender,
      transaction: other,
    });
    await expectRefusal(act(j0.me, 'submit-signature', { signature: wrongTx }), 'offline-signature/different-transaction', tx.digest);
    // the right transaction signed by another key (the coordinator's), also as `sui keytool sign` JSON
    const foreign = await makeParty(w.root, 'foreign');
    const acct = await foreign.call<WalletAccount>('wallet.generate', { label: 'x' });
    const kp = await foreign.core.wallet.keypair(acct.address);
    const { signature: byOther } = await kp.signTransaction(fromBase64(tx.txBytes));
    await expectRefusal(
      act(j0.me, 'submit-signature', { signature: JSON.stringify({ suiSignature: byOther }) }),
      'offline-signature/wrong-signer',
      tx.sender,
    );
    const s = sealStateOf(w.members[0]!, j0.me.id);
    expect(s.pending?.status).toBe('unsigned');
    expect(s.txLog).toEqual([]);
    // the right signature still works afterwards
    const { signature } = await w.members[0]!.call<{ signature: string }>('wallet.signTransaction', {
      address: tx.sender,
      transaction: tx.txBytes,
    });
    await act(j0.me, 'submit-signature', { signature: JSON.stringify({ suiSignature: signature }) });
    expect(sealStateOf(w.members[0]!, j0.me.id)).toMatchObject({ registered: true, pending: null });

    // air-gapped: the relay refuses a signature bundle for a transaction it is not waiting for
    const j1 = d.joined[1]!;
    await act(j1.me, 'generate-keys', { serverUrl: 'https://b.example', serverName: 'b' });
    await d.confirmCode(j1, 'committee');
    await act(j1.me, 'register');
    await carry(j1.me, SEAL_ARTIFACTS.registerRequest, j1.relay!);
    await act(j1.relay!, 'prepare-transaction');
    await carry(j1.relay!, SEAL_ARTIFACTS.unsignedTx('register'), j1.me);
    const relayTx = (await pendingTx(j1.relay!))!;
    const forged = await signedBundleAs(
      w.members[1]!,
      j1.me.id,
      {
        ceremonyId: `seal-${sealStateOf(w.coordinator, d.coordinator.id).committee.committeeId!.slice(2, 42)}`,
        phase: 1,
        step: 'tx-signature.register.1',
        sender: { id: 'member-1', label: 'M1' },
        rehearsal: true,
      },
      { purpose: 'register', attempt: 1, digest: relayTx.digest, signature: wrongTx },
    );
    const r = await importRaw(j1.relay!, [forged]);
    expect(r.outcomes[0]!.error?.code).toBe('offline-signature/wrong-signer');
    expect(sealStateOf(w.relays[1]!, j1.relay!.id).pending?.status).toBe('unsigned');
  }, 90_000);

  it('the air-gapped side refuses a relayed transaction that is not the one it asked for', async () => {
    const w = await makeWorld(2, 2, { airGapped: [1] });
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    const j1 = d.joined[1]!;
    await act(j1.me, 'generate-keys', { serverUrl: 'https://b.example', serverName: 'b' });
    await d.confirmCode(j1, 'committee');
    await act(j1.me, 'register');
    await carry(j1.me, SEAL_ARTIFACTS.registerRequest, j1.relay!);
    await act(j1.relay!, 'prepare-transaction');
    const tx = (await pendingTx(j1.relay!))!;
    const s = sealStateOf(w.members[1]!, j1.me.id);
    if (s.role !== 'member' || !s.keys) throw new Error('no keys');
    const expect0 = {
      sender: s.address,
      packageId: s.committee.packageId!,
      committeeId: s.committee.committeeId!,
      call: { function: 'register' as const, encPk: s.keys.encPk, signingPk: s.keys.signingPk, url: 'https://b.example', name: 'b' },
    };
    expect(() => checkRelayedTransaction(tx.txBytes, tx.digest, expect0)).not.toThrow();
    const cases: [Partial<typeof expect0> | { call: typeof expect0.call }, string][] = [
      [{ call: { ...expect0.call, url: 'https://evil.example' } }, 'server URL'],
      [{ call: { ...expect0.call, encPk: '00'.repeat(48) } }, 'encryption key'],
      [{ sender: d.joined[0]!.member.address }, 'not by you'],
      [{ committeeId: '0x' + '11'.repeat(32) }, 'does not act on the committee'],
      [{ packageId: '0x' + '22'.repeat(32) }, 'calls'],
    ];
    for (const [change, phrase] of cases) {
      expect(() => checkRelayedTransaction(tx.txBytes, tx.digest, { ...expect0, ...change })).toThrow(phrase);
    }
    expect(() => checkRelayedTransaction(tx.txBytes, 'WrongDigest', expect0)).toThrow('announced digest');
    // through the bundle: a relay that swapped the URL gets its unsigned transaction refused
    await act(j1.relay!, 'cancel-transaction');
    const { chain } = await openChain(networkConfig(s.committee.network));
    const evil = await chain.prepare(
      {
        kind: 'register',
        committeeId: s.committee.committeeId!,
        encPk: hexToBytes(s.keys.encPk),
        signingPk: hexToBytes(s.keys.signingPk),
        url: 'https://evil.example',
        name: 'b',
      },
      s.address,
    );
    const bundle = await signedBundleAs(
      w.relays[1]!,
      j1.relay!.id,
      {
        ceremonyId: `seal-${s.committee.committeeId!.slice(2, 42)}`,
        phase: 1,
        step: 'unsigned-tx.register.2',
        sender: { id: 'relay-1', label: 'Relay' },
        rehearsal: true,
      },
      { purpose: 'register', attempt: 2, txBytes: evil.bytes, digest: evil.digest, sender: evil.sender, network: 'x' },
    );
    const r = await importRaw(j1.me, [bundle]);
    expect(r.outcomes[0]!.error?.code).toBe('seal/relayed-tx-mismatch');
    expect(r.outcomes[0]!.error?.message).toContain('its server URL is not "https://b.example"');
    expect(sealStateOf(w.members[1]!, j1.me.id).pending).toBeNull();
  }, 60_000);
});

describe('creating a Seal committee', () => {
  it('a rehearsal must run on a rehearsal ledger, and a real ceremony must not; the bytecode is needed on real networks', async () => {
    const w = await makeWorld(2, 2);
    const acct = await w.coordinator.call<WalletAccount>('wallet.generate', { label: 'x' });
    const params = (network: string) => ({
      network,
      threshold: 2,
      members: [{ address: '0x1' }, { address: '0x2' }],
      coordinatorAddress: acct.address,
    });
    await expectRefusal(
      w.coordinator.call('ceremonies.create', { protocol: 'seal', title: 'T', rehearsal: true, params: params('testnet') }),
      'seal/rehearsal-mismatch',
      'rehearsal:<folder>',
    );
    await expectRefusal(
      w.coordinator.call('ceremonies.create', {
        protocol: 'seal',
        title: 'T',
        rehearsal: false,
        params: params(`rehearsal:${w.ledgerDir}`),
      }),
      'seal/rehearsal-mismatch',
    );
    await expectRefusal(
      w.coordinator.call('ceremonies.create', { protocol: 'seal', title: 'T', rehearsal: false, params: params('testnet') }),
      'seal/no-bytecode',
      'dump-bytecode-as-base64',
    );
    await expectRefusal(
      w.coordinator.call('ceremonies.create', {
        protocol: 'seal',
        title: 'T',
        rehearsal: true,
        params: { ...params(`rehearsal:${w.ledgerDir}`), members: [{ address: '0x1' }, { address: '0x01' }] },
      }),
      'seal/duplicate-member',
    );
    await expectRefusal(
      w.coordinator.call('ceremonies.create', {
        protocol: 'seal',
        title: 'T',
        rehearsal: true,
        params: { ...params(`rehearsal:${w.ledgerDir}`), threshold: 3 },
      }),
      'api/invalid-input',
      'threshold',
    );
  });
});
