/**
 * Input checks shared by the protocol rounds. They turn bytes from peers into group elements and
 * scalars, and when something is wrong they throw a CeremonyError that names the participant
 * whose input failed (`details.culprit`), so the UI can say who to talk to.
 */
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import { identifierToScalar, normalizeIdentifier, type Identifier } from './identifier.ts';
import type { FrostSuite, FrostSuiteId, GroupElement } from './suites.ts';
import { frostSuite } from './suites.ts';

/** Runs `fn`; a CeremonyError it throws gains `culprit` (and stays otherwise unchanged). */
export function blame<T>(culprit: Identifier, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isCeremonyError(e) && e.details.culprit === undefined) {
      throw new CeremonyError(e.code, `Input from participant ${culprit}: ${e.message}`, { ...e.details, culprit });
    }
    throw e;
  }
}

/** All inputs must be for the same suite; returns that suite. */
export function sameSuite(expected: FrostSuiteId, ...items: ReadonlyArray<{ suite: FrostSuiteId } | undefined>): FrostSuite {
  for (const item of items) {
    if (item && item.suite !== expected)
      throw new CeremonyError(
        'frost/suite-mismatch',
        `Got a ${item.suite} value in a ${expected} ceremony; all inputs must use one ciphersuite.`,
        {
          expected,
          received: item.suite,
        },
      );
  }
  return frostSuite(expected);
}

export function validateSignerCounts(minSigners: number, maxSigners: number): void {
  const ok = (n: number) => Number.isInteger(n) && n >= 2 && n <= 0xffff;
  if (!ok(minSigners) || !ok(maxSigners) || minSigners > maxSigners)
    throw new CeremonyError(
      'frost/invalid-threshold',
      `A threshold of ${minSigners} out of ${maxSigners} participants is not possible: FROST needs 2 ≤ threshold ≤ participants ≤ 65535.`,
      { minSigners, maxSigners },
    );
}

export function decodePoints(suite: FrostSuite, points: readonly Uint8Array[], what: string): GroupElement[] {
  return points.map((p, i) => suite.elementFromBytes(p, `${what} #${i}`));
}

export function scalars(suite: FrostSuite, values: readonly Uint8Array[], what: string): bigint[] {
  return values.map((v, i) => suite.scalarFromBytes(v, `${what} #${i}`));
}

/** Normalizes the keys of a record of per-participant values, rejecting duplicates after normalization. */
export function normalizeKeys<T>(suite: FrostSuite, record: Readonly<Record<string, T>>, what: string): Map<Identifier, T> {
  const out = new Map<Identifier, T>();
  for (const [k, v] of Object.entries(record)) {
    const id = normalizeIdentifier(suite, k, `${what} identifier`);
    if (out.has(id))
      throw new CeremonyError('frost/duplicate-identifier', `Participant ${id} appears twice in the ${what}.`, { culprit: id });
    out.set(id, v);
  }
  return out;
}

export function scalarOf(suite: FrostSuite, id: Identifier): bigint {
  return identifierToScalar(suite, id);
}
