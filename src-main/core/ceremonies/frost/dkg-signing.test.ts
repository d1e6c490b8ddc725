import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterEach, describe, expect, it } from 'vitest';
import { closeAll, readState, runDkg, runDkgSetup, runSigning, startParty, type Party } from './rehearsal.ts';

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
    for (const pair of [[0, 1], [1, 2], [2, 0]]) {
      const sig = await runSigning(ps, pair.map((i) => ps[i]!), msg);
      expect(ed25519.verify(hexToBytes(sig), msg, hexToBytes(key))).toBe(true);
    }
  });
});
