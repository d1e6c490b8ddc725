import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Where the vault keeps its files:
 *
 *   <dataDir>/vault/               0700
 *     vault.json                   header: kind, key location or wrapped key, KDF params (0600)
 *     index.json                   public metadata of every secret + its MAC (0600)
 *     .lock                        held during a write by one process (its pid)
 *     secrets/                     0700
 *       <sha256(id)>.secret        one encrypted secret (0600)
 *
 * Secret file names are a hash of the id: ids may contain '/' and ':', and two ids that
 * differ only in letter case must not collide on case-insensitive file systems (macOS,
 * Windows).
 */
export const DIR_MODE = 0o700;
export const FILE_MODE = 0o600;

export interface VaultPaths {
  dir: string;
  header: string;
  index: string;
  secretsDir: string;
}

export function vaultPaths(dataDir: string): VaultPaths {
  const dir = join(dataDir, 'vault');
  return { dir, header: join(dir, 'vault.json'), index: join(dir, 'index.json'), secretsDir: join(dir, 'secrets') };
}

/** The lock file every process takes around a read-modify-write of the vault. */
export function lockPath(p: VaultPaths): string {
  return join(p.dir, '.lock');
}

export function secretFileName(id: string): string {
  return `${bytesToHex(sha256(utf8ToBytes(id)))}.secret`;
}

export function secretPath(p: VaultPaths, id: string): string {
  return join(p.secretsDir, secretFileName(id));
}

/** Creates the vault folders and (re)applies 0700: mkdir's mode is filtered by the umask. */
export function ensureDirs(p: VaultPaths): void {
  for (const d of [p.dir, p.secretsDir]) {
    mkdirSync(d, { recursive: true, mode: DIR_MODE });
    if (process.platform !== 'win32') chmodSync(d, DIR_MODE);
  }
}

/** File contents, or undefined when the file does not exist. Other errors propagate. */
export function readIfExists(path: string): Buffer | undefined {
  try {
    return readFileSync(path);
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw e;
  }
}
