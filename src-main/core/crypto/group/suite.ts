/**
 * The group runs on one FROST ciphersuite: Ed25519 with SHA-512, because its signatures are
 * plain RFC 8032 Ed25519 signatures that the trust-server's clients (and `openssl pkeyutl`)
 * verify with the group key alone.
 */
import { frostSuite, type FrostSuiteId } from '../frost/suites.ts';

export const GROUP_SUITE_ID: FrostSuiteId = 'FROST-ED25519-SHA512-v1';
export const GROUP_SUITE = frostSuite(GROUP_SUITE_ID);
