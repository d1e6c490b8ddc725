/**
 * Rerandomized FROST (frost-rerandomized 2.x), for the suites frost-client signs that way:
 * RedPallas always (Zcash spends must not reveal the group key), Ed25519 with `-r`.
 *
 * The coordinator picks a randomizer α and sends it with the signing package. Each signer signs
 * with its key package shifted by α (signing share + α, verifying shares and group key + α·G);
 * the aggregate is then an ordinary signature under the randomized key VK + α·G. Because the
 * Lagrange coefficients of any signer set sum to one, adding α to every share adds α to the key.
 *
 * α = hash_randomizer(seed ‖ encode_group_commitments(commitments)), frost-rerandomized's
 * `Randomizer::new_from_commitments`; frost-client's coordinator hashes a random scalar with the
 * whole signing package instead. Either way only α travels, so signers need not recompute it.
 */
import { CeremonyError } from '../../errors.ts';
import { normalizeIdentifier, sortIdentifiers } from './identifier.ts';
import { identifierToScalar } from './identifier.ts';
import { baseMul, defaultRng, type Rng } from './polynomial.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId } from './suites.ts';
import type { KeyPackage, PublicKeyPackage, SigningPackage } from './types.ts';

/** Throws `frost/rerandomized-unsupported` for suites frost-rerandomized is not used with. */
export function rerandomizableSuite(suiteId: FrostSuiteId): FrostSuite {
  const suite = frostSuite(suiteId);
  if (!suite.rerandomizable)
    throw new CeremonyError(
      'frost/rerandomized-unsupported',
      `Rerandomized signing is only available for Ed25519 and RedPallas groups, not ${suite.name}.`,
      { suite: suite.id },
    );
  return suite;
}

/** frost-core `encode_group_commitments`: identifier ‖ hiding ‖ binding per signer, by identifier. */
function encodeGroupCommitments(suite: FrostSuite, pkg: SigningPackage): Uint8Array {
  const parts: number[] = [];
  const byId = new Map(Object.entries(pkg.signingCommitments).map(([k, v]) => [normalizeIdentifier(suite, k), v]));
  for (const id of sortIdentifiers(suite, byId.keys())) {
    const c = byId.get(id)!;
    parts.push(...suite.scalarToBytes(identifierToScalar(suite, id)), ...c.hiding, ...c.binding);
  }
  return Uint8Array.from(parts);
}

/** A fresh randomizer for this signing package (the coordinator's job). */
export function createRandomizer(signingPackage: SigningPackage, rng: Rng = defaultRng): Uint8Array {
  const suite = rerandomizableSuite(signingPackage.suite);
  const seed = rng(suite.scalarLength);
  const msg = new Uint8Array([...seed, ...encodeGroupCommitments(suite, signingPackage)]);
  return suite.scalarToBytes(suite.hashToScalar('randomizer', msg));
}

/** Decodes a randomizer from a peer (canonical scalar), naming it in the error. */
export function randomizerScalar(suiteId: FrostSuiteId, randomizer: Uint8Array): bigint {
  const suite = rerandomizableSuite(suiteId);
  return suite.scalarFromBytes(randomizer, 'randomizer');
}

function shift(suite: FrostSuite, point: Uint8Array, alphaG: ReturnType<typeof baseMul>, what: string): Uint8Array {
  return suite.elementToBytes(suite.elementFromBytes(point, what).add(alphaG));
}

/** VK + α·G: the key a rerandomized signature verifies under. */
export function randomizedVerifyingKey(suiteId: FrostSuiteId, verifyingKey: Uint8Array, randomizer: Uint8Array): Uint8Array {
  const suite = frostSuite(suiteId);
  return shift(suite, verifyingKey, baseMul(suite, randomizerScalar(suiteId, randomizer)), 'verifying key');
}

/** frost-rerandomized `KeyPackage::randomize`. */
export function randomizeKeyPackage(kp: KeyPackage, randomizer: Uint8Array): KeyPackage {
  const suite = frostSuite(kp.suite);
  const alpha = randomizerScalar(kp.suite, randomizer);
  const alphaG = baseMul(suite, alpha);
  const share = suite.scalarFromBytes(kp.signingShare, 'signing share');
  return {
    ...kp,
    signingShare: suite.scalarToBytes(suite.Fn.add(share, alpha)),
    verifyingShare: shift(suite, kp.verifyingShare, alphaG, 'verifying share'),
    verifyingKey: shift(suite, kp.verifyingKey, alphaG, 'verifying key'),
  };
}

/** frost-rerandomized `PublicKeyPackage::randomize`. */
export function randomizePublicKeyPackage(pkp: PublicKeyPackage, randomizer: Uint8Array): PublicKeyPackage {
  const suite = frostSuite(pkp.suite);
  const alphaG = baseMul(suite, randomizerScalar(pkp.suite, randomizer));
  const verifyingShares: Record<string, Uint8Array> = {};
  for (const [id, vs] of Object.entries(pkp.verifyingShares)) verifyingShares[id] = shift(suite, vs, alphaG, 'verifying share');
  return { ...pkp, verifyingShares, verifyingKey: shift(suite, pkp.verifyingKey, alphaG, 'verifying key') };
}
