import { CeremonyError } from '../../errors.ts';
import { Fr, lagrangeAtZero, randomScalar, scalarFromBytes } from './field.ts';
import { G2, type G2Point, msm, mulBase } from './groups.ts';

/**
 * Self-consistency of a member's DKG outputs, as an operator checks a dkg.yaml before starting a
 * key server with it:
 *  - G2·MASTER_SHARE = PARTIAL_PKS[me] (the key server refuses to start otherwise);
 *  - the partial keys and KEY_SERVER_PK lie on one polynomial of degree < t, i.e. every
 *    t-subset of partial keys interpolates to KEY_SERVER_PK.
 * The second check uses the dual Reed–Solomon code (SCRAPE, as fastcrypto's verify_deg_t_poly):
 * values Y_j at points x_j (x = 0 for KEY_SERVER_PK, j + 1 for party j) are consistent iff
 * Σ_j v_j·x_j^k·Y_j = O for k < N − t, with v_j = 1/Π_{i≠j}(x_j − x_i). One random combination
 * checks them all; when they fail, the syndromes S_0 = v_e·E and S_1 = x_e·v_e·E of a single
 * altered value pinpoint it (x_e·S_0 = S_1).
 */

export interface OutputsCheckInput {
  threshold: number;
  /** PARTIAL_PKS in party order. */
  partialPks: readonly Uint8Array[];
  /** KEY_SERVER_PK when the file has it. */
  keyServerPk?: Uint8Array;
  myPartyId: number;
  /** MASTER_SHARE (secret, never echoed). */
  masterShare: Uint8Array;
}

export type OutputsField = 'MASTER_SHARE' | 'PARTIAL_PKS' | 'KEY_SERVER_PK';

export interface OutputsCheck {
  name: 'encoding' | 'master-share' | 'interpolation';
  ok: boolean;
  detail: string;
}

export interface OutputsCheckResult {
  ok: boolean;
  checks: OutputsCheck[];
  /** The altered value, when it can be pinpointed. */
  culprit?: { field: OutputsField; index?: number };
  /** The KEY_SERVER_PK the partial keys determine (when they are consistent or corrected). */
  impliedKeyServerPk?: Uint8Array;
}

interface Point {
  x: bigint;
  y: G2Point;
  label: string;
  field: OutputsField;
  index?: number;
}

function dualWeights(xs: readonly bigint[]): bigint[] {
  const dens = xs.map((xj, j) => xs.reduce((acc, xi, i) => (i === j ? acc : Fr.mul(acc, Fr.sub(xj, xi))), 1n));
  return Fr.invertBatch(dens);
}

/** Σ_j v_j·g(x_j)·Y_j for a random g of degree < redundancy: identity iff consistent (error 1/r). */
function consistent(points: readonly Point[], redundancy: number): boolean {
  if (redundancy <= 0) return true;
  const xs = points.map((p) => p.x);
  const v = dualWeights(xs);
  const g = Array.from({ length: redundancy }, () => randomScalar());
  const scalars = xs.map((x, j) => {
    let acc = 0n;
    for (let k = g.length - 1; k >= 0; k--) acc = Fr.add(Fr.mul(acc, x), g[k]!);
    return Fr.mul(acc, v[j]!);
  });
  return msm(
    G2,
    points.map((p) => p.y),
    scalars,
  ).is0();
}

