import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { verifyEvidenceFile } from '../evidence-verify.ts';
import {
  act,
  artifactNamed,
  bundlesOf,
  confirmGroupCodes,
  readState,
  runDkgSetup,
  runSigning,
  syncClean,
  type Party,
} from '../../rehearsal/frost.ts';
import { bundleFor, closeAll, forge, importInto, parties, sealAs } from '../../testing/frost-parties.ts';
import { encodeFrostJsonText } from '../../formats/frost/frost-json.ts';
import { frostSuite } from '../../crypto/frost/index.ts';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { FrostView } from '../../../../src-shared/ceremonies/frost.ts';
import { Engine } from '../../engine/engine.ts';
import { vaultSecretStore } from '../../vault/engine-secret-store.ts';
import { frostProtocol } from './protocol.ts';

const open: Party[][] = [];
afterEach(async () => {
  for (const ps of open.splice(0)) await closeAll(ps);
});

const fv = (p: Party): FrostView => p.core.engine.view(p.id).view as FrostView;
const hasSecret = async (p: Party, name: string) => (await p.core.vault.unlockedVault()).has(`${p.id}/${name}`);
const abandoned = (m: string) => /abandoned attempt 1/.test(m);

describe('FROST over files: restarting a stalled key generation without a member', () => {
  it('3-of-4, Carol never sends round 1: Alice restarts without her; the three make a 3-of-3 group that signs; old files are refused', async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol', 'Dave']);
    open.push(ps);
    const [alice, bob, carol, dave] = ps as [Party, Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 3, description: 'Treasury', rehearsal: false });
    for (const p of [alice, bob, dave]) await act(p, 'round1');
    // Only Alice collects the commitments before the restart (Dave never sees Bob's first one).
    for (const p of [bob, dave]) expect((await importInto(alice, 'r1', bundleFor(p, 'round1'))).accepted).toBe(true);
    expect(fv(alice).waitingFor).toEqual([{ partyId: 'p3', name: 'Carol', missing: 'commitment' }]);
    expect(fv(alice).restartCandidates).toEqual(['p2', 'p3', 'p4']);
    expect(fv(bob).restartCandidates).toEqual([]);
    expect(await hasSecret(alice, 'dkg-seed')).toBe(true);
    const oldCode = fv(alice).codes.params;

    // Only the creator restarts; the threshold 3 no longer fits two members: a new one is asked for.
    await expect(act(bob, 'restart-dkg', { without: ['p3'] })).rejects.toMatchObject({ code: 'frost/restart-not-creator' });
    await expect(act(alice, 'restart-dkg', { without: ['p3', 'p4'] })).rejects.toMatchObject({
      code: 'frost/restart-threshold-needed',
      message: expect.stringContaining('choose a new threshold between 2 and 2'),
    });
    await expect(act(alice, 'restart-dkg', { without: ['p3'], threshold: 4 })).rejects.toMatchObject({
      code: 'frost/restart-bad-threshold',
    });
    await expect(act(alice, 'restart-dkg', { without: ['p1'] })).rejects.toMatchObject({ code: 'frost/restart-bad-member' });
    expect(readState(alice).restarts).toBeUndefined();

    // Without Carol the threshold 3 still fits the three remaining: it stays.
    const v = await act(alice, 'restart-dkg', { without: ['p3'] });
    const s = readState(alice);
    expect(s.params).toMatchObject({ threshold: 3, attempt: 2 });
    expect(s.members.map((m) => `${m.name}:${m.identifier.slice(0, 2)}`)).toEqual(['Alice:01', 'Bob:02', 'Dave:04']);
    expect(s.restarts).toMatchObject([{ attempt: 2, by: 'p1', without: [{ id: 'p3', name: 'Carol' }], thresholdBefore: 3, threshold: 3 }]);
    expect(fv(alice).step).toBe('invite');
    expect(v.facts.find((f) => f.label === 'Key generation restarted (attempt 2)')?.value).toContain(
      'by Alice without Carol; threshold kept at 3',
    );
    expect(fv(alice).codes.params).not.toBe(oldCode);
    expect(fv(alice).carry.map((c) => c.to)).toEqual([['Bob'], ['Dave']]);
    expect(v.artifacts.filter((a) => a.name.includes('attempt-2')).map((a) => a.name)).toEqual([
      'invitation-for-Bob-attempt-2.ceremony',
      'invitation-for-Dave-attempt-2.ceremony',
    ]);
    // The abandoned attempt's round secrets left the vault once the restart was committed.
    expect(await hasSecret(alice, 'dkg-seed')).toBe(false);
    expect(v.activity.some((a) => a.summary.startsWith('Deleted this install'))).toBe(true);

    // Bob and Dave import their new invitation into the same ceremony, see who is gone and the new code, and accept again.
    for (const p of [bob, dave]) {
      const out = await importInto(p, 'new-invitation', bundleFor(alice, `dkg2.invite.${readState(p).me}`));
      expect(out.accepted).toBe(true);
      expect(fv(p)).toMatchObject({ step: 'agree', threshold: 3, n: 3, restart: { by: 'Alice', without: ['Carol'], youLeftOut: false } });
      expect(fv(p).codes.params).toBe(fv(alice).codes.params);
      expect(p.core.engine.view(p.id).headline).toContain('Alice restarted the group without Carol');
      expect(await hasSecret(p, 'dkg-seed')).toBe(false);
    }
    // Bob's first commitment, which Dave never imported, is refused as the abandoned attempt's.
    const stale = await importInto(dave, 'old', bundleFor(bob, 'round1'));
    expect(stale.accepted).toBe(false);
    expect(stale.error?.message).toMatch(/Bob's round-1 package is from the abandoned attempt 1 .*Alice restarted it without Carol/);

    // Carol wakes up: her late commitment is refused by Alice, and a new invitation tells her she was left out.
    await act(carol, 'round1');
    const late = await importInto(alice, 'late', bundleFor(carol, 'round1'));
    expect(late.error?.message).toMatch(/Carol's round-1 package is from the abandoned attempt 1/);
    expect((await importInto(carol, 'bob-inv', bundleFor(alice, 'dkg2.invite.p2'))).accepted).toBe(true);
    expect(fv(carol)).toMatchObject({ step: 'stopped', restart: { youLeftOut: true } });
    expect(carol.core.engine.view(carol.id).headline).toContain('restarted the key generation without you');

    // The three finish attempt 2: same group key and code everywhere, and any 3 of 3 sign.
    const three = [alice, bob, dave];
    for (const p of three) await act(p, 'round1');
    await syncClean(three, abandoned);
    for (const p of three) await act(p, 'round2');
    await syncClean(three, abandoned);
    for (const p of three) await act(p, 'finalize');
    const keys = new Set(three.map((p) => readState(p).group!.verifyingKey));
    expect(keys.size).toBe(1);
    await confirmGroupCodes(three);
    const pkp = readState(alice).group!.publicKeyPackage as { verifying_shares: Record<string, string>; min_signers: number };
    expect(Object.keys(pkp.verifying_shares)).toHaveLength(3);
    expect(pkp.min_signers).toBe(3);
    const msg = new TextEncoder().encode('Pay Dave 5 coins');
    const sig = await runSigning(three, three, msg, 'after restart', abandoned);
    expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes([...keys][0]!))).toBe(true);
    // Only attempt 2's files were made after the restart; the record holds only them.
    expect(bundlesOf(bob).some((b) => b.name.endsWith('round1-Bob-attempt-2.ceremony'))).toBe(true);
    expect(readState(bob).record?.signatures.length).toBeGreaterThan(0);
    // Once the group exists, it is too late to restart.
    await expect(act(alice, 'restart-dkg', { without: ['p2'] })).rejects.toMatchObject({ code: 'frost/restart-too-late' });
  }, 30_000);

  it('the threshold is lowered when it no longer fits: 3-of-3 without Carol becomes 2-of-2 and signs', async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol']);
    open.push(ps);
    const [alice, bob] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 3, description: 'Pair', rehearsal: false });
    await act(alice, 'round1');
    await act(bob, 'round1');
    await expect(act(alice, 'restart-dkg', { without: ['p3'] })).rejects.toMatchObject({ code: 'frost/restart-threshold-needed' });
    await act(alice, 'restart-dkg', { without: ['p3'], threshold: 2 });
    expect((await importInto(bob, 'inv', bundleFor(alice, 'dkg2.invite.p2'))).accepted).toBe(true);
    expect(fv(bob).restart).toMatchObject({ thresholdBefore: 3, threshold: 2 });
    const two = [alice, bob];
    for (const p of two) await act(p, 'round1');
    await syncClean(two, abandoned);
    for (const p of two) await act(p, 'round2');
    // A wrong share in attempt 2 is refused too, with evidence anyone can check (sealed under attempt 2's purpose).
    const suite = frostSuite(readState(bob).suite);
    const wrong = encodeFrostJsonText('Round2Package', { suite: suite.id, signingShare: suite.scalarToBytes(4242n) });
    const env = await sealAs(bob, alice, utf8ToBytes(wrong), 'dkg2/round2');
    const bad = await forge(bob, bundleFor(bob, 'dkg2.round2'), (p) => {
      (p.packages as Record<string, unknown>).p1 = env;
    });
    expect((await importInto(alice, 'bad', bad)).error?.code).toBe('frost/dkg-invalid-share');
    const evidence = await verifyEvidenceFile(artifactNamed(alice, 'evidence-against-Bob.json'));
    expect(evidence.verified, evidence.finding).toBe(true);
    expect(evidence.finding).toContain("does not match Bob's round-1 commitment");
    await syncClean(two, abandoned);
    for (const p of two) await act(p, 'finalize');
    await confirmGroupCodes(two);
    const key = readState(alice).group!.verifyingKey;
    expect(readState(bob).group!.verifyingKey).toBe(key);
    const msg = new TextEncoder().encode('two of two');
    expect(ed25519.verify(hexToBytes(await runSigning(two, two, msg, 'pair', abandoned)), msg, hexToBytes(key))).toBe(true);
  }, 30_000);

  it("2-of-4, Carol seals a wrong share for Alice only: Bob's unused group gives way to the restart, Dave's confirmed one does not, and Alice goes on without Dave too", async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol', 'Dave']);
    open.push(ps);
    const [alice, bob, carol, dave] = ps as [Party, Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Cheated', rehearsal: false });
    for (const p of ps) await act(p, 'round1');
    await syncClean(ps);
    for (const p of ps) await act(p, 'round2');
    // Carol's round-2 file for Alice holds a wrong share; Bob and Dave get her genuine one.
    const suite = frostSuite(readState(carol).suite);
    const wrong = encodeFrostJsonText('Round2Package', { suite: suite.id, signingShare: suite.scalarToBytes(777n) });
    const env = await sealAs(carol, alice, utf8ToBytes(wrong), 'dkg/round2');
    const bad = await forge(carol, bundleFor(carol, 'round2'), (p) => {
      (p.packages as Record<string, unknown>).p1 = env;
    });
    expect((await importInto(alice, 'round2-Carol.ceremony', bad)).error?.code).toBe('frost/dkg-invalid-share');
    for (const p of [alice, bob, dave])
      for (const q of [alice, bob, dave]) if (p !== q) await importInto(p, `round2-${q.name}`, bundleFor(q, 'round2'));
    for (const p of [bob, dave]) await importInto(p, 'round2-Carol', bundleFor(carol, 'round2'));
    await act(bob, 'finalize');
    await act(dave, 'finalize');
    const oldKey = readState(bob).group!.verifyingKey;
    // Dave even confirmed that group key with Bob (and signed its record): his group is in use.
    await act(dave, 'confirm-code', { verdict: 'match', code: fv(dave).codes.groupKey, heard: ['p1', 'p2'] });
    expect(fv(alice).waitingFor).toEqual([{ partyId: 'p3', name: 'Carol', missing: 'share' }]);

    await act(alice, 'restart-dkg', { without: ['p3'] });
    expect(readState(alice).params).toMatchObject({ threshold: 2, attempt: 2 });
    // Bob's group was never used: it goes with the abandoned attempt, key package included.
    expect(await hasSecret(bob, 'key-package.1')).toBe(true);
    expect((await importInto(bob, 'inv', bundleFor(alice, 'dkg2.invite.p2'))).accepted).toBe(true);
    expect(readState(bob).group).toBeNull();
    expect(fv(bob).step).toBe('agree');
    expect(await hasSecret(bob, 'key-package.1')).toBe(false);
    expect(await hasSecret(bob, 'dkg-seed')).toBe(false);
    // Dave's is never dropped silently.
    const refused = await importInto(dave, 'inv', bundleFor(alice, 'dkg2.invite.p4'));
    expect(refused.error).toMatchObject({
      code: 'frost/restart-too-late',
      message: expect.stringContaining('you confirmed its group key'),
    });
    expect(readState(dave).group!.verifyingKey).toBe(oldKey);
    expect(await hasSecret(dave, 'key-package.1')).toBe(true);

    // Alice goes on without Dave too (attempt 3, any 2 of 2); Bob jumps to it from his new invitation.
    await act(alice, 'restart-dkg', { without: ['p4'] });
    expect((await importInto(bob, 'inv3', bundleFor(alice, 'dkg3.invite.p2'))).accepted).toBe(true);
    expect(fv(bob)).toMatchObject({ step: 'agree', n: 2, restart: { attempt: 3, without: ['Dave'] } });
    expect(fv(bob).codes.params).toBe(fv(alice).codes.params);

    const two = [alice, bob];
    for (const p of two) await act(p, 'round1');
    await syncClean(two, (m) => /abandoned attempt [12]/.test(m));
    for (const p of two) await act(p, 'round2');
    await syncClean(two, (m) => /abandoned attempt [12]/.test(m));
    for (const p of two) await act(p, 'finalize');
    const key = readState(alice).group!.verifyingKey;
    expect(readState(bob).group!.verifyingKey).toBe(key);
    expect(key).not.toBe(oldKey);
    expect(fv(bob).step).toBe('confirm-key');
    await confirmGroupCodes(two);
    expect(bob.core.engine.view(bob.id).activity.some((x) => x.summary.includes('and the key package it made here'))).toBe(true);
  }, 30_000);

  it('a crash after the restart is committed, before its round secrets are deleted: the deletion runs when the app is back', async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol']);
    open.push(ps);
    const [alice] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Crash', rehearsal: false });
    await act(alice, 'round1');
    const crashing = new Engine({
      dataDir: alice.dataDir,
      secrets: vaultSecretStore(alice.core.vault),
      protocols: [frostProtocol],
      checkpoint: (step, point) => {
        if (step === 'restart-dkg' && point === 'after-state') throw new Error('power cut');
      },
    });
    await expect(crashing.act(alice.id, 'restart-dkg', { without: ['p3'] })).rejects.toThrow('power cut');
    // Committed: attempt 2 stands; the abandoned seed is still in the vault, its deletion pending.
    expect(readState(alice).params?.attempt).toBe(2);
    expect(await hasSecret(alice, 'dkg-seed')).toBe(true);
    await alice.core.engine.resume(alice.id);
    expect(await hasSecret(alice, 'dkg-seed')).toBe(false);
    // Attempt 2 goes on with its own seed.
    await act(alice, 'round1');
    expect(await hasSecret(alice, 'dkg-seed.2')).toBe(true);
  });
});
