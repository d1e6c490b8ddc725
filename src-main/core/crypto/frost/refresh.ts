/**
 * Share refresh (frost-core `keys::refresh`): new shares of the same group key, by adding a
 * sharing of zero. Two ways, both in frost-core's message shapes:
 *
 *  - dealer: `computeRefreshingShares` (one party deals zero-shares and the new public key
 *    package) then each member `refreshShare`;
 *  - distributed (no dealer): `refreshDkgPart1/2/3`, a DKG whose polynomials have a zero constant
 *    term. Round-1 packages carry threshold−1 points (the identity constant term is omitted) and
 *    their proof of knowledge is not checked, exactly as frost-core does.
 *
 * Members left out of a refresh are evicted: their old shares no longer combine with new ones.
 * The threshold cannot change. Old shares stay valid if an attacker already holds a threshold
 * of them, so refresh is hygiene, not a cure for a past compromise.
 */
import { CeremonyError } from '../../errors.ts';
import { blame, decodePoints, normalizeKeys, sameSuite, validateSignerCounts } from './checks.ts';
import { dealShares } from './dealer.ts';
import {
  checkRound1Packages,
  computeProofOfKnowledge,
  encodeVerifyingShares,
  pairRound2Packages,
  publicKeyPackageFromCommitments,
  sharesForOthers,
  verifyShareFrom,
} from './dkg.ts';
import { normalizeIdentifier, type Identifier } from './identifier.ts';
import { baseMul, defaultRng, randomScalar, type Rng } from './polynomial.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId, type GroupElement } from './suites.ts';
import type {
  KeyPackage,
  PublicKeyPackage,
  Round1Package,
  Round1SecretPackage,
  Round2Package,
  Round2SecretPackage,
  SecretShare,
} from './types.ts';

function thresholdOf(pkp: PublicKeyPackage, explicit?: number): number {
  const t = pkp.minSigners ?? explicit;
  if (t === undefined)
    throw new CeremonyError(
      'frost/refresh-threshold-unknown',
      'This public key package has no threshold (frost-core 2.x format); pass the threshold from a member key package.',
      {},
    );
  if (explicit !== undefined && pkp.minSigners !== undefined && explicit !== pkp.minSigners)
    throw new CeremonyError('frost/refresh-threshold-mismatch', `The threshold ${explicit} differs from the group's ${pkp.minSigners}.`, {
      expected: pkp.minSigners,
      received: explicit,
    });
  return t;
}

/** Old verifying share plus the zero-sharing's public share, for each continuing member. */
function shiftVerifyingShares(
  suite: FrostSuite,
  old: PublicKeyPackage,
  zeroShares: ReadonlyMap<Identifier, GroupElement>,
): Record<Identifier, Uint8Array> {
  const oldShares = normalizeKeys(suite, old.verifyingShares, 'public key package');
  const out = new Map<Identifier, GroupElement>();
  for (const [id, delta] of zeroShares) {
    const prev = oldShares.get(id);
    if (!prev)
      throw new CeremonyError(
        'frost/refresh-unknown-participant',
        `Participant ${id} is not a member of this group and cannot take part in its refresh.`,
        {
          culprit: id,
        },
      );
    out.set(id, suite.elementFromBytes(prev, 'verifying share').add(delta));
  }
  return encodeVerifyingShares(suite, out);
}

/**
 * frost-core `compute_refreshing_shares` (dealer side). Returns one zero-share per listed member
 * (send each privately) and the group's new public key package. `minSigners` is needed only for
 * 2.x packages that do not record the threshold.
 */
