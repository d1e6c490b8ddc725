/**
 * Distributed key generation, frost-core `keys::dkg` (Pedersen DKG with proofs of knowledge, FROST
 * paper Figure 1), one function per part:
 *
 *  part 1  each participant makes a random polynomial, broadcasts its commitment and a proof of
 *          knowledge of the constant term, keeps a Round1SecretPackage;
 *  part 2  after checking everyone's round-1 package (threshold agreement, proof of knowledge),
 *          sends each other participant its share f_i(ℓ), keeps a Round2SecretPackage;
 *  part 3  checks each received share against its sender's commitment and sums them into the
 *          KeyPackage; everyone derives the same PublicKeyPackage.
 *
 * Every check that can fail because of a peer throws a CeremonyError naming that peer in
 * `details.culprit`. The secret packages are plain data (see formats/frost) so a ceremony can stop
 * between parts and resume from the vault.
 */
import { CeremonyError } from '../../errors.ts';
import { blame, decodePoints, normalizeKeys, sameSuite, scalarOf, scalars, validateSignerCounts } from './checks.ts';
import { identifierToScalar, normalizeIdentifier, sortIdentifiers, type Identifier } from './identifier.ts';
import { baseMul, defaultRng, evaluatePolynomial, evaluateVss, randomScalar, type Rng } from './polynomial.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId, type GroupElement } from './suites.ts';
import { isTaprootSuite, postDkg } from './taproot.ts';
import type { KeyPackage, PublicKeyPackage, Round1Package, Round1SecretPackage, Round2Package, Round2SecretPackage } from './types.ts';

/** frost-core `Ciphersuite::generate_nonce`; secp256k1-tr picks the even-Y nonce (BIP340 R). */
function generateNonce(suite: FrostSuite, rng: Rng): { k: bigint; R: GroupElement } {
  const k = randomScalar(suite, rng);
  const R = baseMul(suite, k);
  if (isTaprootSuite(suite) && suite.elementToBytes(R)[0] === 0x03) return { k: suite.Fn.neg(k), R: R.negate() };
  return { k, R };
}

/** HDKG(identifier ‖ φ₀ ‖ R): the proof-of-knowledge challenge (frost-core `dkg::challenge`). */
function pokChallenge(suite: FrostSuite, identifier: Identifier, phi0: GroupElement, R: GroupElement): bigint {
  const id = suite.scalarToBytes(identifierToScalar(suite, identifier));
  const msg = new Uint8Array([...id, ...suite.elementToBytes(phi0), ...suite.elementToBytes(R)]);
  return suite.hashToScalar('dkg', msg);
}

/** Schnorr proof of knowledge of a₀ (`compute_proof_of_knowledge`), over the commitment's first point. */
export function computeProofOfKnowledge(
  suite: FrostSuite,
  identifier: Identifier,
  a0: bigint,
  firstCommitment: GroupElement,
  rng: Rng = defaultRng,
): Uint8Array {
  const { k, R } = generateNonce(suite, rng);
  const c = pokChallenge(suite, identifier, firstCommitment, R);
  return suite.signatureToBytes(R, suite.Fn.add(k, suite.Fn.mul(a0, c)));
}

/** Throws `frost/dkg-invalid-proof-of-knowledge` naming `sender` if the proof does not verify. */
export function verifyProofOfKnowledge(suiteId: FrostSuiteId, sender: Identifier, pkg: Round1Package): void {
  const suite = sameSuite(suiteId, pkg);
  blame(sender, () => {
    const commitment = decodePoints(suite, pkg.commitment, 'round-1 commitment');
    const phi0 = commitment[0];
    if (!phi0) throw new CeremonyError('frost/dkg-empty-commitment', 'The round-1 commitment is empty.', {});
    const { R, z } = suite.signatureFromBytes(pkg.proofOfKnowledge, 'proof of knowledge');
    const c = pokChallenge(suite, sender, phi0, R);
    const expected = suite.base.multiplyUnsafe(z).subtract(phi0.multiplyUnsafe(c));
    if (!expected.equals(R))
      throw new CeremonyError(
        'frost/dkg-invalid-proof-of-knowledge',
        `The round-1 package of participant ${sender} carries an invalid proof of knowledge (corrupted or forged), so the DKG cannot go on with it.`,
        { culprit: sender },
      );
  });
}

/**
 * Builds the round-1 secret package for given polynomial coefficients (a₀ first). Exposed so that
 * fixed test vectors and deterministic derivations can enter the same code path as part 1.
 */
