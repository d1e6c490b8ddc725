import { normalizeZ } from '@noble/curves/abstract/curve.js';
import { affineOf, evalAffinePolyAt } from './g2-fast.ts';
import { type Fp2, fromWire, G2, type G2Point } from './groups.ts';
import { isolateOps, type OpCounts } from './ops.ts';
import { loadMcl } from '../bls-backend/mcl-module.ts';
import { prepareBlsBackend } from '../bls-backend/select.ts';
import { loadMcMath } from './fast/mcl-math.ts';
import { evalPolysLockstep } from './fast/affine-horner.ts';

/**
 * Partial public keys: the joint commitment polynomial evaluated at share indices (party id + 1),
 * by Horner's rule with small-integer multiplications. A task so the n evaluations can be spread
 * over worker threads.
 */
export interface EvalPolyArgs {
  coeffs: (readonly [Fp2, Fp2, Fp2])[];
  xs: number[];
}
export interface EvalPolyResult {
  values: Uint8Array[];
  ops: OpCounts;
}

export async function evalPoly(args: EvalPolyArgs): Promise<EvalPolyResult> {
  const fast = (await prepareBlsBackend()) === 'noble' ? undefined : await loadMcMath(loadMcl);
  const { value, ops } = isolateOps(() => {
    // Affine coefficients (one shared inversion) make every Horner step end in a mixed addition.
    const coeffs = normalizeZ(
      G2.Point,
      args.coeffs.map((w) => fromWire(G2, w)),
    ).map((p) => affineOf(p as G2Point));
    if (fast) {
      const mc = coeffs.map((c) => fast.fromAffine(c));
      return evalPolysLockstep(
        fast,
        args.xs.map((x) => ({ coeffs: mc, x })),
      ).map((p) => p.serialize());
    }
    const points = args.xs.map((x) => evalAffinePolyAt(coeffs, x));
    // One shared inversion instead of one per point before encoding.
    return normalizeZ(G2.Point, points).map((p) => G2.encode(p as G2Point));
  });
  return { values: value, ops };
}
