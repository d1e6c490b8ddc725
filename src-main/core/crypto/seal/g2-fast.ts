import { psiFrobenius } from '@noble/curves/abstract/tower.js';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { countOp } from './ops.ts';
import type { Fp2, G2Point } from './groups.ts';

/**
 * Faster G2 arithmetic for the two hot spots of processing DKG messages:
 *  - decoding untrusted points (n·t commitments): square root in Fp2 by the norm method and the
 *    subgroup check ψ(P) = [u]P with Jacobian doublings;
 *  - evaluating commitment polynomials at small integers (Feldman checks, partial keys).
 * Field elements are plain bigints with additions reduced by one conditional subtraction and
 * products reduced once per Fp2 product, instead of noble's generic (allocation- and
 * division-heavy) tower field. Public data only, so variable time is fine. Results are converted
 * back to noble points; tests compare every function with noble.
 */

const Fp = bls12_381.fields.Fp;
const F2 = bls12_381.fields.Fp2;
const G2P = bls12_381.G2.Point;
const P = Fp.ORDER;
const HALF_P = (P - 1n) / 2n;
/** |u| for BLS12-381 (u = −0xd201000000010000). */
const U_BITS = 0xd201000000010000n.toString(2);
const { psi } = psiFrobenius(Fp, F2, F2.div(F2.ONE, F2.NONRESIDUE));
const SQRT_EXP = (P + 1n) / 4n; // p ≡ 3 (mod 4)
const HALF = (P + 1n) / 2n; // 1/2 mod p

// --- Fp on bigints in [0, p) ------------------------------------------------------------------
const add = (a: bigint, b: bigint): bigint => {
  const s = a + b;
  return s >= P ? s - P : s;
};
const sub = (a: bigint, b: bigint): bigint => {
  const d = a - b;
  return d < 0n ? d + P : d;
};
const mulp = (a: bigint, b: bigint): bigint => (a * b) % P;
/** base^e with 4-bit fixed windows (15 precomputed powers): ~log2(e) squarings + log2(e)/4 products. */
function pow(base: bigint, e: bigint): bigint {
  const table: bigint[] = [1n, base];
  for (let k = 2; k < 16; k++) table.push((table[k - 1]! * base) % P);
  const hex = e.toString(16);
  let r = table[parseInt(hex[0]!, 16)]!;
  for (let k = 1; k < hex.length; k++) {
    r = (r * r) % P;
    r = (r * r) % P;
    r = (r * r) % P;
    r = (r * r) % P;
    const d = parseInt(hex[k]!, 16);
    if (d !== 0) r = (r * table[d]!) % P;
  }
  return r;
}
/** a^((p+1)/4): a square root of a when a is a square, else a square root of −a. */
const sqrtCandidate = (a: bigint): bigint => pow(a, SQRT_EXP);
/** A square root of a in Fp, or undefined. */
function sqrtFp(a: bigint): bigint | undefined {
  const r = sqrtCandidate(a);
  return (r * r) % P === a ? r : undefined;
}

// --- Fp2 = Fp[i]/(i² + 1) as (re, im) pairs ------------------------------------------------------
type E = [bigint, bigint];
function mul2(a0: bigint, a1: bigint, b0: bigint, b1: bigint): E {
  const t0 = a0 * b0;
  const t1 = a1 * b1;
  let c0 = (t0 - t1) % P;
  if (c0 < 0n) c0 += P;
  return [c0, ((a0 + a1) * (b0 + b1) - t0 - t1) % P];
}
function sqr2(a0: bigint, a1: bigint): E {
  return [((a0 + a1) * (a0 - a1 + P)) % P, (2n * a0 * a1) % P];
}

/** Jacobian point (x = X/Z², y = Y/Z³) as [X.re, X.im, Y.re, Y.im, Z.re, Z.im]; Z = 0 is the identity. */
export type Jac = readonly [bigint, bigint, bigint, bigint, bigint, bigint];
export interface Affine2 {
  x: Fp2;
  y: Fp2;
}

