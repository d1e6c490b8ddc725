import type { ErrorCode } from '../../../src-shared/api/errors.ts';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { CeremonyError, isCeremonyError } from '../errors.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';
import { inspectBackup } from './backup.ts';
import type { BackupCheck } from './backup-checks.ts';
import { backupChecks, readBackupChecks, updateBackupChecks, validRecheckDays, withRecord } from './backup-checks.ts';
import type { ScryptParams } from './kdf.ts';
import type { SecretMeta } from './meta.ts';
import type { VaultOptions, VaultStatus } from './vault.ts';
import { readVaultStatus, Vault } from './vault.ts';

/**
 * The vault as the API layer sees it: every method returns PUBLIC data only (status,
 * metadata, fingerprints, file paths). There is deliberately no `get` here; secret bytes
 * are reached only by main-process code (the engine) through `unlockedVault()`, which the
 * API layer must not expose. `publicOnly` re-checks every result at run time, so a future
 * change that lets a byte array slip into a result fails loudly instead of leaking.
 *
 * Passphrases travel inward (the user types them in the renderer); nothing secret travels out.
 */
export interface VaultStatusReport extends VaultStatus {
  /** Why a keychain vault could not be unlocked (keychain unavailable, entry missing, ...). */
  problem: { code: ErrorCode; message: string } | null;
}

export interface BackupFileInfo {
  path: string;
  id: string;
  fingerprint: string;
  bytes: number;
}

/** A backup shown to open and to hold the vault's secret (public data only). */
export interface BackupProof {
  id: string;
  label: string;
  fingerprint: string;
  path: string;
  provedAt: string;
  recheckDue: string;
}

export interface BackupChecksReport {
  recheckDays: number;
  checks: BackupCheck[];
}

export interface BackupInspection {
  /** Read from the file WITHOUT authentication; the import verifies it. */
  meta: SecretMeta;
  kdf: ScryptParams;
  exportedAt: string;
}

/** The methods the typed renderer API may bind. */
export interface VaultPublicApi {
  status(): Promise<VaultStatusReport>;
  init(params: { kind: 'keychain' } | { kind: 'passphrase'; passphrase: string }): Promise<VaultStatusReport>;
  unlock(passphrase?: string): Promise<VaultStatusReport>;
  lock(): Promise<VaultStatusReport>;
  list(): Promise<SecretMeta[]>;
  delete(id: string): Promise<{ id: string; deleted: boolean }>;
  changePassphrase(current: string, next: string): Promise<VaultStatusReport>;
  exportBackupToFile(id: string, path: string, passphrase: string): Promise<BackupFileInfo>;
  importBackupFromFile(path: string, passphrase: string): Promise<SecretMeta>;
  inspectBackupFile(path: string): Promise<BackupInspection>;
  proveBackupFile(path: string, passphrase: string, expectedId?: string): Promise<BackupProof>;
  backupChecks(): Promise<BackupChecksReport>;
  setRecheckDays(days: number): Promise<BackupChecksReport>;
}

const MAX_BACKUP_FILE = 2 * 1024 * 1024;

/** Throws unless `v` is plain JSON data (no byte arrays, buffers, functions or class instances). */
export function publicOnly<T>(v: T, where = 'result'): T {
  const visit = (x: unknown, path: string): void => {
    if (x === null || typeof x === 'string' || typeof x === 'number' || typeof x === 'boolean') return;
    if (Array.isArray(x)) return x.forEach((e, i) => visit(e, `${path}[${i}]`));
    if (typeof x === 'object' && Object.getPrototypeOf(x) === Object.prototype) {
      for (const [k, e] of Object.entries(x as Record<string, unknown>)) visit(e, `${path}.${k}`);
      return;
    }
    throw new Error(`vault API invariant: ${path} is not plain public data (${Object.prototype.toString.call(x)})`);
  };
  visit(v, where);
  return v;
}

export interface VaultServiceOptions extends VaultOptions {
  /** scrypt cost for new passphrase vaults, passphrase changes and backups (default DEFAULT_SCRYPT; tests pass TEST_SCRYPT). */
  kdf?: ScryptParams;
}

export class VaultService implements VaultPublicApi {
  private vault: Vault | undefined;

  constructor(private readonly opts: VaultServiceOptions) {}

  async status(): Promise<VaultStatusReport> {
    let problem: VaultStatusReport['problem'] = null;
    try {
      await this.openIfNeeded();
    } catch (e) {
      if (!isCeremonyError(e)) throw e;
      problem = { code: e.code, message: e.message };
    }
    return this.report(problem);
  }

  async init(params: { kind: 'keychain' } | { kind: 'passphrase'; passphrase: string }): Promise<VaultStatusReport> {
    this.vault?.lock();
    this.vault = await Vault.init(
      params.kind === 'passphrase' ? { ...this.opts, ...params, kdf: this.opts.kdf } : { ...this.opts, ...params },
    );
    return this.status();
  }

  async unlock(passphrase?: string): Promise<VaultStatusReport> {
    const v = await this.opened();
    await v.unlock(passphrase);
    return this.status();
  }

  async lock(): Promise<VaultStatusReport> {
    this.vault?.lock();
    return this.report(null);
  }

  async list(): Promise<SecretMeta[]> {
    return publicOnly((await this.unlockedVault()).list());
  }

  async delete(id: string): Promise<{ id: string; deleted: boolean }> {
    const deleted = await (await this.unlockedVault()).delete(id);
    return publicOnly({ id, deleted });
  }