export function computeRefreshingShares(
  publicKeyPackage: PublicKeyPackage,
  identifiers: readonly Identifier[],
  options: { minSigners?: number; rng?: Rng } = {},
): { shares: Record<Identifier, SecretShare>; publicKeyPackage: PublicKeyPackage } {
  const suite = frostSuite(publicKeyPackage.suite);
  const t = thresholdOf(publicKeyPackage, options.minSigners);
  validateSignerCounts(t, identifiers.length);
  const rng = options.rng ?? defaultRng;
  const coefficients = [0n, ...Array.from({ length: t - 1 }, () => randomScalar(suite, rng))];
  const dealt = dealShares(suite, coefficients, identifiers, true);
  return {
    shares: dealt.shares,
    publicKeyPackage: {
      suite: suite.id,
      verifyingShares: shiftVerifyingShares(suite, publicKeyPackage, dealt.verifyingShares),
      verifyingKey: publicKeyPackage.verifyingKey,
      minSigners: t,
    },
  };
}

/**
 * frost-core `refresh_share` (member side): checks the zero-share against the dealer's commitment
 * and adds it to the current share. Unlike frost-core 3.0, the returned KeyPackage also carries
 * the updated verifying share (frost-core keeps the stale one; it is unused when signing).
 */
export function refreshShare(refreshingShare: SecretShare, current: KeyPackage): KeyPackage {
  const suite = sameSuite(current.suite, refreshingShare);
  const id = normalizeIdentifier(suite, current.identifier);
  if (normalizeIdentifier(suite, refreshingShare.identifier) !== id)
    throw new CeremonyError('frost/refresh-wrong-recipient', `This refresh share is for ${refreshingShare.identifier}, not for ${id}.`, {
      identifier: id,
    });
  if (refreshingShare.commitment.length + 1 !== current.minSigners)
    throw new CeremonyError(
      'frost/refresh-threshold-mismatch',
      `The refresh share is for a threshold of ${refreshingShare.commitment.length + 1} but this group's threshold is ${current.minSigners}.`,
      { expected: current.minSigners, received: refreshingShare.commitment.length + 1 },
    );
  const commitment = [suite.zero, ...decodePoints(suite, refreshingShare.commitment, 'refresh commitment')];
  const delta = suite.scalarFromBytes(refreshingShare.signingShare, 'refresh share');
  try {
    verifyShareFrom(suite, 'dealer', id, delta, commitment);
  } catch {
    throw new CeremonyError('frost/refresh-invalid-share', `The refresh share for ${id} does not match the dealer's commitment.`, {
      identifier: id,
    });
  }
  const share = suite.Fn.add(suite.scalarFromBytes(current.signingShare, 'signing share'), delta);
  return {
    ...current,
    identifier: id,
    signingShare: suite.scalarToBytes(share),
    verifyingShare: suite.elementToBytes(baseMul(suite, share)),
  };
}

/**
 * frost-core `refresh_dkg_part1`. `maxSigners` is the number of members taking part in this
 * refresh (at least the threshold); members not taking part are evicted.
 */
export function refreshDkgPart1(
  suiteId: FrostSuiteId,
  identifier: Identifier,
  maxSigners: number,
  minSigners: number,
  rng: Rng = defaultRng,
): { secretPackage: Round1SecretPackage; package: Round1Package } {
  const suite = frostSuite(suiteId);
  validateSignerCounts(minSigners, maxSigners);
  const id = normalizeIdentifier(suite, identifier);
  const coefficients = [0n, ...Array.from({ length: minSigners - 1 }, () => randomScalar(suite, rng))];
  const points = coefficients.slice(1).map((c) => baseMul(suite, c));
  const commitment = points.map((p) => suite.elementToBytes(p));
  // frost-core computes this "proof" over the first remaining point with a zero secret; nobody
  // verifies it, but emitting the same shape keeps our packages indistinguishable from theirs.
  const proofOfKnowledge = computeProofOfKnowledge(suite, id, 0n, points[0]!, rng);
  return {
    secretPackage: {
      suite: suiteId,
      identifier: id,
      coefficients: coefficients.map((c) => suite.scalarToBytes(c)),
      commitment,
      minSigners,
      maxSigners,
    },
    package: { suite: suiteId, commitment, proofOfKnowledge },
  };
}