export const JAC_ZERO: Jac = [1n, 0n, 1n, 0n, 0n, 0n];
const isZero = (p: Jac) => p[4] === 0n && p[5] === 0n;
export const jacFromAffine = (a: Affine2): Jac => [a.x.c0, a.x.c1, a.y.c0, a.y.c1, 1n, 0n];
export const jacNeg = (p: Jac): Jac => [p[0], p[1], sub(0n, p[2]), sub(0n, p[3]), p[4], p[5]];

/** dbl-2009-l (a = 0): 2M + 5S. */
export function jacDouble(p: Jac): Jac {
  if (isZero(p)) return p;
  const [x0, x1, y0, y1, z0, z1] = p;
  const [A0, A1] = sqr2(x0, x1);
  const [B0, B1] = sqr2(y0, y1);
  const [C0, C1] = sqr2(B0, B1);
  const [s0, s1] = sqr2(add(x0, B0), add(x1, B1));
  const d0 = sub(sub(s0, A0), C0);
  const d1 = sub(sub(s1, A1), C1);
  const D0 = add(d0, d0);
  const D1 = add(d1, d1);
  const E0 = add(add(A0, A0), A0);
  const E1 = add(add(A1, A1), A1);
  const [F0, F1] = sqr2(E0, E1);
  const X0 = sub(F0, add(D0, D0));
  const X1 = sub(F1, add(D1, D1));
  const [m0, m1] = mul2(E0, E1, sub(D0, X0), sub(D1, X1));
  const C20 = add(C0, C0);
  const C21 = add(C1, C1);
  const C40 = add(C20, C20);
  const C41 = add(C21, C21);
  const C80 = add(C40, C40);
  const C81 = add(C41, C41);
  const [yz0, yz1] = mul2(y0, y1, z0, z1);
  return [X0, X1, sub(m0, C80), sub(m1, C81), add(yz0, yz0), add(yz1, yz1)];
}

/** madd-2007-bl: Jacobian + affine (x, y as Fp2 pairs). */
export function jacAddAffine(p: Jac, qx0: bigint, qx1: bigint, qy0: bigint, qy1: bigint): Jac {
  if (isZero(p)) return [qx0, qx1, qy0, qy1, 1n, 0n];
  const [x0, x1, y0, y1, z0, z1] = p;
  const [zz0, zz1] = sqr2(z0, z1);
  const [u0, u1] = mul2(qx0, qx1, zz0, zz1);
  const [t0, t1] = mul2(qy0, qy1, z0, z1);
  const [s0, s1] = mul2(t0, t1, zz0, zz1);
  const H0 = sub(u0, x0);
  const H1 = sub(u1, x1);
  const r0 = add(sub(s0, y0), sub(s0, y0));
  const r1 = add(sub(s1, y1), sub(s1, y1));
  if (H0 === 0n && H1 === 0n) return r0 === 0n && r1 === 0n ? jacDouble(p) : JAC_ZERO;
  const [hh0, hh1] = sqr2(H0, H1);
  const I0 = add(add(hh0, hh0), add(hh0, hh0));
  const I1 = add(add(hh1, hh1), add(hh1, hh1));
  const [J0, J1] = mul2(H0, H1, I0, I1);
  const [V0, V1] = mul2(x0, x1, I0, I1);
  const [rr0, rr1] = sqr2(r0, r1);
  const X0 = sub(sub(rr0, J0), add(V0, V0));
  const X1 = sub(sub(rr1, J1), add(V1, V1));
  const [a0, a1] = mul2(r0, r1, sub(V0, X0), sub(V1, X1));
  const [b0, b1] = mul2(y0, y1, J0, J1);
  const [zh0, zh1] = sqr2(add(z0, H0), add(z1, H1));
  return [X0, X1, sub(a0, add(b0, b0)), sub(a1, add(b1, b1)), sub(sub(zh0, zz0), hh0), sub(sub(zh1, zz1), hh1)];
}

