/** File formats of the quorum-run Ed25519 group: trust-server state files and published info, join requests. */
export * from './sss.ts';
export * from './public-info.ts';
export * from './join-request-file.ts';
export * from './trust-server-export.ts';
