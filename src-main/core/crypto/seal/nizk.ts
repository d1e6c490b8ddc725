import { Fr, randomScalar, reduceWide, type RandomSource, systemRandom } from './field.ts';
import { type AnyPoint, type Group, mul, mulBase, msm } from './groups.ts';
import type { RandomOracle } from './random-oracle.ts';

/**
 * fastcrypto-tbls NIZKs (nizk.rs):
 *  - DdhTupleNizk for [G, H, xG, xH]: prover sends A = rG, B = rH, z = r + c·x with
 *    c = reduce(RO(G, H, xG, xH, A, B)); verifier checks zG = A + c·xG and zH = B + c·xH.
 *  - DLNizk for [G, xG]: A = rG, z = r + c·x with c = reduce(RO(G, xG, A)).
 * The RO input is the BCS tuple, i.e. the concatenated compressed encodings.
 */

export interface DdhTupleNizk<Pt extends AnyPoint> {
  a: Pt;
  b: Pt;
  z: bigint;
}
export interface DlNizk<Pt extends AnyPoint> {
  a: Pt;
  z: bigint;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let off = 0;
  for (const p of parts) {
    out.set(p, off);
    off += p.length;
  }
  return out;
}

export function ddhChallenge<Pt extends AnyPoint>(g: Group<Pt>, h: Pt, xG: Pt, xH: Pt, a: Pt, b: Pt, ro: RandomOracle): bigint {
  return ddhChallengeOfEncodings(g.encode(g.generator), g.encode(h), g.encode(xG), g.encode(xH), g.encode(a), g.encode(b), ro);
}

/**
 * The same challenge from the points' compressed encodings (a point that decoded strictly
 * re-encodes to the very bytes it came from, so callers may pass the bytes they read).
 */
export function ddhChallengeOfEncodings(
  gen: Uint8Array,
  h: Uint8Array,
  xG: Uint8Array,
  xH: Uint8Array,
  a: Uint8Array,
  b: Uint8Array,
  ro: RandomOracle,
): bigint {
  return reduceWide(ro.evaluate(concat([gen, h, xG, xH, a, b])));
}

export function dlChallenge<Pt extends AnyPoint>(g: Group<Pt>, xG: Pt, a: Pt, ro: RandomOracle): bigint {
  return dlChallengeOfEncodings(g.encode(g.generator), g.encode(xG), g.encode(a), ro);
}

/** The same challenge from the points' compressed encodings. */
export function dlChallengeOfEncodings(gen: Uint8Array, xG: Uint8Array, a: Uint8Array, ro: RandomOracle): bigint {
  return reduceWide(ro.evaluate(concat([gen, xG, a])));
}

export function createDdhNizk<Pt extends AnyPoint>(
  g: Group<Pt>,
  x: bigint,
  h: Pt,
  xG: Pt,
  xH: Pt,
  ro: RandomOracle,
  rng: RandomSource = systemRandom,
): DdhTupleNizk<Pt> {
  const r = randomScalar(rng);
  const a = mulBase(g, r);
  const b = h.multiply(r) as Pt;
  const c = ddhChallenge(g, h, xG, xH, a, b, ro);
  return { a, b, z: Fr.add(Fr.mul(c, x), r) };
}

/**
 * The two verification equations as linear combinations that must vanish:
 *   A + c·xG − z·G = O   and   B + c·xH − z·H = O.
 * Returned so callers can batch many proofs into one multi-scalar multiplication.
 */
export function ddhVerificationTerms<Pt extends AnyPoint>(
  g: Group<Pt>,
  proof: DdhTupleNizk<Pt>,
  h: Pt,
  xG: Pt,
  xH: Pt,
  ro: RandomOracle,
): { first: LinearTerms<Pt>; second: LinearTerms<Pt> } | undefined {
  if (h.is0() || xG.is0() || xH.is0()) return undefined;
  const c = ddhChallenge(g, h, xG, xH, proof.a, proof.b, ro);
  const negZ = Fr.neg(proof.z);
  return {
    first: { points: [proof.a, xG], scalars: [1n, c], baseScalar: negZ },
    second: { points: [proof.b, xH, h], scalars: [1n, c, negZ], baseScalar: 0n },
  };
}

export function verifyDdhNizk<Pt extends AnyPoint>(
  g: Group<Pt>,
  proof: DdhTupleNizk<Pt>,
  h: Pt,
  xG: Pt,
  xH: Pt,
  ro: RandomOracle,
): boolean {
  if (h.is0() || xG.is0() || xH.is0()) return false;
  const c = ddhChallenge(g, h, xG, xH, proof.a, proof.b, ro);
  const left1 = proof.a.add(mul(g, xG, c));
  const right1 = mulBase(g, proof.z);
  if (!left1.equals(right1)) return false;
  const left2 = proof.b.add(mul(g, xH, c));
  const right2 = mul(g, h, proof.z);
  return left2.equals(right2);
}

export function createDlNizk<Pt extends AnyPoint>(
  g: Group<Pt>,
  x: bigint,
  xG: Pt,
  ro: RandomOracle,
  rng: RandomSource = systemRandom,
): DlNizk<Pt> {
  const r = randomScalar(rng);
  const a = mulBase(g, r);
  const c = dlChallenge(g, xG, a, ro);
  return { a, z: Fr.add(Fr.mul(c, x), r) };
}

/** A + c·xG − z·G = O as a linear combination (undefined when xG is the identity: always invalid). */
export function dlVerificationTerms<Pt extends AnyPoint>(
  g: Group<Pt>,
  proof: DlNizk<Pt>,
  xG: Pt,
  ro: RandomOracle,
): LinearTerms<Pt> | undefined {
  if (xG.is0()) return undefined;
  const c = dlChallenge(g, xG, proof.a, ro);
  return { points: [proof.a, xG], scalars: [1n, c], baseScalar: Fr.neg(proof.z) };
}

export function verifyDlNizk<Pt extends AnyPoint>(g: Group<Pt>, proof: DlNizk<Pt>, xG: Pt, ro: RandomOracle): boolean {
  if (xG.is0()) return false;
  const c = dlChallenge(g, xG, proof.a, ro);
  return proof.a.add(mul(g, xG, c)).equals(mulBase(g, proof.z));
}

/** Σ scalars[i]·points[i] + baseScalar·G, a relation expected to equal the identity. */
export interface LinearTerms<Pt extends AnyPoint> {
  points: Pt[];
  scalars: bigint[];
  baseScalar: bigint;
}

/**
 * Checks many vanishing relations at once: Σ_j ρ_j·(relation_j) = O with independent random
 * 64-bit ρ_j. All points are in the prime-order subgroup, so a false relation survives with
 * probability at most 2^-64 (fastcrypto batches its checks the same way).
 */
export function batchRelationsVanish<Pt extends AnyPoint>(
  g: Group<Pt>,
  relations: readonly LinearTerms<Pt>[],
  rho: readonly bigint[],
): boolean {
  const points: Pt[] = [];
  const scalars: bigint[] = [];
  let base = 0n;
  relations.forEach((rel, j) => {
    const r = rho[j]!;
    rel.points.forEach((p, i) => {
      points.push(p);
      scalars.push(Fr.mul(r, rel.scalars[i]!));
    });
    base = Fr.add(base, Fr.mul(r, rel.baseScalar));
  });
  return msm(g, points, scalars).add(mulBase(g, base)).is0();
}
