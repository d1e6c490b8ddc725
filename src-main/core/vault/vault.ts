import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../errors.ts';
import type { AtomicWriteOptions } from '../fsx/atomic.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';
import { withProcessLock } from '../fsx/process-lock.ts';
import { open as aeadOpen, seal } from './aead.ts';
import type { BackupContents } from './backup.ts';
import { decodeBackup, encodeBackup, inspectBackup } from './backup.ts';
import { encodeFields, equalBytes, wipe } from './bytes.ts';
import { eraseFile } from './erase.ts';
import { computeFingerprint } from './fingerprint.ts';
import type { PassphraseWrap, VaultHeader, VaultKind } from './header.ts';
import { isValidKeychainName, parseHeader, serializeHeader } from './header.ts';
import type { ScryptParams } from './kdf.ts';
import { assertNewPassphrase, DEFAULT_SCRYPT, deriveFromPassphrase, newSalt, requireAffordableScrypt } from './kdf.ts';
import type { KeychainBackend } from './keychain.ts';
import { DEFAULT_KEYCHAIN_SERVICE, keychainUnavailable } from './keychain.ts';
import type { VaultKeys } from './keys.ts';
import { dekCheck, deriveVaultKeys, passphraseKeys, wipeKeys } from './keys.ts';
import type { VaultPaths } from './layout.ts';
import {
  ensureDirs,
  FILE_MODE,
  fileGeneration,
  indexPath,
  keychainAccount,
  lockPath,
  readIfExists,
  secretPath,
  vaultPaths,
} from './layout.ts';
import type { PutSecretInput, SecretMeta } from './meta.ts';
import { MAX_SECRET_BYTES, sameMeta, validateId, validateInput } from './meta.ts';
import { NapiKeychain } from './napi-keychain.ts';
import type { SecretIndex } from './secret-index.ts';
import { parseIndex, parseIndexUnverified, serializeIndex } from './secret-index.ts';
import { parseSecretFile, secretAad, serializeSecretFile } from './secret-file.ts';

/**
 * The vault: every secret of the product (DKG keys, Seal master shares, FROST key packages,
 * Sui private keys, communication keys), encrypted at rest. Main process only.
 *
 * Keys. A random 32-byte data-encryption key (DEK) per vault. A keychain vault keeps it in
 * the OS keychain (`KeychainBackend`); a passphrase vault, chosen explicitly for machines
 * without a keychain, keeps it wrapped under scrypt(passphrase). There is no third way: the
 * vault never stores its key in the clear, and never falls back silently.
 *
 * Durability. Every file is written with writeFileAtomic (temp, fsync, rename, fsync
 * folder). The index is the commit point: `put` writes the secret file, then the index;
 * `delete` rewrites the index, then erases the file. A crash at any instant therefore
 * leaves either the old or the new state; the only possible leftover is an unreferenced
 * secret file (encrypted), which is never listed, and is replaced by a later put or erased
 * by a later delete of the same id. Several processes may read the vault at once; every
 * read-modify-write (put, delete, import, passphrase change, init) holds an exclusive lock
 * shared by all processes (`vault/.lock`, see fsx/process-lock.ts), so the app and a CLI
 * command writing at once lose nothing.
 *
 * Renewing the data key. Erasing a secret file cannot be trusted to destroy its old blocks (see
 * erase.ts), and a copy of the data folder (a backup, a snapshot) keeps the file whole. So
 * `delete` also renews the data key: the remaining secrets are re-encrypted under a fresh key,
 * the fresh key is stored where the old one was (a new keychain entry, or wrapped under the same
 * passphrase), and the old key is removed. Once it is gone from the keychain, no copy of the
 * folder from before the delete can be decrypted, the erased secret included. Each key
 * generation has its own index and secret files (layout.ts): the new generation is written
 * beside the old one, then ONE header write (naming the new key) switches to it, then the old
 * generation's files and keychain entry are removed. A crash before the header write leaves the
 * old generation whole (the new files and keychain entry are strays, removed by the next
 * delete); after it, the new generation is whole (the old files and entry are the strays).
 * Other processes notice the new header on their next operation and read the new key.
 *
 * Secrets in memory. `get` returns a fresh buffer the caller owns and must wipe. Buffers
 * the vault owns (DEK, subkeys, passphrase-derived keys, decrypted copies used for
 * comparisons and exports) are zeroed after use and on `lock()`; see bytes.ts `wipe` for
 * what JavaScript can and cannot promise.
 */

export type VaultState = 'uninitialized' | 'locked' | 'unlocked';

/** Public facts about a vault; safe to show anywhere. */
export interface VaultStatus {
  initialized: boolean;
  kind: VaultKind | null;
  /** Keychain backend name ('secret-service', 'macos-keychain', ...) or 'passphrase'. */
  backend: string | null;
  state: VaultState;
  /** Number of stored secrets (from the index; verified only while unlocked). */
  count: number;
  vaultDir: string;
  vaultId: string | null;
  createdAt: string | null;
  keychain: { service: string; account: string } | null;
  kdf: ScryptParams | null;
}

export type WriteFileFn = (path: string, data: Uint8Array | string, opts: AtomicWriteOptions) => void;

