/**
 * frost-core's binary encodings (`serialize()` / `deserialize()`, i.e. postcard over serde) of
 * every communicable structure, byte for byte. Layouts, with H = version byte ‖ 4-byte suite tag:
 *
 *   KeyPackage          H ‖ id ‖ signing_share ‖ verifying_share ‖ verifying_key ‖ varint min
 *   PublicKeyPackage    H ‖ varint n ‖ n×(id ‖ verifying_share) ‖ verifying_key [‖ 01 varint min: 3.0]
 *   SecretShare         H ‖ id ‖ signing_share ‖ varint t ‖ t×point
 *   Round1Package       H ‖ varint t ‖ t×point ‖ varint len ‖ proof_of_knowledge
 *   Round1SecretPackage id ‖ varint n ‖ n×scalar ‖ varint t ‖ t×point ‖ varint min ‖ varint max
 *   Round2Package       H ‖ signing_share
 *   Round2SecretPackage id ‖ varint t ‖ t×point ‖ scalar ‖ varint min ‖ varint max
 *   SigningCommitments  H ‖ hiding ‖ binding
 *   SigningNonces       H ‖ hiding ‖ binding ‖ SigningCommitments
 *   SigningPackage      H ‖ varint n ‖ n×(id ‖ SigningCommitments) ‖ varint len ‖ message
 *   SignatureShare      the raw scalar (frost-core's `SignatureShare::serialize`, no header)
 *
 * Maps are written in identifier order (numeric value), as frost-core's BTreeMap does.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { normalizeIdentifier, sortIdentifiers, type Identifier } from '../../crypto/frost/identifier.ts';
import type { FrostSuite, FrostSuiteId } from '../../crypto/frost/suites.ts';
import type {
  FrostKind,
  FrostKindMap,
  KeyPackage,
  PublicKeyPackage,
  Round1Package,
  Round1SecretPackage,
  Round2Package,
  Round2SecretPackage,
  SecretShare,
  SignatureShare,
  SigningCommitments,
  SigningNonces,
  SigningPackage,
} from '../../crypto/frost/types.ts';
import { checkVersion, DEFAULT_FROST_LAYOUT, suiteOf, suiteShortId, wrongSuite, type EncodeOptions } from './layout.ts';
import { PostcardReader, PostcardWriter } from './postcard.ts';

// ───────────── writers ─────────────

function header(w: PostcardWriter, suite: FrostSuiteId): PostcardWriter {
  return w.u8(0).fixed(suiteShortId(suite));
}

function points(w: PostcardWriter, pts: readonly Uint8Array[]): PostcardWriter {
  w.varint(pts.length);
  for (const p of pts) w.fixed(p);
  return w;
}

function idBytes(suite: FrostSuite, id: Identifier): Uint8Array {
  return hexToBytes(normalizeIdentifier(suite, id));
}

function commitments(w: PostcardWriter, c: SigningCommitments): PostcardWriter {
  return header(w, c.suite).fixed(c.hiding).fixed(c.binding);
}

const writers: { [K in FrostKind]: (w: PostcardWriter, v: FrostKindMap[K], o: Required<EncodeOptions>) => void } = {
  KeyPackage: (w, v: KeyPackage) => {
    header(w, v.suite)
      .fixed(idBytes(suiteOf(v.suite), v.identifier))
      .fixed(v.signingShare)
      .fixed(v.verifyingShare)
      .fixed(v.verifyingKey)
      .varint(v.minSigners);
  },
  PublicKeyPackage: (w, v: PublicKeyPackage, o) => {
    const suite = suiteOf(v.suite);
    const ids = sortIdentifiers(suite, Object.keys(v.verifyingShares));
    header(w, v.suite).varint(ids.length);
    for (const id of ids) w.fixed(idBytes(suite, id)).fixed(v.verifyingShares[id]!);
    w.fixed(v.verifyingKey);
    // 3.0 writes `Some(min_signers)`; `None` is skipped entirely (serde skip_serializing_if).
    if (o.layout === '3.0' && v.minSigners !== undefined) w.u8(1).varint(v.minSigners);
  },
  SecretShare: (w, v: SecretShare) => {
    points(
      header(w, v.suite)
        .fixed(idBytes(suiteOf(v.suite), v.identifier))
        .fixed(v.signingShare),
      v.commitment,
    );
  },
  Round1Package: (w, v: Round1Package) => {
    points(header(w, v.suite), v.commitment).bytes(v.proofOfKnowledge);
  },
  Round1SecretPackage: (w, v: Round1SecretPackage) => {
    w.fixed(idBytes(suiteOf(v.suite), v.identifier));
    points(w, v.coefficients); // scalars, same shape: count then raw values
    points(w, v.commitment).varint(v.minSigners).varint(v.maxSigners);
  },
  Round2Package: (w, v: Round2Package) => {
    header(w, v.suite).fixed(v.signingShare);
  },
  Round2SecretPackage: (w, v: Round2SecretPackage) => {
    points(w.fixed(idBytes(suiteOf(v.suite), v.identifier)), v.commitment)
      .fixed(v.secretShare)
      .varint(v.minSigners)
      .varint(v.maxSigners);
  },
  SigningCommitments: (w, v: SigningCommitments) => {
    commitments(w, v);
  },
  SigningNonces: (w, v: SigningNonces) => {
    commitments(header(w, v.suite).fixed(v.hiding).fixed(v.binding), v.commitments);
  },
  SigningPackage: (w, v: SigningPackage) => {
    const suite = suiteOf(v.suite);
    const ids = sortIdentifiers(suite, Object.keys(v.signingCommitments));
    header(w, v.suite).varint(ids.length);
    for (const id of ids) commitments(w.fixed(idBytes(suite, id)), v.signingCommitments[id]!);
    w.bytes(v.message);
  },
  SignatureShare: (w, v: SignatureShare) => {
    w.fixed(v.share);
  },
};

/** frost-core `serialize()` of a structure. `layout` matters only for PublicKeyPackage. */
export function encodeFrostPostcard<K extends FrostKind>(kind: K, value: FrostKindMap[K], options: EncodeOptions = {}): Uint8Array {
  const w = new PostcardWriter();
  writers[kind](w, value, { layout: options.layout ?? DEFAULT_FROST_LAYOUT });
  return w.finish();
}

