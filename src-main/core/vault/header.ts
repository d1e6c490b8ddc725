import { CeremonyError } from '../errors.ts';
import { fromBase64, parseJsonObject, toBase64 } from './bytes.ts';
import type { ScryptParams } from './kdf.ts';
import { checkScryptParams } from './kdf.ts';

/**
 * vault.json: what kind of vault this is and where its data-encryption key (DEK) is.
 * It holds no secret: a keychain vault names the keychain entry, a passphrase vault holds
 * the DEK encrypted under a key derived from the passphrase.
 */
export const HEADER_FORMAT = 'ceremony-vault';
/**
 * Version 1: the vault's first data key (key generation 0). Version 2: a later data key
 * (`keyGeneration` ≥ 1, renewed when a secret is erased; see vault.ts). A vault whose key was
 * never renewed keeps writing version 1, so older app versions still open it; one with a renewed
 * key is refused by them with "update Ceremony" instead of a confusing "index missing".
 */
const HEADER_VERSIONS = [1, 2] as const;

export type VaultKind = 'keychain' | 'passphrase';

export interface KeychainLocation {
  /** Backend name at creation: 'secret-service', 'macos-keychain', ... */
  backend: string;
  service: string;
  account: string;
}

export interface PassphraseWrap {
  kdf: ScryptParams;
  salt: Uint8Array;
  /** 16 bytes from the passphrase key; tells a wrong passphrase from an altered header. */
  check: Uint8Array;
  nonce: Uint8Array;
  wrappedDek: Uint8Array;
}

export interface VaultHeader {
  vaultId: string;
  createdAt: string;
  kind: VaultKind;
  /** Which data key this is: 0 for the vault's first, +1 at every renewal. Names the index and secret files (layout.ts). */
  keyGeneration: number;
  /** One-way check value of the DEK (keys.ts dekCheck). */
  dekCheck: Uint8Array;
  keychain?: KeychainLocation;
  passphrase?: PassphraseWrap;
}

export function serializeHeader(h: VaultHeader): string {
  const out: Record<string, unknown> = {
    format: HEADER_FORMAT,
    version: h.keyGeneration > 0 ? 2 : 1,
    vaultId: h.vaultId,
    createdAt: h.createdAt,
    kind: h.kind,
    ...(h.keyGeneration > 0 ? { keyGeneration: h.keyGeneration } : {}),
    dekCheck: toBase64(h.dekCheck),
  };
  if (h.keychain) out.keychain = { ...h.keychain };
  if (h.passphrase) {
    const w = h.passphrase;
    out.passphrase = {
      kdf: { ...w.kdf },
      salt: toBase64(w.salt),
      check: toBase64(w.check),
      nonce: toBase64(w.nonce),
      wrappedDek: toBase64(w.wrappedDek),
    };
  }
  return JSON.stringify(out, null, 2) + '\n';
}

function corrupt(path: string, why: string): CeremonyError {
  return new CeremonyError(
    'vault/corrupt-header',
    `The vault header ${path} is damaged (${why}); nothing was changed. Restore it from a copy of the data folder, or restore your secrets from backups into a new vault.`,
    { path },
  );
}

const NAME_RE = /^[A-Za-z0-9][A-Za-z0-9 ._:@+-]{0,127}$/;

/** Keychain service and account names the header can record (checked at creation, so a vault can always be reopened). */
export function isValidKeychainName(name: string): boolean {
  return typeof name === 'string' && NAME_RE.test(name);
}

export function parseHeader(text: string, path: string): VaultHeader {
  const o = parseJsonObject(text, (why) => corrupt(path, why));
  if (o.format !== HEADER_FORMAT) throw corrupt(path, 'not a Ceremony vault header');
  if (!HEADER_VERSIONS.includes(o.version as 1 | 2)) {
    throw new CeremonyError(
      'vault/unsupported-version',
      `The vault at ${path} has format version ${String(o.version)}, which this version of Ceremony does not know; update Ceremony.`,
      { path, version: typeof o.version === 'number' ? o.version : null },
    );
  }
  if (typeof o.vaultId !== 'string' || !/^[0-9a-f]{32}$/.test(o.vaultId)) throw corrupt(path, 'bad vault id');
  if (typeof o.createdAt !== 'string' || Number.isNaN(Date.parse(o.createdAt))) throw corrupt(path, 'bad creation time');
  const dekCheck = fromBase64(o.dekCheck);
  if (!dekCheck || dekCheck.length !== 16) throw corrupt(path, 'bad key check value');
  const keyGeneration = o.version === 1 ? 0 : o.keyGeneration;
  if (typeof keyGeneration !== 'number' || !Number.isSafeInteger(keyGeneration) || keyGeneration < (o.version === 1 ? 0 : 1))
    throw corrupt(path, 'bad key generation');
  const h: VaultHeader = { vaultId: o.vaultId, createdAt: o.createdAt, kind: 'keychain', keyGeneration, dekCheck };
  if (o.kind === 'keychain') {
    const k = o.keychain as Record<string, unknown> | undefined;
    if (typeof k !== 'object' || k === null) throw corrupt(path, 'keychain location missing');
    for (const f of ['backend', 'service', 'account'] as const) {
      if (typeof k[f] !== 'string' || !NAME_RE.test(k[f] as string)) throw corrupt(path, `bad keychain ${f}`);
    }
    h.keychain = { backend: k.backend as string, service: k.service as string, account: k.account as string };
  } else if (o.kind === 'passphrase') {
    const w = o.passphrase as Record<string, unknown> | undefined;
    if (typeof w !== 'object' || w === null) throw corrupt(path, 'passphrase section missing');
    const kdf = checkScryptParams(w.kdf);
    if (!kdf) throw corrupt(path, 'KDF parameters missing or out of range');
    const salt = fromBase64(w.salt);
    const check = fromBase64(w.check);
    const nonce = fromBase64(w.nonce);
    const wrappedDek = fromBase64(w.wrappedDek);
    if (!salt || salt.length < 16) throw corrupt(path, 'bad salt');
    if (!check || check.length !== 16) throw corrupt(path, 'bad passphrase check value');
    if (!nonce || nonce.length !== 12) throw corrupt(path, 'bad nonce');
    if (!wrappedDek || wrappedDek.length !== 32 + 16) throw corrupt(path, 'bad wrapped key');
    h.kind = 'passphrase';
    h.passphrase = { kdf, salt, check, nonce, wrappedDek };
  } else {
    throw corrupt(path, 'unknown vault kind');
  }
  return h;
}
