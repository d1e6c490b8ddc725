/**
 * Quorum-run Ed25519 group (trust-server style), pure math and statements, no I/O:
 * monikers → evaluation points, operator identities, sealed envelopes, genesis (FROST DKG with
 * a roster-bound proof of knowledge), joins (FROST repair to a new identifier, approved by a
 * quorum) and threshold signing. The engine protocol lives in core/ceremonies/group; file
 * formats (private.sss, shared.sss, public_key.txt, peers_list.txt) in core/formats/group.
 */
export * from './suite.ts';
export * from './moniker.ts';
export * from './identity.ts';
export * from './envelope.ts';
export * from './roster.ts';
export * from './group-public.ts';
export * from './pok.ts';
export * from './genesis.ts';
export * from './join.ts';
export * from './signing.ts';
