/**
 * Threshold signing (RFC 9591, frost-core `round1` / `round2` / `aggregate`).
 *
 *  1. each signer: `commit` → keep SigningNonces (secret, use once), send SigningCommitments;
 *  2. coordinator: `createSigningPackage` from the chosen signers' commitments and the message;
 *  3. each signer: `sign` → SignatureShare (this consumes the nonces);
 *  4. coordinator: `aggregate` → the suite's standard signature, naming any signer whose share
 *     is wrong and refusing shares from anyone who was not asked to sign.
 *
 * Rerandomized FROST (rerandomized.ts) passes the coordinator's randomizer to `sign`,
 * `verifySignatureShare` and `aggregate`; the signature then verifies under VK + α·G.
 *
 * The RFC arithmetic, including secp256k1-tr's even-Y and BIP340 challenge, is noble's; this
 * module adds frost-core's checks and turns failures into CeremonyErrors with a culprit.
 */
import type { FrostPublic, NonceCommitments } from '@noble/curves/abstract/frost.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { blame, normalizeKeys, sameSuite } from './checks.ts';
import { normalizeIdentifier, sortIdentifiers, type Identifier } from './identifier.ts';
import { defaultRng, type Rng } from './polynomial.ts';
import { randomizeKeyPackage, randomizePublicKeyPackage } from './rerandomized.ts';
import { frostSuite, type FrostSuite, type FrostSuiteId } from './suites.ts';
import type { KeyPackage, PublicKeyPackage, SignatureShare, SigningCommitments, SigningNonces, SigningPackage } from './types.ts';

type NobleBytes = Uint8Array<ArrayBuffer>;
const nb = (b: Uint8Array) => b as NobleBytes;

/** frost-core `round1::commit`: fresh nonces (secret) and their public commitments. */
export function commit(keyPackage: KeyPackage, rng: Rng = defaultRng): { nonces: SigningNonces; commitments: SigningCommitments } {
  const suite = frostSuite(keyPackage.suite);
  const secret = { identifier: normalizeIdentifier(suite, keyPackage.identifier), signingShare: nb(keyPackage.signingShare) };
  const g = suite.frost.commit(secret, (n = 32) => nb(rng(n)));
  const commitments: SigningCommitments = { suite: suite.id, hiding: g.commitments.hiding, binding: g.commitments.binding };
  return { nonces: { suite: suite.id, hiding: g.nonces.hiding, binding: g.nonces.binding, commitments }, commitments };
}

/** Validates the commitments and builds the package the coordinator sends to every chosen signer. */
export function createSigningPackage(
  suiteId: FrostSuiteId,
  signingCommitments: Readonly<Record<Identifier, SigningCommitments>>,
  message: Uint8Array,
): SigningPackage {
  const suite = frostSuite(suiteId);
  const byId = normalizeKeys(suite, signingCommitments, 'signing commitments');
  const out: Record<Identifier, SigningCommitments> = {};
  for (const id of sortIdentifiers(suite, byId.keys())) {
    const c = byId.get(id)!;
    blame(id, () => {
      sameSuite(suiteId, c);
      suite.elementFromBytes(c.hiding, 'hiding commitment');
      suite.elementFromBytes(c.binding, 'binding commitment');
    });
    out[id] = { suite: suiteId, hiding: c.hiding, binding: c.binding };
  }
  return { suite: suiteId, signingCommitments: out, message: message.slice() };
}

function commitmentList(suite: FrostSuite, pkg: SigningPackage): NonceCommitments[] {
  const checked = createSigningPackage(suite.id, pkg.signingCommitments, pkg.message);
  return Object.entries(checked.signingCommitments).map(([identifier, c]) => ({
    identifier,
    hiding: nb(c.hiding),
    binding: nb(c.binding),
  }));
}

