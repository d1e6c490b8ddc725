/**
 * The public state of a group ceremony on one operator's machine (state.json). One ceremony
 * folder is the operator's whole life in the group: genesis, then every join. Nothing here is
 * secret: envelopes are sealed, shares and seeds live in the vault (secrets.ts).
 */
import type { IdentityPublic } from '../../crypto/group/identity.ts';
import type { GroupPublic } from '../../crypto/group/group-public.ts';
import type { Round1Public } from '../../crypto/group/genesis.ts';
import type { Approval, SignedJoinRequest } from '../../crypto/group/join.ts';
import type { RecordSignature } from '../../record/format.ts';

/** An operator's signed registration: binds moniker, identity keys and server URL to this group. */
export type Registration = {
  readonly moniker: string;
  readonly identity: IdentityPublic;
  readonly url: string | null;
  /** Identity signature over { groupId, moniker, identity, url } (128 hex). */
  readonly signature: string;
};

export type GenesisState = {
  readonly threshold: number;
  /** Agreed monikers, in the coordinator's order (N = length). */
  readonly planned: string[];
  readonly coordinator: string;
  /** Bundle keys learnt from each operator's first bundle (and mine). */
  bundleKeys: Record<string, string>;
  registrations: Record<string, Registration>;
  /** Set once everyone has registered. */
  rosterFingerprint: string | null;
  round1: Record<string, Round1Public>;
  /** The envelope each dealer sealed for me (base64) and the SHA-256 of its whole round-2 payload. */
  round2: Record<string, { forMe: string; payloadHash: string }>;
  sentShares: boolean;
  /** Group key and transcript each operator (me included) reported after finalising. */
  final: Record<string, { groupKey: string; transcript: string }>;
  transcript: string | null;
  /** Signatures on the genesis record this install holds, its own and those imported (record.ts). Absent in older states. */
  record?: RecordSignature[];
};

export type JoinStatus = 'pending' | 'joined' | 'refused';

export type JoinState = {
  readonly epoch: number;
  readonly signed: SignedJoinRequest;
  readonly requestHash: string;
  status: JoinStatus;
  /** Approvals received (and mine), with the time each arrived. */
  approvals: Record<string, Approval & { at: string }>;
  /** Sealed sigmas (base64) sent to the newcomer, by approver; members only record that one was sent. */
  contributions: Record<string, { sigma: string | null; at: string }>;
  refusal: string | null;
  completedAt: string | null;
};

export type ExportRecord = {
  readonly folder: string;
  readonly files: string[];
  readonly at: string;
};

export type Problem = {
  readonly code: string;
  readonly message: string;
  readonly culprit: string | null;
};

export type GroupCeremonyState = {
  readonly version: 1;
  readonly me: string;
  /** My identity's public keys (their fingerprint is the code others compare with me). */
  readonly myIdentity: IdentityPublic;
  /** How this install came into the group. */
  readonly origin: 'genesis' | 'newcomer';
  readonly title: string;
  readonly groupId: string;
  readonly rehearsal: boolean;
  readonly url: string | null;
  readonly exchangeFolder: string | null;
  /** Present for genesis members; null for a newcomer. */
  genesis: GenesisState | null;
  /** The group's public state once genesis is done (or, for a newcomer, as the group-info said). */
  group: GroupPublic | null;
  joins: JoinState[];
  /** Agreement reported by other members' group-info files: moniker → group state hash. */
  agreements: Record<string, string>;
  exports: ExportRecord[];
  problem: Problem | null;
};

/** The join in progress (at most one at a time). */
export function pendingJoin(s: GroupCeremonyState): JoinState | undefined {
  return s.joins.find((j) => j.status === 'pending');
}

/** Deep copy, so a step never mutates the state it was given (the engine commits the returned one). */
export function clone(s: GroupCeremonyState): GroupCeremonyState {
  return structuredClone(s);
}
