/**
 * XEd25519 (Signal's XEdDSA over Curve25519): Ed25519-verifiable signatures made with an X25519
 * private key. frostd logs a member in by checking an XEd25519 signature of the challenge under
 * the member's X25519 communication key (frostd `functions.rs`, crate `xeddsa` 1.0.2), so the one
 * key frost-client keeps serves both for Noise and for login.
 *
 * Signing follows the XEdDSA specification (https://signal.org/docs/specifications/xeddsa/):
 *
 *   k = clamp(x25519 private key);  a = k mod L;  A = a·B
 *   if A's sign bit is 1:  a = −a, A = −A          (so A has sign bit 0: A = convert_mont(u))
 *   r = SHA-512(0xFE ‖ 0xFF×31 ‖ a-bytes ‖ M ‖ Z) mod L   with Z 64 random bytes
 *   R = r·B;  h = SHA-512(R ‖ A ‖ M) mod L;  s = r + h·a mod L;  signature = R ‖ s
 *
 * where "a-bytes" is what the `xeddsa` crate hashes: the clamped key bytes when no negation was
 * needed, the negated reduced scalar otherwise. That choice only affects the secret nonce, never
 * whether a signature verifies.
 *
 * Verification is the `xeddsa` crate's: the top bit of the signature's last byte selects the
 * Edwards sign of the key (0 for XEdDSA; libsignal's older curve25519 signatures store A's real
 * sign there), the Montgomery u is mapped to y = (u − 1)/(u + 1), and the rest is
 * ed25519-dalek's `verify`: s must be canonical and R must equal the encoding of s·B − h·A
 * byte for byte (cofactorless).
 *
 * Hand-written on noble's Ed25519 point and scalar arithmetic because no well-kept JavaScript
 * XEdDSA exists (noble and libsodium sign only with Ed25519 keys; libsignal's client library is
 * native Rust under the AGPL, which this Apache-2.0 app cannot take). libsignal's known-answer signature and a cross-check with a standard Ed25519
 * verifier check it (xeddsa.test.ts).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE, numberToBytesLE } from '@noble/curves/utils.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, randomBytes } from '@noble/hashes/utils.js';

const Point = ed25519.Point;
const p = Point.Fp.ORDER;
const L = Point.Fn.ORDER;
const mod = (x: bigint, m: bigint) => ((x % m) + m) % m;

export const XEDDSA_SIGNATURE_LENGTH = 64;

/** hash_1 prefix of the XEdDSA spec: the 32-byte little-endian encoding of 2^256 − 1 − 1. */
const HASH1_PREFIX = Uint8Array.from({ length: 32 }, (_, i) => (i === 0 ? 0xfe : 0xff));

function clamp(privateKey: Uint8Array): Uint8Array {
  const k = privateKey.slice();
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;
  return k;
}

/**
 * XEdDSA `calculate_key_pair`: the Edwards key pair whose public key has sign bit 0, and the
 * bytes the `xeddsa` crate feeds to the nonce hash. Secret.
 */
function calculateKeyPair(privateKey: Uint8Array): { a: bigint; A: Uint8Array; nonceKey: Uint8Array } {
  if (!(privateKey instanceof Uint8Array) || privateKey.length !== 32) throw new Error('xeddsa: an X25519 private key has 32 bytes');
  const clamped = clamp(privateKey);
  const k = mod(bytesToNumberLE(clamped), L);
  const A = Point.BASE.multiply(k).toBytes();
  if ((A[31]! & 0x80) === 0) return { a: k, A, nonceKey: clamped };
  const negated = mod(-k, L);
  return { a: negated, A: Point.BASE.multiply(negated).toBytes(), nonceKey: numberToBytesLE(negated, 32) };
}

/** Signs `message` with an X25519 private key. `random` is the 64-byte Z (fresh randomness by default). */
export function xeddsaSign(privateKey: Uint8Array, message: Uint8Array, random: Uint8Array = randomBytes(64)): Uint8Array {
  if (random.length !== 64) throw new Error('xeddsa: Z must be 64 random bytes');
  const { a, A, nonceKey } = calculateKeyPair(privateKey);
  const r = mod(bytesToNumberLE(sha512(concatBytes(HASH1_PREFIX, nonceKey, message, random))), L);
  const R = Point.BASE.multiply(r).toBytes();
  const h = mod(bytesToNumberLE(sha512(concatBytes(R, A, message))), L);
  const s = mod(r + h * a, L);
  return concatBytes(R, numberToBytesLE(s, 32));
}

/**
 * XEdDSA `convert_mont`: the Ed25519 public key (compressed Edwards y with the given sign bit)
 * of an X25519 public key, or undefined if u maps to no curve point. With sign 0 this is the key
 * under which an XEdDSA signature verifies with any standard Ed25519 verifier.
 */
export function xeddsaEdwardsPublicKey(x25519PublicKey: Uint8Array, sign: 0 | 1 = 0): Uint8Array | undefined {
  if (!(x25519PublicKey instanceof Uint8Array) || x25519PublicKey.length !== 32) return undefined;
  // Like curve25519-dalek's FieldElement::from_bytes: drop bit 255, then reduce mod p.
  const u = mod(bytesToNumberLE(x25519PublicKey) & ((1n << 255n) - 1n), p);
  if (u === p - 1n) return undefined; // the map's exceptional point; it lies on the twist
  const y = mod((u - 1n) * Point.Fp.inv(u + 1n), p);
  const bytes = numberToBytesLE(y, 32);
  bytes[31]! |= sign << 7;
  try {
    return Point.fromBytes(bytes).toBytes();
  } catch {
    return undefined; // y has no x on the curve: u was a point of the twist
  }
}

/** Verifies an XEd25519 signature the way frostd does (crate `xeddsa`, then ed25519-dalek `verify`). */
export function xeddsaVerify(x25519PublicKey: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (!(signature instanceof Uint8Array) || signature.length !== XEDDSA_SIGNATURE_LENGTH) return false;
  const sign = (signature[63]! >> 7) as 0 | 1;
  const A = xeddsaEdwardsPublicKey(x25519PublicKey, sign);
  if (!A) return false;
  const sBytes = signature.slice(32);
  sBytes[31]! &= 0x7f;
  const s = bytesToNumberLE(sBytes);
  if (s >= L) return false;
  const Rbytes = signature.subarray(0, 32);
  const h = mod(bytesToNumberLE(sha512(concatBytes(Rbytes, A, message))), L);
  const expected = Point.BASE.multiplyUnsafe(s).subtract(Point.fromBytes(A).multiplyUnsafe(h));
  const got = expected.toBytes();
  return got.every((b, i) => b === Rbytes[i]);
}