export function round1SecretPackageFromCoefficients(
  suiteId: FrostSuiteId,
  identifier: Identifier,
  maxSigners: number,
  minSigners: number,
  coefficients: readonly bigint[],
): Round1SecretPackage {
  const suite = frostSuite(suiteId);
  validateSignerCounts(minSigners, maxSigners);
  if (coefficients.length !== minSigners) throw new Error('round1SecretPackageFromCoefficients: need exactly minSigners coefficients');
  return {
    suite: suiteId,
    identifier: normalizeIdentifier(suite, identifier),
    coefficients: coefficients.map((c) => suite.scalarToBytes(c)),
    commitment: coefficients.map((c) => suite.elementToBytes(baseMul(suite, c))),
    minSigners,
    maxSigners,
  };
}

/** frost-core `dkg::part1`. Send `package` to every other participant; keep `secretPackage` in the vault. */
export function dkgPart1(
  suiteId: FrostSuiteId,
  identifier: Identifier,
  maxSigners: number,
  minSigners: number,
  rng: Rng = defaultRng,
): { secretPackage: Round1SecretPackage; package: Round1Package } {
  const suite = frostSuite(suiteId);
  validateSignerCounts(minSigners, maxSigners);
  const coefficients = Array.from({ length: minSigners }, () => randomScalar(suite, rng));
  const secretPackage = round1SecretPackageFromCoefficients(suiteId, identifier, maxSigners, minSigners, coefficients);
  const phi0 = suite.elementFromBytes(secretPackage.commitment[0]!, 'own commitment');
  const proofOfKnowledge = computeProofOfKnowledge(suite, secretPackage.identifier, coefficients[0]!, phi0, rng);
  return { secretPackage, package: { suite: suiteId, commitment: secretPackage.commitment, proofOfKnowledge } };
}

/**
 * Round-1 packages keyed by normalized sender, after the count / self / threshold checks of part 2.
 * Refresh packages omit the (identity) constant term, so they carry `minSigners - 1` points.
 */
export function checkRound1Packages(
  suite: FrostSuite,
  own: Identifier,
  maxSigners: number,
  minSigners: number,
  round1Packages: Readonly<Record<Identifier, Round1Package>>,
  kind: 'dkg' | 'refresh' = 'dkg',
): Map<Identifier, Round1Package> {
  const packages = normalizeKeys(suite, round1Packages, 'round-1 packages');
  if (packages.has(own))
    throw new CeremonyError('frost/dkg-own-package', `A round-1 package claims to come from this participant (${own}) itself.`, {
      culprit: own,
    });
  if (packages.size !== maxSigners - 1)
    throw new CeremonyError(
      'frost/dkg-package-count',
      `Expected round-1 packages from ${maxSigners - 1} other participants but got ${packages.size}; everyone must agree on the participant list.`,
      { expected: maxSigners - 1, received: packages.size },
    );
  const omitted = kind === 'refresh' ? 1 : 0;
  for (const [sender, pkg] of packages) {
    sameSuite(suite.id, pkg);
    if (pkg.commitment.length + omitted !== minSigners)
      throw new CeremonyError(
        'frost/dkg-threshold-mismatch',
        `Participant ${sender} is using a threshold of ${pkg.commitment.length + omitted} but this ceremony uses ${minSigners}; everyone must agree on the same threshold.`,
        { culprit: sender, expected: minSigners, received: pkg.commitment.length + omitted },
      );
  }
  return packages;
}

/**
 * frost-core `dkg::part2`. Verifies every round-1 package (threshold agreement, proof of knowledge),
 * then computes the share f_i(ℓ) for each other participant ℓ. Send `packages[ℓ]` to ℓ only, over a
 * confidential authenticated channel; keep `secretPackage` in the vault.
 */
export function dkgPart2(
  secret: Round1SecretPackage,
  round1Packages: Readonly<Record<Identifier, Round1Package>>,
): { secretPackage: Round2SecretPackage; packages: Record<Identifier, Round2Package> } {
  const suite = frostSuite(secret.suite);
  const own = normalizeIdentifier(suite, secret.identifier);
  const packages = checkRound1Packages(suite, own, secret.maxSigners, secret.minSigners, round1Packages);
  for (const [sender, pkg] of packages) verifyProofOfKnowledge(secret.suite, sender, pkg);
  return sharesForOthers(suite, secret, [...packages.keys()]);
}

