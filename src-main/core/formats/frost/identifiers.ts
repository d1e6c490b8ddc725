/**
 * Identifiers as frost-client assigns them. In a frostd DKG nobody picks numbers: each member's
 * identifier is `Identifier::derive(session_uuid_bytes ‖ communication_public_key)`, so everyone
 * computes everyone's identifier from the session they share (frost-client `dkg/comms/http.rs`).
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { deriveIdentifier, identifierFromIndex, type Identifier } from '../../crypto/frost/identifier.ts';
import { frostSuite, type FrostSuiteId } from '../../crypto/frost/suites.ts';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** The 16 raw bytes of a hyphenated UUID (Rust `Uuid::as_bytes`). */
export function uuidBytes(uuid: string): Uint8Array {
  if (typeof uuid !== 'string' || !UUID.test(uuid))
    throw new CeremonyError('frost/invalid-session-id', `"${String(uuid).slice(0, 60)}" is not a session id (a UUID like 0b7c…-…).`, {});
  return hexToBytes(uuid.replace(/-/g, ''));
}

/** frost-client's DKG identifier for the member with this communication key in this frostd session. */
export function frostClientDkgIdentifier(suiteId: FrostSuiteId, sessionId: string, communicationPublicKey: Uint8Array): Identifier {
  if (communicationPublicKey.length !== 32)
    throw new CeremonyError('frost/invalid-public-key', 'A communication public key has 32 bytes.', {
      length: communicationPublicKey.length,
    });
  const input = new Uint8Array(48);
  input.set(uuidBytes(sessionId), 0);
  input.set(communicationPublicKey, 16);
  return deriveIdentifier(frostSuite(suiteId), input);
}

/** frost-client's trusted-dealer and copy/paste tools number participants 1..n. */
export function frostClientIndexIdentifier(suiteId: FrostSuiteId, index: number): Identifier {
  return identifierFromIndex(frostSuite(suiteId), index);
}
