import { CeremonyError } from '../../errors.ts';
import { Fr, randomNonZeroScalar, type RandomSource, scalarFromBytes, systemRandom } from './field.ts';
import { G1, type G1Point, G2, type G2Point, msm, mulBase, mulShort, pairingProductIsOne } from './groups.ts';

/**
 * fastcrypto `bls12381::min_sig`: public keys in G2 (96 bytes), signatures in G1 (48 bytes),
 * σ = sk·H(m) with H = hash_to_G1 under BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_, no
 * augmentation. Same scheme as noble's `shortSignatures`, written out to keep the DST explicit
 * and to allow batch verification.
 */

export interface SigningKeyPair {
  sk: bigint;
  pk: Uint8Array;
}

export function generateSigningKeyPair(rng: RandomSource = systemRandom): SigningKeyPair {
  const sk = randomNonZeroScalar(rng);
  return { sk, pk: signingPublicKey(sk) };
}

export function signingPublicKey(sk: bigint): Uint8Array {
  return G2.encode(mulBase(G2, sk));
}

/** BLS12381PrivateKey bytes: 32 big-endian, non-zero, below r. */
export function decodeSigningSecretKey(bytes: Uint8Array): bigint {
  const sk = scalarFromBytes(bytes, 'signing secret key');
  if (sk === 0n) throw new CeremonyError('seal/bad-scalar', 'The signing secret key is zero.', { what: 'signing secret key' });
  return sk;
}

export function hashToSignatureGroup(message: Uint8Array): G1Point {
  return G1.hash(message);
}

export function sign(sk: bigint, message: Uint8Array): Uint8Array {
  if (sk === 0n || sk >= Fr.ORDER) throw new Error('invalid signing key');
  return G1.encode(hashToSignatureGroup(message).multiply(sk));
}

/** One item of a (batch) verification; points already decoded and in their subgroups. */
export interface SignatureItem {
  pk: G2Point;
  hashed: G1Point;
  sig: G1Point;
}

/** e(σ, G2) = e(H(m), pk), as one two-pair product. Identity keys or signatures never verify. */
export function verifyDecoded(item: SignatureItem): boolean {
  if (item.pk.is0() || item.sig.is0()) return false;
  return pairingProductIsOne([
    { g1: item.sig, g2: G2.generator.negate() },
    { g1: item.hashed, g2: item.pk },
  ]);
}

/**
 * Batch verification of signatures on distinct messages: e(Σρ_iσ_i, −G2)·Π e(ρ_i H(m_i), pk_i) = 1
 * with random 64-bit ρ_i: k+1 Miller loops and one final exponentiation instead of 2k and k.
 */
export function verifyBatch(items: readonly SignatureItem[], rho: readonly bigint[]): boolean {
  if (items.length === 0) return true;
  if (items.some((it) => it.pk.is0() || it.sig.is0())) return false;
  const sigSum = msm(
    G1,
    items.map((it) => it.sig),
    rho,
  );
  const pairs: { g1: G1Point; g2: G2Point }[] = items.map((it, i) => ({ g1: mulShort(G1, it.hashed, rho[i]!), g2: it.pk }));
  if (sigSum.is0()) return false;
  pairs.push({ g1: sigSum, g2: G2.generator.negate() });
  return pairingProductIsOne(pairs);
}