export interface VaultOptions {
  /** The app data folder; the vault lives in `<dataDir>/vault/`. */
  dataDir: string;
  /** Default: the OS keychain through @napi-rs/keyring. */
  keychain?: KeychainBackend;
  /** Keychain service name for a new keychain vault (default 'Ceremony'); an existing vault uses the one in its header. */
  keychainService?: string;
  now?: () => Date;
  /** Test seam for crash-safety tests; default writeFileAtomic. */
  writeFile?: WriteFileFn;
}

export type InitOptions = VaultOptions & ({ kind: 'keychain' } | { kind: 'passphrase'; passphrase: string; kdf?: ScryptParams });

const DEK_LENGTH = 32;

function keyRenewedElsewhere(dir: string): CeremonyError {
  return new CeremonyError(
    'vault/key-renewed',
    `Another Ceremony program renewed the key of the vault in ${dir} a moment ago (after deleting a secret); try again.`,
    { vaultDir: dir },
  );
}

function passphraseChangedElsewhere(dir: string): CeremonyError {
  return new CeremonyError(
    'vault/locked',
    `The passphrase of the vault in ${dir} was changed by another Ceremony program since it was unlocked here; unlock it again with the new passphrase.`,
    { vaultDir: dir },
  );
}

function wrapAad(vaultId: string, kdf: ScryptParams, salt: Uint8Array): Uint8Array {
  return encodeFields(['ceremony/vault/dek-wrap/v1', vaultId, kdf.alg, String(kdf.N), String(kdf.r), String(kdf.p), salt]);
}

function wrapContext(vaultId: string): string {
  return `ceremony/vault/v1/${vaultId}/passphrase`;
}

/** Wraps the DEK under a new passphrase (fresh salt); returns the wrap and its wrapping key (the caller wipes it). */
async function wrapDek(
  dek: Uint8Array,
  vaultId: string,
  passphrase: string,
  kdf: ScryptParams,
): Promise<{ wrap: PassphraseWrap; wrapKey: Uint8Array }> {
  const salt = newSalt();
  const master = await deriveFromPassphrase(passphrase, salt, kdf);
  const keys = passphraseKeys(master, wrapContext(vaultId));
  try {
    const sealed = seal(keys.wrap, dek, wrapAad(vaultId, kdf, salt));
    return {
      wrap: { kdf, salt, check: keys.check.slice(), nonce: sealed.nonce, wrappedDek: sealed.ciphertext },
      wrapKey: keys.wrap.slice(),
    };
  } finally {
    wipe(master, keys.wrap, keys.check);
  }
}

/** Wraps a renewed DEK under the same passphrase: the wrapping key kept since unlock, same salt, KDF and check value. */
function rewrapDek(dek: Uint8Array, vaultId: string, w: PassphraseWrap, wrapKey: Uint8Array): PassphraseWrap {
  const sealed = seal(wrapKey, dek, wrapAad(vaultId, w.kdf, w.salt));
  return { ...w, nonce: sealed.nonce, wrappedDek: sealed.ciphertext };
}

/** The DEK a header wraps, with a wrapping key; undefined when the key does not open it. */
function unwrapWith(header: VaultHeader, wrapKey: Uint8Array): Uint8Array | undefined {
  const w = header.passphrase!;
  return aeadOpen(wrapKey, { nonce: w.nonce, ciphertext: w.wrappedDek }, wrapAad(header.vaultId, w.kdf, w.salt));
}

/** The DEK and the wrapping key (the caller wipes both). */
async function unwrapDek(header: VaultHeader, passphrase: string, path: string): Promise<{ dek: Uint8Array; wrapKey: Uint8Array }> {
  const w = header.passphrase!;
  const master = await deriveFromPassphrase(passphrase, w.salt, w.kdf);
  const keys = passphraseKeys(master, wrapContext(header.vaultId));
  try {
    if (!equalBytes(keys.check, w.check)) {
      throw new CeremonyError(
        'vault/wrong-passphrase',
        'Wrong passphrase for this vault; nothing was changed. Check the keyboard layout and Caps Lock, then try again.',
      );
    }
    const dek = unwrapWith(header, keys.wrap);
    if (!dek) {
      throw new CeremonyError(
        'vault/corrupt-header',
        `The passphrase is right but the wrapped key in ${path} fails authentication: the header was altered. Restore it from a copy of the data folder.`,
        { path },
      );
    }
    return { dek, wrapKey: keys.wrap.slice() };
  } finally {
    wipe(master, keys.wrap, keys.check);
  }
}

function vaultBusy(dir: string): (pid: number) => CeremonyError {
  return (pid) =>
    new CeremonyError(
      'vault/busy',
      `The vault in ${dir} has been busy for 30 s with another Ceremony program (process ${pid}); try again when it is done.`,
      { vaultDir: dir, pid },
    );
}

function notInitialized(dir: string): CeremonyError {
  return new CeremonyError(
    'vault/not-initialized',
    `There is no vault in ${dir} yet; create one (keychain, or passphrase on a machine without a keychain).`,
    { vaultDir: dir },
  );
}

function readHeader(p: VaultPaths): VaultHeader | undefined {
  const raw = readIfExists(p.header);
  return raw === undefined ? undefined : parseHeader(raw.toString('utf8'), p.header);
}

