/**
 * The seven FROST ciphersuites, each described once: its frost-core `Ciphersuite::ID`, the scalar
 * and element encodings, the hash used for identifier derivation (HID) and DKG proofs (HDKG),
 * the signature encoding and the suite's standard verifier.
 *
 * The group arithmetic and RFC 9591 signing come from @noble/curves (its `*_FROST` objects; for
 * RedPallas, a `createFROST` over our Pallas curve, see redpallas.ts); this module adds what
 * frost-core needs on top: canonical decoding that rejects what frost-core rejects (identity,
 * non-canonical, small-order elements), hashing over raw bytes (noble's `Identifier.derive` only
 * takes strings), the Taproot signature layout, and which suites sign rerandomized.
 */
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { ed25519, ed25519_FROST, ristretto255, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed448, ed448_FROST } from '@noble/curves/ed448.js';
import { p256, p256_FROST, p256_hasher } from '@noble/curves/nist.js';
import { schnorr, schnorr_FROST, secp256k1, secp256k1_FROST, secp256k1_hasher } from '@noble/curves/secp256k1.js';
import type { FROST } from '@noble/curves/abstract/frost.js';
import type { IField } from '@noble/curves/abstract/modular.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { shake256 } from '@noble/hashes/sha3.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { PallasPoint } from './pallas.ts';
import { redPallasHashToScalarByTag, redPallasHStar, redpallas_FROST } from './redpallas.ts';

/** frost-core `Ciphersuite::ID` strings (also the RFC 9591 context strings). */
export const FROST_SUITE_IDS = [
  'FROST-ED25519-SHA512-v1',
  'FROST-secp256k1-SHA256-v1',
  'FROST-secp256k1-SHA256-TR-v1',
  'FROST-P256-SHA256-v1',
  'FROST-ED448-SHAKE256-v1',
  'FROST-RISTRETTO255-SHA512-v1',
  'FROST(Pallas, BLAKE2b-512)',
] as const;
export type FrostSuiteId = (typeof FROST_SUITE_IDS)[number];

/** Short names for people and the CLI (`--suite secp256k1-tr`). */
export const FROST_SUITE_NAMES = ['ed25519', 'secp256k1', 'secp256k1-tr', 'p256', 'ed448', 'ristretto255', 'redpallas'] as const;
export type FrostSuiteName = (typeof FROST_SUITE_NAMES)[number];

/**
 * The slice of a noble point we use. Every noble point class (Edwards, Weierstrass, Ristretto)
 * satisfies it; methods are declared as methods so TypeScript accepts each concrete class.
 */
export interface GroupElement {
  add(other: GroupElement): GroupElement;
  subtract(other: GroupElement): GroupElement;
  negate(): GroupElement;
  multiply(scalar: bigint): GroupElement;
  multiplyUnsafe(scalar: bigint): GroupElement;
  equals(other: GroupElement): boolean;
  is0(): boolean;
  toBytes(compressed?: boolean): Uint8Array;
}

