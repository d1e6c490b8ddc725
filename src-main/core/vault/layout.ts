import { chmodSync, mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';

/**
 * Where the vault keeps its files:
 *
 *   <dataDir>/vault/               0700
 *     vault.json                   header: kind, key location or wrapped key, KDF params, key generation (0600)
 *     index.json                   public metadata of every secret + its MAC (0600), key generation 0
 *     index.<g>.json               the same under data key generation g ≥ 1
 *     .lock                        held during a write by one process (its pid)
 *     secrets/                     0700
 *       <sha256(id)>.secret        one encrypted secret (0600), key generation 0
 *       <sha256(id)>.<g>.secret    the same under data key generation g ≥ 1
 *
 * Every data key (see vault.ts, "Renewing the data key") has its own index and secret files, so
 * a renewal writes the new generation beside the old one and switches with one header write.
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
  secretsDir: string;
}

export function vaultPaths(dataDir: string): VaultPaths {
  const dir = join(dataDir, 'vault');
  return { dir, header: join(dir, 'vault.json'), secretsDir: join(dir, 'secrets') };
}

const suffix = (generation: number) => (generation === 0 ? '' : `.${generation}`);

/** The index of data key generation `generation`. */
export function indexPath(p: VaultPaths, generation: number): string {
  return join(p.dir, `index${suffix(generation)}.json`);
}

/** The generation an index or secret file belongs to (by its name), or null for any other file. */
export function fileGeneration(name: string): number | null {
  const m = /^(?:index|[0-9a-f]{64})(?:\.([1-9][0-9]*))?\.(?:json|secret)$/.exec(name);
  if (!m || (name.startsWith('index') ? !name.endsWith('.json') : !name.endsWith('.secret'))) return null;
  return m[1] === undefined ? 0 : Number(m[1]);
}

/** The keychain account holding data key `generation` of vault `vaultId` (generation 0: as created). */
export function keychainAccount(vaultId: string, generation: number): string {
  return `vault-${vaultId}${suffix(generation)}`;
}

/** The lock file every process takes around a read-modify-write of the vault. */
export function lockPath(p: VaultPaths): string {
  return join(p.dir, '.lock');
}

export function secretFileName(id: string, generation = 0): string {
  return `${bytesToHex(sha256(utf8ToBytes(id)))}${suffix(generation)}.secret`;
}

export function secretPath(p: VaultPaths, id: string, generation = 0): string {
  return join(p.secretsDir, secretFileName(id, generation));
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