/** Secret files of one key generation, or of every generation. */
function secretFileCount(p: VaultPaths, generation?: number): number {
  if (!existsSync(p.secretsDir)) return 0;
  return readdirSync(p.secretsDir).filter((f) => f.endsWith('.secret') && (generation === undefined || fileGeneration(f) === generation))
    .length;
}

/** Status without touching the keychain or asking for a passphrase. */
export function readVaultStatus(dataDir: string): VaultStatus {
  const p = vaultPaths(dataDir);
  const header = readHeader(p);
  if (!header) {
    return {
      initialized: false,
      kind: null,
      backend: null,
      state: 'uninitialized',
      count: 0,
      vaultDir: p.dir,
      vaultId: null,
      createdAt: null,
      keychain: null,
      kdf: null,
    };
  }
  const path = indexPath(p, header.keyGeneration);
  const rawIndex = readIfExists(path);
  const count = rawIndex === undefined ? 0 : parseIndexUnverified(rawIndex.toString('utf8'), path, header.vaultId).entries.length;
  return statusFrom(p, header, 'locked', count);
}

function statusFrom(p: VaultPaths, h: VaultHeader, state: VaultState, count: number): VaultStatus {
  return {
    initialized: true,
    kind: h.kind,
    backend: h.kind === 'keychain' ? h.keychain!.backend : 'passphrase',
    state,
    count,
    vaultDir: p.dir,
    vaultId: h.vaultId,
    createdAt: h.createdAt,
    keychain: h.keychain ? { service: h.keychain.service, account: h.keychain.account } : null,
    kdf: h.passphrase ? { ...h.passphrase.kdf } : null,
  };
}

export class Vault {
  private dek: Uint8Array | undefined;
  private keys: VaultKeys | undefined;
  /** Passphrase vault, while unlocked: the key wrapping the DEK, to wrap a renewed DEK under the same passphrase. */
  private wrapKey: Uint8Array | undefined;
  /** The header our keys belong to, serialized: tells whether the file on disk changed (see adoptHeader). */
  private headerText = '';

  private constructor(
    private readonly paths: VaultPaths,
    private header: VaultHeader,
    private readonly keychain: KeychainBackend | undefined,
    private readonly now: () => Date,
    private readonly writeFile: WriteFileFn,
  ) {}

  /** Status of the vault in `dataDir` without unlocking it (works when there is none). */
  static status(dataDir: string): VaultStatus {
    return readVaultStatus(dataDir);
  }

  /**
   * Creates a vault. Refuses when one exists (never overwrites), and when stray secret
   * files are present without a header (they might be someone's only copy).
   */
  static async init(opts: InitOptions): Promise<Vault> {
    const p = vaultPaths(opts.dataDir);
    ensureDirs(p);
    return withProcessLock(lockPath(p), { busy: vaultBusy(p.dir) }, () => Vault.initLocked(p, opts));
  }

  private static async initLocked(p: VaultPaths, opts: InitOptions): Promise<Vault> {
    if (existsSync(p.header)) {
      throw new CeremonyError('vault/already-initialized', `A vault already exists in ${p.dir}; it was left untouched.`, {
        vaultDir: p.dir,
      });
    }
    const strays = secretFileCount(p);
    if (strays > 0) {
      throw new CeremonyError(
        'vault/orphaned-files',
        `${p.secretsDir} holds ${strays} secret file(s) but no vault header; refusing to create a vault over them. Move the folder aside or restore its vault.json.`,
        { vaultDir: p.dir, files: strays },
      );
    }
    const write = opts.writeFile ?? writeFileAtomic;
    const now = opts.now ?? (() => new Date());
    const vaultId = bytesToHex(randomBytes(16));
    const dek = randomBytes(DEK_LENGTH);
    const header: VaultHeader = {
      vaultId,
      createdAt: now().toISOString(),
      kind: opts.kind,
      keyGeneration: 0,
      dekCheck: dekCheck(dek, vaultId),
    };
    let wrapKey: Uint8Array | undefined;
    let keychain: KeychainBackend | undefined;
    try {
      if (opts.kind === 'keychain') {
        keychain = opts.keychain ?? new NapiKeychain();
        const service = opts.keychainService ?? DEFAULT_KEYCHAIN_SERVICE;
        if (!isValidKeychainName(service)) throw new Error(`invalid keychain service name ${JSON.stringify(service)}`);
        const account = keychainAccount(vaultId, 0);
        await keychain.write(service, account, dek);
        // Read back: a keychain that accepts a write but does not keep it must fail now, not at the next start.
        const back = await keychain.read(service, account);
        const kept = back !== null && equalBytes(back, dek);
        wipe(back);
        if (!kept) throw keychainUnavailable(keychain.name, 'it did not return the key just stored');
        header.keychain = { backend: keychain.name, service, account };
      } else {
        assertNewPassphrase(opts.passphrase);
        const kdf = requireAffordableScrypt(opts.kdf ?? DEFAULT_SCRYPT, 'The new vault');
        ({ wrap: header.passphrase, wrapKey } = await wrapDek(dek, vaultId, opts.passphrase, kdf));
      }
      const vault = new Vault(p, header, keychain, now, write);
      vault.setKey(dek, wrapKey);
      try {
        ensureDirs(p);
        // Index first, header last: the header is what makes the folder a vault.
        vault.writeIndex({ vaultId, entries: [] });
        write(p.header, serializeHeader(header), { mode: FILE_MODE });
      } catch (e) {
        vault.lock();
        // No header was written, so nothing refers to the new keychain entry: take it back.
        if (header.keychain) await keychain!.remove(header.keychain.service, header.keychain.account).catch(() => false);
        throw e;
      }
      return vault;
    } finally {
      wipe(dek, wrapKey);
    }
  }

