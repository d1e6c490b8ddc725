/**
 * frost-core's serde JSON forms (what frost-client puts inside its Noise messages and writes in
 * its JSON files): a header {"version":0,"ciphersuite":"<ID>"}, lowercase hex for scalars, points,
 * identifiers, signatures and messages, maps keyed by hex identifier, frost-core's field names in
 * frost-core's order. Decoding is as strict as serde's `deny_unknown_fields`: a missing or extra
 * field, a wrong ciphersuite, a version other than 0 or an invalid value is a CeremonyError.
 *
 * The same forms persist our own round state (the secret packages), so a ceremony can resume.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { normalizeIdentifier, sortIdentifiers, type Identifier } from '../../crypto/frost/identifier.ts';
import type { FrostSuite, FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { FrostKind, FrostKindMap, PublicKeyPackage, SigningCommitments } from '../../crypto/frost/types.ts';
import { checkVersion, DEFAULT_FROST_LAYOUT, suiteOf, wrongSuite, type EncodeOptions } from './layout.ts';

export type JsonValue = string | number | boolean | null | JsonValue[] | { [key: string]: JsonValue };
export type JsonObject = { [key: string]: JsonValue };

const hex = (b: Uint8Array) => bytesToHex(b);
const header = (suite: FrostSuiteId): JsonObject => ({ version: 0, ciphersuite: suite });

function commitmentsJson(c: SigningCommitments): JsonObject {
  return { header: header(c.suite), hiding: hex(c.hiding), binding: hex(c.binding) };
}

function mapJson<T>(suite: FrostSuite, record: Readonly<Record<Identifier, T>>, f: (v: T) => JsonValue): JsonObject {
  const out: JsonObject = {};
  for (const id of sortIdentifiers(suite, Object.keys(record))) out[normalizeIdentifier(suite, id)] = f(record[id]!);
  return out;
}

const writers: { [K in FrostKind]: (v: FrostKindMap[K], o: Required<EncodeOptions>) => JsonObject } = {
  KeyPackage: (v) => ({
    header: header(v.suite),
    identifier: v.identifier,
    signing_share: hex(v.signingShare),
    verifying_share: hex(v.verifyingShare),
    verifying_key: hex(v.verifyingKey),
    min_signers: v.minSigners,
  }),
  PublicKeyPackage: (v, o) => {
    const out: JsonObject = {
      header: header(v.suite),
      verifying_shares: mapJson(suiteOf(v.suite), v.verifyingShares, hex),
      verifying_key: hex(v.verifyingKey),
    };
    if (o.layout === '3.0' && v.minSigners !== undefined) out.min_signers = v.minSigners;
    return out;
  },
  SecretShare: (v) => ({
    header: header(v.suite),
    identifier: v.identifier,
    signing_share: hex(v.signingShare),
    commitment: v.commitment.map(hex),
  }),
  Round1Package: (v) => ({ header: header(v.suite), commitment: v.commitment.map(hex), proof_of_knowledge: hex(v.proofOfKnowledge) }),
  Round1SecretPackage: (v) => ({
    identifier: v.identifier,
    coefficients: v.coefficients.map(hex),
    commitment: v.commitment.map(hex),
    min_signers: v.minSigners,
    max_signers: v.maxSigners,
  }),
  Round2Package: (v) => ({ header: header(v.suite), signing_share: hex(v.signingShare) }),
  Round2SecretPackage: (v) => ({
    identifier: v.identifier,
    commitment: v.commitment.map(hex),
    secret_share: hex(v.secretShare),
    min_signers: v.minSigners,
    max_signers: v.maxSigners,
  }),
  SigningCommitments: (v) => commitmentsJson(v),
  SigningNonces: (v) => ({
    header: header(v.suite),
    hiding: hex(v.hiding),
    binding: hex(v.binding),
    commitments: commitmentsJson(v.commitments),
  }),
  SigningPackage: (v) => ({
    header: header(v.suite),
    signing_commitments: mapJson(suiteOf(v.suite), v.signingCommitments, commitmentsJson),
    message: hex(v.message),
  }),
  SignatureShare: (v) => ({ header: header(v.suite), share: hex(v.share) }),
};

/** The serde JSON value of a structure (embed it in envelopes, or `JSON.stringify` it). */
export function encodeFrostJson<K extends FrostKind>(kind: K, value: FrostKindMap[K], options: EncodeOptions = {}): JsonObject {
  return writers[kind](value, { layout: options.layout ?? DEFAULT_FROST_LAYOUT });
}

