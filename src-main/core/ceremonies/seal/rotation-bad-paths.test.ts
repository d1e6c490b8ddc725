import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { beforeAll, describe, expect, it } from 'vitest';
import { createDealerMessage } from '../../crypto/seal/dealer.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { encodeMessageJson } from '../../crypto/seal/message-json.ts';
import { messagesHash } from '../../crypto/seal/process-all.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, sealShareSecretId } from '../../../../src-shared/ceremonies/seal.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import { act, artifact, carry, factOf, importRaw, view, type Joined } from '../../rehearsal/seal-driver.ts';
import type { MessageSetPayload } from './payloads.ts';
import type { MemberState } from './state.ts';
import {
  decodeBundlePayload,
  expectRefusal,
  makeRotation,
  makeWorld,
  sealStateOf,
  signedBundleAs,
  type RotationWorld,
  type TestParty,
  type World,
} from '../../testing/seal-world.ts';

/**
 * Issue 5 acceptance 3, each refused with a clear message and no transaction: too few
 * continuing members, a non-member starting the rotation, a continuing member whose old share
 * does not match its old partial key, a message set with a message from a new member or with
 * the wrong count; plus a dealer whose constant term is not its old share (named on process).
 */

/** Committee transactions on the ledger (faucet top-ups do not count). */
const ledgerTxs = (w: World) =>
  (JSON.parse(readFileSync(join(w.ledgerDir, 'ledger.json'), 'utf8')) as { transactions: { functions: string[] }[] }).transactions.filter(
    (t) => t.functions.some((f) => f.includes('::seal_committee::')),
  ).length;

let w: World;
let ksId: string;

beforeAll(async () => {
  w = await makeWorld(3, 2);
  await w.driver.runAll();
  ksId = factOf(await view(w.driver.coordinator), SEAL_FACTS.keyServerObjId)!;
}, 60_000);

async function importError(to: Joined['me'], file: { name: string; base64: string }): Promise<{ code: string; message: string }> {
  const r = await importRaw(to, [file]);
  expect(r.outcomes[0]!.accepted, 'the import should be refused').toBe(false);
  return r.outcomes[0]!.error as { code: string; message: string };
}

describe('Seal key rotation: refused before any transaction', () => {
  it('too few continuing members, and a coordinator who is not a current member', async () => {
    const before = ledgerTxs(w);
    const tooFew = await makeRotation(w, { keyServerObjId: ksId, keep: [0], join: 2, threshold: 2 });
    await expectRefusal(
      tooFew.driver.createCommittee(),
      'seal/too-few-continuing',
      'Only 1 of the 3 current members continue',
      'at least 2 (the current threshold) must',
    );
    const outsider = await makeRotation(w, { keyServerObjId: ksId, keep: [0, 1], join: 1, threshold: 2 });
    const joiner = outsider.driver.plan.members[2]!;
    outsider.driver.plan.coordinator = { party: joiner.party, address: joiner.address };
    await expectRefusal(
      outsider.driver.createCommittee(),
      'seal/coordinator-not-current-member',
      'only lets a current member send init_rotation',
      joiner.address,
    );
    expect(ledgerTxs(w), 'no transaction was made').toBe(before);
    for (const p of [w.members[0]!, joiner.party as TestParty])
      expect((await p.call<CeremonyView[]>('ceremonies.list', {})).filter((c) => c.role === 'coordinator')).toEqual([]);
  }, 60_000);
});