export interface FrostSuite {
  readonly id: FrostSuiteId;
  readonly name: FrostSuiteName;
  /** The noble FROST object for this suite (RFC 9591 commit / sign / aggregate). */
  readonly frost: FROST;
  readonly Fn: IField<bigint>;
  readonly scalarLength: number;
  readonly elementLength: number;
  readonly signatureLength: number;
  /** Scalars (and so identifiers) are little-endian on the Edwards/Ristretto suites. */
  readonly littleEndian: boolean;
  readonly base: GroupElement;
  readonly zero: GroupElement;
  /** Canonical scalar encoding. */
  scalarToBytes(s: bigint): Uint8Array;
  /** Rejects wrong length and values ≥ the group order (frost-core `Field::deserialize`). */
  scalarFromBytes(bytes: Uint8Array, what: string): bigint;
  elementToBytes(p: GroupElement): Uint8Array;
  /** Rejects malformed, identity and (Ed25519) non-torsion-free points (frost-core `Group::deserialize`). */
  elementFromBytes(bytes: Uint8Array, what: string): GroupElement;
  /**
   * Hash to scalar with the suite's H construction and DST = ID ‖ tag ("dkg", "id", "randomizer");
   * RedPallas instead keys BLAKE2b's personalization by tag (reddsa's HDKG / HID / hash_randomizer).
   */
  hashToScalar(tag: string, msg: Uint8Array): bigint;
  /** Whether frost-rerandomized signing is allowed (the suites frost-client signs rerandomized with). */
  readonly rerandomizable: boolean;
  /** frost-core `Ciphersuite::serialize_signature` for an (R, z) pair. */
  signatureToBytes(R: GroupElement, z: bigint): Uint8Array;
  signatureFromBytes(bytes: Uint8Array, what: string): { R: GroupElement; z: bigint };
  /**
   * Verifies a signature the way outside tools do for this suite: RFC 8032 Ed25519/Ed448,
   * BIP340 for secp256k1-tr (x-only key), RFC 9591 Schnorr for the others.
   */
  verify(message: Uint8Array, signature: Uint8Array, verifyingKey: Uint8Array): boolean;
  /** The group key as outside tools expect it: the element encoding, x-only for Taproot. */
  standardPublicKey(verifyingKey: Uint8Array): Uint8Array;
}

type NoblePointCons = {
  BASE: GroupElement;
  ZERO: GroupElement;
  fromBytes(bytes: Uint8Array): GroupElement & { assertValidity(): void; isTorsionFree(): boolean };
};

function decodeError(code: ErrorCode, what: string, reason: string): CeremonyError {
  return new CeremonyError(code, `The ${what} is not valid: ${reason}.`, { field: what });
}

interface SuiteSpec {
  id: FrostSuiteId;
  name: FrostSuiteName;
  frost: FROST;
  Point: NoblePointCons;
  elementLength: number;
  hashToScalar: (dst: Uint8Array, msg: Uint8Array) => bigint;
  taproot?: boolean;
  /** Replaces the DST = ID ‖ tag construction (RedPallas). */
  hashToScalarByTag?: (tag: string, msg: Uint8Array) => bigint;
  rerandomizable?: boolean;
  verify: (message: Uint8Array, signature: Uint8Array, verifyingKey: Uint8Array) => boolean;
}

