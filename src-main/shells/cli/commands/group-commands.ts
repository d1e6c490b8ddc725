import type { CommandEntry } from '../command.ts';

/** The quorum group's commands (one entry each, its module loaded when it runs), listed in index.ts. */
export const groupCommands: readonly CommandEntry[] = [
  {
    path: ['group', 'init'],
    summary: 'Start a quorum group (coordinator) or join its genesis from an invitation, under your moniker',
    load: async () => (await import('./group-init.ts')).groupInitCommand,
  },
  {
    path: ['group', 'genesis'],
    summary: "Import the other operators' genesis files and run the next genesis steps",
    load: async () => (await import('./group-genesis.ts')).groupGenesisCommand,
  },
  {
    path: ['group', 'join-request'],
    summary: 'As a newcomer, make a signed request to join a group, naming the members who should approve',
    load: async () => (await import('./group-join-request.ts')).groupJoinRequestCommand,
  },
  {
    path: ['group', 'approve'],
    summary: "Approve a newcomer's join request and send your sealed contribution",
    load: async () => (await import('./group-approve.ts')).groupApproveCommand,
  },
  {
    path: ['group', 'finalize-join'],
    summary: "As a newcomer, combine the approvers' contributions into your share and announce the join",
    load: async () => (await import('./group-finalize-join.ts')).groupFinalizeJoinCommand,
  },
  {
    path: ['group', 'import'],
    summary: 'Import group files (bundles, join requests, "joined" notices) and show the group',
    load: async () => (await import('./group-import.ts')).groupImportCommand,
  },
  {
    path: ['group', 'publish'],
    summary: 'Write public_key.txt, peers_list.txt and shared.sss (and with --private, private.sss) for the trust-server',
    load: async () => (await import('./group-publish.ts')).groupPublishCommand,
  },
  {
    path: ['group', 'sss-tool'],
    summary:
      'The trust-server\u2019s sss-tool (initialize, initial-pub-data, init-common, init-my-share, add-new, init-new, info), state in the vault',
    load: async () => (await import('./group-sss-tool.ts')).groupSssToolCommand,
  },
  {
    path: ['group', 'import-trust-server'],
    summary: 'Import an sss-tool operator (private.sss + shared.sss) into the vault, or a newcomer\u2019s copy of shared.sss',
    load: async () => (await import('./group-sss-tool.ts')).groupImportTrustServerCommand,
  },
  {
    path: ['rehearse', 'group'],
    summary: 'Rehearse a quorum group: genesis, one join, and an M-of-N signing with the newcomer',
    load: async () => (await import('./rehearse-group.ts')).rehearseGroupCommand,
  },
];
