import type { CommandEntry } from '../command.ts';

/** The FROST commands (one entry each, its module loaded when it runs), listed in index.ts. */
export const frostCommands: readonly CommandEntry[] = [
  {
    path: ['frost', 'contact', 'init'],
    summary: 'Create your FROST communication key (kept in the vault) and print your contact string',
    load: async () => (await import('./frost-contact-init.ts')).frostContactInitCommand,
  },
  {
    path: ['frost', 'contact', 'export'],
    summary: 'Print your FROST contact string (zffrost1…) and its fingerprint',
    load: async () => (await import('./frost-contact-export.ts')).frostContactExportCommand,
  },
  {
    path: ['frost', 'contact', 'import'],
    summary: "Add another member's contact string (zffrost1…) to your FROST contacts",
    load: async () => (await import('./frost-contact-import.ts')).frostContactImportCommand,
  },
  {
    path: ['frost', 'import'],
    summary: 'Import the groups of a frost-client config (credentials.toml): key packages into the vault',
    load: async () => (await import('./frost-import.ts')).frostImportCommand,
  },
  {
    path: ['frost', 'export-toml'],
    summary: 'Write your frost-client config (credentials.toml) for a FROST group: communication key, contacts, group',
    load: async () => (await import('./frost-export-toml.ts')).frostExportTomlCommand,
  },
  {
    path: ['frost', 'verify'],
    summary: 'Check a FROST signature against a group key (no vault needed)',
    load: async () => (await import('./frost-verify.ts')).frostVerifyCommand,
  },
  {
    path: ['frost', 'online-dkg'],
    summary: 'Run a FROST DKG through a frostd relay, compatible with frost-client users',
    load: async () => (await import('./frost-online-dkg.ts')).frostOnlineDkgCommand,
  },
  {
    path: ['frost', 'online-sign'],
    summary: 'Sign with a FROST group through a frostd relay, compatible with frost-client users',
    load: async () => (await import('./frost-online-sign.ts')).frostOnlineSignCommand,
  },
  {
    path: ['rehearse', 'frost'],
    summary: 'Rehearse a FROST DKG and a threshold signing end to end over bundles, in a folder',
    load: async () => (await import('./rehearse-frost.ts')).rehearseFrostCommand,
  },
];
