import type { CommandEntry } from '../command.ts';
import { frostCommands } from './frost-commands.ts';
import { groupCommands } from './group-commands.ts';
import { sealCommands } from './seal-commands.ts';

/**
 * Every CLI command: its words, its one-line summary and its module, loaded only when the
 * command runs (see CommandEntry). Protocol issues add their commands to their family's list.
 */
export const commands: readonly CommandEntry[] = [
  {
    path: ['vault', 'status'],
    summary: 'Show the vault: kind, key location, locked or unlocked, number of secrets',
    load: async () => (await import('./vault-status.ts')).vaultStatusCommand,
  },
  {
    path: ['vault', 'init'],
    summary: 'Create the vault: keyed by the OS keychain, or with --passphrase by a passphrase',
    load: async () => (await import('./vault-init.ts')).vaultInitCommand,
  },
  {
    path: ['list'],
    summary: 'List the ceremonies on this computer',
    load: async () => (await import('./list.ts')).listCommand,
  },
  {
    path: ['show'],
    summary: 'Show one ceremony: phase, participants, next steps, files, activity',
    load: async () => (await import('./show.ts')).showCommand,
  },
  {
    path: ['bundle', 'inspect'],
    summary: 'Show what a bundle file holds, its check code and whether its signature is valid',
    load: async () => (await import('./bundle-inspect.ts')).bundleInspectCommand,
  },
  {
    path: ['wallet', 'list'],
    summary: 'List the Sui accounts whose keys are in the vault',
    load: async () => (await import('./wallet.ts')).walletListCommand,
  },
  {
    path: ['wallet', 'import'],
    summary: 'Import a Sui key into the vault from a sui.keystore or a file holding suiprivkey1…',
    load: async () => (await import('./wallet.ts')).walletImportCommand,
  },
  {
    path: ['wallet', 'new'],
    summary: 'Create a new Ed25519 Sui account in the vault',
    load: async () => (await import('./wallet.ts')).walletNewCommand,
  },
  {
    path: ['evidence', 'verify'],
    summary: 'Verify an evidence file against a cheater: the accused signed the message and it fails the named check',
    load: async () => (await import('./evidence-verify.ts')).evidenceVerifyCommand,
  },
  {
    path: ['record', 'verify'],
    summary: 'Check a signed ceremony record (no vault needed): who signed, who did not, and what was altered',
    load: async () => (await import('./record-verify.ts')).recordVerifyCommand,
  },
  {
    path: ['record', 'report'],
    summary: 'Write a readable HTML report of a ceremony record for auditors (--html OUT)',
    load: async () => (await import('./record-report.ts')).recordReportCommand,
  },
  ...sealCommands,
  ...frostCommands,
  ...groupCommands,
];
