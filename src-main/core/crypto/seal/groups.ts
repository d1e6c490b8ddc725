import { bls12_381 } from '@noble/curves/bls12-381.js';
import type { WeierstrassPoint, WeierstrassPointCons } from '@noble/curves/abstract/weierstrass.js';
import { bytesToNumberBE, numberToBytesBE } from '@noble/curves/utils.js';
import { CeremonyError } from '../../errors.ts';
import { DST_G1, DST_G2, G1_BYTES, G2_BYTES } from './constants.ts';
import { blsDecoder } from '../bls-backend/select.ts';
import { countOp } from './ops.ts';

export type Fp2 = { c0: bigint; c1: bigint };
export type G1Point = WeierstrassPoint<bigint>;
export type G2Point = WeierstrassPoint<Fp2>;
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type AnyPoint = WeierstrassPoint<any>;

const P = bls12_381.fields.Fp.ORDER;
const HALF_P = (P - 1n) / 2n;

/**
 * ZCash compressed encoding (what blst and fastcrypto emit): x big-endian (G2: x.c1 ‖ x.c0) with
 * flag bits 0x80 compressed, 0x40 infinity, 0x20 "y is the larger root" (G2: decided by y.c1,
 * or by y.c0 when y.c1 = 0). noble's toBytes() re-checks subgroup membership on every call
 * (about a millisecond); our points are validated when decoded or computed from valid points,
 * so encoding skips that.
 */
function encodeCompressed(p: AnyPoint, name: 'G1' | 'G2'): Uint8Array {
  const len = name === 'G1' ? 48 : 96;
  if (p.is0()) {
    const out = new Uint8Array(len);
    out[0] = 0xc0;
    return out;
  }
  const { x, y } = p.toAffine();
  let out: Uint8Array;
  let larger: boolean;
  if (name === 'G1') {
    out = numberToBytesBE(x as bigint, 48);
    larger = (y as bigint) > HALF_P;
  } else {
    const fx = x as Fp2;
    const fy = y as Fp2;
    out = new Uint8Array(96);
    out.set(numberToBytesBE(fx.c1, 48), 0);
    out.set(numberToBytesBE(fx.c0, 48), 48);
    larger = fy.c1 !== 0n ? fy.c1 > HALF_P : fy.c0 > HALF_P;
  }
  out[0] = out[0]! | 0x80 | (larger ? 0x20 : 0);
  return out;
}

/**
 * One of the two BLS12-381 source groups, with the exact byte rules fastcrypto applies. ECIES and
 * the NIZKs are written against this interface because the upstream test vectors use G2 where
 * Seal uses G1.
 */
export interface Group<Pt extends AnyPoint = AnyPoint> {
  readonly name: 'G1' | 'G2';
  readonly bytes: number;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  readonly Point: WeierstrassPointCons<any>;
  readonly generator: Pt;
  readonly zero: Pt;
  /** Strict decode: compressed, canonical coordinates, on the curve, in the prime subgroup. */
  decode(bytes: Uint8Array, what?: string): Pt;
  /** Compressed encoding (the identity encodes as 0xc0 0x00…). */
  encode(p: Pt): Uint8Array;
  /** fastcrypto `hash_to_group_element`: RFC 9380 hash_to_curve with the min-sig / min-pk DST. */
  hash(msg: Uint8Array): Pt;
}

function badPoint(what: string, group: string, reason: string): CeremonyError {
  return new CeremonyError('seal/bad-point', `The ${what} is not a valid ${group} point (${reason}).`, { what, group, reason });
}

/**
 * blst (used by fastcrypto) rejects coordinates >= p; noble is more lenient on some paths, so the
 * canonical check is done here explicitly before handing the bytes to noble.
 */
function checkFlagsAndCanonical(bytes: Uint8Array, expected: number, what: string, group: string): void {
  if (bytes.length !== expected) throw badPoint(what, group, `expected ${expected} bytes, got ${bytes.length}`);
  const flags = bytes[0]! & 0xe0;
  if ((flags & 0x80) === 0) throw badPoint(what, group, 'not in compressed form');
  const coordLen = 48;
  for (let off = 0; off < expected; off += coordLen) {
    // Uint8Array.prototype.slice copies; Buffer's slice is a view. Copy explicitly so clearing the
    // flag bits never changes the caller's bytes.
    const part = Uint8Array.from(bytes.subarray(off, off + coordLen));
    if (off === 0) part[0] = part[0]! & 0x1f;
    if (bytesToNumberBE(part) >= P) throw badPoint(what, group, 'non-canonical coordinate');
  }
}