/** Evaluates the own polynomial for each recipient and for oneself (shared with refresh). */
export function sharesForOthers(
  suite: FrostSuite,
  secret: Round1SecretPackage,
  recipients: readonly Identifier[],
  kind: 'dkg' | 'refresh' = 'dkg',
): { secretPackage: Round2SecretPackage; packages: Record<Identifier, Round2Package> } {
  // A damaged or mixed-up secret package would silently produce wrong shares; check its shape.
  validateSignerCounts(secret.minSigners, secret.maxSigners);
  if (secret.coefficients.length !== secret.minSigners || secret.commitment.length + (kind === 'refresh' ? 1 : 0) !== secret.minSigners)
    throw new CeremonyError('frost/invalid-secret-package', 'The saved round-1 secret package is damaged (wrong number of coefficients).', {
      identifier: secret.identifier,
    });
  const coefficients = scalars(suite, secret.coefficients, 'own coefficient');
  const out: Record<Identifier, Round2Package> = {};
  for (const id of sortIdentifiers(suite, recipients)) {
    out[id] = { suite: suite.id, signingShare: suite.scalarToBytes(evaluatePolynomial(suite, scalarOf(suite, id), coefficients)) };
  }
  const own = normalizeIdentifier(suite, secret.identifier);
  const fii = evaluatePolynomial(suite, scalarOf(suite, own), coefficients);
  return {
    secretPackage: {
      suite: suite.id,
      identifier: own,
      commitment: secret.commitment,
      secretShare: suite.scalarToBytes(fii),
      minSigners: secret.minSigners,
      maxSigners: secret.maxSigners,
    },
    packages: out,
  };
}

/** Checks f_ℓ(i)·G against ℓ's commitment; throws `frost/dkg-invalid-share` naming ℓ. */
export function verifyShareFrom(
  suite: FrostSuite,
  sender: Identifier,
  recipient: Identifier,
  share: bigint,
  commitment: readonly GroupElement[],
): void {
  if (!baseMul(suite, share).equals(evaluateVss(suite, scalarOf(suite, recipient), commitment)))
    throw new CeremonyError(
      'frost/dkg-invalid-share',
      `The secret share sent by participant ${sender} does not match their round-1 commitment; they sent a wrong share.`,
      { culprit: sender },
    );
}

/** Pairs round-1 and round-2 packages by sender, checking both sets name the same participants. */
export function pairRound2Packages(
  suite: FrostSuite,
  own: Identifier,
  maxSigners: number,
  round1: Map<Identifier, Round1Package>,
  round2Packages: Readonly<Record<Identifier, Round2Package>>,
): Map<Identifier, Round2Package> {
  const round2 = normalizeKeys(suite, round2Packages, 'round-2 packages');
  if (round2.has(own))
    throw new CeremonyError('frost/dkg-own-package', `A round-2 package claims to come from this participant (${own}) itself.`, {
      culprit: own,
    });
  for (const sender of round2.keys())
    if (!round1.has(sender))
      throw new CeremonyError('frost/dkg-unknown-sender', `Got a round-2 package from ${sender}, who sent no round-1 package.`, {
        culprit: sender,
      });
  for (const sender of round1.keys())
    if (!round2.has(sender))
      throw new CeremonyError('frost/dkg-missing-package', `Participant ${sender} has not sent their round-2 package.`, {
        culprit: sender,
      });
  if (round2.size !== maxSigners - 1)
    throw new CeremonyError('frost/dkg-package-count', `Expected ${maxSigners - 1} round-2 packages but got ${round2.size}.`, {
      expected: maxSigners - 1,
      received: round2.size,
    });
  for (const pkg of round2.values()) sameSuite(suite.id, pkg);
  return round2;
}

/**
 * Checks one round-1 package as it arrives (suite, threshold agreement, and for a DKG the proof of
 * knowledge), so a runner can refuse it at once and name its sender instead of failing in part 2.
 */
export function checkRound1Package(
  suiteId: FrostSuiteId,
  sender: Identifier,
  pkg: Round1Package,
  minSigners: number,
  kind: 'dkg' | 'refresh' = 'dkg',
): void {
  const suite = frostSuite(suiteId);
  const from = normalizeIdentifier(suite, sender, 'sender identifier');
  blame(from, () => sameSuite(suiteId, pkg));
  const omitted = kind === 'refresh' ? 1 : 0;
  if (pkg.commitment.length + omitted !== minSigners)
    throw new CeremonyError(
      'frost/dkg-threshold-mismatch',
      `Participant ${from} is using a threshold of ${pkg.commitment.length + omitted} but this ceremony uses ${minSigners}; everyone must agree on the same threshold.`,
      { culprit: from, expected: minSigners, received: pkg.commitment.length + omitted },
    );
  blame(from, () => decodePoints(suite, pkg.commitment, 'round-1 commitment'));
  if (kind === 'dkg') verifyProofOfKnowledge(suiteId, from, pkg);
}

/**
 * Checks one round-2 package as it arrives against its sender's round-1 commitment (the part-3
 * check, early). Throws `frost/dkg-invalid-share` naming the sender.
 */
