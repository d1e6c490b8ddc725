import type { ErrorCode } from '../../../src-shared/api/errors.ts';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../errors.ts';
import { open, randomNonce, sealWithNonce, TAG_LENGTH } from './aead.ts';
import { equalBytes, fromBase64, toBase64, wipe } from './bytes.ts';
import type { ScryptParams } from './kdf.ts';
import { assertNewPassphrase, checkScryptParams, DEFAULT_SCRYPT, deriveFromPassphrase, newSalt, requireAffordableScrypt } from './kdf.ts';
import { passphraseKeys } from './keys.ts';
import type { SecretMeta } from './meta.ts';
import { MAX_SECRET_BYTES, parseMeta } from './meta.ts';

/**
 * A passphrase-protected backup of ONE secret (a share backup to keep on a USB stick or
 * print as a file). Binary, versioned, self-describing:
 *
 *   magic      27 bytes  0x89 "CEREMONY SECRET BACKUP" 0x0d 0x0a 0x1a 0x0a
 *   version    u16 BE    1
 *   headerLen  u32 BE
 *   header     UTF-8 JSON: format, kdf {alg,N,r,p}, salt, check, nonce, meta, exportedAt, note
 *   ctLen      u32 BE
 *   ciphertext AES-256-GCM(secret) || tag
 *
 * The AEAD associated data is every byte before the ciphertext, so the metadata, the KDF
 * parameters and the lengths are authenticated along with the secret. The magic starts
 * with a high-bit byte and contains CR LF / ^Z / LF (the PNG trick) so a transfer that
 * mangles bytes or line endings breaks the magic and is reported as such. The `check`
 * value separates "wrong passphrase" from "altered file" (see keys.ts passphraseKeys).
 */
export const BACKUP_MAGIC = new Uint8Array([0x89, ...utf8ToBytes('CEREMONY SECRET BACKUP'), 0x0d, 0x0a, 0x1a, 0x0a]);
export const BACKUP_VERSION = 1;
export const BACKUP_FILE_EXTENSION = '.ceremony-backup';
const HEADER_FORMAT = 'ceremony-secret-backup';
const MAX_HEADER = 64 * 1024;
const CONTEXT = 'ceremony/backup/v1';
const NOTE = 'Encrypted backup of one secret made by Ceremony. Keep it offline; restoring it needs the passphrase chosen at export.';

export interface BackupInfo {
  version: number;
  meta: SecretMeta;
  kdf: ScryptParams;
  exportedAt: string;
}

export interface BackupContents {
  meta: SecretMeta;
  /** The secret; the caller owns it and should wipe it. */
  secret: Uint8Array;
}

export async function encodeBackup(
  meta: SecretMeta,
  secret: Uint8Array,
  passphrase: string,
  opts: { kdf?: ScryptParams; now?: Date } = {},
): Promise<Uint8Array> {
  assertNewPassphrase(passphrase);
  const kdf = requireAffordableScrypt(opts.kdf ?? DEFAULT_SCRYPT, 'The backup');
  const salt = newSalt();
  const master = await deriveFromPassphrase(passphrase, salt, kdf);
  const keys = passphraseKeys(master, CONTEXT);
  try {
    // The header names the nonce and is itself part of the AAD, so the nonce comes first.
    const nonce = randomNonce();
    const header = utf8ToBytes(
      JSON.stringify({
        format: HEADER_FORMAT,
        kdf: { alg: kdf.alg, N: kdf.N, r: kdf.r, p: kdf.p },
        salt: toBase64(salt),
        check: toBase64(keys.check),
        nonce: toBase64(nonce),
        meta,
        exportedAt: (opts.now ?? new Date()).toISOString(),
        note: NOTE,
      }),
    );
    const ctLen = secret.length + TAG_LENGTH;
    const prefix = new Uint8Array(BACKUP_MAGIC.length + 2 + 4 + header.length + 4);
    const view = new DataView(prefix.buffer);
    prefix.set(BACKUP_MAGIC, 0);
    let off = BACKUP_MAGIC.length;
    view.setUint16(off, BACKUP_VERSION, false);
    off += 2;
    view.setUint32(off, header.length, false);
    off += 4;
    prefix.set(header, off);
    off += header.length;
    view.setUint32(off, ctLen, false);
    const ciphertext = sealWithNonce(keys.wrap, nonce, secret, prefix);
    const out = new Uint8Array(prefix.length + ciphertext.length);
    out.set(prefix, 0);
    out.set(ciphertext, prefix.length);
    return out;
  } finally {
    wipe(master, keys.wrap, keys.check);
  }
}

interface Parsed {
  info: BackupInfo;
  salt: Uint8Array;
  check: Uint8Array;
  nonce: Uint8Array;
  aad: Uint8Array;
  ciphertext: Uint8Array;
}

function err(code: ErrorCode, message: string, details: Record<string, string | number> = {}): CeremonyError {
  return new CeremonyError(code, message, details);
}

