/**
 * An independent RedPallas SpendAuth signature verifier, written from the Zcash protocol
 * specification (§5.4.7 "RedDSA, RedJubjub, and RedPallas", §5.4.9.6 "Pallas and Vesta") for
 * tests only. It shares no code with src-main (ESLint forbids imports from outside this folder):
 * its own affine Pallas arithmetic on bigints, its own point decoding, BLAKE2b from @noble/hashes.
 *
 *   RedDSA.Validate(vk, M, σ):
 *     R̄ = first 32 bytes of σ, S̄ = last 32; S = LEOS2IP(S̄), invalid if S ≥ r;
 *     R = abst_P(R̄), vk = abst_P(vk̄), invalid if either is ⊥;
 *     c = H*(R̄ ‖ vk̄ ‖ M), H*(B) = LEOS2IP₅₁₂(BLAKE2b-512("Zcash_RedPallasH", B)) mod r;
 *     valid iff [h]( [−S]P_G + R + [c]vk ) = O, with cofactor h = 1 on Pallas.
 *
 * P_G, the SpendAuthSig base, is GroupHash("z.cash:Orchard", "G"); the caller passes its
 * encoding (from Zcash's own test vectors), so nothing here is taken from the code under test.
 */
import { blake2b } from '@noble/hashes/blake2.js';

/** Pallas base field and group order (spec §5.4.9.6). */
const p = 0x40000000000000000000000000000000224698fc094cf91b992d30ed00000001n;
const r = 0x40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001n;

type Affine = { x: bigint; y: bigint } | null; // null is the point at infinity O

const mod = (a: bigint, m: bigint) => ((a % m) + m) % m;

function pow(b: bigint, e: bigint, m: bigint): bigint {
  let result = 1n;
  b = mod(b, m);
  while (e > 0n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
    e >>= 1n;
  }
  return result;
}

/** Modular inverse by the extended Euclidean algorithm (far cheaper than a^(p−2) in JS bigints). */
function inv(a: bigint): bigint {
  let [r0, r1] = [mod(a, p), p];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  if (r0 !== 1n) throw new Error('not invertible');
  return mod(s0, p);
}

/** Tonelli–Shanks: p − 1 = 2³² · t with t odd. Returns undefined when a is not a square. */
function sqrt(a: bigint): bigint | undefined {
  a = mod(a, p);
  if (a === 0n) return 0n;
  if (pow(a, (p - 1n) / 2n, p) !== 1n) return undefined;
  let s = 0n;
  let t = p - 1n;
  while ((t & 1n) === 0n) {
    t >>= 1n;
    s++;
  }
  let z = 2n;
  while (pow(z, (p - 1n) / 2n, p) !== p - 1n) z++;
  let m = s;
  let c = pow(z, t, p);
  let x = pow(a, (t + 1n) / 2n, p);
  let b = pow(a, t, p);
  while (b !== 1n) {
    let i = 0n;
    let b2 = b;
    while (b2 !== 1n) {
      b2 = (b2 * b2) % p;
      i++;
    }
    const g = pow(c, 1n << (m - i - 1n), p);
    x = (x * g) % p;
    c = (g * g) % p;
    b = (b * c) % p;
    m = i;
  }
  return x;
}

function add(P: Affine, Q: Affine): Affine {
  if (P === null) return Q;
  if (Q === null) return P;
  if (P.x === Q.x) {
    if (mod(P.y + Q.y, p) === 0n) return null;
    // doubling on y² = x³ + 5 (a = 0): λ = 3x² / 2y
    const l = mod(3n * P.x * P.x * inv(2n * P.y), p);
    const x = mod(l * l - 2n * P.x, p);
    return { x, y: mod(l * (P.x - x) - P.y, p) };
  }
  const l = mod((Q.y - P.y) * inv(Q.x - P.x), p);
  const x = mod(l * l - P.x - Q.x, p);
  return { x, y: mod(l * (P.x - x) - P.y, p) };
}

function mul(k: bigint, P: Affine): Affine {
  let acc: Affine = null;
  let q = P;
  for (k = mod(k, r); k > 0n; k >>= 1n) {
    if (k & 1n) acc = add(acc, q);
    q = add(q, q);
  }
  return acc;
}

const leos2ip = (b: Uint8Array) => b.reduceRight((acc, byte) => (acc << 8n) | BigInt(byte), 0n);

/** abst_P (spec §5.4.9.7): x̃ from bit 255, x from the rest; ⊥ unless canonical and on the curve. */
export function decodePallasPoint(bytes: Uint8Array): Affine | undefined {
  if (bytes.length !== 32) return undefined;
  const ySign = BigInt(bytes[31]! >> 7);
  const xBytes = Uint8Array.from(bytes);
  xBytes[31]! &= 0x7f;
  const x = leos2ip(xBytes);
  if (x >= p) return undefined;
  if (x === 0n && ySign === 0n) return null; // the zero point encodes as all zeros
  const y = sqrt(x * x * x + 5n);
  if (y === undefined || y === 0n) return undefined;
  return { x, y: (y & 1n) === ySign ? y : p - y };
}

function hStar(b: Uint8Array): bigint {
  const personalization = new TextEncoder().encode('Zcash_RedPallasH');
  return mod(leos2ip(blake2b(b, { dkLen: 64, personalization })), r);
}

function equal(P: Affine, Q: Affine): boolean {
  if (P === null || Q === null) return P === Q;
  return P.x === Q.x && P.y === Q.y;
}

/** RedDSA.Validate for RedPallas SpendAuthSig. `basepoint` is the encoding of P_G. */
export function redPallasValidate(basepoint: Uint8Array, vkBytes: Uint8Array, message: Uint8Array, signature: Uint8Array): boolean {
  if (signature.length !== 64) return false;
  const G = decodePallasPoint(basepoint);
  if (!G) throw new Error('bad basepoint encoding');
  const rBar = signature.subarray(0, 32);
  const S = leos2ip(signature.subarray(32));
  if (S >= r) return false;
  const R = decodePallasPoint(rBar);
  const vk = decodePallasPoint(vkBytes);
  if (R === undefined || vk === undefined) return false;
  const c = hStar(new Uint8Array([...rBar, ...vkBytes, ...message]));
  return equal(add(add(mul(r - S, G), R), mul(c, vk)), null);
}

/** Encodes an affine point (repr_P) so tests can compare keys: x little-endian, bit 255 = y mod 2. */
export function encodePallasPoint(P: Affine): Uint8Array {
  const out = new Uint8Array(32);
  if (P === null) return out;
  let x = P.x;
  for (let i = 0; i < 32; i++, x >>= 8n) out[i] = Number(x & 0xffn);
  if (P.y & 1n) out[31]! |= 0x80;
  return out;
}

/** [k]P on the affine curve, for tests that derive keys independently (ask → ak). */
export function pallasMul(k: bigint, P: Affine): Affine {
  return mul(k, P);
}
