/**
 * The frost-core data model, field for field, as plain immutable-by-convention objects.
 *
 * Bytes are the canonical encodings frost-core uses (scalars, elements, signatures), identifiers
 * are hex (see identifier.ts), and every object names its suite so functions never mix suites.
 * `formats/frost` turns each of these into frost-core's postcard bytes and serde JSON, which is
 * also how round state is persisted between steps.
 *
 * Secret material: KeyPackage, SecretShare, Round1SecretPackage, Round2SecretPackage,
 * SigningNonces, and in transit Round2Package and repair Delta/Sigma. `FROST_SECRET_KINDS` lists
 * them so storage code can route them to the vault.
 */
import type { Identifier } from './identifier.ts';
import type { FrostSuiteId } from './suites.ts';

export type Bytes = Uint8Array;

/** `keys::KeyPackage`: everything one participant needs to sign. Secret. */
export interface KeyPackage {
  readonly suite: FrostSuiteId;
  readonly identifier: Identifier;
  readonly signingShare: Bytes;
  readonly verifyingShare: Bytes;
  readonly verifyingKey: Bytes;
  readonly minSigners: number;
}

/** `keys::PublicKeyPackage`. `minSigners` exists only in the frost-core 3.0 layout. */
export interface PublicKeyPackage {
  readonly suite: FrostSuiteId;
  readonly verifyingShares: Readonly<Record<Identifier, Bytes>>;
  readonly verifyingKey: Bytes;
  readonly minSigners?: number;
}

/** `keys::SecretShare` (trusted dealer and refresh output). Secret. */
export interface SecretShare {
  readonly suite: FrostSuiteId;
  readonly identifier: Identifier;
  readonly signingShare: Bytes;
  /** VSS commitment points, constant term first. */
  readonly commitment: readonly Bytes[];
}

/** `keys::dkg::round1::Package`: broadcast to every other participant. Public. */
export interface Round1Package {
  readonly suite: FrostSuiteId;
  readonly commitment: readonly Bytes[];
  readonly proofOfKnowledge: Bytes;
}

/** `keys::dkg::round1::SecretPackage`: kept by its owner between part 1 and part 2. Secret. */
export interface Round1SecretPackage {
  readonly suite: FrostSuiteId;
  readonly identifier: Identifier;
  readonly coefficients: readonly Bytes[];
  readonly commitment: readonly Bytes[];
  readonly minSigners: number;
  readonly maxSigners: number;
}

/** `keys::dkg::round2::Package`: one per recipient, over a confidential channel. Secret in transit. */
export interface Round2Package {
  readonly suite: FrostSuiteId;
  readonly signingShare: Bytes;
}

/** `keys::dkg::round2::SecretPackage`: kept by its owner between part 2 and part 3. Secret. */
export interface Round2SecretPackage {
  readonly suite: FrostSuiteId;
  readonly identifier: Identifier;
  readonly commitment: readonly Bytes[];
  readonly secretShare: Bytes;
  readonly minSigners: number;
  readonly maxSigners: number;
}

/** `round1::SigningCommitments`. Public. */
export interface SigningCommitments {
  readonly suite: FrostSuiteId;
  readonly hiding: Bytes;
  readonly binding: Bytes;
}

/** `round1::SigningNonces`: use once, then forget. Secret. */
export interface SigningNonces {
  readonly suite: FrostSuiteId;
  readonly hiding: Bytes;
  readonly binding: Bytes;
  readonly commitments: SigningCommitments;
}

/** `SigningPackage`: what the coordinator sends every signer. Public. */
export interface SigningPackage {
  readonly suite: FrostSuiteId;
  readonly signingCommitments: Readonly<Record<Identifier, SigningCommitments>>;
  readonly message: Bytes;
}

/** `round2::SignatureShare`. Public. */
export interface SignatureShare {
  readonly suite: FrostSuiteId;
  readonly share: Bytes;
}

/** Kinds of frost-core structures, for the codecs and for routing secrets to the vault. */
export const FROST_KINDS = [
  'KeyPackage',
  'PublicKeyPackage',
  'SecretShare',
  'Round1Package',
  'Round1SecretPackage',
  'Round2Package',
  'Round2SecretPackage',
  'SigningCommitments',
  'SigningNonces',
  'SigningPackage',
  'SignatureShare',
] as const;
export type FrostKind = (typeof FROST_KINDS)[number];

export interface FrostKindMap {
  KeyPackage: KeyPackage;
  PublicKeyPackage: PublicKeyPackage;
  SecretShare: SecretShare;
  Round1Package: Round1Package;
  Round1SecretPackage: Round1SecretPackage;
  Round2Package: Round2Package;
  Round2SecretPackage: Round2SecretPackage;
  SigningCommitments: SigningCommitments;
  SigningNonces: SigningNonces;
  SigningPackage: SigningPackage;
  SignatureShare: SignatureShare;
}

/** Structures that hold secret scalars: store them in the vault, never in public state or logs. */
export const FROST_SECRET_KINDS: ReadonlySet<FrostKind> = new Set<FrostKind>([
  'KeyPackage',
  'SecretShare',
  'Round1SecretPackage',
  'Round2Package',
  'Round2SecretPackage',
  'SigningNonces',
]);
