/**
 * Trusted-dealer key generation (frost-core `keys::generate_with_dealer` / `split`) and the
 * participant-side check that turns a dealt SecretShare into a KeyPackage
 * (`KeyPackage::try_from(SecretShare)`). Used for rehearsals, frost-client's `trusted-dealer`
 * files, and as the building block of dealer-based refresh.
 */
import { CeremonyError } from '../../errors.ts';
import { decodePoints, sameSuite, scalarOf, validateSignerCounts } from './checks.ts';
import { encodeVerifyingShares } from './dkg.ts';
import { identifierFromIndex, normalizeIdentifier, type Identifier } from './identifier.ts';
import { baseMul, defaultRng, evaluatePolynomial, evaluateVss, randomScalar, type Rng } from './polynomial.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId, type GroupElement } from './suites.ts';
import type { KeyPackage, PublicKeyPackage, SecretShare } from './types.ts';

/**
 * Shares of the polynomial with the given coefficients (a₀ = secret) for each identifier.
 * Refresh deals a zero secret whose commitment starts with the identity, which has no encoding:
 * frost-core drops it from the shares' commitment (`dropConstantTerm`).
 */
export function dealShares(
  suite: FrostSuite,
  coefficients: readonly bigint[],
  identifiers: readonly Identifier[],
  dropConstantTerm = false,
): { shares: Record<Identifier, SecretShare>; commitment: GroupElement[]; verifyingShares: Map<Identifier, GroupElement> } {
  const commitment = coefficients.map((c) => baseMul(suite, c));
  const commitmentBytes = commitment.slice(dropConstantTerm ? 1 : 0).map((p) => suite.elementToBytes(p));
  const shares: Record<Identifier, SecretShare> = {};
  const verifyingShares = new Map<Identifier, GroupElement>();
  const seen = new Set<Identifier>();
  for (const raw of identifiers) {
    const id = normalizeIdentifier(suite, raw);
    if (seen.has(id)) throw new CeremonyError('frost/duplicate-identifier', `Participant ${id} is listed twice.`, { culprit: id });
    seen.add(id);
    const s = evaluatePolynomial(suite, scalarOf(suite, id), coefficients);
    shares[id] = { suite: suite.id, identifier: id, signingShare: suite.scalarToBytes(s), commitment: commitmentBytes };
    verifyingShares.set(id, baseMul(suite, s));
  }
  return { shares, commitment, verifyingShares };
}

function defaultIdentifiers(suite: FrostSuite, maxSigners: number): Identifier[] {
  return Array.from({ length: maxSigners }, (_, i) => identifierFromIndex(suite, i + 1));
}

/**
 * frost-core `keys::split`: shares a given group secret. Identifiers default to 1..maxSigners.
 * The PublicKeyPackage carries `minSigners` (frost-core 3.0 form).
 */
export function splitSecret(
  suiteId: FrostSuiteId,
  secret: bigint,
  maxSigners: number,
  minSigners: number,
  identifiers?: readonly Identifier[],
  rng: Rng = defaultRng,
): { shares: Record<Identifier, SecretShare>; publicKeyPackage: PublicKeyPackage } {
  const suite = frostSuite(suiteId);
  validateSignerCounts(minSigners, maxSigners);
  const ids = identifiers ?? defaultIdentifiers(suite, maxSigners);
  if (ids.length !== maxSigners)
    throw new CeremonyError('frost/invalid-threshold', `Got ${ids.length} identifiers for ${maxSigners} participants.`, {
      expected: maxSigners,
      received: ids.length,
    });
  const coefficients = [secret, ...Array.from({ length: minSigners - 1 }, () => randomScalar(suite, rng))];
  const dealt = dealShares(suite, coefficients, ids);
  return {
    shares: dealt.shares,
    publicKeyPackage: {
      suite: suiteId,
      verifyingShares: encodeVerifyingShares(suite, dealt.verifyingShares),
      verifyingKey: suite.elementToBytes(dealt.commitment[0]!),
      minSigners,
    },
  };
}

/** frost-core `keys::generate_with_dealer`: a random group secret, shared. */
export function generateWithDealer(
  suiteId: FrostSuiteId,
  maxSigners: number,
  minSigners: number,
  identifiers?: readonly Identifier[],
  rng: Rng = defaultRng,
): { shares: Record<Identifier, SecretShare>; publicKeyPackage: PublicKeyPackage } {
  return splitSecret(suiteId, randomScalar(frostSuite(suiteId), rng), maxSigners, minSigners, identifiers, rng);
}

/**
 * frost-core `SecretShare::verify` + `KeyPackage::try_from`: checks the dealt share against the
 * dealer's commitment and builds the KeyPackage. Everyone must also compare the commitment they
 * received over a broadcast channel (frost-core leaves that to the caller).
 */
export function keyPackageFromSecretShare(share: SecretShare): KeyPackage {
  const suite = sameSuite(share.suite);
  const id = normalizeIdentifier(suite, share.identifier);
  if (share.commitment.length < 2)
    throw new CeremonyError('frost/invalid-threshold', 'The secret share commits to fewer than 2 coefficients.', {
      received: share.commitment.length,
    });
  const commitment = decodePoints(suite, share.commitment, 'dealer commitment');
  const s = suite.scalarFromBytes(share.signingShare, 'signing share');
  if (!baseMul(suite, s).equals(evaluateVss(suite, scalarOf(suite, id), commitment)))
    throw new CeremonyError('frost/invalid-secret-share', `The secret share for ${id} does not match the dealer's commitment.`, {
      identifier: id,
    });
  return {
    suite: suite.id,
    identifier: id,
    signingShare: share.signingShare,
    verifyingShare: suite.elementToBytes(baseMul(suite, s)),
    verifyingKey: share.commitment[0]!,
    minSigners: commitment.length,
  };
}
