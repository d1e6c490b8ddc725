/**
 * An operator's identity in a group: an Ed25519 key that signs its statements (registration,
 * join request, approvals) and an X25519 key that others encrypt shares to. Both come from one
 * 32-byte seed kept in the vault, through HKDF with distinct labels, so the vault holds a single
 * secret and neither key can be computed from the other.
 *
 * People compare the identity by its fingerprint (SHA-256 over both public keys), read aloud as
 * a check code.
 */
import { ed25519, x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';

/** Public half of an identity, as hex (what rosters, requests and bundles carry). */
export type IdentityPublic = {
  readonly signKey: string;
  readonly encKey: string;
};

export interface IdentityKeys {
  readonly public: IdentityPublic;
  readonly signSecret: Uint8Array;
  readonly encSecret: Uint8Array;
}

const SALT = utf8ToBytes('ceremony/group/identity/v1');
const HEX32 = /^[0-9a-f]{64}$/;

export function identityFromSeed(seed: Uint8Array): IdentityKeys {
  if (seed.length !== 32) throw new Error('identityFromSeed: the seed must be 32 bytes');
  const signSecret = hkdf(sha256, seed, SALT, utf8ToBytes('ed25519-signing'), 32);
  const encSecret = hkdf(sha256, seed, SALT, utf8ToBytes('x25519-encryption'), 32);
  return {
    signSecret,
    encSecret,
    public: { signKey: bytesToHex(ed25519.getPublicKey(signSecret)), encKey: bytesToHex(x25519.getPublicKey(encSecret)) },
  };
}

/** Validates the shape of a public identity received from someone (throws `group/invalid-identity`). */
export function checkIdentityPublic(v: unknown, owner: string): IdentityPublic {
  const o = v as Partial<IdentityPublic> | null;
  const bad = () =>
    new CeremonyError('group/invalid-identity', `The identity keys of ${owner} are malformed (expected two 32-byte hex keys).`, {
      culprit: owner,
    });
  if (!o || typeof o !== 'object' || typeof o.signKey !== 'string' || typeof o.encKey !== 'string') throw bad();
  if (!HEX32.test(o.signKey) || !HEX32.test(o.encKey)) throw bad();
  try {
    ed25519.Point.fromHex(o.signKey).assertValidity();
  } catch {
    throw bad();
  }
  return { signKey: o.signKey, encKey: o.encKey };
}

/** SHA-256 over the domain and both public keys: the identity fingerprint (64 hex). */
export function identityFingerprint(id: IdentityPublic): string {
  return bytesToHex(
    sha256(concatBytes(utf8ToBytes('ceremony/group/identity-fingerprint/v1\n'), hexToBytes(id.signKey), hexToBytes(id.encKey))),
  );
}

function statementBytes(domain: string, body: unknown): Uint8Array {
  return utf8ToBytes(`ceremony/group/${domain}/v1\n${canonicalJson(body)}`);
}

/** Signs a JSON statement under a domain (e.g. "join-request"); returns 128 hex. */
export function signStatement(keys: IdentityKeys, domain: string, body: unknown): string {
  return bytesToHex(ed25519.sign(statementBytes(domain, body), keys.signSecret));
}

/** Verifies a statement signature; false for anything malformed. */
export function verifyStatement(signer: IdentityPublic, domain: string, body: unknown, signatureHex: unknown): boolean {
  if (typeof signatureHex !== 'string' || !/^[0-9a-f]{128}$/.test(signatureHex)) return false;
  try {
    return ed25519.verify(hexToBytes(signatureHex), statementBytes(domain, body), hexToBytes(signer.signKey), { zip215: false });
  } catch {
    return false;
  }
}
