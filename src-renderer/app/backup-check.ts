import type { BackupCheck, BackupChecks } from '../../src-shared/api/vault.ts';

/** The backup check of one secret, if it was ever backed up by this app. */
export function backupCheckOf(checks: BackupChecks | null, secretId: string): BackupCheck | undefined {
  return checks?.checks.find((c) => c.id === secretId);
}

/** The backups to check now: written but never opened again, or checked longer ago than the period. */
export function dueBackupChecks(checks: BackupChecks | null): BackupCheck[] {
  return checks?.checks.filter((c) => c.due) ?? [];
}

/** The file a check should open first: the one last shown to open, else the one last written. */
export function backupFileOf(check: BackupCheck | undefined): string | null {
  return check?.provedPath ?? check?.exportPath ?? null;
}

/**
 * Which field a refused check belongs next to (by its error code): a wrong passphrase is the
 * passphrase's fault; a missing, damaged or different file is the file's.
 */
export function backupCheckFieldOf(code: string | undefined): 'file' | 'passphrase' {
  return code === undefined || code === 'vault/wrong-passphrase' || code === 'api/invalid-input' ? 'passphrase' : 'file';
}