export function checkRound2Package(
  secret: Round2SecretPackage,
  sender: Identifier,
  senderRound1: Round1Package,
  pkg: Round2Package,
  kind: 'dkg' | 'refresh' = 'dkg',
): void {
  const suite = frostSuite(secret.suite);
  const from = normalizeIdentifier(suite, sender, 'sender identifier');
  const commitment = blame(from, () => {
    sameSuite(secret.suite, senderRound1, pkg);
    return decodePoints(suite, senderRound1.commitment, 'round-1 commitment');
  });
  const share = blame(from, () => suite.scalarFromBytes(pkg.signingShare, 'round-2 signing share'));
  verifyShareFrom(
    suite,
    from,
    normalizeIdentifier(suite, secret.identifier),
    share,
    kind === 'refresh' ? [suite.zero, ...commitment] : commitment,
  );
}

/**
 * frost-core `PublicKeyPackage::from_dkg_commitments`: sum the commitments coefficient-wise and
 * evaluate at every identifier for the verifying shares; the constant term is the group key.
 * Returns group elements because refresh feeds it identity-led (zero-secret) commitments.
 */
export function publicKeyPackageFromCommitments(
  suite: FrostSuite,
  commitments: ReadonlyMap<Identifier, readonly GroupElement[]>,
): { verifyingShares: Map<Identifier, GroupElement>; verifyingKey: GroupElement; minSigners: number } {
  const lengths = new Set([...commitments.values()].map((c) => c.length));
  if (lengths.size !== 1) throw new Error('publicKeyPackageFromCommitments: commitments of different lengths');
  const t = [...lengths][0]!;
  const group: GroupElement[] = Array.from({ length: t }, () => suite.zero);
  for (const c of commitments.values()) c.forEach((p, k) => (group[k] = group[k]!.add(p)));
  const verifyingShares = new Map<Identifier, GroupElement>();
  for (const id of sortIdentifiers(suite, commitments.keys())) verifyingShares.set(id, evaluateVss(suite, scalarOf(suite, id), group));
  return { verifyingShares, verifyingKey: group[0]!, minSigners: t };
}

export function encodeVerifyingShares(suite: FrostSuite, shares: ReadonlyMap<Identifier, GroupElement>): Record<Identifier, Uint8Array> {
  const out: Record<Identifier, Uint8Array> = {};
  for (const id of sortIdentifiers(suite, shares.keys())) out[id] = suite.elementToBytes(shares.get(id)!);
  return out;
}

/**
 * frost-core `dkg::part3`. Verifies each received share against its sender's commitment and
 * returns this participant's KeyPackage and the group's PublicKeyPackage (3.0 form, with
 * `minSigners`; choose the 2.x layout when encoding for frost-client 2.x).
 */
export function dkgPart3(
  secret: Round2SecretPackage,
  round1Packages: Readonly<Record<Identifier, Round1Package>>,
  round2Packages: Readonly<Record<Identifier, Round2Package>>,
): { keyPackage: KeyPackage; publicKeyPackage: PublicKeyPackage } {
  const suite = frostSuite(secret.suite);
  const own = normalizeIdentifier(suite, secret.identifier);
  const round1 = checkRound1Packages(suite, own, secret.maxSigners, secret.minSigners, round1Packages);
  const round2 = pairRound2Packages(suite, own, secret.maxSigners, round1, round2Packages);

  const Fn = suite.Fn;
  const commitments = new Map<Identifier, GroupElement[]>();
  let signingShare = suite.scalarFromBytes(secret.secretShare, 'own secret share');
  for (const [sender, pkg] of round2) {
    const commitment = blame(sender, () => decodePoints(suite, round1.get(sender)!.commitment, 'round-1 commitment'));
    const share = blame(sender, () => suite.scalarFromBytes(pkg.signingShare, 'round-2 signing share'));
    verifyShareFrom(suite, sender, own, share, commitment);
    commitments.set(sender, commitment);
    signingShare = Fn.add(signingShare, share);
  }
  commitments.set(own, decodePoints(suite, secret.commitment, 'own commitment'));
  const pub = publicKeyPackageFromCommitments(suite, commitments);
  const verifyingKey = suite.elementToBytes(pub.verifyingKey);
  const keyPackage: KeyPackage = {
    suite: suite.id,
    identifier: own,
    signingShare: suite.scalarToBytes(signingShare),
    verifyingShare: suite.elementToBytes(baseMul(suite, signingShare)),
    verifyingKey,
    minSigners: secret.minSigners,
  };
  const publicKeyPackage: PublicKeyPackage = {
    suite: suite.id,
    verifyingShares: encodeVerifyingShares(suite, pub.verifyingShares),
    verifyingKey,
    minSigners: pub.minSigners,
  };
  return postDkg(suite, keyPackage, publicKeyPackage);
}