const truncated = () =>
  err(
    'vault/backup-truncated',
    'The backup file is truncated: it ends before its declared length. Copy it again from the original medium.',
  );
const malformed = (why: string) =>
  err('vault/backup-malformed', `The backup file is malformed (${why}); it was not written by Ceremony or was damaged.`);

/** Structural parse with every check that needs no passphrase. */
function parse(bytes: Uint8Array): Parsed {
  if (!(bytes instanceof Uint8Array) || bytes.length === 0)
    throw err('vault/backup-not-a-backup', 'The file is empty, not a Ceremony secret backup.');
  const m = BACKUP_MAGIC.length;
  const head = bytes.subarray(0, Math.min(m, bytes.length));
  if (!head.every((b, i) => b === BACKUP_MAGIC[i])) {
    throw err('vault/backup-not-a-backup', 'The file is not a Ceremony secret backup (its first bytes are not the backup signature).');
  }
  if (bytes.length < m) throw truncated();
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  let off = m;
  if (bytes.length < off + 2) throw truncated();
  const version = view.getUint16(off, false);
  off += 2;
  if (version !== BACKUP_VERSION) {
    throw err(
      'vault/backup-unsupported-version',
      `The backup has format version ${version}; this version of Ceremony reads version ${BACKUP_VERSION}. Update Ceremony.`,
      {
        version,
      },
    );
  }
  if (bytes.length < off + 4) throw truncated();
  const headerLen = view.getUint32(off, false);
  off += 4;
  if (headerLen === 0 || headerLen > MAX_HEADER) throw malformed(`header length ${headerLen}`);
  if (bytes.length < off + headerLen) throw truncated();
  const headerBytes = bytes.subarray(off, off + headerLen);
  off += headerLen;
  if (bytes.length < off + 4) throw truncated();
  const ctLen = view.getUint32(off, false);
  off += 4;
  if (ctLen <= TAG_LENGTH || ctLen > MAX_SECRET_BYTES + TAG_LENGTH) throw malformed(`ciphertext length ${ctLen}`);
  if (bytes.length < off + ctLen) throw truncated();
  if (bytes.length > off + ctLen) throw malformed(`${bytes.length - off - ctLen} unexpected bytes after the end`);
  const aad = bytes.slice(0, off);
  const ciphertext = bytes.slice(off, off + ctLen);

  let h: unknown;
  try {
    h = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(headerBytes));
  } catch {
    throw malformed('header is not valid UTF-8 JSON');
  }
  if (typeof h !== 'object' || h === null || Array.isArray(h)) throw malformed('header is not an object');
  const o = h as Record<string, unknown>;
  if (o.format !== HEADER_FORMAT) throw malformed('header format');
  const kdf = checkScryptParams(o.kdf);
  if (!kdf) throw malformed('KDF parameters missing or out of range');
  requireAffordableScrypt(
    kdf,
    `The backup of "${typeof o.meta === 'object' && o.meta !== null ? String((o.meta as { id?: unknown }).id) : '?'}"`,
  );
  const salt = fromBase64(o.salt);
  const check = fromBase64(o.check);
  const nonce = fromBase64(o.nonce);
  if (!salt || salt.length < 16 || salt.length > 64) throw malformed('salt');
  if (!check || check.length !== 16) throw malformed('passphrase check value');
  if (!nonce || nonce.length !== 12) throw malformed('nonce');
  const meta = parseMeta(o.meta);
  if (!meta) throw malformed('secret metadata');
  if (typeof o.exportedAt !== 'string' || Number.isNaN(Date.parse(o.exportedAt))) throw malformed('export time');
  return { info: { version, meta, kdf, exportedAt: o.exportedAt }, salt, check, nonce, aad, ciphertext };
}

/** Public information about a backup file, readable without the passphrase (NOT yet authenticated). */
export function inspectBackup(bytes: Uint8Array): BackupInfo {
  return parse(bytes).info;
}

/** Verifies and decrypts. Throws a specific CeremonyError for every way the file can be wrong. */
export async function decodeBackup(bytes: Uint8Array, passphrase: string): Promise<BackupContents> {
  const p = parse(bytes);
  const master = await deriveFromPassphrase(passphrase, p.salt, p.info.kdf);
  const keys = passphraseKeys(master, CONTEXT);
  try {
    if (!equalBytes(keys.check, p.check)) {
      throw err('vault/wrong-passphrase', `Wrong passphrase for the backup of "${p.info.meta.id}".`, { id: p.info.meta.id });
    }
    const secret = open(keys.wrap, { nonce: p.nonce, ciphertext: p.ciphertext }, p.aad);
    if (!secret) {
      throw err(
        'vault/backup-tampered',
        `The backup of "${p.info.meta.id}" failed authentication: its contents or metadata were altered after export. Use another copy.`,
        { id: p.info.meta.id },
      );
    }
    return { meta: p.info.meta, secret };
  } finally {
    wipe(master, keys.wrap, keys.check);
  }
}