/** frost-core `refresh_dkg_part2`: threshold agreement, then the zero-polynomial shares for each peer. */
export function refreshDkgPart2(
  secret: Round1SecretPackage,
  round1Packages: Readonly<Record<Identifier, Round1Package>>,
): { secretPackage: Round2SecretPackage; packages: Record<Identifier, Round2Package> } {
  const suite = frostSuite(secret.suite);
  const own = normalizeIdentifier(suite, secret.identifier);
  const packages = checkRound1Packages(suite, own, secret.maxSigners, secret.minSigners, round1Packages, 'refresh');
  return sharesForOthers(suite, secret, [...packages.keys()], 'refresh');
}

/**
 * frost-core `refresh_dkg_shares`: verifies each received zero-share (culprit named), adds them to
 * the old share, and derives the new public key package (same group key, shifted verifying
 * shares, only the members who took part).
 */
export function refreshDkgPart3(
  secret: Round2SecretPackage,
  round1Packages: Readonly<Record<Identifier, Round1Package>>,
  round2Packages: Readonly<Record<Identifier, Round2Package>>,
  oldPublicKeyPackage: PublicKeyPackage,
  oldKeyPackage: KeyPackage,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  const suite = sameSuite(secret.suite, oldPublicKeyPackage, oldKeyPackage);
  const own = normalizeIdentifier(suite, secret.identifier);
  if (normalizeIdentifier(suite, oldKeyPackage.identifier) !== own)
    throw new CeremonyError('frost/refresh-wrong-recipient', 'The old key package belongs to another participant.', { identifier: own });
  if (secret.minSigners !== oldKeyPackage.minSigners)
    throw new CeremonyError(
      'frost/refresh-threshold-mismatch',
      `A refresh cannot change the threshold (group: ${oldKeyPackage.minSigners}, refresh: ${secret.minSigners}).`,
      { expected: oldKeyPackage.minSigners, received: secret.minSigners },
    );
  const round1 = checkRound1Packages(suite, own, secret.maxSigners, secret.minSigners, round1Packages, 'refresh');
  const round2 = pairRound2Packages(suite, own, secret.maxSigners, round1, round2Packages);
  const Fn = suite.Fn;
  const commitments = new Map<Identifier, GroupElement[]>();
  let delta = suite.scalarFromBytes(secret.secretShare, 'own secret share');
  for (const [sender, pkg] of round2) {
    const commitment = [suite.zero, ...blame(sender, () => decodePoints(suite, round1.get(sender)!.commitment, 'refresh commitment'))];
    const share = blame(sender, () => suite.scalarFromBytes(pkg.signingShare, 'refresh share'));
    verifyShareFrom(suite, sender, own, share, commitment);
    commitments.set(sender, commitment);
    delta = Fn.add(delta, share);
  }
  commitments.set(own, [suite.zero, ...decodePoints(suite, secret.commitment, 'own refresh commitment')]);
  const zero = publicKeyPackageFromCommitments(suite, commitments);
  const signingShare = Fn.add(delta, suite.scalarFromBytes(oldKeyPackage.signingShare, 'old signing share'));
  const publicKeyPackage: PublicKeyPackage = {
    suite: suite.id,
    verifyingShares: shiftVerifyingShares(suite, oldPublicKeyPackage, zero.verifyingShares),
    verifyingKey: oldPublicKeyPackage.verifyingKey,
    minSigners: secret.minSigners,
  };
  const keyPackage: KeyPackage = {
    suite: suite.id,
    identifier: own,
    signingShare: suite.scalarToBytes(signingShare),
    verifyingShare: suite.elementToBytes(baseMul(suite, signingShare)),
    verifyingKey: oldPublicKeyPackage.verifyingKey,
    minSigners: secret.minSigners,
  };
  return { keyPackage, publicKeyPackage };
}