function noblePublic(
  minSigners: number,
  verifyingKey: Uint8Array,
  verifyingShares: Readonly<Record<Identifier, Uint8Array>>,
  count: number,
): FrostPublic {
  const max = Math.max(Object.keys(verifyingShares).length, count, minSigners);
  return {
    signers: { min: minSigners, max },
    commitments: [nb(verifyingKey)],
    verifyingShares: Object.fromEntries(Object.entries(verifyingShares).map(([k, v]) => [k, nb(v)])),
  };
}

const sameBytes = (a: Uint8Array, b: Uint8Array) => a.length === b.length && a.every((x, i) => x === b[i]);

/**
 * frost-core `round2::sign`. Refuses a package that leaves this signer out, has fewer than the
 * threshold of signers, or carries commitments other than the ones this signer made. The nonces
 * are zeroed on success, so a second use fails with `frost/sign-nonces-used`.
 */
export function sign(
  signingPackage: SigningPackage,
  nonces: SigningNonces,
  keyPackage: KeyPackage,
  randomizer?: Uint8Array,
): SignatureShare {
  const suite = sameSuite(keyPackage.suite, signingPackage, nonces);
  const me = normalizeIdentifier(suite, keyPackage.identifier);
  const list = commitmentList(suite, signingPackage);
  if (list.length < keyPackage.minSigners)
    throw new CeremonyError(
      'frost/sign-too-few-signers',
      `The signing package has ${list.length} signers but this group needs at least ${keyPackage.minSigners}.`,
      { expected: keyPackage.minSigners, received: list.length },
    );
  const mine = list.find((c) => c.identifier === me);
  if (!mine)
    throw new CeremonyError('frost/sign-not-selected', `The coordinator's signing package does not include this participant (${me}).`, {
      identifier: me,
    });
  if (!sameBytes(mine.hiding, nonces.commitments.hiding) || !sameBytes(mine.binding, nonces.commitments.binding))
    throw new CeremonyError(
      'frost/sign-commitment-mismatch',
      `The signing package carries commitments for this participant (${me}) that it did not make; the coordinator must use the commitments sent in this session.`,
      { identifier: me },
    );
  if (nonces.hiding.every((b) => b === 0) || nonces.binding.every((b) => b === 0))
    throw new CeremonyError('frost/sign-nonces-used', 'These signing nonces were already used; a new signing round is needed.', {});
  const signingKey = randomizer ? randomizeKeyPackage(keyPackage, randomizer) : keyPackage;
  const pub = noblePublic(signingKey.minSigners, signingKey.verifyingKey, {}, list.length);
  const share = suite.frost.signShare(
    { identifier: me, signingShare: nb(signingKey.signingShare) },
    pub,
    { hiding: nb(nonces.hiding), binding: nb(nonces.binding) },
    list,
    nb(signingPackage.message),
  );
  return { suite: suite.id, share };
}

function signersOf(suite: FrostSuite, signingPackage: SigningPackage, publicKeyPackage: PublicKeyPackage) {
  const list = commitmentList(suite, signingPackage);
  const shares = normalizeKeys(suite, publicKeyPackage.verifyingShares, 'public key package');
  for (const c of list)
    if (!shares.has(c.identifier))
      throw new CeremonyError('frost/aggregate-unknown-signer', `Signer ${c.identifier} is not a member of this group.`, {
        culprit: c.identifier,
      });
  const verifyingShares = Object.fromEntries(shares);
  return { list, verifyingShares };
}

/**
 * Checks one signature share as it arrives (RFC 9591 §5.4), so the coordinator can name a bad
 * signer before waiting for the rest. Throws `frost/invalid-signature-share` with the culprit.
 */