/** Compact JSON text, as serde_json::to_string writes it. */
export function encodeFrostJsonText<K extends FrostKind>(kind: K, value: FrostKindMap[K], options: EncodeOptions = {}): string {
  return JSON.stringify(encodeFrostJson(kind, value, options));
}

// ───────────── strict readers ─────────────

class JsonFields {
  constructor(
    readonly suite: FrostSuite,
    readonly kind: string,
  ) {}

  fail(reason: string, field?: string): CeremonyError {
    return new CeremonyError('frost/json-malformed', `The ${this.kind} JSON is not valid: ${reason}.`, {
      kind: this.kind,
      field: field ?? null,
    });
  }

  object(v: unknown, required: readonly string[], optional: readonly string[] = [], where = ''): Record<string, unknown> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw this.fail(`${where || 'the value'} must be an object`);
    const o = v as Record<string, unknown>;
    for (const k of Object.keys(o))
      if (!required.includes(k) && !optional.includes(k)) throw this.fail(`unknown field "${k}"${where ? ` in ${where}` : ''}`, k);
    for (const k of required) if (!(k in o)) throw this.fail(`missing field "${k}"${where ? ` in ${where}` : ''}`, k);
    return o;
  }

  header(v: unknown): void {
    const h = this.object(v, ['version', 'ciphersuite'], [], 'header');
    checkVersion(h.version, this.kind);
    if (h.ciphersuite !== this.suite.id) throw wrongSuite(this.kind, this.suite.id, String(h.ciphersuite));
  }

  bytes(v: unknown, field: string): Uint8Array {
    if (typeof v !== 'string' || v.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(v)) throw this.fail(`"${field}" must be a hex string`, field);
    return hexToBytes(v);
  }

  scalar(v: unknown, field: string): Uint8Array {
    const b = this.bytes(v, field);
    this.suite.scalarFromBytes(b, `${this.kind} ${field}`);
    return b;
  }

  element(v: unknown, field: string): Uint8Array {
    const b = this.bytes(v, field);
    this.suite.elementFromBytes(b, `${this.kind} ${field}`);
    return b;
  }

  identifier(v: unknown, field = 'identifier'): Identifier {
    if (typeof v !== 'string') throw this.fail(`"${field}" must be a hex string`, field);
    return normalizeIdentifier(this.suite, v, `${this.kind} ${field}`);
  }

  u16(v: unknown, field: string): number {
    if (typeof v !== 'number' || !Number.isInteger(v) || v < 0 || v > 0xffff)
      throw this.fail(`"${field}" must be an integer from 0 to 65535`, field);
    return v;
  }

  array<T>(v: unknown, field: string, item: (x: unknown, f: string) => T): T[] {
    if (!Array.isArray(v)) throw this.fail(`"${field}" must be an array`, field);
    return v.map((x, i) => item(x, `${field}[${i}]`));
  }

  map<T>(v: unknown, field: string, item: (x: unknown, f: string) => T): Record<Identifier, T> {
    if (typeof v !== 'object' || v === null || Array.isArray(v)) throw this.fail(`"${field}" must be an object keyed by identifier`, field);
    const out: Record<Identifier, T> = {};
    for (const [k, x] of Object.entries(v)) {
      const id = this.identifier(k, `${field} key`);
      if (id in out) throw this.fail(`identifier ${id} appears twice in "${field}"`, field);
      out[id] = item(x, `${field}.${id}`);
    }
    const sorted: Record<Identifier, T> = {};
    for (const id of sortIdentifiers(this.suite, Object.keys(out))) sorted[id] = out[id]!;
    return sorted;
  }

  signingCommitments(v: unknown, where: string): SigningCommitments {
    const o = this.object(v, ['header', 'hiding', 'binding'], [], where);
    this.header(o.header);
    return {
      suite: this.suite.id,
      hiding: this.element(o.hiding, `${where}.hiding`),
      binding: this.element(o.binding, `${where}.binding`),
    };
  }
}

