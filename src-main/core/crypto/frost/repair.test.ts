import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from '../../testing/vectors.ts';
import { deriveIdentifier, identifierFromIndex } from './identifier.ts';
import {
  combineSigmas,
  createRepairPlan,
  repairHelperStep1,
  repairHelperStep2,
  repairParticipantStep3,
  repairShareStep1,
  repairShareStep2,
  type RepairCommitments,
  type RepairPlan,
} from './repair.ts';
import { simulateDkg, simulateSigning, type SimulatedGroup } from './simulate.ts';
import { ALL_FROST_SUITES, frostSuite } from './suites.ts';

interface RepairVector {
  scalar_generation: Record<string, string>;
  sigma_generation: Record<string, string>;
}

describe('repair-share.json sums (frost-core check_repair_share_step_2/3)', () => {
  // frost-core ships no RedPallas vectors (reddsa's tests are randomized); the random repair below covers it.
  for (const suite of ALL_FROST_SUITES.filter((s) => s.name !== 'redpallas')) {
    it(suite.name, () => {
      const v = readVectorJson<RepairVector>('frost', suite.name, 'repair-share.json');
      const g = v.scalar_generation;
      const deltas = [g.random_scalar_1!, g.random_scalar_2!, g.random_scalar_3!].map(hexToBytes);
      expect(bytesToHex(repairShareStep2(suite.id, deltas))).toBe(g.random_scalar_sum);
      const s = v.sigma_generation;
      const sigmas = [s.sigma_1!, s.sigma_2!, s.sigma_3!, s.sigma_4!].map(hexToBytes);
      expect(bytesToHex(combineSigmas(suite.id, sigmas))).toBe(s.sigma_sum);
    });
  }
});

/** Runs the three verified steps in-process; `tamper` lets a test corrupt one message. */
function runRepair(
  group: SimulatedGroup,
  plan: RepairPlan,
  tamper: {
    delta?: (from: string, to: string, d: Uint8Array) => Uint8Array;
    sigma?: (from: string, s: Uint8Array) => Uint8Array;
    commitments?: (c: RepairCommitments) => RepairCommitments;
  } = {},
) {
  const step1 = Object.fromEntries(plan.helpers.map((h) => [h, repairHelperStep1(plan, group.keyPackages[h]!)]));
  const commitments = Object.fromEntries(
    plan.helpers.map((h) => [h, tamper.commitments ? tamper.commitments(step1[h]!.commitments) : step1[h]!.commitments]),
  );
  const sigmas: Record<string, Uint8Array> = {};
  for (const j of plan.helpers) {
    const received = Object.fromEntries(
      plan.helpers.map((i) => [i, tamper.delta ? tamper.delta(i, j, step1[i]!.deltas[j]!) : step1[i]!.deltas[j]!]),
    );
    const { sigma } = repairHelperStep2(plan, group.keyPackages[j]!, group.publicKeyPackage, received, commitments);
    sigmas[j] = tamper.sigma ? tamper.sigma(j, sigma) : sigma;
  }
  return repairParticipantStep3(plan, group.publicKeyPackage, sigmas, commitments);
}

describe('repair of a lost share by a quorum of helpers', () => {
  for (const suite of ALL_FROST_SUITES) {
    it(`${suite.name}: 3 helpers of a 3-of-5 group rebuild participant 2's share exactly`, () => {
      const group = simulateDkg(suite.id, 5, 3);
      const id = (n: number) => identifierFromIndex(suite, n);
      const plan = createRepairPlan(group.publicKeyPackage, id(2), [id(1), id(4), id(5)]);
      const { keyPackage, publicKeyPackage } = runRepair(group, plan);
      expect(bytesToHex(keyPackage.signingShare)).toBe(bytesToHex(group.keyPackages[id(2)]!.signingShare));
      expect(bytesToHex(keyPackage.verifyingShare)).toBe(bytesToHex(group.keyPackages[id(2)]!.verifyingShare));
      expect(Object.keys(publicKeyPackage.verifyingShares)).toHaveLength(5);
    });
  }

  it('frost-core-shaped step 1 deltas sum to ζ·s (check_repair_share_step_1)', () => {
    const suite = frostSuite('FROST-P256-SHA256-v1');
    const group = simulateDkg(suite.id, 5, 3);
    const id = (n: number) => identifierFromIndex(suite, n);
    const deltas = repairShareStep1([id(1), id(4), id(5)], group.keyPackages[id(4)]!, id(2));
    expect(Object.keys(deltas)).toEqual([id(1), id(4), id(5)]);
    // Sum of all helpers' sigmas = the lost share, whichever helper made which delta.
    const all = [id(1), id(4), id(5)].map((h) => repairShareStep1([id(1), id(4), id(5)], group.keyPackages[h]!, id(2)));
    const sigmas = [id(1), id(4), id(5)].map((j) =>
      repairShareStep2(
        suite.id,
        all.map((d) => d[j]!),
      ),
    );
    expect(bytesToHex(combineSigmas(suite.id, sigmas))).toBe(bytesToHex(group.keyPackages[id(2)]!.signingShare));
  });
});