  async changePassphrase(current: string, next: string): Promise<VaultStatusReport> {
    await (await this.opened()).changePassphrase(current, next, { kdf: this.opts.kdf });
    return this.status();
  }

  async exportBackupToFile(id: string, path: string, passphrase: string): Promise<BackupFileInfo> {
    if (existsSync(path)) {
      throw new CeremonyError('vault/backup-exists', `${path} already exists; choose another file name (backups are never overwritten).`, {
        path,
      });
    }
    const v = await this.unlockedVault();
    const meta = v.meta(id);
    const bytes = await v.exportBackup(id, passphrase, { kdf: this.opts.kdf });
    writeFileAtomic(path, bytes, { mode: 0o600 });
    // A new backup is unproven until it is opened again (it counts as due for a check).
    const at = this.now().toISOString();
    await updateBackupChecks(this.opts.dataDir, (f) =>
      withRecord(f, meta!, (r) => ({ ...r, exportedAt: at, exportPath: path, provedAt: null, provedPath: null })),
    );
    return publicOnly({ path, id, fingerprint: meta!.fingerprint, bytes: bytes.length });
  }

  async importBackupFromFile(path: string, passphrase: string): Promise<SecretMeta> {
    const bytes = readBackupFile(path);
    return publicOnly(await (await this.unlockedVault()).importBackup(bytes, passphrase));
  }

  async inspectBackupFile(path: string): Promise<BackupInspection> {
    const info = inspectBackup(readBackupFile(path));
    return publicOnly({ meta: { ...info.meta }, kdf: { ...info.kdf }, exportedAt: info.exportedAt });
  }

  /**
   * Opens the backup at `path` in memory with its passphrase and checks it holds the vault's own
   * secret (Vault.proveBackup); then records the proof. The file is read here, in main: its bytes
   * never travel through the renderer. Nothing is recorded when the proof fails.
   */
  async proveBackupFile(path: string, passphrase: string, expectedId?: string): Promise<BackupProof> {
    const bytes = readBackupFile(path);
    const meta = await (await this.unlockedVault()).proveBackup(bytes, passphrase, expectedId);
    const provedAt = this.now().toISOString();
    const f = await updateBackupChecks(this.opts.dataDir, (x) => withRecord(x, meta, (r) => ({ ...r, provedAt, provedPath: path })));
    const check = backupChecks(f, [meta], this.now())[0]!;
    return publicOnly({ id: meta.id, label: meta.label, fingerprint: meta.fingerprint, path, provedAt, recheckDue: check.recheckDue! });
  }

  /** Every backed-up secret of the vault and whether its backup is due for a check (by the injected clock). */
  async backupChecks(): Promise<BackupChecksReport> {
    const secrets = (await this.unlockedVault()).list();
    const f = readBackupChecks(this.opts.dataDir);
    return publicOnly({ recheckDays: f.recheckDays, checks: backupChecks(f, secrets, this.now()).map((c) => ({ ...c })) });
  }

  async setRecheckDays(days: number): Promise<BackupChecksReport> {
    if (!validRecheckDays(days)) {
      throw new CeremonyError('api/invalid-input', 'The re-check period is a whole number of days from 1 to 3650.', { days });
    }
    await this.opened();
    await updateBackupChecks(this.opts.dataDir, (f) => ({ ...f, recheckDays: days }));
    return this.backupChecks();
  }

  private now(): Date {
    return this.opts.now ? this.opts.now() : new Date();
  }

  /**
   * MAIN-PROCESS ONLY: the unlocked vault, for code that needs secret bytes (the engine,
   * protocol steps). Never bind this to the renderer API.
   */
  async unlockedVault(): Promise<Vault> {
    const v = await this.opened();
    if (!v.unlocked)
      await v.unlock(); // keychain vaults re-read the key; passphrase vaults throw vault/locked
    else await v.refresh(); // another process may have renewed the key (a delete)
    return v;
  }

  private report(problem: VaultStatusReport['problem']): VaultStatusReport {
    const s = this.vault ? this.vault.status() : readVaultStatus(this.opts.dataDir);
    return publicOnly({ ...s, kdf: s.kdf ? { ...s.kdf } : null, keychain: s.keychain ? { ...s.keychain } : null, problem });
  }

  private async opened(): Promise<Vault> {
    await this.openIfNeeded();
    if (!this.vault)
      throw new CeremonyError('vault/not-initialized', `There is no vault in ${readVaultStatus(this.opts.dataDir).vaultDir} yet.`);
    return this.vault;
  }

  private async openIfNeeded(): Promise<void> {
    if (!this.vault) {
      if (!readVaultStatus(this.opts.dataDir).initialized) return;
      this.vault = Vault.load(this.opts);
    }
    // A keychain vault unlocks whenever it is used; if the keychain fails we keep the locked
    // handle, so status can still describe the vault next to the reason.
    if (!this.vault.unlocked && this.vault.kind === 'keychain') await this.vault.unlock();
  }
}

function readBackupFile(path: string): Uint8Array {
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CeremonyError('vault/backup-not-found', `No backup file at ${path}.`, { path });
  }
  if (size > MAX_BACKUP_FILE) {
    throw new CeremonyError('vault/backup-not-a-backup', `${path} is ${size} bytes, far larger than any secret backup; it is not one.`, {
      path,
    });
  }
  return new Uint8Array(readFileSync(path));
}
