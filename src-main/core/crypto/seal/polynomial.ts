import { Fr, randomScalar, type RandomSource, systemRandom } from './field.ts';
import { G2, type G2Point, mulBase } from './groups.ts';

/**
 * Scalar polynomials of the dealer: degree t−1, coefficient 0 is the dealt secret. For a
 * rotation the constant term is fixed to the dealer's old share (fastcrypto `rand_fixed_c0`).
 */
export function randomPolynomial(threshold: number, rng: RandomSource = systemRandom, c0?: bigint): bigint[] {
  const coeffs = Array.from({ length: threshold }, () => randomScalar(rng));
  if (c0 !== undefined) coeffs[0] = Fr.create(c0);
  return coeffs;
}

/** f(x) by Horner's rule in Fr. Share index of party j is j + 1. */
export function evalPolynomial(coeffs: readonly bigint[], x: bigint): bigint {
  let acc = 0n;
  for (let k = coeffs.length - 1; k >= 0; k--) acc = Fr.add(Fr.mul(acc, x), coeffs[k]!);
  return acc;
}

/** Feldman commitment: G2·a_k for every coefficient. */
export function commitPolynomial(coeffs: readonly bigint[]): G2Point[] {
  return coeffs.map((c) => mulBase(G2, c));
}