// ───────────── readers ─────────────

class FieldReader {
  constructor(
    readonly r: PostcardReader,
    readonly suite: FrostSuite,
    readonly kind: string,
  ) {}

  header(): void {
    checkVersion(this.r.u8(), this.kind);
    const tag = this.r.fixed(4);
    const want = suiteShortId(this.suite.id);
    if (!tag.every((b, i) => b === want[i])) throw wrongSuite(this.kind, this.suite.id, `with tag ${bytesToHex(tag)}`);
  }

  scalar(field: string): Uint8Array {
    const b = this.r.fixed(this.suite.scalarLength);
    this.suite.scalarFromBytes(b, `${this.kind} ${field}`);
    return b;
  }

  element(field: string): Uint8Array {
    const b = this.r.fixed(this.suite.elementLength);
    this.suite.elementFromBytes(b, `${this.kind} ${field}`);
    return b;
  }

  identifier(field = 'identifier'): Identifier {
    return normalizeIdentifier(this.suite, bytesToHex(this.r.fixed(this.suite.scalarLength)), `${this.kind} ${field}`);
  }

  u16(): number {
    return this.r.varint(16);
  }

  elements(field: string): Uint8Array[] {
    const n = this.r.count(this.suite.elementLength);
    return Array.from({ length: n }, (_, i) => this.element(`${field} #${i}`));
  }

  scalars(field: string): Uint8Array[] {
    const n = this.r.count(this.suite.scalarLength);
    return Array.from({ length: n }, (_, i) => this.scalar(`${field} #${i}`));
  }

  signingCommitments(): SigningCommitments {
    this.header();
    return { suite: this.suite.id, hiding: this.element('hiding commitment'), binding: this.element('binding commitment') };
  }

