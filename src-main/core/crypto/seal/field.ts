import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { SCALAR_BYTES } from './constants.ts';

/** The BLS12-381 scalar field Fr; shares, secrets and challenges live here. */
export const Fr = bls12_381.fields.Fr;
export const R = Fr.ORDER;

/** Source of randomness; injectable so tests can make runs reproducible. */
export type RandomSource = (length: number) => Uint8Array;
export const systemRandom: RandomSource = (n) => randomBytes(n);

/** fastcrypto `Scalar` BCS: 32 bytes big-endian, canonical (< r). */
export function scalarToBytes(s: bigint): Uint8Array {
  return numberToBytesBE(Fr.create(s), SCALAR_BYTES);
}

/** Strict decoding: exactly 32 bytes and < r, as fastcrypto's `from_byte_array`. */
export function scalarFromBytes(bytes: Uint8Array, what = 'scalar'): bigint {
  if (bytes.length !== SCALAR_BYTES) {
    throw new CeremonyError('seal/bad-scalar', `The ${what} must be ${SCALAR_BYTES} bytes, got ${bytes.length}.`, { what });
  }
  const v = bytesToNumberBE(bytes);
  if (v >= R)
    throw new CeremonyError('seal/bad-scalar', `The ${what} is not a canonical scalar (it is not below the group order).`, { what });
  return v;
}

/**
 * fastcrypto's Fiat–Shamir reduction (`reduce_mod_uniform_buffer`): the 64-byte random-oracle
 * output read as one big-endian integer, reduced mod r. Deliberately NOT hash_to_field.
 */
export function reduceWide(buffer: Uint8Array): bigint {
  if (buffer.length < 48 || buffer.length > 64) throw new Error('reduceWide expects 48..64 bytes');
  return bytesToNumberBE(buffer) % R;
}

/** A uniform scalar: 64 random bytes reduced mod r, as fastcrypto's `Scalar::rand`. */
export function randomScalar(rng: RandomSource = systemRandom): bigint {
  return reduceWide(rng(64));
}

/** A uniform non-zero scalar (secret keys must not be zero). */
export function randomNonZeroScalar(rng: RandomSource = systemRandom): bigint {
  for (;;) {
    const s = randomScalar(rng);
    if (s !== 0n) return s;
  }
}

/**
 * 64-bit random coefficients for batch verification, as fastcrypto's `get_random_scalars`
 * (u64 keeps the multi-scalar multiplications short; soundness error 2^-64 per batch).
 */
export function randomBatchCoefficients(count: number, rng: RandomSource = systemRandom): bigint[] {
  const bytes = rng(8 * count);
  const out: bigint[] = [];
  for (let i = 0; i < count; i++) {
    let v = 0n;
    for (let j = 0; j < 8; j++) v = (v << 8n) | BigInt(bytes[8 * i + j]!);
    out.push(v === 0n ? 1n : v);
  }
  return out;
}

/**
 * Lagrange coefficients at x = 0 for the given distinct non-zero indices (share indices are
 * party id + 1): λ_i = Π_{j≠i} x_j / (x_j − x_i). Uses one batched inversion.
 */
export function lagrangeAtZero(indices: readonly number[]): bigint[] {
  const xs = indices.map((i) => BigInt(i));
  if (new Set(indices).size !== indices.length || indices.some((i) => i <= 0)) {
    throw new Error('lagrangeAtZero needs distinct positive indices');
  }
  const nums: bigint[] = [];
  const dens: bigint[] = [];
  for (let i = 0; i < xs.length; i++) {
    let num = 1n;
    let den = 1n;
    for (let j = 0; j < xs.length; j++) {
      if (i === j) continue;
      num = Fr.mul(num, xs[j]!);
      den = Fr.mul(den, Fr.sub(xs[j]!, xs[i]!));
    }
    nums.push(num);
    dens.push(den);
  }
  const inv = Fr.invertBatch(dens);
  return nums.map((n, i) => Fr.mul(n, inv[i]!));
}