export function verifySignatureShare(
  signingPackage: SigningPackage,
  identifier: Identifier,
  share: SignatureShare,
  groupPublicKeyPackage: PublicKeyPackage,
  randomizer?: Uint8Array,
): void {
  const suite = sameSuite(groupPublicKeyPackage.suite, signingPackage, share);
  const publicKeyPackage = randomizer ? randomizePublicKeyPackage(groupPublicKeyPackage, randomizer) : groupPublicKeyPackage;
  const id = normalizeIdentifier(suite, identifier);
  const { list, verifyingShares } = signersOf(suite, signingPackage, publicKeyPackage);
  if (!list.some((c) => c.identifier === id))
    throw new CeremonyError('frost/aggregate-unexpected-share', `Participant ${id} sent a signature share but was not asked to sign.`, {
      culprit: id,
    });
  blame(id, () => suite.scalarFromBytes(share.share, 'signature share'));
  const pub = noblePublic(publicKeyPackage.minSigners ?? 2, publicKeyPackage.verifyingKey, verifyingShares, list.length);
  if (!suite.frost.verifyShare(pub, list, nb(signingPackage.message), id, nb(share.share))) throw invalidShare([id]);
}

function invalidShare(culprits: Identifier[]): CeremonyError {
  const who = culprits.join(', ');
  return new CeremonyError(
    'frost/invalid-signature-share',
    `The signature share from ${culprits.length === 1 ? 'participant' : 'participants'} ${who} is invalid; sign again without ${culprits.length === 1 ? 'them' : 'these signers'} or ask them to check their key.`,
    { culprit: culprits[0]!, culprits: who },
  );
}

/**
 * frost-core `aggregate`: exactly one share from each signer in the package, each a group member.
 * Returns the signature in the suite's standard encoding (BIP340 64 bytes for secp256k1-tr); with a
 * randomizer (frost-rerandomized `aggregate`), a signature under the randomized group key.
 */
export function aggregate(
  signingPackage: SigningPackage,
  signatureShares: Readonly<Record<Identifier, SignatureShare>>,
  groupPublicKeyPackage: PublicKeyPackage,
  randomizer?: Uint8Array,
): Uint8Array {
  const suite = sameSuite(groupPublicKeyPackage.suite, signingPackage);
  const publicKeyPackage = randomizer ? randomizePublicKeyPackage(groupPublicKeyPackage, randomizer) : groupPublicKeyPackage;
  const { list, verifyingShares } = signersOf(suite, signingPackage, publicKeyPackage);
  const shares = normalizeKeys(suite, signatureShares, 'signature shares');
  const signers = new Set(list.map((c) => c.identifier));
  for (const id of shares.keys())
    if (!signers.has(id))
      throw new CeremonyError('frost/aggregate-unexpected-share', `Participant ${id} sent a signature share but was not asked to sign.`, {
        culprit: id,
      });
  for (const id of signers)
    if (!shares.has(id))
      throw new CeremonyError('frost/aggregate-missing-share', `Signer ${id} has not sent a signature share.`, { culprit: id });
  const min = publicKeyPackage.minSigners ?? 2;
  if (list.length < min)
    throw new CeremonyError('frost/aggregate-too-few-signers', `Only ${list.length} signers took part but this group needs ${min}.`, {
      expected: min,
      received: list.length,
    });
  const raw: Record<Identifier, NobleBytes> = {};
  for (const [id, s] of shares) {
    blame(id, () => {
      sameSuite(suite.id, s);
      suite.scalarFromBytes(s.share, 'signature share');
    });
    raw[id] = nb(s.share);
  }
  const pub = noblePublic(min, publicKeyPackage.verifyingKey, verifyingShares, list.length);
  try {
    return suite.frost.aggregate(pub, list, nb(signingPackage.message), raw);
  } catch (e) {
    const cheaters = (e as { cheaters?: unknown }).cheaters;
    if (Array.isArray(cheaters) && cheaters.length > 0) throw invalidShare(sortIdentifiers(suite, cheaters as string[]));
    throw new CeremonyError('frost/aggregate-failed', 'The signature shares did not combine into a valid signature.', {
      groupKey: bytesToHex(publicKeyPackage.verifyingKey),
    });
  }
}

/** Verifies a signature with the suite's standard verifier (RFC 8032 / BIP340 / RFC 9591). */
export function verifySignature(suiteId: FrostSuiteId, message: Uint8Array, signature: Uint8Array, verifyingKey: Uint8Array): boolean {
  return frostSuite(suiteId).verify(message, signature, verifyingKey);
}