  /**
   * Opens an existing vault. A keychain vault is unlocked on open (its key is read from the
   * keychain); a passphrase vault opens locked, call `unlock(passphrase)`.
   */
  static async open(opts: VaultOptions): Promise<Vault> {
    const vault = Vault.load(opts);
    if (vault.kind === 'keychain') await vault.unlock();
    return vault;
  }

  /** Reads the header only and returns a LOCKED vault of either kind, without touching the keychain. */
  static load(opts: VaultOptions): Vault {
    const p = vaultPaths(opts.dataDir);
    const header = readHeader(p);
    if (!header) throw notInitialized(p.dir);
    const keychain = header.kind === 'keychain' ? (opts.keychain ?? new NapiKeychain()) : opts.keychain;
    return new Vault(p, header, keychain, opts.now ?? (() => new Date()), opts.writeFile ?? writeFileAtomic);
  }

  get kind(): VaultKind {
    return this.header.kind;
  }

  get unlocked(): boolean {
    return this.keys !== undefined;
  }

  status(): VaultStatus {
    let count: number;
    try {
      count = this.loadIndex().entries.length;
    } catch (e) {
      // Locked, or the key was renewed by another process a moment ago: count without verifying.
      if (!isCeremonyError(e, 'vault/locked') && !isCeremonyError(e, 'vault/key-renewed')) throw e;
      const path = indexPath(this.paths, this.header.keyGeneration);
      const raw = readIfExists(path);
      count = raw === undefined ? 0 : parseIndexUnverified(raw.toString('utf8'), path, this.header.vaultId).entries.length;
    }
    return statusFrom(this.paths, this.header, this.keys ? 'unlocked' : 'locked', count);
  }

  /** Keychain vault: reads the key again (no argument). Passphrase vault: needs the passphrase. */
  async unlock(passphrase?: string): Promise<void> {
    if (this.keys) return;
    this.header = readHeader(this.paths) ?? this.header; // another process may have renewed the key
    const h = this.header;
    let dek: Uint8Array;
    let wrapKey: Uint8Array | undefined;
    if (h.kind === 'keychain') {
      const loc = h.keychain!;
      const got = await this.keychain!.read(loc.service, loc.account);
      if (got === null) {
        throw new CeremonyError(
          'vault/keychain-entry-missing',
          `The vault in ${this.paths.dir} keeps its key in the OS keychain (${loc.backend}, service "${loc.service}", account "${loc.account}"), but that entry is missing: ` +
            'the keyring was reset or replaced, or you are logged in as another user. The encrypted files were left untouched; restore the keyring or log in as the user who created the vault, ' +
            'otherwise move this vault folder aside and restore your secrets from their backup files into a new vault.',
          { vaultDir: this.paths.dir, backend: loc.backend, service: loc.service, account: loc.account },
        );
      }
      dek = got;
    } else {
      if (typeof passphrase !== 'string') {
        throw new CeremonyError('vault/locked', 'This vault is protected by a passphrase; enter it to unlock the vault.');
      }
      ({ dek, wrapKey } = await unwrapDek(h, passphrase, this.paths.header));
    }
    try {
      if (dek.length !== DEK_LENGTH || !equalBytes(dekCheck(dek, h.vaultId), h.dekCheck)) {
        if (h.kind === 'passphrase') {
          // The wrapped key authenticated, so it is the key that was wrapped: the check value was edited.
          throw new CeremonyError(
            'vault/corrupt-header',
            `The key check value in ${this.paths.header} was altered; nothing was changed. Restore it from a copy.`,
            {
              path: this.paths.header,
            },
          );
        }
        throw new CeremonyError(
          'vault/keychain-key-mismatch',
          `The key found for the vault in ${this.paths.dir} is not this vault's key (the keychain entry was replaced, or vault.json was copied from another vault). Nothing was changed.`,
          { vaultDir: this.paths.dir },
        );
      }
      if (this.keys) return; // a concurrent unlock finished first
      this.setKey(dek, wrapKey);
      try {
        this.ensureIndex();
      } catch (e) {
        this.lock();
        throw e;
      }
    } finally {
      wipe(dek, wrapKey);
    }
  }

