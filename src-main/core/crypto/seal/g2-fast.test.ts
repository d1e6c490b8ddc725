import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { Fr, randomScalar } from './field.ts';
import {
  affineOf,
  decompressG2,
  evalAffinePolyAt,
  isInG2,
  jacAdd,
  jacAddAffine,
  jacDouble,
  jacFromAffine,
  jacToPoint,
  JAC_ZERO,
  sumAffine,
} from './g2-fast.ts';
import { evalPointPoly, G2, mulBase } from './groups.ts';
import { seededRandom } from './simulation.ts';

const F = bls12_381.fields.Fp2;
const rng = seededRandom('g2-fast');
const jac = (p: ReturnType<typeof mulBase<typeof G2.generator>>) => jacFromAffine(affineOf(p));
const madd = (j: ReturnType<typeof jac>, p: ReturnType<typeof mulBase<typeof G2.generator>>) => {
  const a = affineOf(p);
  return jacAddAffine(j, a.x.c0, a.x.c1, a.y.c0, a.y.c1);
};

describe('Jacobian G2 arithmetic agrees with noble', () => {
  it('double, mixed add, general add and the edge cases', () => {
    for (let i = 0; i < 6; i++) {
      const p = mulBase(G2, randomScalar(rng));
      const q = mulBase(G2, randomScalar(rng));
      expect(jacToPoint(jacDouble(jac(p))).equals(p.double())).toBe(true);
      expect(jacToPoint(madd(jacDouble(jac(p)), q)).equals(p.double().add(q))).toBe(true);
      expect(jacToPoint(jacAdd(jacDouble(jac(p)), jacDouble(jac(q)))).equals(p.double().add(q.double()))).toBe(true);
      expect(jacToPoint(madd(jac(p), p)).equals(p.double())).toBe(true);
      expect(jacToPoint(madd(jac(p), p.negate())).is0()).toBe(true);
      expect(jacToPoint(jacAdd(jacDouble(jac(p)), jacDouble(jac(p)))).equals(p.double().double())).toBe(true);
      expect(jacToPoint(jacAdd(JAC_ZERO, jac(q))).equals(q)).toBe(true);
    }
  });

  it('sums affine points like noble, including cancellation', () => {
    const ps = Array.from({ length: 6 }, () => mulBase(G2, randomScalar(rng)));
    const all = [...ps, ps[2]!.negate(), ps[0]!];
    expect(sumAffine(all.map(affineOf)).equals(all.reduce((a, p) => a.add(p), G2.zero))).toBe(true);
    expect(sumAffine([ps[1]!, ps[1]!.negate()].map(affineOf)).is0()).toBe(true);
  });

  it('Horner evaluation at small integers equals the generic evaluation', () => {
    const coeffs = Array.from({ length: 5 }, () => mulBase(G2, randomScalar(rng)));
    for (const x of [1, 2, 3, 7, 86, 171, 256, 999]) {
      expect(evalAffinePolyAt(coeffs.map(affineOf), x).equals(evalPointPoly(G2, coeffs, x))).toBe(true);
    }
  });
});

describe('G2 decompression and subgroup check', () => {
  it('accepts valid points exactly like noble', () => {
    for (let i = 0; i < 8; i++) {
      const p = mulBase(G2, randomScalar(rng));
      for (const q of [p, p.negate()]) {
        const r = decompressG2(q.toBytes());
        expect('point' in r && r.point.equals(q)).toBe(true);
      }
    }
  });

  it('rejects curve points outside the subgroup, as noble does', () => {
    let tested = 0;
    for (let i = 0; tested < 6 && i < 100; i++) {
      const x = F.create({ c0: Fr.create(randomScalar(rng)), c1: 7n + BigInt(i) });
      let y;
      try {
        y = F.sqrt(F.add(F.mul(F.sqr(x), x), G2.Point.CURVE().b));
      } catch {
        continue;
      }
      if (!y) continue;
      const p = G2.Point.fromAffine({ x, y });
      expect(isInG2({ x, y })).toBe(p.isTorsionFree());
      expect(isInG2({ x, y })).toBe(false);
      // Clearing the cofactor lands in G2, where both agree again.
      const cleared = affineOf(p.clearCofactor());
      expect(isInG2(cleared)).toBe(true);
      tested++;
    }
    expect(tested).toBe(6);
  });

  it('agrees with noble on which x coordinates have a curve point', () => {
    const b = G2.Point.CURVE().b;
    for (let i = 0; i < 40; i++) {
      const x = F.create({ c0: BigInt(i * 7919 + 3), c1: BigInt(i) });
      let hasRoot = true;
      try {
        F.sqrt(F.add(F.mul(F.sqr(x), x), b));
      } catch {
        hasRoot = false;
      }
      const bytes = new Uint8Array(96);
      bytes.set(Buffer.from(x.c1.toString(16).padStart(96, '0'), 'hex'), 0);
      bytes.set(Buffer.from(x.c0.toString(16).padStart(96, '0'), 'hex'), 48);
      bytes[0] = bytes[0]! | 0x80;
      const r = decompressG2(bytes);
      expect(!('error' in r) || r.error !== 'not on the curve').toBe(hasRoot);
    }
  });

  it('rejects x coordinates with no curve point', () => {
    const bytes = mulBase(G2, 5n).toBytes();
    let rejected = 0;
    for (let k = 0; k < 16; k++) {
      const b = bytes.slice();
      b[95] = b[95]! ^ (k + 1);
      const r = decompressG2(b);
      if ('error' in r) rejected++;
    }
    expect(rejected).toBe(16);
  });
});