function makeGroup<Pt extends AnyPoint>(
  name: 'G1' | 'G2',
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  Point: WeierstrassPointCons<any>,
  bytes: number,
  hashToCurve: (msg: Uint8Array) => Pt,
): Group<Pt> {
  return {
    name,
    bytes,
    Point,
    generator: Point.BASE as Pt,
    zero: Point.ZERO as Pt,
    decode(b, what = `${name} point`) {
      checkFlagsAndCanonical(b, bytes, what, name);
      countOp(`${name}.decode`);
      if ((b[0]! & 0x40) !== 0) {
        // Infinity: 0xc0 then zeros only (the sort bit must be clear).
        if (b[0] !== 0xc0 || !b.subarray(1).every((x) => x === 0)) throw badPoint(what, name, 'non-canonical identity');
        return Point.ZERO as Pt;
      }
      // Decompression, curve and subgroup checks: blst, mcl or noble (see bls-backend/select.ts).
      const r = name === 'G2' ? blsDecoder().g2(b) : blsDecoder().g1(b);
      if (typeof r === 'string') throw badPoint(what, name, r);
      return Point.fromAffine(r) as Pt;
    },
    encode(p) {
      countOp(`${name}.encode`);
      return encodeCompressed(p, name);
    },
    hash(msg) {
      countOp(`${name}.hash`);
      return hashToCurve(msg);
    },
  };
}

export const G1: Group<G1Point> = makeGroup<G1Point>(
  'G1',
  bls12_381.G1.Point,
  G1_BYTES,
  (m) => bls12_381.G1.hashToCurve(m, { DST: DST_G1 }) as G1Point,
);
export const G2: Group<G2Point> = makeGroup<G2Point>(
  'G2',
  bls12_381.G2.Point,
  G2_BYTES,
  (m) => bls12_381.G2.hashToCurve(m, { DST: DST_G2 }) as G2Point,
);

/** Scalar multiplication of a public point by a full-size (public) scalar. */
export function mul<Pt extends AnyPoint>(g: Group<Pt>, p: Pt, s: bigint): Pt {
  countOp(`${g.name}.mul`);
  return p.multiplyUnsafe(s) as Pt;
}

/** Generator times a scalar (uses noble's cached tables; constant-time, fine for secrets). */
export function mulBase<Pt extends AnyPoint>(g: Group<Pt>, s: bigint): Pt {
  countOp(`${g.name}.mulBase`);
  return (s === 0n ? g.zero : g.generator.multiply(s)) as Pt;
}

/** Non-adjacent form of a small positive integer, most significant digit first. */
export function naf(k: number): number[] {
  const digits: number[] = [];
  let n = k;
  while (n > 0) {
    if (n & 1) {
      const d = 2 - (n & 3);
      digits.push(d);
      n -= d;
    } else digits.push(0);
    n /= 2;
  }
  return digits.reverse();
}

/** NAF of a non-negative bigint, most significant digit first. */
export function nafBig(k: bigint): number[] {
  const digits: number[] = [];
  let n = k;
  while (n > 0n) {
    if (n & 1n) {
      const d = 2 - Number(n & 3n);
      digits.push(d);
      n -= BigInt(d);
    } else digits.push(0);
    n >>= 1n;
  }
  return digits.reverse();
}

/**
 * P·k for a short public scalar (e.g. the 64-bit batch coefficients): double-and-add over its
 * NAF, so the cost follows k's length (noble's multiplyUnsafe always walks all 255 bits).
 */
export function mulShort<Pt extends AnyPoint>(g: Group<Pt>, p: Pt, k: bigint): Pt {
  return k === 0n ? g.zero : mulSmall(g, p, nafBig(k));
}

/**
 * P·k for a small public integer k (share indices ≤ 1000) by NAF double-and-add: about log2(k)
 * doublings and a third as many additions, far cheaper than a 255-bit multiplication.
 */
export function mulSmall<Pt extends AnyPoint>(g: Group<Pt>, p: Pt, digits: readonly number[]): Pt {
  let acc = g.zero;
  let adds = 0;
  let dbls = 0;
  let started = false;
  for (const d of digits) {
    if (started) {
      acc = acc.double() as Pt;
      dbls++;
    }
    if (d === 1) {
      acc = (started ? acc.add(p) : p) as Pt;
      if (started) adds++;
      started = true;
    } else if (d === -1) {
      acc = acc.subtract(p) as Pt;
      adds++;
    }
  }
  countOp(`${g.name}.add`, adds);
  countOp(`${g.name}.dbl`, dbls);
  return acc;
}

/**
 * Σ coeffs[k]·x^k for a small x by Horner's rule, with the polynomial's coefficients given as
 * points (Feldman commitments). Cost: (t−1)·(|NAF(x)| doublings + additions).
 */
