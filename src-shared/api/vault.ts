import { z } from 'zod';
import { defineCalls } from './define.ts';
import { ConfirmCode, Empty, IsoTime, Passphrase } from './common.ts';

export const VaultKind = z.enum(['keychain', 'passphrase']);

/** Public facts about the vault. Never key material. */
export const VaultStatus = z.object({
  state: z.enum(['uninitialized', 'locked', 'unlocked', 'unavailable']),
  kind: VaultKind.nullable(),
  /** e.g. "Secret Service (gnome-keyring)", "macOS Keychain", "passphrase (scrypt)". */
  backend: z.string().nullable(),
  secretCount: z.number().int().nonnegative(),
  dataDir: z.string(),
  /** Why the vault is unavailable, in words (e.g. no keychain on this machine). */
  problem: z.string().nullable(),
});
export type VaultStatus = z.infer<typeof VaultStatus>;

export const SecretInfo = z.object({
  id: z.string(),
  label: z.string(),
  kind: z.string(),
  ceremonyId: z.string().nullable(),
  createdAt: IsoTime,
  /** Reveals nothing about the secret (derived from its public counterpart). */
  fingerprint: z.string(),
});
export type SecretInfo = z.infer<typeof SecretInfo>;

/** A backup file shown to open (decrypted in main's memory, never on disk) and to hold the vault's own secret. */
export const BackupProof = z.object({
  id: z.string(),
  label: z.string(),
  /** The secret's public fingerprint (the same as in the vault); never the secret. */
  fingerprint: z.string(),
  path: z.string(),
  provedAt: IsoTime,
  /** When the member should check this backup again. */
  recheckDue: IsoTime,
});
export type BackupProof = z.infer<typeof BackupProof>;

/** One backed-up secret and whether its backup should be checked again now. */
export const BackupCheck = z.object({
  id: z.string(),
  label: z.string(),
  fingerprint: z.string(),
  exportedAt: IsoTime.nullable(),
  exportPath: z.string().nullable(),
  provedAt: IsoTime.nullable(),
  provedPath: z.string().nullable(),
  /** Null when no backup of it was ever proven to open: it is due now. */
  recheckDue: IsoTime.nullable(),
  due: z.boolean(),
});
export type BackupCheck = z.infer<typeof BackupCheck>;

export const MAX_RECHECK_DAYS = 3650;
export const BackupChecks = z.object({
  /** How many days a proof of a backup holds before the app asks for another (default 90). */
  recheckDays: z.number().int().min(1).max(MAX_RECHECK_DAYS),
  checks: z.array(BackupCheck),
});
export type BackupChecks = z.infer<typeof BackupChecks>;

export const vaultCalls = defineCalls({
  'vault.status': { summary: 'Vault state and backend', input: Empty, output: VaultStatus },
  'vault.init': {
    summary: 'Create the vault, keyed by the OS keychain or (explicitly) by a passphrase',
    input: z.discriminatedUnion('kind', [
      z.object({ kind: z.literal('keychain') }),
      z.object({ kind: z.literal('passphrase'), passphrase: Passphrase }),
    ]),
    output: VaultStatus,
  },
  'vault.unlock': {
    summary: 'Unlock a passphrase vault',
    input: z.object({ passphrase: z.string().min(1).max(1024) }),
    output: VaultStatus,
  },
  'vault.lock': { summary: 'Forget the unlocked key', input: Empty, output: VaultStatus },
  'vault.list': { summary: 'Public metadata of the secrets held', input: Empty, output: z.array(SecretInfo) },
  'vault.exportBackup': {
    summary:
      'Encrypted, passphrase-protected backup of one secret, written by main (mode 0600) where the person chooses: a native save ' +
      'dialog and confirmation (desktop), or ceremony-exports/ once the one-time code printed on the host terminal is typed ' +
      '(`confirmCode`; the first call without it fails with export/code-required). `path` is null when the person cancelled.',
    input: z.object({ secretId: z.string(), passphrase: Passphrase, confirmCode: ConfirmCode.optional() }).strict(),
    output: z.object({ name: z.string(), path: z.string().nullable(), fingerprint: z.string() }),
  },
  'vault.inspectBackup': {
    summary:
      'Read a backup file without its passphrase (what it holds, its KDF cost) and refuse a damaged one or one with hostile KDF ' +
      'parameters (vault/kdf-too-costly) before anyone is asked for the passphrase. The contents are not authenticated until the import.',
    input: z.object({ base64: z.string().max(10_000_000) }),
    output: SecretInfo.extend({ exportedAt: z.string(), kdf: z.string() }),
  },
  'vault.importBackup': {
    summary: 'Restore one secret from an encrypted backup file',
    input: z.object({ base64: z.string().max(10_000_000), passphrase: z.string().min(1).max(1024) }),
    output: SecretInfo,
  },
  'vault.proveBackup': {
    summary:
      'Prove a backup file restores without restoring it: main reads the file at `path` (its bytes never cross the API), decrypts ' +
      'it in memory with the passphrase typed again, checks it holds the very secret the vault holds (the one named by `secretId` ' +
      'when given), and records the proof. Refuses a wrong passphrase (vault/wrong-passphrase), a damaged file ' +
      '(vault/backup-tampered, -truncated, -malformed), another secret (vault/backup-other-secret), no file (vault/backup-not-found).',
    input: z
      .object({ path: z.string().min(1).max(4096), passphrase: z.string().min(1).max(1024), secretId: z.string().optional() })
      .strict(),
    output: BackupProof,
  },
  'vault.backupChecks': {
    summary: 'Each backed-up secret of the vault and whether its backup is due for a check (never proven, or proven too long ago)',
    input: Empty,
    output: BackupChecks,
  },
  'vault.setRecheckDays': {
    summary: 'How many days a backup check holds before the app reminds the member to check the backup again',
    input: z.object({ days: z.number().int().min(1).max(MAX_RECHECK_DAYS) }).strict(),
    output: BackupChecks,
  },
});
