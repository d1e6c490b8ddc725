import { join } from 'node:path';
import { CeremonyError } from '../errors.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';
import { withProcessLock } from '../fsx/process-lock.ts';
import { ensureDirs, FILE_MODE, lockPath, readIfExists, vaultPaths } from './layout.ts';
import type { SecretMeta } from './meta.ts';

/**
 * Which backups of which secrets were written, which were proven to open, and how often a
 * member should check them again: `<dataDir>/vault/backup-checks.json` (0600), next to the
 * vault's index, written atomically under the vault's lock (`vault/.lock`) like every other
 * read-modify-write of the vault folder.
 *
 * Public data only: secret ids, public fingerprints, file paths, times. It is not MAC'd like
 * the index: it drives a reminder and nothing else, so whoever could alter it could only hide
 * or raise that reminder, and such a person can already delete the vault folder.
 */
export const DEFAULT_RECHECK_DAYS = 90;
export const MAX_RECHECK_DAYS = 3650;
const FORMAT = 'ceremony-backup-checks';
const DAY_MS = 24 * 60 * 60 * 1000;

export interface BackupRecord {
  id: string;
  /** The fingerprint of the secret the backup holds (a record for an older secret under the same id is ignored). */
  fingerprint: string;
  /** The last backup file written by this app, and when. */
  exportedAt: string | null;
  exportPath: string | null;
  /** The last time a backup was decrypted (in memory) and found to hold this very secret, and which file. */
  provedAt: string | null;
  provedPath: string | null;
}

export interface BackupChecksFile {
  recheckDays: number;
  records: BackupRecord[];
}

/** One secret's backup as the reminder sees it. */
export interface BackupCheck extends BackupRecord {
  label: string;
  /** When the next check falls due; null when no backup was ever proven (it is due now). */
  recheckDue: string | null;
  due: boolean;
}

function path(dataDir: string): string {
  return join(vaultPaths(dataDir).dir, 'backup-checks.json');
}

function corrupt(file: string, why: string): CeremonyError {
  return new CeremonyError(
    'vault/corrupt-backup-checks',
    `${file} (the record of backup checks) is damaged (${why}). Move it aside: the app starts a new record, and the next backup check fills it again.`,
    { path: file },
  );
}

export function validRecheckDays(days: unknown): days is number {
  return typeof days === 'number' && Number.isInteger(days) && days >= 1 && days <= MAX_RECHECK_DAYS;
}

const isTime = (v: unknown): v is string | null => v === null || (typeof v === 'string' && !Number.isNaN(Date.parse(v)));
const isText = (v: unknown): v is string | null => v === null || (typeof v === 'string' && v.length > 0 && v.length <= 4096);

function parseRecord(v: unknown): BackupRecord | undefined {
  if (typeof v !== 'object' || v === null) return undefined;
  const o = v as Record<string, unknown>;
  if (typeof o.id !== 'string' || typeof o.fingerprint !== 'string') return undefined;
  if (!isTime(o.exportedAt) || !isText(o.exportPath) || !isTime(o.provedAt) || !isText(o.provedPath)) return undefined;
  return {
    id: o.id,
    fingerprint: o.fingerprint,
    exportedAt: o.exportedAt,
    exportPath: o.exportPath,
    provedAt: o.provedAt,
    provedPath: o.provedPath,
  };
}

/** The record, or the defaults when no backup was ever written or checked. */
export function readBackupChecks(dataDir: string): BackupChecksFile {
  const file = path(dataDir);
  const raw = readIfExists(file);
  if (raw === undefined) return { recheckDays: DEFAULT_RECHECK_DAYS, records: [] };
  let o: unknown;
  try {
    o = JSON.parse(raw.toString('utf8'));
  } catch {
    throw corrupt(file, 'not JSON');
  }
  const f = o as { format?: unknown; version?: unknown; recheckDays?: unknown; records?: unknown };
  if (typeof o !== 'object' || o === null || f.format !== FORMAT || f.version !== 1) throw corrupt(file, 'not a record of backup checks');
  if (!validRecheckDays(f.recheckDays)) throw corrupt(file, 're-check period');
  if (!Array.isArray(f.records)) throw corrupt(file, 'records');
  const records = f.records.map(parseRecord);
  if (records.some((r) => !r)) throw corrupt(file, 'a record');
  return { recheckDays: f.recheckDays, records: records as BackupRecord[] };
}

/** Reads, changes and writes the record in one step under the vault's lock. */
export async function updateBackupChecks(dataDir: string, change: (f: BackupChecksFile) => BackupChecksFile): Promise<BackupChecksFile> {
  const p = vaultPaths(dataDir);
  ensureDirs(p);
  const busy = (pid: number) =>
    new CeremonyError(
      'vault/busy',
      `The vault in ${p.dir} has been busy for 30 s with another Ceremony program (process ${pid}); try again.`,
      {
        vaultDir: p.dir,
        pid,
      },
    );
  return withProcessLock(lockPath(p), { busy }, () => {
    const next = change(readBackupChecks(dataDir));
    writeFileAtomic(path(dataDir), `${JSON.stringify({ format: FORMAT, version: 1, ...next }, null, 2)}\n`, { mode: FILE_MODE });
    return next;
  });
}

/** The record with `id`'s entry replaced by `change(current entry)` (a fresh one when the secret's fingerprint changed). */
export function withRecord(
  f: BackupChecksFile,
  meta: Pick<SecretMeta, 'id' | 'fingerprint'>,
  change: (r: BackupRecord) => BackupRecord,
): BackupChecksFile {
  const old = f.records.find((r) => r.id === meta.id && r.fingerprint === meta.fingerprint);
  const base: BackupRecord = old ?? {
    id: meta.id,
    fingerprint: meta.fingerprint,
    exportedAt: null,
    exportPath: null,
    provedAt: null,
    provedPath: null,
  };
  return { ...f, records: [...f.records.filter((r) => r.id !== meta.id), change(base)].sort((a, b) => a.id.localeCompare(b.id)) };
}

/**
 * Every secret the vault holds that has a backup, with whether its backup should be checked
 * now: never proven (written but not yet opened), or proven more than `recheckDays` ago.
 * Pure: the clock is the caller's `now`.
 */
export function backupChecks(f: BackupChecksFile, secrets: readonly SecretMeta[], now: Date): BackupCheck[] {
  const out: BackupCheck[] = [];
  for (const s of secrets) {
    const r = f.records.find((x) => x.id === s.id && x.fingerprint === s.fingerprint);
    if (!r) continue;
    const recheckDue = r.provedAt === null ? null : new Date(Date.parse(r.provedAt) + f.recheckDays * DAY_MS).toISOString();
    out.push({ ...r, label: s.label, recheckDue, due: recheckDue === null || now.getTime() >= Date.parse(recheckDue) });
  }
  return out;
}
