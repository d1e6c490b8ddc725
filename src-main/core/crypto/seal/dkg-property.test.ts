import { bytesToHex } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { Fr, lagrangeAtZero, scalarFromBytes } from './field.ts';
import { G2, mulBase } from './groups.ts';
import { processAllMessages, type ProcessAllResult } from './process-all.ts';
import { dealAll, dealRotation, generateCommitteeKeys, registeredKeys, seededRandom } from './simulation.ts';

/**
 * Random committees (n ≤ 10): every threshold subset reconstructs the key, G2·share_j equals
 * partial key j, and a rotation keeps the key with consistent new shares.
 */

const hex = bytesToHex;

function checkOutputs(results: ProcessAllResult[], threshold: number, subsets: number[][]): void {
  const key = hex(results[0]!.keyServerPk);
  results.forEach((r, j) => {
    expect(hex(r.keyServerPk)).toBe(key);
    expect(r.partialPks.map(hex)).toEqual(results[0]!.partialPks.map(hex));
    expect(hex(r.messagesHash)).toBe(hex(results[0]!.messagesHash));
    expect(hex(G2.encode(mulBase(G2, scalarFromBytes(r.masterShare))))).toBe(hex(r.partialPks[j]!));
  });
  const shares = results.map((r) => scalarFromBytes(r.masterShare));
  for (const s of subsets) {
    expect(s).toHaveLength(threshold);
    const lambdas = lagrangeAtZero(s.map((j) => j + 1));
    const secret = s.reduce((acc, j, k) => Fr.add(acc, Fr.mul(lambdas[k]!, shares[j]!)), 0n);
    expect(hex(G2.encode(mulBase(G2, secret)))).toBe(key);
  }
}

/** All t-subsets when there are few, otherwise a deterministic sample of them. */
function subsetsOf(n: number, t: number, rng: () => number, max = 12): number[][] {
  const all: number[][] = [];
  const rec = (start: number, acc: number[]) => {
    if (all.length > 200) return;
    if (acc.length === t) return void all.push([...acc]);
    for (let i = start; i < n; i++) rec(i + 1, [...acc, i]);
  };
  rec(0, []);
  if (all.length <= max) return all;
  return Array.from({ length: max }, () => all[Math.floor(rng() * all.length)]!);
}

async function freshDkg(n: number, t: number, seed: string) {
  const rng = seededRandom(seed);
  const committeeId = '0x' + hex(rng(32));
  const members = generateCommitteeKeys(n, rng);
  const messages = dealAll(committeeId, t, members, rng);
  const results = await Promise.all(
    members.map((m, i) =>
      processAllMessages({ committeeId, threshold: t, members: registeredKeys(members), myPartyId: i, encSk: m.encSk, messages }),
    ),
  );
  return { committeeId, members, results };
}

describe('random fresh committees', () => {
  it('n = 10, t = 7: outputs agree, shares match partial keys, threshold subsets reconstruct', async () => {
    const { results } = await freshDkg(10, 7, 'n10');
    let x = 0.5;
    checkOutputs(
      results,
      7,
      subsetsOf(10, 7, () => (x = (x * 9301 + 0.49297) % 1)),
    );
  });

  it('property: any n ≤ 10 and 1 ≤ t ≤ n', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 1, max: 6 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (n, f, seed) => {
          const t = Math.max(1, Math.ceil(f * n));
          const { results } = await freshDkg(n, t, seed);
          checkOutputs(results, t, subsetsOf(n, t, Math.random));
        },
      ),
      { numRuns: 2 },
    );
  });
});

describe('rotation', () => {
  it('property: the new committee keeps the key and its shares are consistent', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.integer({ min: 2, max: 5 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.integer({ min: 0, max: 3 }),
        fc.double({ min: 0, max: 1, noNaN: true }),
        fc.string({ minLength: 1, maxLength: 8 }),
        async (n0, f0, newcomers, f1, seed) => {
          const t0 = Math.max(1, Math.ceil(f0 * n0));
          const old = await freshDkg(n0, t0, seed);
          const rng = seededRandom(`${seed}/rotation`);
          // Continuing members: a random subset of at least t0 old members, shuffled among newcomers.
          const continuing = [...Array(n0).keys()].filter((_, i) => i < t0 || rng(1)[0]! > 100);
          const oldIdOfNew: (number | null)[] = [...continuing, ...Array<null>(newcomers).fill(null)];
          oldIdOfNew.sort(() => (rng(1)[0]! > 127 ? 1 : -1));
          const n1 = oldIdOfNew.length;
          const t1 = Math.max(1, Math.ceil(f1 * n1));
          const newMembers = generateCommitteeKeys(n1, rng);
          const oldShares = new Map(old.results.map((r, i) => [i, scalarFromBytes(r.masterShare)] as const));
          const newCommitteeId = '0x' + hex(rng(32));
          const { messages, newToOld } = dealRotation({
            newCommitteeId,
            plan: { threshold: t1, oldIdOfNew },
            newMembers,
            oldShares,
            oldThreshold: t0,
            rng,
          });
          const rotation = {
            oldThreshold: t0,
            newToOld,
            oldPartialPks: new Map(old.results[0]!.partialPks.map((pk, i) => [i, pk] as const)),
            oldKeyServerPk: old.results[0]!.keyServerPk,
          };
          const results = await Promise.all(
            newMembers.map((m, j) =>
              processAllMessages({
                committeeId: newCommitteeId,
                threshold: t1,
                members: registeredKeys(newMembers),
                myPartyId: j,
                encSk: m.encSk,
                messages,
                rotation,
              }),
            ),
          );
          expect(hex(results[0]!.keyServerPk)).toBe(hex(old.results[0]!.keyServerPk));
          checkOutputs(results, t1, subsetsOf(n1, t1, Math.random));
        },
      ),
      { numRuns: 3 },
    );
  });
});
