/**
 * The Pallas curve as RedPallas (Zcash Orchard's spend authorization, reddsa's
 * `FROST(Pallas, BLAKE2b-512)`) uses it, built on @noble/curves' abstract Weierstrass code
 * (@noble/curves 2.4 ships no Pallas).
 *
 *  - curve  y² = x³ + 5 over Fp, prime order q (cofactor 1), both fields 255-bit;
 *  - points encode as pasta_curves does: x little-endian in 32 bytes, bit 255 set when y is odd
 *    (the Zcash spec's repr_P); all-zero bytes are the identity, which frost-core refuses;
 *  - scalars encode little-endian, canonical (< q);
 *  - the generator is Orchard's SpendAuthSig basepoint, GroupHash("z.cash:Orchard", "G"), taken
 *    from reddsa's `ORCHARD_SPENDAUTHSIG_BASEPOINT_BYTES` and checked against Zcash's test vectors.
 */
import { weierstrass, type WeierstrassPoint, type WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { Field } from '@noble/curves/abstract/modular.js';
import { bytesToNumberLE, hexToBytes, numberToBytesLE } from '@noble/curves/utils.js';

const P = 0x40000000000000000000000000000000224698fc094cf91b992d30ed00000001n;
const Q = 0x40000000000000000000000000000000224698fc0994a8dd8c46eb2100000001n;
const B = 5n;

/** reddsa `orchard::ORCHARD_SPENDAUTHSIG_BASEPOINT_BYTES`. */
const SPEND_AUTH_BASEPOINT_HEX = '63c975b884721a8d0ca1707be30c7f0c5f445f3e7c188d3b06d6f128b32355b7';

const Fp = Field(P);
const Fq = Field(Q, { isLE: true });

/** pasta_curves `Point::from_bytes`: canonical x, a square root of x³ + 5 with the encoded parity. */
function decodeAffine(bytes: Uint8Array): { x: bigint; y: bigint } {
  if (bytes.length !== 32) throw new Error(`a Pallas point is 32 bytes, got ${bytes.length}`);
  const sign = (bytes[31]! >> 7) & 1;
  const raw = bytes.slice();
  raw[31]! &= 0x7f;
  const x = bytesToNumberLE(raw);
  if (x >= P) throw new Error('the x coordinate is not reduced modulo p');
  if (x === 0n && sign === 0) return { x: 0n, y: 0n }; // the identity
  const y2 = Fp.add(Fp.pow(x, 3n), B);
  let y: bigint;
  try {
    y = Fp.sqrt(y2);
  } catch {
    throw new Error('x³ + 5 has no square root: not a point on Pallas');
  }
  // y ≠ 0 on Pallas (a point with y = 0 would have order 2 in a group of odd prime order), so
  // exactly one of ±y has the encoded parity.
  if (Number(y & 1n) !== sign) y = Fp.neg(y);
  return { x, y };
}

function encodeAffine(x: bigint, y: bigint): Uint8Array {
  const out = numberToBytesLE(x, 32);
  if (y & 1n) out[31]! |= 0x80;
  return out;
}

const base = decodeAffine(hexToBytes(SPEND_AUTH_BASEPOINT_HEX));

/** Pallas points with the SpendAuth basepoint as `BASE` and the Zcash encoding. */
export const PallasPoint: WeierstrassPointCons<bigint> = weierstrass(
  { p: P, n: Q, h: 1n, a: 0n, b: B, Gx: base.x, Gy: base.y },
  {
    Fp,
    Fn: Fq,
    fromBytes: (bytes) => decodeAffine(bytes),
    toBytes: (_c, point: WeierstrassPoint<bigint>) => {
      if (point.is0()) return new Uint8Array(32) as Uint8Array<ArrayBuffer>;
      const { x, y } = point.toAffine();
      return encodeAffine(x, y) as Uint8Array<ArrayBuffer>;
    },
  },
);

/** Whether an encoded Pallas point has an even y (sign bit clear), as reddsa's `has_even_y` reads it. */
export function hasEvenY(encoded: Uint8Array): boolean {
  return (encoded[31]! & 0x80) === 0;
}