function makeSuite(spec: SuiteSpec): FrostSuite {
  const Fn = spec.frost.utils.Fn;
  const Point = spec.Point;
  const littleEndian = Fn.isLE;
  const scalarLength = Fn.BYTES;
  const elementLength = spec.elementLength;
  const taproot = spec.taproot === true;

  const scalarToBytes = (s: bigint) => Fn.toBytes(Fn.create(s));
  const scalarFromBytes = (bytes: Uint8Array, what: string) => {
    if (bytes.length !== scalarLength)
      throw decodeError('frost/invalid-scalar', what, `expected ${scalarLength} bytes, got ${bytes.length}`);
    const n = littleEndian ? bytesToNumberLE(bytes) : bytesToNumberBE(bytes);
    if (n >= Fn.ORDER) throw decodeError('frost/invalid-scalar', what, 'it is not reduced modulo the group order');
    return n;
  };
  const elementToBytes = (p: GroupElement) => {
    if (p.is0()) throw new Error('the identity element has no frost-core encoding');
    return p.toBytes(true);
  };
  const elementFromBytes = (bytes: Uint8Array, what: string): GroupElement => {
    if (bytes.length !== elementLength)
      throw decodeError('frost/invalid-element', what, `expected ${elementLength} bytes, got ${bytes.length}`);
    let p;
    try {
      p = Point.fromBytes(bytes);
      p.assertValidity();
    } catch {
      throw decodeError('frost/invalid-element', what, 'it is not a point on the curve');
    }
    if (p.is0()) throw decodeError('frost/invalid-element', what, 'it is the identity element');
    if (!p.isTorsionFree()) throw decodeError('frost/invalid-element', what, 'it is not in the prime-order subgroup');
    // Only the canonical encoding is accepted, as frost-core compares encodings byte for byte.
    const canonical = p.toBytes(true);
    if (canonical.length !== bytes.length || !canonical.every((b, i) => b === bytes[i]))
      throw decodeError('frost/invalid-element', what, 'it is not canonically encoded');
    return p;
  };
  const signatureLength = taproot ? 64 : elementLength + scalarLength;
  const signatureToBytes = (R: GroupElement, z: bigint) => {
    const r = elementToBytes(R);
    // BIP340 signatures carry only x(R); frost-secp256k1-tr drops the 0x02 prefix of an even R.
    return concatBytes(taproot ? r.subarray(1) : r, scalarToBytes(z));
  };
  const signatureFromBytes = (bytes: Uint8Array, what: string) => {
    if (bytes.length !== signatureLength)
      throw decodeError('frost/invalid-signature', what, `expected ${signatureLength} bytes, got ${bytes.length}`);
    const rBytes = taproot ? concatBytes(Uint8Array.of(0x02), bytes.subarray(0, 32)) : bytes.subarray(0, elementLength);
    const R = elementFromBytes(rBytes, `${what} (R)`);
    const z = scalarFromBytes(bytes.subarray(bytes.length - scalarLength), `${what} (z)`);
    return { R, z };
  };
  const idBytes = utf8ToBytes(spec.id);
  return Object.freeze({
    id: spec.id,
    name: spec.name,
    frost: spec.frost,
    Fn,
    scalarLength,
    elementLength,
    signatureLength,
    littleEndian,
    base: Point.BASE,
    zero: Point.ZERO,
    scalarToBytes,
    scalarFromBytes,
    elementToBytes,
    elementFromBytes,
    hashToScalar: (tag: string, msg: Uint8Array) =>
      spec.hashToScalarByTag ? spec.hashToScalarByTag(tag, msg) : spec.hashToScalar(concatBytes(idBytes, utf8ToBytes(tag)), msg),
    rerandomizable: spec.rerandomizable === true,
    signatureToBytes,
    signatureFromBytes,
    verify: (message: Uint8Array, signature: Uint8Array, verifyingKey: Uint8Array) => {
      try {
        return spec.verify(message, signature, verifyingKey);
      } catch {
        return false;
      }
    },
    standardPublicKey: (verifyingKey: Uint8Array) => (taproot ? verifyingKey.slice(1) : verifyingKey.slice()),
  });
}

// RFC 9591 H1..H5/HDKG/HID for the Edwards and Ristretto suites: hash(DST ‖ m) read as an integer mod L.
const wideHashToScalar = (hash: (m: Uint8Array) => Uint8Array, order: () => bigint) => (dst: Uint8Array, msg: Uint8Array) =>
  bytesToNumberLE(hash(concatBytes(dst, msg))) % order();
const shake256x114 = (m: Uint8Array) => shake256(m, { dkLen: 114 });

