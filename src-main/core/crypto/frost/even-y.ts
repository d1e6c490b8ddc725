/**
 * frost-client's `MaybeIntoEvenY` for RedPallas (reddsa's `EvenY`): Orchard spend authorizing keys
 * have an even y (sign bit of the encoding clear), so after a DKG frost-client negates the group
 * key, every verifying share and its own signing share whenever the group key came out odd.
 * Negation is linear, so the negated shares are still a sharing of the negated key, and refresh
 * and repair keep working on them. Every other suite is returned unchanged.
 */
import { hasEvenY } from './pallas.ts';
import type { FrostSuite } from './suites.ts';
import type { KeyPackage, PublicKeyPackage } from './types.ts';

export function needsEvenY(suite: FrostSuite): boolean {
  return suite.id === 'FROST(Pallas, BLAKE2b-512)';
}

function negate(suite: FrostSuite, bytes: Uint8Array, what: string): Uint8Array {
  return suite.elementToBytes(suite.elementFromBytes(bytes, what).negate());
}

export function intoEvenY(
  suite: FrostSuite,
  kp: KeyPackage,
  pkp: PublicKeyPackage,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  // reddsa decides from the public key package and applies the same choice to the key package.
  if (!needsEvenY(suite) || hasEvenY(pkp.verifyingKey)) return { keyPackage: kp, publicKeyPackage: pkp };
  const share = suite.scalarFromBytes(kp.signingShare, 'signing share');
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const [id, vs] of Object.entries(pkp.verifyingShares)) verifyingShares[id] = negate(suite, vs, 'verifying share');
  return {
    keyPackage: {
      ...kp,
      signingShare: suite.scalarToBytes(suite.Fn.neg(share)),
      verifyingShare: negate(suite, kp.verifyingShare, 'verifying share'),
      verifyingKey: negate(suite, kp.verifyingKey, 'verifying key'),
    },
    publicKeyPackage: { ...pkp, verifyingShares, verifyingKey: negate(suite, pkp.verifyingKey, 'verifying key') },
  };
}