  /**
   * Catches up with another process that renewed the data key (or changed the passphrase)
   * since this one unlocked: reads the new key from the keychain, or unwraps it with the
   * passphrase's wrapping key. Every operation does this; `list`, `has` and `meta` cannot wait
   * for the keychain, so callers that may run beside another process call this first (the
   * VaultService does).
   */
  async refresh(): Promise<void> {
    if (!this.keys) return;
    const renewed = this.adoptHeader();
    if (!renewed) return;
    const got = await this.keychain!.read(renewed.keychain!.service, renewed.keychain!.account);
    if (got === null) throw keyRenewedElsewhere(this.paths.dir); // renewed again meanwhile
    try {
      if (got.length !== DEK_LENGTH || !equalBytes(dekCheck(got, renewed.vaultId), renewed.dekCheck))
        throw keyRenewedElsewhere(this.paths.dir);
      this.header = renewed;
      this.setKey(got);
    } finally {
      wipe(got);
    }
  }

  /** Forgets the key (zeroing our copies). Any later secret operation needs `unlock`. */
  lock(): void {
    wipe(this.dek, this.wrapKey);
    wipeKeys(this.keys);
    this.dek = undefined;
    this.keys = undefined;
    this.wrapKey = undefined;
  }

  /** Public metadata of every secret, sorted by id. Requires an unlocked vault (the index MAC is verified). */
  list(): SecretMeta[] {
    return this.loadIndex().entries.map((e) => ({ ...e }));
  }

  has(id: string): boolean {
    return this.loadIndex().entries.some((e) => e.id === id);
  }

  /** Public metadata of one secret, or undefined. */
  meta(id: string): SecretMeta | undefined {
    const e = this.loadIndex().entries.find((x) => x.id === id);
    return e ? { ...e } : undefined;
  }

  /**
   * Stores a secret. Idempotent by id: storing the same bytes with the same metadata again
   * returns the existing entry; a different secret or different metadata under an existing
   * id is refused (`vault/id-conflict`), never overwritten. The secret is durable on disk
   * when the promise resolves. The caller keeps ownership of `secret` (we copy nothing
   * beyond the ciphertext).
   */
  async put(input: PutSecretInput, secret: Uint8Array): Promise<SecretMeta> {
    this.requireKeys();
    validateInput(input);
    if (!(secret instanceof Uint8Array) || secret.length === 0 || secret.length > MAX_SECRET_BYTES) {
      throw new CeremonyError('vault/bad-secret', `A secret must be 1 to ${MAX_SECRET_BYTES} bytes.`, { id: input.id });
    }
    return this.exclusive(async () => {
      await this.refresh();
      const fp = computeFingerprint(this.requireKeys().fingerprintMac, input.kind, secret, input.publicKey);
      return this.putLocked(input, secret, fp);
    });
  }

  private putLocked(input: PutSecretInput, secret: Uint8Array, fp: ReturnType<typeof computeFingerprint>): SecretMeta {
    const ix = this.loadIndex();
    const existing = ix.entries.find((e) => e.id === input.id);
    if (existing) {
      // A `vault-mac` fingerprint depends on the data key, renewed since the secret was stored:
      // equal bytes (checked below) are what make it the same secret.
      const same =
        existing.label === input.label &&
        existing.kind === input.kind &&
        existing.ceremonyId === input.ceremonyId &&
        existing.fingerprintSource === fp.fingerprintSource &&
        (fp.fingerprintSource === 'vault-mac' || existing.fingerprint === fp.fingerprint);
      const stored = this.decrypt(existing);
      const equal = equalBytes(stored, secret);
      wipe(stored);
      if (same && equal) return { ...existing };
      throw new CeremonyError(
        'vault/id-conflict',
        `A different secret or different metadata is already stored under id "${input.id}"; it was not overwritten. Delete it explicitly first if replacing it is really intended.`,
        { id: input.id },
      );
    }
    const meta: SecretMeta = {
      id: input.id,
      label: input.label,
      kind: input.kind,
      ceremonyId: input.ceremonyId,
      createdAt: this.now().toISOString(),
      ...fp,
    };
    this.commit(ix, meta, secret);
    return { ...meta };
  }

  /** The secret's bytes, authenticated against its id and metadata. The caller owns and wipes the result. */
  async get(id: string): Promise<Uint8Array> {
    this.requireKeys();
    validateId(id);
    for (let attempt = 0; ; attempt++) {
      await this.refresh();
      const generation = this.header.keyGeneration;
      try {
        const entry = this.loadIndex().entries.find((e) => e.id === id);
        if (!entry) throw new CeremonyError('vault/not-found', `No secret with id "${id}" in the vault.`, { id });
        return this.decrypt(entry);
      } catch (e) {
        // Another process renewed the key between our reads (its files replaced ours): read again.
        const renewed = attempt === 0 && (readHeader(this.paths)?.keyGeneration ?? generation) !== generation;
        if (!renewed) throw e;
      }
    }
  }

  /**
   * Deletes a secret and renews the data key (see "Renewing the data key" above): the other
   * secrets move to a new key generation without it (the header write naming the new key is
   * the commit point), then the old generation's files are overwritten and unlinked (see
   * erase.ts for the limits) and its key is removed from the keychain. Returns whether the id
   * was stored. Also erases a leftover file for this id from an interrupted earlier put, and
   * the leftovers of an interrupted earlier renewal.
   */
  async delete(id: string): Promise<boolean> {
    this.requireKeys();
    validateId(id);
    return this.exclusive(async () => {
      await this.refresh();
      await this.removeOtherGenerations();
      const ix = this.loadIndex();
      const present = ix.entries.some((e) => e.id === id);
      if (present) await this.renewKey(ix.entries.filter((e) => e.id !== id));
      else eraseFile(secretPath(this.paths, id, this.header.keyGeneration));
      return present;
    });
  }

