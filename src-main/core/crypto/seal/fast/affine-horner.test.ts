import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMcl } from '../../bls-backend/mcl-module.ts';
import { switchBlsBackend } from '../../bls-backend/select.ts';
import { seededRandom } from '../simulation.ts';
import { evalPolysLockstep, sumColumnsLockstep } from './affine-horner.ts';
import { loadMcMath, type McG2, type McMath } from './mcl-math.ts';

/**
 * The affine lockstep must give exactly what mcl's complete Jacobian formulas give, for every
 * lane, including lanes a dealer can steer into the cases affine formulas cannot do (a coefficient
 * that is the identity, one that cancels the running value, one equal to it): those lanes are
 * redone the complete way while the others go on.
 */
const random = seededRandom('affine-horner');
let m: McMath;
let restore: () => void;
beforeAll(async () => {
  restore = await switchBlsBackend('mcl');
  m = await loadMcMath(loadMcl);
});
afterAll(() => restore());

const scalar = () => {
  const bytes = random(32);
  return bytes.reduce((acc, b) => (acc << 8n) | BigInt(b), 0n) % (1n << 250n);
};
const point = (): McG2 => m.mcl.mul(m.g2Gen, m.fr(scalar()));
const times = (p: McG2, k: bigint): McG2 => m.mcl.mul(p, m.fr(k));
const same = (a: readonly McG2[], b: readonly McG2[]) => {
  expect(a.length).toBe(b.length);
  a.forEach((p, i) => expect(p.isEqual(b[i]!), `lane ${i}`).toBe(true));
};

describe('evalPolysLockstep', () => {
  it('equals Horner on Jacobian points for many x at once (short and long chains, above the search limit)', () => {
    const coeffs = Array.from({ length: 6 }, point);
    const xs = [1, 2, 3, 7, 43, 64, 127, 255, 256, 257, 600, 1001];
    same(
      evalPolysLockstep(
        m,
        xs.map((x) => ({ coeffs, x })),
      ),
      xs.map((x) => m.evalPolyAt(coeffs, x)),
    );
  });

  it('equals Horner for many polynomials at one x, from points that are not normalized', () => {
    // Sums in Jacobian form have Z ≠ 1: the lockstep normalizes them first.
    const polys = Array.from({ length: 9 }, () => Array.from({ length: 5 }, () => m.mcl.add(point(), point())));
    same(
      evalPolysLockstep(
        m,
        polys.map((coeffs) => ({ coeffs, x: 43 })),
      ),
      polys.map((c) => m.evalPolyAt(c, 43)),
    );
  });

  it('redoes, exactly, the lanes a dealer can steer into the identity or a doubling, and only those', () => {
    const x = 5;
    const c1 = point();
    // Every lane has the same length, or the whole call takes the complete path.
    const lanes = [
      { coeffs: [point(), point()], x },
      // C0 = −x·C1: the value is the identity, the last addition has equal x coordinates.
      { coeffs: [m.mcl.neg(times(c1, BigInt(x))), c1], x },
      // C0 = x·C1: the last addition adds a point to itself.
      { coeffs: [times(c1, BigInt(x)), c1], x },
      // A coefficient that is the identity has no affine form.
      { coeffs: [new m.mcl.G2(), point()], x },
      { coeffs: [point(), point()], x: 9 },
    ];
    const got = evalPolysLockstep(m, lanes);
    same(
      got,
      lanes.map((l) => m.evalPolyAt(l.coeffs, l.x)),
    );
    expect(got[1]!.isZero()).toBe(true);
    expect(got[2]!.isEqual(times(c1, BigInt(2 * x)))).toBe(true);
  });

  it('takes constant polynomials, lanes of different lengths and no lanes', () => {
    const c = point();
    same(evalPolysLockstep(m, [{ coeffs: [c], x: 7 }]), [c]);
    const mixed = [
      { coeffs: [point(), point()], x: 3 },
      { coeffs: [point(), point(), point()], x: 3 },
    ];
    same(
      evalPolysLockstep(m, mixed),
      mixed.map((l) => m.evalPolyAt(l.coeffs, l.x)),
    );
    expect(evalPolysLockstep(m, [])).toEqual([]);
  });
});

describe('sumColumnsLockstep', () => {
  it('equals the Jacobian sums, including columns that cancel, repeat a point or hold the identity', () => {
    const p = point();
    const columns = [
      Array.from({ length: 6 }, point),
      [p, point(), m.mcl.neg(p), point(), point(), point()].slice(0, 6),
      [point(), m.mcl.neg(m.mcl.add(p, p)), p, p, point(), point()],
      [p, p, point(), point(), point(), point()],
      [point(), new m.mcl.G2(), point(), point(), point(), point()],
      [p, m.mcl.neg(p), point(), point(), point(), point()],
    ];
    same(
      sumColumnsLockstep(m, columns),
      columns.map((c) => m.sum(c)),
    );
    const cancel = [p, m.mcl.neg(p)];
    expect(sumColumnsLockstep(m, [cancel, [point(), point()]])[0]!.isZero()).toBe(true);
  });
});
