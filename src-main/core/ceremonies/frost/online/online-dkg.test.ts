/**
 * Issue 6, online: three installs (app cores with their own vaults) run a 2-of-3 Ed25519 DKG
 * through a frostd test relay, then an online signing; the group is then used like a bundle-made
 * one (a signing over bundles, export to frost-client TOML).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { openFrostClientGroup, parseFrostClientConfig } from '../../../formats/frost/config-toml.ts';
import { frostClientDkgIdentifier } from '../../../formats/frost/identifiers.ts';
import { decodeFrostPostcard } from '../../../formats/frost/frost-postcard.ts';
import { sortIdentifiers, frostSuite } from '../../../crypto/frost/index.ts';
import { expectCode } from '../../../vault/test-support.ts';
import { FROST_FACT, FrostView } from '../../../../../src-shared/ceremonies/frost.ts';
import { checkCodeOfBytes } from '../../../encoding/check-code.ts';
import { exportFrostClientToml, importedWireId } from '../frost-client-toml.ts';
import { act, runSigning, syncClean, type Party } from '../../../rehearsal/frost.ts';
import {
  bookState,
  confirmGroupCodes,
  exchangeContacts,
  fact,
  groupState,
  onlineTestEnv,
  poll,
  view,
  type Member,
} from '../../../testing/frost-online.ts';

const env = onlineTestEnv();
const { clock } = env;

const ED = 'FROST-ED25519-SHA512-v1';
const secret = async (m: Member, name: string) => (await m.core.vault.unlockedVault()).get(`${m.id}/${name}`);
const asParty = (m: Member): Party => ({ name: m.name, dataDir: m.dir, core: m.core, id: m.id });

describe('online DKG and signing through a frostd relay (three installs)', () => {
  it('2-of-3 Ed25519: create by contacts, join and accept, group in every vault; then an online signing and one over bundles', async () => {
    const all = await env.installs(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = all as [Member, Member, Member];
    await exchangeContacts(all);

    // Bob looks before Alice has started: "not there yet", nothing created.
    await expectCode(
      bob.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url }),
      'frost/online-no-session',
    );
    expect(bob.core.engine.list().filter((c) => c.role !== 'contacts owner')).toEqual([]);

    // A member that is not in the address book is refused by name.
    await expectCode(
      alice.core.engine.create('frost', 'T', false, {
        mode: 'online-dkg',
        server: env.relay.url,
        threshold: 2,
        description: 'T',
        participants: ['Bob', 'Dave'],
      }),
      'frost/online-unknown-contact',
    );

    const created = await alice.core.engine.create('frost', 'Treasury', false, {
      mode: 'online-dkg',
      server: env.relay.url,
      threshold: 2,
      description: 'Treasury',
      participants: ['Bob', 'Carol'],
    });
    alice.id = created.id;
    const sessionId = fact(created, FROST_FACT.onlineSession)!;
    // message_count is the number of messages to sign, 1 as frost-client sends it: not the threshold.
    expect(env.relay.sessionInfo(sessionId)).toMatchObject({ messageCount: 1, coordinator: bookState(alice).publicKey });
    expect(created.headline).toContain('Online key generation on');

    // Joiners see the parameters and accept them; nothing is sent before.
    for (const m of [bob, carol]) {
      const v = await m.core.engine.create('frost', 'x', false, {
        mode: 'online-join',
        server: env.relay.url,
        threshold: 2,
        description: 'Treasury',
      });
      m.id = v.id;
      expect(v.headline).toContain(`Alice invites you, ${m.name}, into an online key generation`);
      expect(v.headline).toContain('any 2 of 3 (');
      expect(v.next.map((n) => n.action)).toEqual(['online-accept', 'online-decline']);
      expect(v.next[0]!.confirm).toContain('any 2 of 3');
    }
    // Joining the same session twice is refused.
    await expectCode(
      bob.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url, threshold: 2, session: sessionId }),
      'frost/online-already-joined',
    );

    // Alice waits for both, and says so, naming them and since when.
    await alice.core.engine.act(alice.id, 'online-step', {});
    expect(view(alice).headline).toMatch(
      /waiting for the round-1 packages of (Bob and Carol|Carol and Bob) \(since \d\d:\d\d:\d\d UTC; gives up at/,
    );
    expect(view(alice).participants.find((p) => p.label === 'Bob')!.status).toMatch(/^No round-1 package yet \(waiting since/);
    // The typed view says what is known (a relay has no presence): whose commitment has not come, since when.
    const waiting = FrostView.parse(view(alice).view);
    expect(waiting.step).toBe('commitments');
    expect(waiting.waitingFor.map((w) => [w.name, w.missing]).sort()).toEqual([
      ['Bob', 'commitment'],
      ['Carol', 'commitment'],
    ]);
    expect(waiting.waitingSince).toEqual(expect.any(Number));
    // A step that finds nothing new commits nothing.
    const journal = view(alice).activity.length;
    await alice.core.engine.act(alice.id, 'online-step', {});
    expect(view(alice).activity.length).toBe(journal);

    for (const m of [bob, carol]) await m.core.engine.act(m.id, 'online-accept', {});
    await poll(all, clock, () => all.every((m) => groupState(m).group && groupState(m).online!.runs[0]!.report.status === 'done'));
    await confirmGroupCodes(all);

    const states = all.map(groupState);
    const groupKey = states[0]!.group!.verifyingKey;
    expect(new Set(states.map((s) => s.group!.verifyingKey))).toEqual(new Set([groupKey]));
    // Identifiers are frost-client's; members are numbered by identifier on every machine.
    const keys = all.map((m) => bookState(m).publicKey);
    const ids = keys.map((k) => frostClientDkgIdentifier(ED, sessionId, hexToBytes(k)));
    const order = sortIdentifiers(frostSuite(ED), ids);
    for (const s of states) {
      expect(s.members.map((m) => m.identifier)).toEqual(order);
      expect(s.members.map((m) => m.id)).toEqual(['p1', 'p2', 'p3']);
      expect(s.wireId).toBe(importedWireId(groupKey));
      expect(s.origin).toBe('frostd-dkg');
    }
    // The key package is in each vault (and the state holds no share); the group key is the same.
    for (const [i, m] of all.entries()) {
      const kp = decodeFrostPostcard('KeyPackage', ED, await secret(m, 'key-package.1'));
      expect(kp.identifier).toBe(ids[i]);
      expect(bytesToHex(kp.verifyingKey)).toBe(groupKey);
      expect(kp.minSigners).toBe(2);
      expect(JSON.stringify(states[i])).not.toContain(bytesToHex(kp.signingShare));
      expect(view(m).status).toBe('active');
      expect(view(m).phase).toBe(3);
      expect(view(m).headline).toContain('Group ready: any 2 of 3');
    }
    // Everyone confirmed the group key, so Alice closed the session.
    expect(env.relay.sessionIds()).not.toContain(sessionId);

    // ── An online signing: Alice coordinates and signs, Bob signs after reading the message.
    const message = new TextEncoder().encode('Pay Dave 10 coins.\n');
    const pBob = states[1]!.members.find((x) => x.commKey === keys[1])!.id;
    const pAlice = states[0]!.me;
    await alice.core.engine.act(alice.id, 'online-sign-request', {
      signers: [pAlice, pBob],
      message: Buffer.from(message).toString('base64'),
      label: 'pay.txt',
    });
    await bob.core.engine.act(bob.id, 'online-sign-join', {});
    await poll(all, clock, () => view(bob).next.some((n) => n.action === 'online-approve'));
    const bv = view(bob);
    expect(fact(bv, FROST_FACT.pendingMessageText)).toBe('Pay Dave 10 coins.\n');
    expect(fact(bv, FROST_FACT.pendingMessageHex)).toBe(bytesToHex(message));
    expect(bv.headline).toContain('Read it below before you approve');
    // The signer and the requester see the same message fingerprint; the requester does not wait for herself; 2 signers.
    const fingerprint = checkCodeOfBytes(message);
    expect(FrostView.parse(bv.view)).toMatchObject({
      step: 'review-message',
      pendingApproval: { via: 'online', label: null, fingerprint, bytes: message.length },
      signing: { via: 'online', requestedBy: 'Alice', youRequested: false, fingerprint },
    });
    const av = FrostView.parse(view(alice).view);
    expect(av).toMatchObject({ step: 'wait-signers', signing: { youRequested: true, label: 'pay.txt', fingerprint, status: 'open' } });
    expect(av.signing!.signers.map((x) => [x.name, x.you]).sort()).toEqual([
      ['Alice', true],
      ['Bob', false],
    ]);
    expect(av.waitingFor.map((w) => w.name)).not.toContain('Alice');
    await bob.core.engine.act(bob.id, 'online-approve', {});
    await poll(all, clock, () => groupState(alice).online!.runs.some((r) => r.signature));
    const run = groupState(alice).online!.runs.find((r) => r.signature)!;
    expect(ed25519.verify(hexToBytes(run.signature!), message, hexToBytes(groupKey))).toBe(true);
    const files = view(alice).artifacts.map((a) => a.name);
    expect(files).toEqual(expect.arrayContaining([`signature-${run.id}.hex`, `signature-${run.id}.sig`]));
    expect(fact(view(alice), `Signature ${run.id} (pay.txt)`)).toBe(run.signature);
    expect(FrostView.parse(view(alice).view)).toMatchObject({
      step: 'signed',
      signing: { status: 'done', signatureArtifactId: `signature:${run.id}`, signers: [{ state: 'signed' }, { state: 'signed' }] },
    });
    // Carol, who did not sign, verifies it against the group key.
    const checked = await carol.core.engine.act(carol.id, 'verify', {
      message: Buffer.from(message).toString('base64'),
      signature: run.signature!,
    });
    expect(checked.activity[0]!.summary).toContain('valid for the group key');

    // ── The same group over bundles (wire id and member numbers agree), and as frost-client TOML.
    const msg2 = new TextEncoder().encode('over USB now');
    const sig2 = await runSigning(all.map(asParty), [asParty(carol), asParty(bob)], msg2);
    expect(ed25519.verify(hexToBytes(sig2), msg2, hexToBytes(groupKey))).toBe(true);
    const vault = await carol.core.vault.unlockedVault();
    const toml = parseFrostClientConfig(
      await exportFrostClientToml(groupState(carol), {
        has: async (n) => vault.has(`${carol.id}/${n}`),
        read: (n) => vault.get(`${carol.id}/${n}`),
      }),
    );
    // The communication key is Carol's address-book key (the one the others know), the members her contacts.
    expect(bytesToHex(toml.communicationKey!.publicKey)).toBe(keys[2]);
    expect(Object.keys(toml.contacts).sort()).toEqual(['Alice', 'Bob']);
    const g = openFrostClientGroup(groupKey, toml.groups[groupKey]!);
    expect(g.serverUrl).toBe(env.relay.url);
    expect(Object.keys(g.participants).sort()).toEqual([...ids].sort());
    expect(g.keyPackage.identifier).toBe(ids[2]);

    // ── A refresh over bundles (new shares, same group key), then an online signing with the new shares.
    const parties = all.map(asParty);
    await act(parties[1]!, 'refresh-start');
    await syncClean(parties);
    for (const p of [parties[0]!, parties[2]!]) await act(p, 'refresh-join');
    await syncClean(parties);
    for (const p of parties) await act(p, 'refresh-round2');
    await syncClean(parties);
    for (const p of parties) await act(p, 'refresh-finalize');
    for (const m of all) expect(groupState(m).group).toMatchObject({ verifyingKey: groupKey, keyVersion: 2 });
    const msg3 = new TextEncoder().encode('after the refresh');
    const pAliceAtCarol = groupState(carol).members.find((x) => x.commKey === keys[0])!.id;
    await carol.core.engine.act(carol.id, 'online-sign-request', {
      signers: [groupState(carol).me, pAliceAtCarol],
      message: Buffer.from(msg3).toString('base64'),
      label: 'r',
    });
    await alice.core.engine.act(alice.id, 'online-sign-join', {});
    await poll(all, clock, () => view(alice).next.some((n) => n.action === 'online-approve'));
    await alice.core.engine.act(alice.id, 'online-approve', {});
    await poll(all, clock, () => groupState(carol).online!.runs.some((r) => r.signature));
    const sig3 = groupState(carol).online!.runs.find((r) => r.signature)!.signature!;
    expect(ed25519.verify(hexToBytes(sig3), msg3, hexToBytes(groupKey))).toBe(true);
  });
});
