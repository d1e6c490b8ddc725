import { AffineBatch } from './affine-batch.ts';
import { additionChain } from './addition-chain.ts';
import type { McG2, McMath } from './mcl-math.ts';

/**
 * Horner's rule for many G2 polynomial evaluations at small integers at once (the Feldman checks:
 * one lane per dealer, same x; the partial keys: one lane per share index, same polynomial), and
 * the sums of many columns of points (the joint commitment), all in lockstep on an AffineBatch so
 * the additions of a step share one inversion. Multiplying by x follows the shortest addition
 * chain for x (7 operations for 43, where double-and-add takes 9).
 *
 * A lane the affine formulas cannot finish (a coefficient that is the identity, or one that
 * cancels the running value) is computed again with mcl's complete Jacobian formulas, so every
 * answer is exact.
 */
export interface HornerLane {
  /** Coefficients, constant term first. */
  coeffs: readonly McG2[];
  /** The point to evaluate at (a share index, 1 to 1001). */
  x: number;
}

export function evalPolysLockstep(m: McMath, lanes: readonly HornerLane[]): McG2[] {
  const L = lanes.length;
  if (L === 0) return [];
  const t = lanes[0]!.coeffs.length;
  if (t <= 1 || lanes.some((l) => l.coeffs.length !== t)) return lanes.map((l) => m.evalPolyAt(l.coeffs, l.x));
  const chains = lanes.map((l) => additionChain(l.x));
  const steps = Math.max(...chains.map((c) => c.length));
  // Slots per lane: 0 the running value, 1..steps the chain's values, steps + 1 the coefficient.
  const COEFF = steps + 1;
  const batch = new AffineBatch(m, L, steps + 2);
  try {
    for (let l = 0; l < L; l++) batch.load(l, 0, lanes[l]!.coeffs[t - 1]!);
    for (let k = t - 2; k >= 0; k--) {
      // slot 0 · x along each lane's chain (lanes with shorter chains finish early)
      for (let s = 0; s < steps; s++) {
        for (let l = 0; l < L; l++) {
          const step = chains[l]![s];
          if (step) batch.add(l, step[0], step[1], s + 1);
        }
        batch.run();
      }
      for (let l = 0; l < L; l++) {
        batch.load(l, COEFF, lanes[l]!.coeffs[k]!);
        batch.add(l, chains[l]!.length, COEFF, 0);
      }
      batch.run();
    }
    return lanes.map((lane, l) => (batch.alive[l] ? batch.read(l, 0) : m.evalPolyAt(lane.coeffs, lane.x)));
  } finally {
    batch.dispose();
  }
}

/** Σ of each column (the fresh DKG's joint commitment over a run of dealers). */
export function sumColumnsLockstep(m: McMath, columns: readonly (readonly McG2[])[]): McG2[] {
  const L = columns.length;
  const rows = Math.min(...columns.map((c) => c.length));
  if (L === 0 || rows < 2 || columns.some((c) => c.length !== rows)) return columns.map((c) => m.sum(c));
  const batch = new AffineBatch(m, L, 2);
  try {
    for (let l = 0; l < L; l++) batch.load(l, 0, columns[l]![0]!);
    for (let r = 1; r < rows; r++) {
      for (let l = 0; l < L; l++) {
        batch.load(l, 1, columns[l]![r]!);
        batch.add(l, 0, 1, 0);
      }
      batch.run();
    }
    return columns.map((column, l) => (batch.alive[l] ? batch.read(l, 0) : m.sum(column)));
  } finally {
    batch.dispose();
  }
}
