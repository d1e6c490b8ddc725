import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { act, closeAll, readState, runDkg, runDkgSetup, runSigning, startParty, syncClean, type Party } from '../../rehearsal/frost.ts';

const open: Party[][] = [];
afterEach(async () => {
  for (const ps of open.splice(0)) await closeAll(ps);
});

async function group(n: number, names = ['Alice', 'Bob', 'Carol', 'Dave', 'Erin'].slice(0, n)): Promise<Party[]> {
  const root = mkdtempSync(join(tmpdir(), 'frostapp-'));
  const ps: Party[] = [];
  for (const name of names) ps.push(await startParty(name, join(root, name)));
  open.push(ps);
  return ps;
}

describe('FROST over bundles: DKG then signing', () => {
  it('2-of-3 Ed25519: every member derives the same group key; any two can sign; noble verifies', async () => {
    const ps = await group(3);
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Board', rehearsal: false });
    const key = await runDkg(ps);
    const pkps = new Set(ps.map((p) => JSON.stringify(readState(p).group!.publicKeyPackage)));
    expect(pkps.size).toBe(1);
    const msg = new TextEncoder().encode('Pay Alice 10 coins');
    for (const pair of [
      [0, 1],
      [1, 2],
      [2, 0],
    ]) {
      const sig = await runSigning(
        ps,
        pair.map((i) => ps[i]!),
        msg,
      );
      expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes(key))).toBe(true);
    }
    // A coordinator who does not sign: Carol asks Alice and Bob.
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await act(carol, 'sign-request', { signers: ['p1', 'p2'], message: Buffer.from(msg).toString('base64'), label: 'by others' });
    const id = readState(carol).signings.at(-1)!.id;
    await syncClean(ps);
    expect(carol.core.engine.view(carol.id).headline).toContain('waiting for the commitments of Alice and Bob');
    expect(bob.core.engine.view(bob.id).facts.find((f) => f.label === 'Message to approve (text)')!.value).toBe('Pay Alice 10 coins');
    for (const p of [alice, bob]) await act(p, 'sign-approve', { session: id });
    await syncClean(ps);
    for (const p of [alice, bob]) await act(p, 'sign', { session: id });
    await syncClean(ps);
    const sig = readState(carol).signings.at(-1)!.signature!;
    expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes(key))).toBe(true);
    // Everyone recorded it from the result bundle, checked against the group key.
    for (const p of ps) expect(readState(p).signings.at(-1)!.signature).toBe(sig);
    // Nonces are single-use: signing the same session again is refused.
    await expect(act(alice, 'sign', { session: id })).rejects.toMatchObject({ code: 'frost/wrong-step' });
  });
});