describe('Seal key rotation: message sets', () => {
  let r: RotationWorld;
  let msg: (partyId: number) => Promise<string>;
  let forgedDealer: string;
  let committeeId: string;

  beforeAll(async () => {
    // All three current members continue (2 of them are needed), one joins: 3-of-4.
    r = await makeRotation(w, { keyServerObjId: ksId, keep: [0, 1, 2], join: 1, threshold: 3 });
    const d = r.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    committeeId = sealStateOf(r.parties[0]!, d.coordinator.id).committee.committeeId!;
    msg = async (partyId) => {
      const j = d.joined[partyId]!;
      if (!(sealStateOf(j.member.party as TestParty, j.me.id) as MemberState).message) await act(j.me, 'create-message');
      return decodeBundlePayload<{ message: string }>(await artifact(j.me, SEAL_ARTIFACTS.messageBundle)).payload.message;
    };
    // member 2's genuine keys but a constant term that is not its share of version 0
    const j2 = d.joined[2]!;
    const keys = await (await (j2.member.party as TestParty).core.vault.unlockedVault()).get(`${j2.me.id}/dkg-keys`);
    const regs = sealStateOf(j2.member.party as TestParty, j2.me.id).registrations;
    forgedDealer = bytesToHex(
      createDealerMessage({
        committeeId,
        threshold: 3,
        encryptionPks: regs.map((x) => hexToBytes(x.encPk)),
        myPartyId: 2,
        signingSk: scalarFromBytes(keys.subarray(32, 64)),
        oldShare: 12345n,
      }).bytes,
    );
  }, 60_000);

  function asJoiner(hex: string): string {
    const b = hexToBytes(hex);
    b[0] = 3; // the joining member's party id (u16 LE)
    b[1] = 0;
    return bytesToHex(b);
  }

  function messageFile(hex: string, name: string) {
    return { name, base64: Buffer.from(encodeMessageJson(hexToBytes(hex))).toString('base64') };
  }

  it('the coordinator takes exactly the old threshold from continuing members, each checked against its old partial key', async () => {
    const d = r.driver;
    await msg(0);
    await carry(d.joined[0]!.me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
    const forged = await importError(d.coordinator, messageFile(forgedDealer, 'message_2.json'));
    expect(forged.message).toMatch(
      /was not made with its share of version 0: its constant commitment is not its partial key on chain \(party 2 of the current committee\)/,
    );
    const fromNew = await importError(d.coordinator, messageFile(asJoiner(await msg(0)), 'message_3.json'));
    expect(fromNew.message).toMatch(/J0 \(party 3\) joins the committee in this rotation .* Only continuing members send messages/);
    await expectRefusal(
      act(d.coordinator, 'export-message-set'),
      'seal/messages-missing',
      'exactly 2 DKG messages from continuing members; 1 received',
    );
    await msg(1);
    await carry(d.joined[1]!.me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
    await msg(2);
    const extra = await importError(d.coordinator, await artifact(d.joined[2]!.me, SEAL_ARTIFACTS.messageBundle));
    expect(extra.message).toMatch(
      /already has the 2 messages it uses \(from M0 \(party 0\) and M1 \(party 1\)\); .* the message of M2 \(party 2\) is not needed/,
    );
    await act(d.coordinator, 'export-message-set');
    const set = decodeBundlePayload<MessageSetPayload>(await artifact(d.coordinator, SEAL_ARTIFACTS.messageSet)).payload;
    expect(set.messages).toHaveLength(2);
    expect(set.rotation?.keyServerId).toBe(ksId);
  });

  it('a member refuses a set with a message from a new member or the wrong count, and names a dealer whose constant term is wrong; nothing is proposed', async () => {
    const d = r.driver;
    const coord = d.coordinator;
    const st = sealStateOf(r.parties[0]!, coord.id);
    const real = decodeBundlePayload<MessageSetPayload>(await artifact(coord, SEAL_ARTIFACTS.messageSet)).payload;
    const forge = (messages: string[]) => {
      const payload: MessageSetPayload = {
        ...real,
        messages,
        messagesHash: bytesToHex(messagesHash([...messages].sort().map((h) => hexToBytes(h)))),
      };
      return signedBundleAs(
        r.parties[0]!,
        coord.id,
        {
          ceremonyId: `seal-${st.committee.committeeId!.slice(2, 42)}`,
          phase: 3,
          step: 'message-set',
          sender: { id: 'coordinator', label: 'Coordinator' },
          rehearsal: true,
        },
        payload,
      );
    };
    const joiner = d.joined[3]!.me;
    const m0 = await msg(0);
    const m1 = await msg(1);
    const m2 = await msg(2);
    const newcomer = await importError(joiner, await forge([m0, asJoiner(m1)]));
    expect(newcomer.message).toMatch(
      /holds a DKG message from J0 \(party 3\), who joins the committee in this rotation: only continuing members deal/,
    );
    expect((await importError(joiner, await forge([m0]))).message).toMatch(
      /holds 1 DKG message, but a rotation uses exactly 2 \(the current threshold\)/,
    );
    expect((await importError(joiner, await forge([m0, m1, m2]))).message).toMatch(/holds 3 DKG messages, but a rotation uses exactly 2/);
    // a messages folder (seal-committee-cli users) refuses a new member's file as well
    expect((await importError(joiner, messageFile(asJoiner(m0), 'message_3.json'))).message).toMatch(
      /J0 \(party 3\), who joins the committee in this rotation/,
    );
    // issue 16: and that refusal blocks processing, naming the file, until cleared
    await expectRefusal(act(joiner, 'process'), 'seal/refused-message-files', 'message_3.json', 'Nothing was processed');
    await act(joiner, 'clear-message-files');

    // a set whose dealer 2 used a wrong constant term: accepted as a set, refused on process naming the dealer
    const bad = await importRaw(joiner, [await forge([m0, forgedDealer])]);
    expect(bad.outcomes[0]!.accepted).toBe(true);
    await expectRefusal(
      act(joiner, 'process'),
      'seal/message-invalid',
      /The DKG message of M2 \(party 2\) failed the check of its constant term against its partial key of the current version on chain/,
      'Nothing was proposed',
    );
    const s = sealStateOf(d.joined[3]!.member.party as TestParty, joiner.id) as MemberState;
    expect(s.result).toBeNull();
    expect(s.pending).toBeNull();
    expect((await (d.joined[3]!.member.party as TestParty).core.vault.list()).map((x) => x.kind)).not.toContain('seal.share');
  });
});

describe("Seal key rotation: the continuing member's old share", () => {
  it('missing from the vault: create-message says so; a wrong share or version is refused and nothing kept; the right env file works', async () => {
    const before = ledgerTxs(w);
    const oldJoined = w.driver.joined[1]!;
    const vault1 = await w.members[1]!.core.vault.unlockedVault();
    const right = bytesToHex(await vault1.get(sealShareSecretId(oldJoined.me.id, 0)));
    const other = bytesToHex(await (await w.members[0]!.core.vault.unlockedVault()).get(sealShareSecretId(w.driver.joined[0]!.me.id, 0)));
    // the share was made on another machine: this install's vault does not have it (nor any copy an earlier rotation attempt kept)
    for (const m of vault1.list().filter((x) => x.kind === 'seal.share')) await vault1.delete(m.id);

    const r = await makeRotation(w, { keyServerObjId: ksId, keep: [0, 1], join: 1, threshold: 2 });
    const d = r.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    const me = d.joined[1]!.me;
    const v = await view(me);
    expect(factOf(v, SEAL_FACTS.oldShare)).toMatch(/^Not in this vault yet: MASTER_SHARE_V0/);
    expect(v.next.map((a) => a.action)).toContain('import-old-share');
    await expectRefusal(act(me, 'create-message'), 'seal/old-share-missing', 'MASTER_SHARE_V0', "is not in this install's vault");
    const own = async () => (await w.members[1]!.core.vault.list()).filter((m) => m.id.startsWith(`${me.id}/share`));

    await expectRefusal(
      act(me, 'import-old-share', { value: `0x${other}` }),
      'seal/old-share-mismatch',
      'does not match your partial key on chain (party 1 of the current committee',
      'nothing was stored',
    );
    const wrongVersion = join(w.root, 'wrong-version.env');
    writeFileSync(wrongVersion, `MASTER_SHARE_V1=0x${right}\n`, { mode: 0o600 });
    await expectRefusal(
      act(me, 'import-old-share', { path: wrongVersion }),
      'seal/old-share-wrong-version',
      'holds MASTER_SHARE_V1, but this rotation needs MASTER_SHARE_V0',
    );
    await expectRefusal(act(me, 'import-old-share', { value: 'not a share' }), 'seal/old-share-unreadable');
    expect(await own()).toEqual([]);
    // no error ever quotes a share
    const replies = JSON.stringify((w.members[1] as TestParty).replies);
    expect(replies).not.toContain(other);
    expect(replies).not.toContain(right);

    const env = join(w.root, 'key-server.env');
    writeFileSync(env, `# from the key server machine\nMASTER_SHARE_V0=0x${right}\n`, { mode: 0o600 });
    await act(me, 'import-old-share', { path: env });
    expect((await own()).map((m) => m.id)).toEqual([sealShareSecretId(me.id, 0)]);
    expect(factOf(await view(me), SEAL_FACTS.oldShare)).toContain('imported; matches your partial key on chain');
    await act(me, 'create-message');
    await carry(me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
    expect(factOf(await view(d.coordinator), 'Messages received')).toBe('1 of 2');
    // only init_rotation and the registrations went on chain, nothing from the refusals
    expect(ledgerTxs(w) - before).toBe(1 + 3);
  }, 60_000);
});