const readers: { [K in FrostKind]: (f: JsonFields, v: unknown) => FrostKindMap[K] } = {
  KeyPackage: (f, v) => {
    const o = f.object(v, ['header', 'identifier', 'signing_share', 'verifying_share', 'verifying_key', 'min_signers']);
    f.header(o.header);
    return {
      suite: f.suite.id,
      identifier: f.identifier(o.identifier),
      signingShare: f.scalar(o.signing_share, 'signing_share'),
      verifyingShare: f.element(o.verifying_share, 'verifying_share'),
      verifyingKey: f.element(o.verifying_key, 'verifying_key'),
      minSigners: f.u16(o.min_signers, 'min_signers'),
    };
  },
  PublicKeyPackage: (f, v) => {
    const o = f.object(v, ['header', 'verifying_shares', 'verifying_key'], ['min_signers']);
    f.header(o.header);
    const pkp: PublicKeyPackage = {
      suite: f.suite.id,
      verifyingShares: f.map(o.verifying_shares, 'verifying_shares', (x, field) => f.element(x, field)),
      verifyingKey: f.element(o.verifying_key, 'verifying_key'),
    };
    return o.min_signers === undefined || o.min_signers === null ? pkp : { ...pkp, minSigners: f.u16(o.min_signers, 'min_signers') };
  },
  SecretShare: (f, v) => {
    const o = f.object(v, ['header', 'identifier', 'signing_share', 'commitment']);
    f.header(o.header);
    return {
      suite: f.suite.id,
      identifier: f.identifier(o.identifier),
      signingShare: f.scalar(o.signing_share, 'signing_share'),
      commitment: f.array(o.commitment, 'commitment', (x, field) => f.element(x, field)),
    };
  },
  Round1Package: (f, v) => {
    const o = f.object(v, ['header', 'commitment', 'proof_of_knowledge']);
    f.header(o.header);
    const proofOfKnowledge = f.bytes(o.proof_of_knowledge, 'proof_of_knowledge');
    f.suite.signatureFromBytes(proofOfKnowledge, `${f.kind} proof_of_knowledge`);
    return { suite: f.suite.id, commitment: f.array(o.commitment, 'commitment', (x, field) => f.element(x, field)), proofOfKnowledge };
  },
  Round1SecretPackage: (f, v) => {
    const o = f.object(v, ['identifier', 'coefficients', 'commitment', 'min_signers', 'max_signers']);
    return {
      suite: f.suite.id,
      identifier: f.identifier(o.identifier),
      coefficients: f.array(o.coefficients, 'coefficients', (x, field) => f.scalar(x, field)),
      commitment: f.array(o.commitment, 'commitment', (x, field) => f.element(x, field)),
      minSigners: f.u16(o.min_signers, 'min_signers'),
      maxSigners: f.u16(o.max_signers, 'max_signers'),
    };
  },
  Round2Package: (f, v) => {
    const o = f.object(v, ['header', 'signing_share']);
    f.header(o.header);
    return { suite: f.suite.id, signingShare: f.scalar(o.signing_share, 'signing_share') };
  },
  Round2SecretPackage: (f, v) => {
    const o = f.object(v, ['identifier', 'commitment', 'secret_share', 'min_signers', 'max_signers']);
    return {
      suite: f.suite.id,
      identifier: f.identifier(o.identifier),
      commitment: f.array(o.commitment, 'commitment', (x, field) => f.element(x, field)),
      secretShare: f.scalar(o.secret_share, 'secret_share'),
      minSigners: f.u16(o.min_signers, 'min_signers'),
      maxSigners: f.u16(o.max_signers, 'max_signers'),
    };
  },
  SigningCommitments: (f, v) => f.signingCommitments(v, 'the value'),
  SigningNonces: (f, v) => {
    const o = f.object(v, ['header', 'hiding', 'binding', 'commitments']);
    f.header(o.header);
    return {
      suite: f.suite.id,
      hiding: f.scalar(o.hiding, 'hiding'),
      binding: f.scalar(o.binding, 'binding'),
      commitments: f.signingCommitments(o.commitments, 'commitments'),
    };
  },
  SigningPackage: (f, v) => {
    const o = f.object(v, ['header', 'signing_commitments', 'message']);
    f.header(o.header);
    return {
      suite: f.suite.id,
      signingCommitments: f.map(o.signing_commitments, 'signing_commitments', (x, field) => f.signingCommitments(x, field)),
      message: f.bytes(o.message, 'message'),
    };
  },
  SignatureShare: (f, v) => {
    const o = f.object(v, ['header', 'share']);
    f.header(o.header);
    return { suite: f.suite.id, share: f.scalar(o.share, 'share') };
  },
};

/** Parses frost-core serde JSON (a parsed value or the text) into a structure of `suite`. */
export function decodeFrostJson<K extends FrostKind>(kind: K, suite: FrostSuiteId, json: unknown): FrostKindMap[K] {
  let value = json;
  if (typeof json === 'string') {
    try {
      value = JSON.parse(json);
    } catch {
      throw new CeremonyError('frost/json-malformed', `The ${kind} is not valid JSON.`, { kind, field: null });
    }
  }
  return readers[kind](new JsonFields(suiteOf(suite), kind), value);
}