const SUITES: Readonly<Record<FrostSuiteId, FrostSuite>> = Object.freeze({
  'FROST-ED25519-SHA512-v1': makeSuite({
    id: 'FROST-ED25519-SHA512-v1',
    name: 'ed25519',
    frost: ed25519_FROST,
    Point: ed25519.Point as unknown as NoblePointCons,
    elementLength: 32,
    hashToScalar: wideHashToScalar(sha512, () => ed25519_FROST.utils.Fn.ORDER),
    // frost-client signs Ed25519 rerandomized with `-r` (frost-ed25519's `hash_randomizer`).
    rerandomizable: true,
    verify: (m, s, k) => ed25519.verify(s, m, k),
  }),
  'FROST-secp256k1-SHA256-v1': makeSuite({
    id: 'FROST-secp256k1-SHA256-v1',
    name: 'secp256k1',
    frost: secp256k1_FROST,
    Point: secp256k1.Point as unknown as NoblePointCons,
    elementLength: 33,
    hashToScalar: (DST, msg) => secp256k1_hasher.hashToScalar(msg, { DST }),
    verify: (m, s, k) => secp256k1_FROST.verify(s, m, k),
  }),
  'FROST-secp256k1-SHA256-TR-v1': makeSuite({
    id: 'FROST-secp256k1-SHA256-TR-v1',
    name: 'secp256k1-tr',
    frost: schnorr_FROST,
    Point: secp256k1.Point as unknown as NoblePointCons,
    elementLength: 33,
    hashToScalar: (DST, msg) => secp256k1_hasher.hashToScalar(msg, { DST }),
    taproot: true,
    verify: (m, s, k) => k.length === 33 && schnorr.verify(s, m, k.subarray(1)),
  }),
  'FROST-P256-SHA256-v1': makeSuite({
    id: 'FROST-P256-SHA256-v1',
    name: 'p256',
    frost: p256_FROST,
    Point: p256.Point as unknown as NoblePointCons,
    elementLength: 33,
    hashToScalar: (DST, msg) => p256_hasher.hashToScalar(msg, { DST }),
    verify: (m, s, k) => p256_FROST.verify(s, m, k),
  }),
  'FROST-ED448-SHAKE256-v1': makeSuite({
    id: 'FROST-ED448-SHAKE256-v1',
    name: 'ed448',
    frost: ed448_FROST,
    Point: ed448.Point as unknown as NoblePointCons,
    elementLength: 57,
    hashToScalar: wideHashToScalar(shake256x114, () => ed448_FROST.utils.Fn.ORDER),
    verify: (m, s, k) => ed448.verify(s, m, k),
  }),
  'FROST-RISTRETTO255-SHA512-v1': makeSuite({
    id: 'FROST-RISTRETTO255-SHA512-v1',
    name: 'ristretto255',
    frost: ristretto255_FROST,
    // Ristretto points have no cofactor: noble's subgroup check is trivially true for them.
    Point: ristretto255.Point as unknown as NoblePointCons,
    elementLength: 32,
    hashToScalar: wideHashToScalar(sha512, () => ristretto255_FROST.utils.Fn.ORDER),
    verify: (m, s, k) => ristretto255_FROST.verify(s, m, k),
  }),
  'FROST(Pallas, BLAKE2b-512)': makeSuite({
    id: 'FROST(Pallas, BLAKE2b-512)',
    name: 'redpallas',
    frost: redpallas_FROST,
    Point: PallasPoint as unknown as NoblePointCons,
    elementLength: 32,
    hashToScalar: (personalization, msg) => redPallasHStar(personalization, msg),
    hashToScalarByTag: redPallasHashToScalarByTag,
    rerandomizable: true,
    verify: (m, s, k) => redpallas_FROST.verify(s, m, k),
  }),
});

export function frostSuite(id: FrostSuiteId): FrostSuite {
  const suite = SUITES[id];
  if (!suite) throw new CeremonyError('frost/unknown-suite', `Unknown FROST ciphersuite "${String(id)}".`, { suite: String(id) });
  return suite;
}

export function isFrostSuiteId(s: string): s is FrostSuiteId {
  return (FROST_SUITE_IDS as readonly string[]).includes(s);
}

/** Accepts a suite ID string or a short name; throws a CeremonyError naming the choices otherwise. */
export function resolveFrostSuite(idOrName: string): FrostSuite {
  if (isFrostSuiteId(idOrName)) return SUITES[idOrName];
  const byName = Object.values(SUITES).find((s) => s.name === idOrName.toLowerCase());
  if (byName) return byName;
  throw new CeremonyError('frost/unknown-suite', `Unknown FROST ciphersuite "${idOrName}"; use one of ${FROST_SUITE_NAMES.join(', ')}.`, {
    suite: idOrName,
  });
}

export const ALL_FROST_SUITES: readonly FrostSuite[] = FROST_SUITE_IDS.map((id) => SUITES[id]);