export function checkSealOutputs(input: OutputsCheckInput): OutputsCheckResult {
  const checks: OutputsCheck[] = [];
  const n = input.partialPks.length;
  const t = input.threshold;
  const me = input.myPartyId;
  if (!Number.isInteger(t) || t < 1 || t > n) {
    throw new CeremonyError('seal/bad-threshold', `The threshold ${t} must be between 1 and the number of partial keys (${n}).`, {
      threshold: t,
      members: n,
    });
  }
  if (me < 0 || me >= n)
    throw new CeremonyError('seal/bad-party', `Party ${me} has no entry among the ${n} partial keys.`, { partyId: me });

  // Encodings.
  const points: Point[] = [];
  try {
    if (input.keyServerPk)
      points.push({ x: 0n, y: G2.decode(input.keyServerPk, 'KEY_SERVER_PK'), label: 'KEY_SERVER_PK', field: 'KEY_SERVER_PK' });
  } catch (e) {
    checks.push({ name: 'encoding', ok: false, detail: (e as Error).message });
    return { ok: false, checks, culprit: { field: 'KEY_SERVER_PK' } };
  }
  for (let j = 0; j < n; j++) {
    try {
      points.push({
        x: BigInt(j + 1),
        y: G2.decode(input.partialPks[j]!, `PARTIAL_PKS[${j}]`),
        label: `PARTIAL_PKS[${j}]`,
        field: 'PARTIAL_PKS',
        index: j,
      });
    } catch (e) {
      checks.push({ name: 'encoding', ok: false, detail: (e as Error).message });
      return { ok: false, checks, culprit: { field: 'PARTIAL_PKS', index: j } };
    }
  }
  let share: bigint;
  try {
    share = scalarFromBytes(input.masterShare, 'MASTER_SHARE');
  } catch (e) {
    checks.push({ name: 'encoding', ok: false, detail: (e as Error).message });
    return { ok: false, checks, culprit: { field: 'MASTER_SHARE' } };
  }
  checks.push({
    name: 'encoding',
    ok: true,
    detail: `${n} partial keys${input.keyServerPk ? ', KEY_SERVER_PK' : ''} and MASTER_SHARE decode`,
  });

  // Interpolation (degree check), with single-error location.
  const redundancy = points.length - t;
  let culprit: OutputsCheckResult['culprit'];
  let corrected: Point[] | undefined;
  const subsets = `every ${t}-of-${n} subset of PARTIAL_PKS`;
  if (redundancy <= 0) {
    checks.push({
      name: 'interpolation',
      ok: true,
      detail: `not checkable: ${points.length} values for threshold ${t} leave no redundancy`,
    });
  } else if (consistent(points, redundancy)) {
    checks.push({
      name: 'interpolation',
      ok: true,
      detail: input.keyServerPk ? `${subsets} interpolates to KEY_SERVER_PK` : `PARTIAL_PKS lie on one polynomial of degree < ${t}`,
    });
    corrected = points;
  } else {
    const located = redundancy >= 2 ? locateSingleError(points, redundancy) : undefined;
    if (located) {
      culprit = { field: located.point.field, ...(located.point.index !== undefined ? { index: located.point.index } : {}) };
      corrected = located.corrected;
      checks.push({
        name: 'interpolation',
        ok: false,
        detail:
          located.point.field === 'KEY_SERVER_PK'
            ? `KEY_SERVER_PK does not match the partial keys (${subsets} interpolates to another key)`
            : `${located.point.label} does not lie on the polynomial of the other partial keys${input.keyServerPk ? ' and KEY_SERVER_PK' : ''}`,
      });
    } else {
      checks.push({
        name: 'interpolation',
        ok: false,
        detail:
          redundancy >= 2
            ? `PARTIAL_PKS${input.keyServerPk ? ' and KEY_SERVER_PK' : ''} are inconsistent in more than one place`
            : `PARTIAL_PKS${input.keyServerPk ? ' and KEY_SERVER_PK' : ''} are inconsistent; with only ${points.length} values for threshold ${t} the altered one cannot be told`,
      });
    }
  }

  // MASTER_SHARE against my partial key (the corrected one when mine was the altered value).
  const mine = points.find((p) => p.field === 'PARTIAL_PKS' && p.index === me)!;
  const myKey = corrected?.find((p) => p.field === 'PARTIAL_PKS' && p.index === me)?.y ?? mine.y;
  const shareOk = mulBase(G2, share).equals(myKey);
  const shareMatchesListed = myKey === mine.y ? shareOk : mulBase(G2, share).equals(mine.y);
  checks.push({
    name: 'master-share',
    ok: shareOk && shareMatchesListed,
    detail: shareOk
      ? shareMatchesListed
        ? `MASTER_SHARE matches PARTIAL_PKS[${me}]`
        : `MASTER_SHARE matches the partial key the others imply for party ${me}, not the listed PARTIAL_PKS[${me}]`
      : `MASTER_SHARE does not match PARTIAL_PKS[${me}] (G2·share differs)`,
  });
  if (!shareOk && !culprit && checks.every((c) => c.name !== 'interpolation' || c.ok)) culprit = { field: 'MASTER_SHARE' };

  let impliedKeyServerPk: Uint8Array | undefined;
  if (corrected) {
    const pk = corrected.find((p) => p.field === 'KEY_SERVER_PK');
    if (pk) impliedKeyServerPk = G2.encode(pk.y);
    else {
      const base = corrected.slice(0, t);
      impliedKeyServerPk = G2.encode(
        msm(
          G2,
          base.map((p) => p.y),
          lagrangeAtZero(base.map((p) => Number(p.x))),
        ),
      );
    }
  }
  const ok = checks.every((c) => c.ok);
  return { ok, checks, ...(culprit ? { culprit } : {}), ...(impliedKeyServerPk ? { impliedKeyServerPk } : {}) };
}

/** Finds the one value whose replacement makes everything consistent, if there is exactly one. */
function locateSingleError(points: Point[], redundancy: number): { point: Point; corrected: Point[] } | undefined {
  const xs = points.map((p) => p.x);
  const v = dualWeights(xs);
  const s0 = msm(
    G2,
    points.map((p) => p.y),
    v,
  );
  const s1 = msm(
    G2,
    points.map((p) => p.y),
    v.map((vj, j) => Fr.mul(vj, xs[j]!)),
  );
  if (s0.is0()) return undefined;
  for (let e = 0; e < points.length; e++) {
    const xe = xs[e]!;
    const match = xe === 0n ? s1.is0() : s0.multiply(xe).equals(s1);
    if (!match) continue;
    // E = S_0 / v_e; the true value is Y_e − E.
    const error = s0.multiply(Fr.inv(v[e]!));
    const corrected = points.map((p, j) => (j === e ? { ...p, y: p.y.subtract(error) } : p));
    if (consistent(corrected, redundancy)) return { point: points[e]!, corrected };
  }
  return undefined;
}