/** add-2007-bl: Jacobian + Jacobian. */
export function jacAdd(p: Jac, q: Jac): Jac {
  if (isZero(p)) return q;
  if (isZero(q)) return p;
  const [x10, x11, y10, y11, z10, z11] = p;
  const [x20, x21, y20, y21, z20, z21] = q;
  const [zz10, zz11] = sqr2(z10, z11);
  const [zz20, zz21] = sqr2(z20, z21);
  const [u10, u11] = mul2(x10, x11, zz20, zz21);
  const [u20, u21] = mul2(x20, x21, zz10, zz11);
  const [t10, t11] = mul2(y10, y11, z20, z21);
  const [s10, s11] = mul2(t10, t11, zz20, zz21);
  const [t20, t21] = mul2(y20, y21, z10, z11);
  const [s20, s21] = mul2(t20, t21, zz10, zz11);
  const H0 = sub(u20, u10);
  const H1 = sub(u21, u11);
  const r0 = add(sub(s20, s10), sub(s20, s10));
  const r1 = add(sub(s21, s11), sub(s21, s11));
  if (H0 === 0n && H1 === 0n) return r0 === 0n && r1 === 0n ? jacDouble(p) : JAC_ZERO;
  const [I0, I1] = sqr2(add(H0, H0), add(H1, H1));
  const [J0, J1] = mul2(H0, H1, I0, I1);
  const [V0, V1] = mul2(u10, u11, I0, I1);
  const [rr0, rr1] = sqr2(r0, r1);
  const X0 = sub(sub(rr0, J0), add(V0, V0));
  const X1 = sub(sub(rr1, J1), add(V1, V1));
  const [a0, a1] = mul2(r0, r1, sub(V0, X0), sub(V1, X1));
  const [b0, b1] = mul2(s10, s11, J0, J1);
  const [zs0, zs1] = sqr2(add(z10, z20), add(z11, z21));
  const [Z0, Z1] = mul2(sub(sub(zs0, zz10), zz20), sub(sub(zs1, zz11), zz21), H0, H1);
  return [X0, X1, sub(a0, add(b0, b0)), sub(a1, add(b1, b1)), Z0, Z1];
}

/** Jacobian to noble's homogeneous projective point (x = X/Z, y = Y/Z): (X·Z, Y, Z³). */
export function jacToPoint(p: Jac): G2Point {
  if (isZero(p)) return G2P.ZERO as G2Point;
  const [xz0, xz1] = mul2(p[0], p[1], p[4], p[5]);
  const [zz0, zz1] = sqr2(p[4], p[5]);
  const [z30, z31] = mul2(zz0, zz1, p[4], p[5]);
  return new G2P({ c0: xz0, c1: xz1 }, { c0: p[2], c1: p[3] }, { c0: z30, c1: z31 }) as G2Point;
}

/** True iff the affine curve point is in G2: ψ(P) = −[|u|]P. (Part of the 'G2.decode' unit cost.) */
export function isInG2(a: Affine2): boolean {
  const { x, y } = a;
  let q = JAC_ZERO;
  for (const bit of U_BITS) {
    q = jacDouble(q);
    if (bit === '1') q = jacAddAffine(q, x.c0, x.c1, y.c0, y.c1);
  }
  if (isZero(q)) return false;
  const [px, py] = psi(x, y);
  const [zz0, zz1] = sqr2(q[4], q[5]);
  const [lx0, lx1] = mul2(px.c0, px.c1, zz0, zz1);
  if (lx0 !== q[0] || lx1 !== q[1]) return false;
  const [z30, z31] = mul2(zz0, zz1, q[4], q[5]);
  const [ly0, ly1] = mul2(py.c0, py.c1, z30, z31);
  return ly0 === sub(0n, q[2]) && ly1 === sub(0n, q[3]);
}

/**
 * A square root of a0 + a1·i in Fp2, or undefined, with two Fp exponentiations: γ = √(a0² + a1²),
 * δ = (a0 + γ)/2 and u = δ^((p+1)/4). If u² = δ the root is u + (a1/2u)·i; otherwise u² = −δ
 * (p ≡ 3 mod 4) and the root is a1/(2u) + u·i, since δ·((a0 − γ)/2) = −(a1/2)².
 */
function sqrtFp2(a0: bigint, a1: bigint): E | undefined {
  if (a1 === 0n) {
    const r = sqrtCandidate(a0);
    if ((r * r) % P === a0) return [r, 0n];
    return (r * r) % P === sub(0n, a0) ? [0n, r] : undefined;
  }
  const gamma = sqrtFp(add(mulp(a0, a0), mulp(a1, a1)));
  if (gamma === undefined) return undefined;
  const delta = mulp(add(a0, gamma), HALF);
  const u = sqrtCandidate(delta);
  if (u === 0n) return undefined;
  const v = mulp(a1, Fp.inv(add(u, u)));
  const root: E = (u * u) % P === delta ? [u, v] : [v, u];
  const [s0, s1] = sqr2(root[0], root[1]);
  return s0 === a0 && s1 === a1 ? root : undefined;
}