  /**
   * Re-wraps the key of a passphrase vault under a new passphrase (and optionally new,
   * e.g. stronger, scrypt parameters). The current passphrase is required even when the
   * vault is unlocked. One atomic header write: a crash leaves the old or the new passphrase
   * valid, never neither. Secret files are not touched (the DEK does not change).
   */
  async changePassphrase(current: string, next: string, opts: { kdf?: ScryptParams } = {}): Promise<void> {
    if (this.header.kind !== 'passphrase') {
      throw new CeremonyError(
        'vault/not-a-passphrase-vault',
        'This vault keeps its key in the OS keychain; it has no passphrase to change.',
      );
    }
    assertNewPassphrase(next);
    await this.exclusive(async () => {
      // Another process may have changed the passphrase or renewed the key since we loaded the header.
      if (this.keys) await this.refresh().catch((e) => (isCeremonyError(e, 'vault/locked') ? undefined : Promise.reject(e)));
      if (!this.keys) this.header = readHeader(this.paths) ?? this.header;
      const kdf = opts.kdf ? requireAffordableScrypt(opts.kdf, 'The new passphrase') : this.header.passphrase!.kdf;
      const { dek, wrapKey: oldWrapKey } = await unwrapDek(this.header, current, this.paths.header);
      wipe(oldWrapKey);
      try {
        const { wrap, wrapKey } = await wrapDek(dek, this.header.vaultId, next, kdf);
        const header: VaultHeader = { ...this.header, passphrase: wrap };
        this.writeFile(this.paths.header, serializeHeader(header), { mode: FILE_MODE });
        this.header = header;
        this.headerText = serializeHeader(header);
        if (this.keys) this.setKey(dek, wrapKey);
        wipe(wrapKey);
      } finally {
        wipe(dek);
      }
    });
  }

  /** A passphrase-protected backup file (bytes) of one secret. See backup.ts for the format. */
  async exportBackup(id: string, passphrase: string, opts: { kdf?: ScryptParams } = {}): Promise<Uint8Array> {
    assertNewPassphrase(passphrase);
    const meta = this.meta(id);
    if (!meta) throw new CeremonyError('vault/not-found', `No secret with id "${id}" in the vault.`, { id });
    const secret = await this.get(id);
    try {
      return await encodeBackup(meta, secret, passphrase, { kdf: opts.kdf, now: this.now() });
    } finally {
      wipe(secret);
    }
  }

  /**
   * Restores a secret from a backup file. Refuses a wrong passphrase, a damaged, truncated
   * or altered file, and an id already in this vault, each with its own error code. The
   * file is fully verified before anything is written; the write itself is one commit.
   */
  async importBackup(bytes: Uint8Array, passphrase: string): Promise<SecretMeta> {
    this.requireKeys();
    const info = inspectBackup(bytes);
    this.refuseDuplicate(info.meta.id);
    let contents: BackupContents | undefined;
    try {
      contents = await decodeBackup(bytes, passphrase);
      // Re-check under the lock: the vault may have changed (or been locked) meanwhile.
      const { meta, secret } = contents;
      await this.exclusive(async () => {
        this.requireKeys();
        await this.refresh();
        this.refuseDuplicate(meta.id);
        this.commit(this.loadIndex(), meta, secret);
      });
      return { ...contents.meta };
    } finally {
      wipe(contents?.secret);
    }
  }

  /**
   * Proves a backup restores, without restoring it: decrypts it in memory (nothing is written),
   * then checks it holds the very secret this vault holds under its id: same public fingerprint
   * and, compared here in main's memory, the same bytes. Returns the public metadata; every
   * decrypted buffer is wiped.
   *
   * Each way it can fail has its own code. A wrong passphrase and a damaged ciphertext body are
   * told apart by the backup header's `check` value (see keys.ts passphraseKeys): it is derived
   * from the passphrase alone, so it matches or not before the ciphertext is touched; a right
   * passphrase whose AES-GCM tag then fails means the body (or the authenticated header) was
   * altered. Every backup ever written carries that value, so nothing about the format changes.
   */
  async proveBackup(bytes: Uint8Array, passphrase: string, expectedId?: string): Promise<SecretMeta> {
    this.requireKeys();
    let contents: BackupContents;
    try {
      contents = await decodeBackup(bytes, passphrase);
    } catch (e) {
      if (isCeremonyError(e, 'vault/wrong-passphrase')) {
        throw new CeremonyError(
          'vault/wrong-passphrase',
          'That passphrase does not open this backup. Type the passphrase you chose when you wrote it (check Caps Lock and the keyboard layout); if it is lost, write a new backup.',
          e.details,
        );
      }
      if (isCeremonyError(e, 'vault/backup-tampered')) {
        throw new CeremonyError(
          'vault/backup-tampered',
          'The passphrase is right but the backup is damaged: its encrypted contents fail their integrity check, so it would not restore. Your share is still safe in the vault: write a new backup and check that one.',
          e.details,
        );
      }
      throw e;
    }
    try {
      const { meta, secret } = contents;
      const other = (why: string) =>
        new CeremonyError(
          'vault/backup-other-secret',
          `This backup holds another secret (“${meta.label}”): ${why}. Choose the backup of your share.`,
          {
            id: meta.id,
          },
        );
      if (expectedId !== undefined && meta.id !== expectedId) throw other(`not the one being checked`);
      const held = this.meta(meta.id);
      if (!held) throw other('this vault does not hold it');
      if (held.fingerprint !== meta.fingerprint) throw other('its fingerprint differs from the one in the vault');
      const stored = await this.get(meta.id);
      const same = equalBytes(stored, secret);
      wipe(stored);
      if (!same) throw other('its contents differ from the secret in the vault');
      return held;
    } finally {
      wipe(contents.secret);
    }
  }

