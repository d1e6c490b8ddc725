import { CeremonyError } from '../errors.ts';

/**
 * Public metadata of a stored secret: everything here may be shown in the UI, written to
 * logs and returned over the API. It never contains secret bytes.
 */
export const KNOWN_SECRET_KINDS = ['seal.dkg-keys', 'seal.share', 'frost.key-package', 'sui.key', 'comm.key'] as const;
export type KnownSecretKind = (typeof KNOWN_SECRET_KINDS)[number];
/** Known kinds, or a new dotted lowercase name (`family.thing`) a later protocol adds. */
export type SecretKind = KnownSecretKind | (string & {});

export type FingerprintSource = 'public-key' | 'vault-mac';

export interface SecretMeta {
  /** Caller-chosen stable id, e.g. `seal/<ceremonyId>/master-share-v1`. */
  id: string;
  label: string;
  kind: SecretKind;
  /** The ceremony this secret belongs to, or null for a standing key (Sui key, comm key). */
  ceremonyId: string | null;
  /** ISO-8601 time the secret was first stored (kept across backup and import). */
  createdAt: string;
  /** 32 hex chars (128 bits); see fingerprint.ts for what it is computed from. */
  fingerprint: string;
  fingerprintSource: FingerprintSource;
}

/** What a caller passes to `put`. */
export interface PutSecretInput {
  id: string;
  label: string;
  kind: SecretKind;
  ceremonyId: string | null;
  /**
   * The PUBLIC counterpart of the secret (public key, verifying share, partial public key,
   * enc_pk || signing_pk ...). When given, the fingerprint is a hash of it, so anyone holding
   * the public key can recompute and compare the fingerprint. Strongly preferred.
   */
  publicKey?: Uint8Array;
}

export const MAX_SECRET_BYTES = 1024 * 1024;

const ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,199}$/;
const KIND_RE = /^[a-z][a-z0-9-]{0,30}(\.[a-z0-9][a-z0-9-]{0,30}){1,3}$/;
const CEREMONY_ID_RE = /^[A-Za-z0-9][A-Za-z0-9._:/@+-]{0,127}$/;
const FINGERPRINT_RE = /^[0-9a-f]{32}$/;
// Printable text without control characters (C0, DEL, C1, bidi overrides that could spoof a label).
// eslint-disable-next-line no-control-regex
const BAD_LABEL_CHARS = /[\u0000-\u001f\u007f-\u009f\u202a-\u202e\u2066-\u2069]/;

function bad(field: string, why: string): never {
  throw new CeremonyError('vault/bad-metadata', `Secret ${field} ${why}.`, { field });
}

export function validateId(id: unknown): string {
  if (typeof id !== 'string' || !ID_RE.test(id) || id.includes('..')) {
    bad('id', 'must be 1-200 characters of letters, digits and . _ : / @ + - (starting with a letter or digit, no "..")');
  }
  return id;
}

export function validateInput(input: PutSecretInput): void {
  if (typeof input !== 'object' || input === null) bad('metadata', 'is missing');
  validateId(input.id);
  if (typeof input.label !== 'string' || input.label.length === 0 || input.label.length > 200 || BAD_LABEL_CHARS.test(input.label)) {
    bad('label', 'must be 1-200 printable characters');
  }
  if (typeof input.kind !== 'string' || !KIND_RE.test(input.kind)) bad('kind', 'must be a dotted lowercase name such as "seal.share"');
  if (input.ceremonyId !== null && (typeof input.ceremonyId !== 'string' || !CEREMONY_ID_RE.test(input.ceremonyId))) {
    bad('ceremonyId', 'must be null or 1-128 characters of letters, digits and . _ : / @ + -');
  }
  if (
    input.publicKey !== undefined &&
    (!(input.publicKey instanceof Uint8Array) || input.publicKey.length === 0 || input.publicKey.length > 4096)
  ) {
    bad('publicKey', 'must be 1-4096 bytes when given');
  }
}

/** Full validation of metadata read from a file (index, secret file, backup). Returns a clean copy or undefined. */
export function parseMeta(v: unknown): SecretMeta | undefined {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) return undefined;
  const o = v as Record<string, unknown>;
  const keys = Object.keys(o).sort().join(',');
  if (keys !== 'ceremonyId,createdAt,fingerprint,fingerprintSource,id,kind,label') return undefined;
  try {
    validateInput({ id: o.id as string, label: o.label as string, kind: o.kind as string, ceremonyId: o.ceremonyId as string | null });
  } catch {
    return undefined;
  }
  if (typeof o.createdAt !== 'string' || Number.isNaN(Date.parse(o.createdAt)) || o.createdAt.length > 40) return undefined;
  if (typeof o.fingerprint !== 'string' || !FINGERPRINT_RE.test(o.fingerprint)) return undefined;
  if (o.fingerprintSource !== 'public-key' && o.fingerprintSource !== 'vault-mac') return undefined;
  return {
    id: o.id as string,
    label: o.label as string,
    kind: o.kind as string,
    ceremonyId: o.ceremonyId as string | null,
    createdAt: o.createdAt,
    fingerprint: o.fingerprint,
    fingerprintSource: o.fingerprintSource,
  };
}

/** The canonical field list of a SecretMeta, for AAD and MACs (null ceremonyId -> '', which validation never allows as a value). */
export function metaFields(m: SecretMeta): string[] {
  return [m.id, m.label, m.kind, m.ceremonyId ?? '', m.createdAt, m.fingerprint, m.fingerprintSource];
}

export function sameMeta(a: SecretMeta, b: SecretMeta): boolean {
  const fa = metaFields(a);
  const fb = metaFields(b);
  return fa.every((f, i) => f === fb[i]) && (a.ceremonyId === null) === (b.ceremonyId === null);
}
