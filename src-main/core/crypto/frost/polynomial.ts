/**
 * Shamir / Feldman-VSS arithmetic shared by DKG, refresh and repair: polynomial evaluation, VSS
 * commitment evaluation "in the exponent", Lagrange coefficients (frost-core
 * `compute_lagrange_coefficient`), and random non-zero scalars.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import type { GroupElement, FrostSuite } from './suites.ts';

/** Source of randomness (noble's `randomBytes` signature); tests inject deterministic ones. */
export type Rng = (bytesLength: number) => Uint8Array;
export const defaultRng: Rng = randomBytes;

/** A uniformly random non-zero scalar (noble's hardened derivation, as for its own nonces). */
export function randomScalar(suite: FrostSuite, rng: Rng = defaultRng): bigint {
  return suite.scalarFromBytes(
    suite.frost.utils.randomScalar((n = 32) => rng(n) as Uint8Array<ArrayBuffer>),
    'random scalar',
  );
}

/** Secret scalar times the base point; zero maps to the identity (noble's multiply refuses 0). */
export function baseMul(suite: FrostSuite, s: bigint): GroupElement {
  const n = suite.Fn.create(s);
  return n === 0n ? suite.zero : suite.base.multiply(n);
}

/** f(x) = Σ a_k x^k by Horner's rule. */
export function evaluatePolynomial(suite: FrostSuite, x: bigint, coefficients: readonly bigint[]): bigint {
  const Fn = suite.Fn;
  let acc = 0n;
  for (let k = coefficients.length - 1; k >= 0; k--) acc = Fn.add(Fn.mul(acc, x), coefficients[k]!);
  return acc;
}

/** Σ C_k · x^k: the public image f(x)·G of a committed polynomial. */
export function evaluateVss(suite: FrostSuite, x: bigint, commitment: readonly GroupElement[]): GroupElement {
  const Fn = suite.Fn;
  let acc = suite.zero;
  let power = 1n;
  for (const c of commitment) {
    acc = acc.add(c.multiplyUnsafe(power));
    power = Fn.mul(power, x);
  }
  return acc;
}

/**
 * Lagrange coefficient of `xi` over the set `xs`, evaluated at `x` (0 when omitted): the weight
 * of f(xi) when interpolating f(x) from the points in `xs`.
 */
export function lagrangeCoefficient(suite: FrostSuite, xs: readonly bigint[], xi: bigint, x?: bigint): bigint {
  const Fn = suite.Fn;
  if (!xs.includes(xi)) throw new Error('lagrangeCoefficient: xi is not in the set');
  if (new Set(xs).size !== xs.length) throw new Error('lagrangeCoefficient: duplicate x coordinates');
  let num = 1n;
  let den = 1n;
  for (const xj of xs) {
    if (xj === xi) continue;
    if (x === undefined) {
      num = Fn.mul(num, xj);
      den = Fn.mul(den, Fn.sub(xj, xi));
    } else {
      num = Fn.mul(num, Fn.sub(x, xj));
      den = Fn.mul(den, Fn.sub(xi, xj));
    }
  }
  return Fn.div(num, den);
}
