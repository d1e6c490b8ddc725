/**
 * frost-secp256k1-tr's `post_dkg` hook. BIP-341 says a key with no script path should still commit
 * to an unspendable one, so frost-core tweaks every DKG output: make the group key even-Y (negating
 * shares if needed), then add t = H_TapTweak(x(P)) to every share and t·G to every public key.
 * Signing later re-normalizes to even Y (noble's schnorr_FROST does that part).
 */
import { schnorr } from '@noble/curves/secp256k1.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { intoEvenY, needsEvenY } from './even-y.ts';
import { baseMul } from './polynomial.ts';
import type { FrostSuite } from './suites.ts';
import type { KeyPackage, PublicKeyPackage } from './types.ts';

export function isTaprootSuite(suite: FrostSuite): boolean {
  return suite.id === 'FROST-secp256k1-SHA256-TR-v1';
}

/** Compressed SEC1 encodings say the parity of y in their first byte. */
const isOddY = (compressed: Uint8Array) => compressed[0] === 0x03;

function tapTweak(suite: FrostSuite, verifyingKey: Uint8Array): bigint {
  // frost-core hashes x(P) with no merkle root and reduces modulo n.
  return suite.Fn.create(bytesToNumberBE(schnorr.utils.taggedHash('TapTweak', verifyingKey.subarray(1))));
}

function negatePoint(suite: FrostSuite, bytes: Uint8Array, what: string): Uint8Array {
  return suite.elementToBytes(suite.elementFromBytes(bytes, what).negate());
}

function addPoint(suite: FrostSuite, bytes: Uint8Array, tG: ReturnType<typeof baseMul>, what: string): Uint8Array {
  return suite.elementToBytes(suite.elementFromBytes(bytes, what).add(tG));
}

export function tweakKeyPackage(suite: FrostSuite, kp: KeyPackage): KeyPackage {
  const t = tapTweak(suite, kp.verifyingKey);
  const tG = baseMul(suite, t);
  const odd = isOddY(kp.verifyingKey);
  const Fn = suite.Fn;
  let share = suite.scalarFromBytes(kp.signingShare, 'signing share');
  let verifyingShare = kp.verifyingShare;
  let verifyingKey = kp.verifyingKey;
  if (odd) {
    share = Fn.neg(share);
    verifyingShare = negatePoint(suite, verifyingShare, 'verifying share');
    verifyingKey = negatePoint(suite, verifyingKey, 'verifying key');
  }
  return {
    ...kp,
    signingShare: suite.scalarToBytes(Fn.add(share, t)),
    verifyingShare: addPoint(suite, verifyingShare, tG, 'verifying share'),
    verifyingKey: addPoint(suite, verifyingKey, tG, 'verifying key'),
  };
}

export function tweakPublicKeyPackage(suite: FrostSuite, pkp: PublicKeyPackage): PublicKeyPackage {
  const tG = baseMul(suite, tapTweak(suite, pkp.verifyingKey));
  const odd = isOddY(pkp.verifyingKey);
  const even = (b: Uint8Array, what: string) => (odd ? negatePoint(suite, b, what) : b);
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const [id, vs] of Object.entries(pkp.verifyingShares))
    verifyingShares[id] = addPoint(suite, even(vs, 'verifying share'), tG, 'verifying share');
  return { ...pkp, verifyingShares, verifyingKey: addPoint(suite, even(pkp.verifyingKey, 'verifying key'), tG, 'verifying key') };
}

/**
 * frost-core `Ciphersuite::post_dkg`: the Taproot tweak for secp256k1-tr; and for RedPallas the
 * even-Y normalisation frost-client (and reddsa's `dkg::part3`) applies to every DKG output.
 */
export function postDkg(
  suite: FrostSuite,
  kp: KeyPackage,
  pkp: PublicKeyPackage,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  if (needsEvenY(suite)) return intoEvenY(suite, kp, pkp);
  if (!isTaprootSuite(suite)) return { keyPackage: kp, publicKeyPackage: pkp };
  return { keyPackage: tweakKeyPackage(suite, kp), publicKeyPackage: tweakPublicKeyPackage(suite, pkp) };
}
