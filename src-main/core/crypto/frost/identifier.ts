/**
 * FROST participant identifiers: non-zero scalars, handled as the lowercase hex of the suite's
 * scalar encoding (exactly frost-core's `Identifier::serialize()` and noble's identifiers), so they
 * can key plain records and travel in JSON unchanged.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { FrostSuite } from './suites.ts';

/** Lowercase hex of the identifier scalar in the suite's encoding. */
export type Identifier = string;

const HEX = /^[0-9a-fA-F]*$/;

/** Parses and validates an identifier; returns its scalar. Accepts either hex case. */
export function identifierToScalar(suite: FrostSuite, id: string, what = 'identifier'): bigint {
  if (typeof id !== 'string' || !HEX.test(id) || id.length !== suite.scalarLength * 2)
    throw new CeremonyError('frost/invalid-identifier', `The ${what} "${String(id).slice(0, 130)}" is not a ${suite.name} identifier.`, {
      field: what,
    });
  const s = suite.scalarFromBytes(hexToBytes(id), what);
  if (s === 0n)
    throw new CeremonyError('frost/invalid-identifier', `The ${what} is zero, which is never a valid identifier.`, { field: what });
  return s;
}

/** The canonical (lowercase) form of an identifier, after validating it. */
export function normalizeIdentifier(suite: FrostSuite, id: string, what = 'identifier'): Identifier {
  identifierToScalar(suite, id, what);
  return id.toLowerCase();
}

export function identifierFromScalar(suite: FrostSuite, s: bigint): Identifier {
  const n = suite.Fn.create(s);
  if (n === 0n) throw new CeremonyError('frost/invalid-identifier', 'A zero identifier cannot be used.', {});
  return bytesToHex(suite.scalarToBytes(n));
}

/** frost-core `Identifier::try_from(u16)`: the small integer 1..65535 as a scalar. */
export function identifierFromIndex(suite: FrostSuite, index: number): Identifier {
  if (!Number.isInteger(index) || index < 1 || index > 0xffff)
    throw new CeremonyError('frost/invalid-identifier', `Participant index ${index} must be an integer from 1 to 65535.`, { index });
  return identifierFromScalar(suite, BigInt(index));
}

/** frost-core `Identifier::derive(bytes)`: HID(bytes), the suite hash with DST = ID ‖ "id". */
export function deriveIdentifier(suite: FrostSuite, bytes: Uint8Array): Identifier {
  return identifierFromScalar(suite, suite.hashToScalar('id', bytes));
}

/** frost-core orders identifiers by numeric scalar value (BTreeMap order). */
export function compareIdentifiers(suite: FrostSuite, a: Identifier, b: Identifier): number {
  const x = identifierToScalar(suite, a);
  const y = identifierToScalar(suite, b);
  return x < y ? -1 : x > y ? 1 : 0;
}

export function sortIdentifiers(suite: FrostSuite, ids: Iterable<Identifier>): Identifier[] {
  return [...ids].sort((a, b) => compareIdentifiers(suite, a, b));
}
