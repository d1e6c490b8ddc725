/**
 * Monikers: the operator names a trust-server group is built on. Each moniker fixes the
 * operator's evaluation point exactly as `sss-tool` computes it,
 *
 *   x(moniker) = SHA-256("actor-" ‖ utf8(moniker)) read little-endian, mod ℓ,
 *
 * so a share made here sits on the same x as the trust-server's tooling expects, and that x is
 * the operator's FROST identifier (the 32-byte little-endian scalar, as hex).
 *
 * We accept a conservative alphabet (ASCII letters, digits, `_ . -`): the hash is over raw UTF-8
 * bytes, so look-alike or differently-normalised Unicode names would silently give different
 * points on different machines. Two monikers that differ only in letter case are refused as
 * duplicates because people read them as the same name.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { identifierFromScalar, type Identifier } from '../frost/identifier.ts';
import { GROUP_SUITE } from './suite.ts';

export const MONIKER_PATTERN = /^[A-Za-z0-9][A-Za-z0-9_.-]{0,63}$/;

/** Throws `group/invalid-moniker` unless `m` is 1–64 characters of letters, digits, `_ . -`. */
export function validateMoniker(m: unknown, what = 'moniker'): string {
  if (typeof m !== 'string' || !MONIKER_PATTERN.test(m))
    throw new CeremonyError(
      'group/invalid-moniker',
      `The ${what} "${String(m).slice(0, 80)}" is not usable: use 1 to 64 letters, digits, "_", "." or "-", starting with a letter or digit.`,
      { field: what },
    );
  return m;
}

/** Monikers compare case-insensitively for uniqueness ("Alice" and "alice" are the same person to a reader). */
export function monikerKey(m: string): string {
  return m.toLowerCase();
}

export function sameMoniker(a: string, b: string): boolean {
  return monikerKey(a) === monikerKey(b);
}

/** The moniker's evaluation point, trust-server `get_x_raw`. */
export function monikerX(moniker: string): bigint {
  const digest = sha256(concatBytes(utf8ToBytes('actor-'), utf8ToBytes(moniker)));
  return GROUP_SUITE.Fn.create(bytesToNumberLE(digest));
}

/** The FROST identifier (hex of the little-endian scalar) of a moniker's evaluation point. */
export function monikerIdentifier(moniker: string): Identifier {
  const x = monikerX(validateMoniker(moniker));
  if (x === 0n)
    throw new CeremonyError(
      'group/invalid-moniker',
      `The moniker "${moniker}" maps to the point zero, which cannot hold a share; choose another.`,
      {
        moniker,
      },
    );
  return identifierFromScalar(GROUP_SUITE, x);
}

/**
 * Checks a list of monikers for a group: each valid, none repeated (ignoring case), and no two
 * mapping to the same point. Returns them in the given order.
 */
export function checkDistinctMonikers(monikers: readonly string[]): string[] {
  const seen = new Map<string, string>();
  const points = new Map<Identifier, string>();
  for (const m of monikers) {
    validateMoniker(m);
    const prior = seen.get(monikerKey(m));
    if (prior !== undefined)
      throw new CeremonyError(
        'group/duplicate-moniker',
        prior === m
          ? `The moniker "${m}" is listed twice; every operator needs their own name.`
          : `The monikers "${prior}" and "${m}" differ only in letter case; every operator needs a clearly different name.`,
        { moniker: m },
      );
    seen.set(monikerKey(m), m);
    const id = monikerIdentifier(m);
    const clash = points.get(id);
    if (clash !== undefined)
      throw new CeremonyError('group/duplicate-moniker', `The monikers "${clash}" and "${m}" map to the same point; rename one of them.`, {
        moniker: m,
      });
    points.set(id, m);
  }
  return [...monikers];
}