export function evalPointPoly<Pt extends AnyPoint>(g: Group<Pt>, coeffs: readonly Pt[], x: number): Pt {
  if (coeffs.length === 0) return g.zero;
  const digits = naf(x);
  let acc = coeffs[coeffs.length - 1]!;
  for (let k = coeffs.length - 2; k >= 0; k--) {
    acc = mulSmall(g, acc, digits).add(coeffs[k]!) as Pt;
  }
  countOp(`${g.name}.add`, coeffs.length - 1);
  return acc;
}

/**
 * Multi-scalar multiplication Σ s_i·P_i (public inputs only) by Pippenger with signed digits.
 * Unlike noble's generic `pippenger`, the number of windows follows the longest scalar, so the
 * 64-bit batch-verification coefficients cost a quarter of full-size ones.
 */
export function msm<Pt extends AnyPoint>(g: Group<Pt>, points: readonly Pt[], scalars: readonly bigint[]): Pt {
  if (points.length !== scalars.length) throw new Error('msm: length mismatch');
  const n = points.length;
  if (n === 0) return g.zero;
  let maxBits = 0;
  for (const s of scalars) {
    if (s < 0n) throw new Error('msm: negative scalar');
    const b = s.toString(2).length;
    if (s !== 0n && b > maxBits) maxBits = b;
  }
  if (maxBits === 0) return g.zero;
  // Window c minimises windows·(n + 2^(c−1)·2) additions.
  let c = 1;
  let best = Infinity;
  for (let w = 1; w <= 16; w++) {
    const cost = Math.ceil((maxBits + 1) / w) * (n + 2 ** w);
    if (cost < best) {
      best = cost;
      c = w;
    }
  }
  const windows = Math.ceil((maxBits + 1) / c);
  const base = 1 << c;
  const half = base >> 1;
  const mask = BigInt(base - 1);
  // Signed-digit recoding: digits in (−2^(c−1), 2^(c−1)]; the extra window bit absorbs the carry.
  const digits = new Int32Array(n * windows);
  for (let i = 0; i < n; i++) {
    let s = scalars[i]!;
    let carry = 0;
    for (let w = 0; w < windows; w++) {
      let d = Number(s & mask) + carry;
      s >>= BigInt(c);
      carry = 0;
      if (d > half) {
        d -= base;
        carry = 1;
      }
      digits[i * windows + w] = d;
    }
  }
  let adds = 0;
  let dbls = 0;
  let acc = g.zero;
  const buckets: Pt[] = new Array(half + 1);
  for (let w = windows - 1; w >= 0; w--) {
    if (w !== windows - 1) {
      for (let j = 0; j < c; j++) acc = acc.double() as Pt;
      dbls += c;
    }
    buckets.fill(g.zero);
    const used = new Uint8Array(half + 1);
    for (let i = 0; i < n; i++) {
      const d = digits[i * windows + w]!;
      if (d === 0) continue;
      const idx = d > 0 ? d : -d;
      const p = d > 0 ? points[i]! : (points[i]!.negate() as Pt);
      if (used[idx]) {
        buckets[idx] = buckets[idx]!.add(p) as Pt;
        adds++;
      } else {
        buckets[idx] = p;
        used[idx] = 1;
      }
    }
    // Σ idx·bucket[idx] via running sums.
    let running = g.zero;
    let windowSum = g.zero;
    for (let idx = half; idx >= 1; idx--) {
      if (used[idx]) {
        running = running.add(buckets[idx]!) as Pt;
        adds++;
      }
      if (!running.is0()) {
        windowSum = windowSum.add(running) as Pt;
        adds++;
      }
    }
    acc = acc.add(windowSum) as Pt;
    adds++;
  }
  countOp(`${g.name}.add`, adds);
  countOp(`${g.name}.dbl`, dbls);
  return acc;
}

/** Plain-data form of a projective point, cheap to send to or from a worker thread. */
export type WirePoint<F> = readonly [F, F, F];

export function toWire<F>(p: WeierstrassPoint<F>): WirePoint<F> {
  return [p.X, p.Y, p.Z];
}

/** Rebuilds a point that was validated on the other side of a thread boundary (no re-check). */
export function fromWire<Pt extends AnyPoint>(g: Group<Pt>, w: WirePoint<unknown>): Pt {
  return new g.Point(w[0], w[1], w[2]) as Pt;
}

/** A batch pairing product check: Π e(g1_i, g2_i) == 1. */
export function pairingProductIsOne(pairs: { g1: G1Point; g2: G2Point }[]): boolean {
  countOp('pairing.miller', pairs.length);
  countOp('pairing.final');
  const gt = bls12_381.pairingBatch(pairs, true);
  return bls12_381.fields.Fp12.eql(gt, bls12_381.fields.Fp12.ONE);
}