  // ---- internals -------------------------------------------------------------------------

  /** Runs one read-modify-write of the vault under the lock shared by every process. */
  private exclusive<T>(fn: () => Promise<T> | T): Promise<T> {
    ensureDirs(this.paths);
    return withProcessLock(lockPath(this.paths), { busy: vaultBusy(this.paths.dir) }, fn);
  }

  private refuseDuplicate(id: string): void {
    if (this.has(id)) {
      throw new CeremonyError(
        'vault/duplicate-id',
        `The vault already holds a secret with id "${id}"; the backup was not imported. Delete the existing one first if you mean to replace it.`,
        { id },
      );
    }
  }

  /** Keys for the DEK of `this.header` (and, for a passphrase vault, the wrapping key when given). */
  private setKey(dek: Uint8Array, wrapKey?: Uint8Array): void {
    wipe(this.dek);
    wipeKeys(this.keys);
    this.dek = dek.slice();
    this.keys = deriveVaultKeys(this.dek, this.header.vaultId);
    if (wrapKey) {
      wipe(this.wrapKey);
      this.wrapKey = wrapKey.slice();
    }
    this.headerText = serializeHeader(this.header);
  }

  /**
   * Re-reads the header (a small file) and follows it when another process changed it: the
   * same key (a passphrase change) is kept, a renewed key of a passphrase vault is unwrapped at
   * once. A renewed key in the keychain needs an await: its header is returned, and
   * `this.header` stays the one our keys belong to until `refresh` has read the new key.
   */
  private adoptHeader(): VaultHeader | null {
    const h = readHeader(this.paths);
    if (!h) throw notInitialized(this.paths.dir);
    const text = serializeHeader(h);
    if (text === this.headerText) return null;
    const sameKey = h.keyGeneration === this.header.keyGeneration && equalBytes(h.dekCheck, this.header.dekCheck);
    if (sameKey) {
      // Another process changed the passphrase: our wrapping key no longer opens the header.
      const wrapped = h.kind === 'passphrase' && this.wrapKey ? unwrapWith(h, this.wrapKey) : undefined;
      if (h.kind === 'passphrase' && !wrapped) {
        wipe(this.wrapKey);
        this.wrapKey = undefined;
      }
      wipe(wrapped);
      this.header = h;
      this.headerText = text;
      return null;
    }
    if (h.kind === 'keychain') return h;
    const dek = this.wrapKey ? unwrapWith(h, this.wrapKey) : undefined;
    if (!dek || !equalBytes(dekCheck(dek, h.vaultId), h.dekCheck)) {
      wipe(dek);
      this.lock();
      throw passphraseChangedElsewhere(this.paths.dir);
    }
    try {
      this.header = h;
      this.setKey(dek);
    } finally {
      wipe(dek);
    }
    return null;
  }

  /**
   * Moves `entries` to a new data key generation (see "Renewing the data key"). Runs under the
   * lock with current keys, after `removeOtherGenerations`.
   */
  private async renewKey(entries: SecretMeta[]): Promise<void> {
    const old = this.header;
    const generation = old.keyGeneration + 1;
    if (old.kind === 'passphrase' && !this.wrapKey) {
      // Another process changed the passphrase: the new key could not be wrapped under it.
      this.lock();
      throw passphraseChangedElsewhere(this.paths.dir);
    }
    const dek = randomBytes(DEK_LENGTH);
    const keys = deriveVaultKeys(dek, old.vaultId);
    try {
      // 1. The new generation's secret files and index, beside the old ones.
      for (const meta of entries) {
        const secret = this.decrypt(meta);
        try {
          this.writeSecretFile(keys, generation, meta, secret);
        } finally {
          wipe(secret);
        }
      }
      this.writeFile(indexPath(this.paths, generation), serializeIndex(keys.indexMac, { vaultId: old.vaultId, entries }), {
        mode: FILE_MODE,
      });
      // 2. The new key where the old one is kept: a new keychain entry, or wrapped under the same passphrase.
      const header: VaultHeader = { ...old, keyGeneration: generation, dekCheck: dekCheck(dek, old.vaultId) };
      if (old.kind === 'keychain') {
        const loc = { ...old.keychain!, account: keychainAccount(old.vaultId, generation) };
        await this.keychain!.write(loc.service, loc.account, dek);
        const back = await this.keychain!.read(loc.service, loc.account);
        const kept = back !== null && equalBytes(back, dek);
        wipe(back);
        if (!kept) throw keychainUnavailable(this.keychain!.name, 'it did not return the key just stored');
        header.keychain = loc;
      } else {
        header.passphrase = rewrapDek(dek, old.vaultId, old.passphrase!, this.wrapKey!);
      }
      // 3. The commit: the header names the new key.
      this.writeFile(this.paths.header, serializeHeader(header), { mode: FILE_MODE });
      this.header = header;
      this.setKey(dek);
    } finally {
      wipe(dek);
      wipeKeys(keys);
    }
    // 4. The old generation: its files, then its keychain entry (an error here is retried by the next delete).
    await this.removeOtherGenerations();
  }