describe('enrollment: a quorum adds a new member without changing the group key', () => {
  it('2-of-3 Ed25519 becomes 2-of-4, and the newcomer signs with an old member', () => {
    const suite = frostSuite('FROST-ED25519-SHA512-v1');
    const group = simulateDkg(suite.id, 3, 2);
    const id = (n: number) => identifierFromIndex(suite, n);
    const newcomer = deriveIdentifier(suite, new TextEncoder().encode('dave@example.com'));
    const plan = createRepairPlan(group.publicKeyPackage, newcomer, [id(1), id(3)]);
    const { keyPackage, publicKeyPackage } = runRepair(group, plan);
    expect(bytesToHex(publicKeyPackage.verifyingKey)).toBe(bytesToHex(group.publicKeyPackage.verifyingKey));
    expect(Object.keys(publicKeyPackage.verifyingShares)).toHaveLength(4);
    const grown = { keyPackages: { ...group.keyPackages, [newcomer]: keyPackage }, publicKeyPackage };
    const msg = new TextEncoder().encode('welcome dave');
    const { signature } = simulateSigning(grown, [newcomer, id(2)], msg);
    expect(suite.verify(msg, signature, publicKeyPackage.verifyingKey)).toBe(true);
  });
});

describe('repair bad input names the helper at fault', () => {
  const suite = frostSuite('FROST-ED25519-SHA512-v1');
  const group = simulateDkg(suite.id, 4, 2);
  const id = (n: number) => identifierFromIndex(suite, n);
  const plan = createRepairPlan(group.publicKeyPackage, id(4), [id(1), id(2), id(3)]);
  const bump = (b: Uint8Array) => suite.scalarToBytes(suite.Fn.add(suite.scalarFromBytes(b, 'x'), 1n));

  it('a delta that does not match its broadcast', () => {
    expect(() => runRepair(group, plan, { delta: (from, to, d) => (from === id(2) && to === id(3) ? bump(d) : d) })).toThrow(
      expect.objectContaining({ code: 'frost/repair-invalid-delta', details: { culprit: id(2) } }),
    );
  });

  it('a sigma that is not the sum of the received deltas', () => {
    expect(() => runRepair(group, plan, { sigma: (from, s) => (from === id(1) ? bump(s) : s) })).toThrow(
      expect.objectContaining({ code: 'frost/repair-invalid-sigma', details: { culprit: id(1) } }),
    );
  });

  it('a helper whose deltas are not built from its real share', () => {
    // Helper 3 uses a made-up share: consistent deltas and commitments, but the wrong total.
    const fake = { ...group.keyPackages[id(3)]!, signingShare: bump(group.keyPackages[id(3)]!.signingShare) };
    const cheating = { ...group, keyPackages: { ...group.keyPackages, [id(3)]: fake } };
    expect(() => runRepair(cheating, plan)).toThrow(
      expect.objectContaining({ code: 'frost/repair-invalid-commitments', details: { culprit: id(3) } }),
    );
  });

  it('plans that cannot work are refused up front', () => {
    expect(() => createRepairPlan(group.publicKeyPackage, id(4), [id(1)])).toThrow(
      expect.objectContaining({ code: 'frost/repair-too-few-helpers' }),
    );
    expect(() => createRepairPlan(group.publicKeyPackage, id(4), [id(4), id(1)])).toThrow(
      expect.objectContaining({ code: 'frost/repair-participant-is-helper' }),
    );
    expect(() => createRepairPlan(group.publicKeyPackage, id(4), [id(1), id(9)])).toThrow(
      expect.objectContaining({ code: 'frost/repair-unknown-helper', details: { culprit: id(9) } }),
    );
  });
});
