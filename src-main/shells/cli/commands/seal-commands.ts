import type { CommandEntry } from '../command.ts';

/** The Seal committee's commands (one entry each, its module loaded when it runs), listed in index.ts. */
export const sealCommands: readonly CommandEntry[] = [
  {
    path: ['seal', 'validate'],
    summary: "Check a member's dkg.yaml: its share, the partial keys and the key server key agree",
    load: async () => (await import('./seal-validate.ts')).sealValidateCommand,
  },
  {
    path: ['seal', 'inspect-message'],
    summary: 'Decode a Seal DKG message file and verify its proofs and signature',
    load: async () => (await import('./seal-inspect-message.ts')).sealInspectMessageCommand,
  },
  {
    path: ['seal', 'publish-and-init'],
    summary: 'Coordinator: publish the committee package and create the committee (dkg.yaml init-params)',
    load: async () => (await import('./seal-publish-and-init.ts')).sealPublishAndInitCommand,
  },
  {
    path: ['seal', 'restart'],
    summary: 'Coordinator: create the committee again without a member (--without) or with another in their place (--replace)',
    load: async () => (await import('./seal-restart.ts')).sealRestartCommand,
  },
  {
    path: ['seal', 'genkey-and-register'],
    summary: 'Member: generate DKG keys into the vault and register them on chain',
    load: async () => (await import('./seal-genkey-and-register.ts')).sealGenkeyAndRegisterCommand,
  },
  {
    path: ['seal', 'create-message'],
    summary: 'Member: create your DKG message (message_<P>.json next to dkg.yaml)',
    load: async () => (await import('./seal-create-message.ts')).sealCreateMessageCommand,
  },
  {
    path: ['seal', 'process-all-and-propose'],
    summary: 'Member: process the message set and propose the result on chain',
    load: async () => (await import('./seal-process-all-and-propose.ts')).sealProcessAllAndProposeCommand,
  },
  {
    path: ['seal', 'check-committee'],
    summary: 'Show the committee on chain: registrations, proposals, or the finalized key server',
    load: async () => (await import('./seal-check-committee.ts')).sealCheckCommitteeCommand,
  },
  {
    path: ['seal', 'health'],
    summary: "Check every member's key server: it answers, serves its on-chain partial key, for this key server, and its version",
    load: async () => (await import('./seal-health.ts')).sealHealthCommand,
  },
  {
    path: ['seal', 'submit-signature'],
    summary: 'Submit the signature of a transaction printed with --unsigned',
    load: async () => (await import('./seal-submit-signature.ts')).sealSubmitSignatureCommand,
  },
  {
    path: ['seal', 'init-rotation'],
    summary: 'Coordinator: start a key rotation of KEY_SERVER_OBJ_ID to the new members and threshold (dkg.yaml)',
    load: async () => (await import('./seal-init-rotation.ts')).sealInitRotationCommand,
  },
  {
    path: ['seal', 'init-state'],
    summary: 'Rotation, joining member: initialise without dealing (no message)',
    load: async () => (await import('./seal-init-state.ts')).sealInitStateCommand,
  },
  {
    path: ['seal', 'open-package'],
    summary: "Key-server operator: open a member's encrypted key-server package into a new folder (share env file, config, README)",
    load: async () => (await import('./seal-open-package.ts')).sealOpenPackageCommand,
  },
  {
    path: ['rehearse', 'seal'],
    summary: 'Run a whole Seal committee ceremony on a rehearsal ledger (one install per participant)',
    load: async () => (await import('./rehearse-seal.ts')).rehearseSealCommand,
  },
  {
    path: ['rehearse', 'seal-rotation'],
    summary: 'Rotate a rehearsal Seal committee (keep some members, add new ones, new threshold; same key)',
    load: async () => (await import('./rehearse-seal-rotation.ts')).rehearseSealRotationCommand,
  },
];
