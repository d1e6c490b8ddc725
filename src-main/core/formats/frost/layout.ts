/**
 * Shared pieces of frost-core's encodings: the layout choice, the header, and field decoders that
 * report which structure and field failed.
 */
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId } from '../../crypto/frost/suites.ts';
import { crc32BigEndian } from './crc32.ts';

/**
 * frost-core 2.x (what frost-client and frostd users run today) or 3.0. They differ only in
 * PublicKeyPackage, which gained an optional `min_signers` in 3.0. 2.x JSON readers reject it
 * (`deny_unknown_fields`); 2.x postcard readers ignore it (trailing bytes). Readers here accept both.
 */
export type FrostLayout = '2.x' | '3.0';
export const DEFAULT_FROST_LAYOUT: FrostLayout = '3.0';

export interface EncodeOptions {
  layout?: FrostLayout;
}

/** Header version byte; frost-core only knows 0 and refuses anything else. */
export const FROST_FORMAT_VERSION = 0;

const shortIds = new Map<FrostSuiteId, Uint8Array>();
/** The 4-byte ciphersuite tag of the binary header: big-endian CRC-32 of the ID string. */
export function suiteShortId(suiteId: FrostSuiteId): Uint8Array {
  let id = shortIds.get(suiteId);
  if (!id) shortIds.set(suiteId, (id = crc32BigEndian(utf8ToBytes(suiteId))));
  return id;
}

export function checkVersion(version: unknown, what: string): void {
  if (version !== FROST_FORMAT_VERSION)
    throw new CeremonyError(
      'frost/format-version',
      `The ${what} uses format version ${String(version)}, but only version 0 exists; it may come from newer software.`,
      { kind: what, version: typeof version === 'number' ? version : String(version) },
    );
}

export function wrongSuite(what: string, expected: FrostSuiteId, got: string): CeremonyError {
  return new CeremonyError('frost/wrong-ciphersuite', `The ${what} is for ciphersuite ${got}, not ${expected}.`, {
    kind: what,
    expected,
    received: got,
  });
}

export function suiteOf(id: FrostSuiteId): FrostSuite {
  return frostSuite(id);
}