const B0 = 4n;
const B1 = 4n; // b' = 4(1 + i)

/**
 * Decompresses a canonical, compressed, non-identity G2 encoding (flags and coordinate ranges
 * already checked by the caller) and checks curve and subgroup membership.
 */
export function decompressG2(bytes: Uint8Array): { point: G2Point } | { error: string } {
  let x1 = BigInt(bytes[0]! & 0x1f);
  for (let k = 1; k < 48; k++) x1 = (x1 << 8n) | BigInt(bytes[k]!);
  let x0 = 0n;
  for (let k = 48; k < 96; k++) x0 = (x0 << 8n) | BigInt(bytes[k]!);
  const [xx0, xx1] = sqr2(x0, x1);
  const [c0, c1] = mul2(xx0, xx1, x0, x1);
  const root = sqrtFp2(add(c0, B0), add(c1, B1));
  if (!root) return { error: 'not on the curve' };
  let [y0, y1] = root;
  const larger = y1 !== 0n ? y1 > HALF_P : y0 > HALF_P;
  if (larger !== ((bytes[0]! & 0x20) !== 0)) {
    y0 = sub(0n, y0);
    y1 = sub(0n, y1);
  }
  const a = { x: { c0: x0, c1: x1 }, y: { c0: y0, c1: y1 } };
  if (!isInG2(a)) return { error: 'not in the prime-order subgroup' };
  return { point: G2P.fromAffine(a) as G2Point };
}

/** NAF digits of k, most significant first. */
function nafDigits(k: number): number[] {
  const d: number[] = [];
  let n = k;
  while (n > 0) {
    if (n & 1) {
      const z = 2 - (n & 3);
      d.push(z);
      n -= z;
    } else d.push(0);
    n /= 2;
  }
  return d.reverse();
}

/**
 * Σ coeffs[k]·x^k for a small integer x by Horner's rule in Jacobian coordinates: each step
 * multiplies by x with NAF double-and-add and adds the next (affine) coefficient.
 */
export function evalAffinePolyAt(coeffs: readonly Affine2[], x: number): G2Point {
  if (coeffs.length === 0) return G2P.ZERO as G2Point;
  const digits = nafDigits(x);
  let dbls = 0;
  let adds = 0;
  let madds = 0;
  let acc = jacFromAffine(coeffs[coeffs.length - 1]!);
  for (let k = coeffs.length - 2; k >= 0; k--) {
    const base = acc;
    const negBase = jacNeg(base);
    let r = JAC_ZERO;
    let started = false;
    for (const d of digits) {
      if (started) {
        r = jacDouble(r);
        dbls++;
      }
      if (d === 1) {
        if (started) {
          r = jacAdd(r, base);
          adds++;
        } else r = base;
        started = true;
      } else if (d === -1) {
        r = jacAdd(r, negBase);
        adds++;
      }
    }
    const c = coeffs[k]!;
    acc = jacAddAffine(r, c.x.c0, c.x.c1, c.y.c0, c.y.c1);
    madds++;
  }
  countOp('G2.jdbl', dbls);
  countOp('G2.jadd', adds);
  countOp('G2.jmadd', madds);
  return jacToPoint(acc);
}

/** Σ of affine points with Jacobian mixed additions (the fresh-DKG sum of commitment columns). */
export function sumAffine(points: readonly Affine2[]): G2Point {
  let acc = JAC_ZERO;
  for (const p of points) acc = jacAddAffine(acc, p.x.c0, p.x.c1, p.y.c0, p.y.c1);
  countOp('G2.jmadd', points.length);
  return jacToPoint(acc);
}

/** Affine coordinates (cheap for points with Z = 1, e.g. freshly decoded or batch-normalized). */
export function affineOf(p: G2Point): Affine2 {
  const a = p.toAffine();
  return { x: a.x, y: a.y };
}