  /**
   * Erases the index and secret files of every key generation but the current one, and removes
   * the keychain entries of the generations next to it: what an interrupted renewal left behind
   * (before its commit: the new generation; after it: the old one). Under the lock.
   */
  private async removeOtherGenerations(): Promise<void> {
    const current = this.header.keyGeneration;
    const folders = [this.paths.dir, this.paths.secretsDir].filter((d) => existsSync(d));
    for (const dir of folders) {
      for (const name of readdirSync(dir)) {
        const g = fileGeneration(name);
        if (g !== null && g !== current) eraseFile(join(dir, name));
      }
    }
    const loc = this.header.keychain;
    if (!loc) return;
    for (const g of [current - 1, current + 1]) {
      const account = keychainAccount(this.header.vaultId, g);
      if (g >= 0 && account !== loc.account) await this.keychain!.remove(loc.service, account);
    }
  }

  private requireKeys(): VaultKeys {
    if (!this.keys) {
      throw new CeremonyError(
        'vault/locked',
        this.header.kind === 'passphrase'
          ? 'The vault is locked; unlock it with its passphrase first.'
          : 'The vault is locked; unlock it first.',
      );
    }
    return this.keys;
  }

  /** Secret file first, index second: the index entry is the commit. */
  private commit(ix: SecretIndex, meta: SecretMeta, secret: Uint8Array): void {
    const keys = this.requireKeys();
    ensureDirs(this.paths);
    this.writeSecretFile(keys, this.header.keyGeneration, meta, secret);
    this.writeIndex({ vaultId: ix.vaultId, entries: [...ix.entries.filter((e) => e.id !== meta.id), meta] });
  }

  private writeSecretFile(keys: VaultKeys, generation: number, meta: SecretMeta, secret: Uint8Array): void {
    const sealed = seal(keys.secretEnc, secret, secretAad(this.header.vaultId, meta));
    this.writeFile(secretPath(this.paths, meta.id, generation), serializeSecretFile({ vaultId: this.header.vaultId, meta, sealed }), {
      mode: FILE_MODE,
    });
  }

  private decrypt(entry: SecretMeta): Uint8Array {
    const keys = this.requireKeys();
    const path = secretPath(this.paths, entry.id, this.header.keyGeneration);
    const raw = readIfExists(path);
    if (raw === undefined) {
      throw new CeremonyError(
        'vault/corrupt-secret',
        `The stored secret "${entry.id}" is listed but its file ${path} is missing; restore it from its backup.`,
        {
          id: entry.id,
          path,
        },
      );
    }
    const file = parseSecretFile(raw.toString('utf8'), path, entry.id);
    const tampered = () =>
      new CeremonyError(
        'vault/secret-tampered',
        `The stored secret "${entry.id}" (${path}) failed authentication: the file was altered, or swapped with another secret's file. Restore it from its backup.`,
        { id: entry.id, path },
      );
    if (file.vaultId !== this.header.vaultId || !sameMeta(file.meta, entry)) throw tampered();
    const secret = aeadOpen(keys.secretEnc, file.sealed, secretAad(this.header.vaultId, entry));
    if (!secret) throw tampered();
    return secret;
  }

  private loadIndex(): SecretIndex {
    this.requireKeys();
    if (this.adoptHeader()) throw keyRenewedElsewhere(this.paths.dir);
    const keys = this.requireKeys();
    const path = indexPath(this.paths, this.header.keyGeneration);
    const raw = readIfExists(path);
    if (raw === undefined) {
      throw new CeremonyError('vault/corrupt-index', `The vault index ${path} is missing; restore the data folder from a copy.`, { path });
    }
    return parseIndex(keys.indexMac, raw.toString('utf8'), path, this.header.vaultId);
  }

  /** On unlock: verify the index; recreate it only when it is missing AND there is no secret file it could describe. */
  private ensureIndex(): void {
    const generation = this.header.keyGeneration;
    if (!existsSync(indexPath(this.paths, generation)) && secretFileCount(this.paths, generation) === 0) {
      ensureDirs(this.paths);
      this.writeIndex({ vaultId: this.header.vaultId, entries: [] });
    }
    this.loadIndex();
  }

  private writeIndex(ix: SecretIndex): void {
    const keys = this.requireKeys();
    this.writeFile(indexPath(this.paths, this.header.keyGeneration), serializeIndex(keys.indexMac, ix), { mode: FILE_MODE });
  }
}