  /** A map keyed by identifier; duplicates are refused. */
  map<T>(valueSize: number, read: () => T): Record<Identifier, T> {
    const n = this.r.count(this.suite.scalarLength + valueSize);
    const out: Record<Identifier, T> = {};
    for (let i = 0; i < n; i++) {
      const id = this.identifier();
      if (id in out) throw this.r.malformed(`identifier ${id} appears twice`);
      out[id] = read();
    }
    const sorted: Record<Identifier, T> = {};
    for (const id of sortIdentifiers(this.suite, Object.keys(out))) sorted[id] = out[id]!;
    return sorted;
  }
}

const readers: { [K in FrostKind]: (f: FieldReader) => FrostKindMap[K] } = {
  KeyPackage: (f) => {
    f.header();
    return {
      suite: f.suite.id,
      identifier: f.identifier(),
      signingShare: f.scalar('signing_share'),
      verifyingShare: f.element('verifying_share'),
      verifyingKey: f.element('verifying_key'),
      minSigners: f.u16(),
    };
  },
  PublicKeyPackage: (f) => {
    f.header();
    const verifyingShares = f.map(f.suite.elementLength, () => f.element('verifying share'));
    const verifyingKey = f.element('verifying_key');
    const pkp: PublicKeyPackage = { suite: f.suite.id, verifyingShares, verifyingKey };
    if (f.r.remaining === 0) return pkp; // 2.x, or 3.0 with None
    const tag = f.r.u8();
    if (tag === 0) return pkp;
    if (tag !== 1) throw f.r.malformed('min_signers must be an Option (00 or 01)');
    return { ...pkp, minSigners: f.u16() };
  },
  SecretShare: (f) => {
    f.header();
    return { suite: f.suite.id, identifier: f.identifier(), signingShare: f.scalar('signing_share'), commitment: f.elements('commitment') };
  },
  Round1Package: (f) => {
    f.header();
    const commitment = f.elements('commitment');
    const proofOfKnowledge = f.r.bytes();
    f.suite.signatureFromBytes(proofOfKnowledge, `${f.kind} proof_of_knowledge`);
    return { suite: f.suite.id, commitment, proofOfKnowledge };
  },
  Round1SecretPackage: (f) => ({
    suite: f.suite.id,
    identifier: f.identifier(),
    coefficients: f.scalars('coefficients'),
    commitment: f.elements('commitment'),
    minSigners: f.u16(),
    maxSigners: f.u16(),
  }),
  Round2Package: (f) => {
    f.header();
    return { suite: f.suite.id, signingShare: f.scalar('signing_share') };
  },
  Round2SecretPackage: (f) => ({
    suite: f.suite.id,
    identifier: f.identifier(),
    commitment: f.elements('commitment'),
    secretShare: f.scalar('secret_share'),
    minSigners: f.u16(),
    maxSigners: f.u16(),
  }),
  SigningCommitments: (f) => f.signingCommitments(),
  SigningNonces: (f) => {
    f.header();
    const hiding = f.scalar('hiding nonce');
    const binding = f.scalar('binding nonce');
    return { suite: f.suite.id, hiding, binding, commitments: f.signingCommitments() };
  },
  SigningPackage: (f) => {
    f.header();
    const signingCommitments = f.map(5 + 2 * f.suite.elementLength, () => f.signingCommitments());
    return { suite: f.suite.id, signingCommitments, message: f.r.bytes() };
  },
  SignatureShare: (f) => ({ suite: f.suite.id, share: f.scalar('share') }),
};

/**
 * frost-core `deserialize()`. Checks the header (version 0, this suite), every scalar and point,
 * and refuses truncated input and trailing bytes, with typed CeremonyErrors.
 */
export function decodeFrostPostcard<K extends FrostKind>(kind: K, suite: FrostSuiteId, bytes: Uint8Array): FrostKindMap[K] {
  if (!(bytes instanceof Uint8Array)) throw new CeremonyError('frost/postcard-malformed', `The ${kind} is not a byte string.`, { kind });
  const r = new PostcardReader(bytes, kind);
  const value = readers[kind](new FieldReader(r, suiteOf(suite), kind));
  r.end();
  return value;
}
