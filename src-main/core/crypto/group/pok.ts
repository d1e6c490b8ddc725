/**
 * Schnorr proof of knowledge of a dealer's constant term a₀, bound to the ceremony.
 *
 * FROST's round-1 proof hashes (identifier ‖ φ₀ ‖ R); trust-server's PoPs hash nothing but the
 * key. Both can be replayed into another ceremony that reuses the same polynomial. Here the
 * challenge also covers the roster fingerprint, which fixes the ceremony id, threshold and every
 * member's keys:
 *
 *   c = H("FROST-ED25519-SHA512-v1" ‖ "group-pok", roster ‖ id ‖ φ₀ ‖ R),   μ = k + a₀·c
 *
 * and the proof is the usual (R, μ) signature encoding.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { concatBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { identifierToScalar, type Identifier } from '../frost/identifier.ts';
import { baseMul, randomScalar, type Rng } from '../frost/polynomial.ts';
import type { GroupElement } from '../frost/suites.ts';
import { GROUP_SUITE as S } from './suite.ts';

/**
 * What is proven: a dealer's constant term in genesis (bound to the roster fingerprint), or a
 * newcomer's rebuilt share after a join (bound to the join request hash).
 */
export type ProofPurpose = 'genesis' | 'share';

function challenge(purpose: ProofPurpose, session: string, identifier: Identifier, phi0: GroupElement, R: GroupElement): bigint {
  const id = S.scalarToBytes(identifierToScalar(S, identifier));
  return S.hashToScalar(
    purpose === 'genesis' ? 'group-pok' : 'group-share-pok',
    concatBytes(hexToBytes(session), id, S.elementToBytes(phi0), S.elementToBytes(R)),
  );
}

export function proveKnowledge(
  rosterFingerprint: string,
  identifier: Identifier,
  a0: bigint,
  rng: Rng,
  purpose: ProofPurpose = 'genesis',
): Uint8Array {
  const k = randomScalar(S, rng);
  const R = baseMul(S, k);
  const c = challenge(purpose, rosterFingerprint, identifier, baseMul(S, a0), R);
  return S.signatureToBytes(R, S.Fn.add(k, S.Fn.mul(a0, c)));
}

/** Throws `group/invalid-proof` naming `moniker` unless the proof verifies for this roster (or request). */
export function verifyKnowledge(
  rosterFingerprint: string,
  moniker: string,
  identifier: Identifier,
  phi0: GroupElement,
  proof: Uint8Array,
  purpose: ProofPurpose = 'genesis',
): void {
  const bad = () =>
    new CeremonyError(
      'group/invalid-proof',
      purpose === 'genesis'
        ? `The round-1 proof of knowledge from ${moniker} does not verify for this roster: it is damaged, forged, or made for another ceremony.`
        : `${moniker}'s proof of holding their new share does not verify: the join notice is damaged or forged.`,
      { culprit: moniker },
    );
  let R: GroupElement;
  let z: bigint;
  try {
    ({ R, z } = S.signatureFromBytes(proof, 'proof of knowledge'));
  } catch {
    throw bad();
  }
  const c = challenge(purpose, rosterFingerprint, identifier, phi0, R);
  if (!S.base.multiplyUnsafe(z).subtract(phi0.multiplyUnsafe(c)).equals(R)) throw bad();
}
