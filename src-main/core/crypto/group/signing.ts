/**
 * M-of-N signing with the group key: FROST (RFC 9591) two-round signing from the FROST core.
 * The result is a plain 64-byte Ed25519 signature under the group key, which stock verifiers
 * (noble `ed25519.verify`, `openssl pkeyutl -verify`, the trust-server's JWT check) accept.
 *
 * Runs every chosen signer in one process: for rehearsals and tests. Real signing between
 * servers is the trust-server's business, not the ceremony's.
 */
import { aggregate, commit, createSigningPackage, sign } from '../frost/signing.ts';
import { defaultRng, type Rng } from '../frost/polynomial.ts';
import type { Identifier } from '../frost/identifier.ts';
import type { KeyPackage, SignatureShare, SigningCommitments, SigningNonces } from '../frost/types.ts';
import { publicKeyPackageOf, type GroupPublic } from './group-public.ts';
import { GROUP_SUITE_ID } from './suite.ts';

export function signWithQuorum(group: GroupPublic, signers: readonly KeyPackage[], message: Uint8Array, rng: Rng = defaultRng): Uint8Array {
  const nonces = new Map<Identifier, SigningNonces>();
  const commitments: Record<Identifier, SigningCommitments> = {};
  for (const kp of signers) {
    const c = commit(kp, rng);
    nonces.set(kp.identifier, c.nonces);
    commitments[kp.identifier] = c.commitments;
  }
  const pkg = createSigningPackage(GROUP_SUITE_ID, commitments, message);
  const shares: Record<Identifier, SignatureShare> = {};
  for (const kp of signers) shares[kp.identifier] = sign(pkg, nonces.get(kp.identifier)!, kp);
  return aggregate(pkg, shares, publicKeyPackageOf(group));
}
