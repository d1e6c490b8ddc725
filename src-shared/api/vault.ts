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
});
