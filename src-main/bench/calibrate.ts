import { bls12_381 } from '@noble/curves/bls12-381.js';
import { randomScalar } from '../core/crypto/seal/field.ts';
import { G1, type G1Point, G2, type G2Point, mul, mulBase } from '../core/crypto/seal/groups.ts';
import { OP_NAMES, type OpCounts, type OpName, takeOpCounts } from '../core/crypto/seal/ops.ts';
import { seededRandom } from '../core/crypto/seal/simulation.ts';
import { affineOf, jacAdd, jacAddAffine, jacDouble, jacFromAffine, type Jac } from '../core/crypto/seal/g2-fast.ts';

/**
 * Unit cost of every counted group operation on this machine (one thread), measured with the same
 * noble primitives the protocol code uses. lower bound = Σ count × unit cost.
 */
export type UnitCosts = Record<OpName, number>;

/**
 * Cost of one call: CPU time (not wall time, so time spent descheduled while other processes use
 * the shared cores is not counted), minimum over five batches.
 */
function timeEach(iterations: number, fn: (i: number) => unknown): number {
  for (let i = 0; i < Math.min(3, iterations); i++) fn(i); // warm-up
  const batch = Math.max(1, Math.ceil(iterations / 5));
  let best = Infinity;
  for (let b = 0; b < 5; b++) {
    const start = process.cpuUsage();
    for (let i = 0; i < batch; i++) fn(b * batch + i);
    const used = process.cpuUsage(start);
    best = Math.min(best, (used.user + used.system) / 1000 / batch);
  }
  return best;
}

export function calibrate(): UnitCosts {
  const rng = seededRandom('calibrate');
  const s = () => randomScalar(rng);
  const g1: G1Point[] = Array.from({ length: 32 }, () => mulBase(G1, s()));
  const g2: G2Point[] = Array.from({ length: 32 }, () => mulBase(G2, s()));
  const g1b = g1.map((p) => p.toBytes());
  const g2b = g2.map((p) => p.toBytes());
  let a1 = g1[0]!;
  let a2 = g2[0]!;
  const negG2 = G2.generator.negate();
  const Fp12 = bls12_381.fields.Fp12;
  const aff = g2.map(affineOf);
  let j: Jac = jacFromAffine(aff[0]!);
  const jOther = jacDouble(jacDouble(j));
  const ml = bls12_381.pairingBatch([{ g1: g1[0]!, g2: g2[0]! }], false);
  const costs: UnitCosts = {
    'G1.add': timeEach(4000, (i) => (a1 = a1.add(g1[i % 32]!))),
    'G1.dbl': timeEach(4000, () => (a1 = a1.double())),
    'G2.add': timeEach(2000, (i) => (a2 = a2.add(g2[i % 32]!))),
    'G2.dbl': timeEach(2000, () => (a2 = a2.double())),
    'G2.jdbl': timeEach(3000, () => (j = jacDouble(j))),
    'G2.jadd': timeEach(2000, () => (j = jacAdd(j, jOther))),
    'G2.jmadd': timeEach(2000, (i) => (j = jacAddAffine(j, aff[i % 32]!.x.c0, aff[i % 32]!.x.c1, aff[i % 32]!.y.c0, aff[i % 32]!.y.c1))),
    'G1.mul': timeEach(40, (i) => mul(G1, g1[i % 32]!, s())),
    'G2.mul': timeEach(15, (i) => mul(G2, g2[i % 32]!, s())),
    'G1.mulBase': timeEach(60, () => mulBase(G1, s())),
    'G2.mulBase': timeEach(30, () => mulBase(G2, s())),
    'G1.decode': timeEach(60, (i) => G1.decode(g1b[i % 32]!)),
    'G2.decode': timeEach(30, (i) => G2.decode(g2b[i % 32]!)),
    'G1.encode': timeEach(200, (i) => G1.encode(g1[i % 32]!.double())) - 0,
    'G2.encode': timeEach(200, (i) => G2.encode(g2[i % 32]!.double())),
    'G1.hash': timeEach(40, (i) => G1.hash(rng(64 + i))),
    'G2.hash': timeEach(15, (i) => G2.hash(rng(64 + i))),
    'pairing.miller': timeEach(6, (i) => bls12_381.pairingBatch([{ g1: g1[i]!, g2: i % 2 ? g2[i]! : negG2 }], false)),
    'pairing.final': timeEach(6, () => Fp12.finalExponentiate(ml)),
  };
  takeOpCounts(); // calibration itself is not part of any measurement
  return costs;
}

/** Σ count × unit cost, in milliseconds. */
export function lowerBoundMs(counts: OpCounts, costs: UnitCosts): number {
  let total = 0;
  for (const name of OP_NAMES) total += (counts[name] ?? 0) * costs[name];
  return total;
}
