import type { Json } from '../../encoding/canonical-json.ts';
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import type { RecordSignature } from '../../record/format.ts';
import type { SealCodeCheck, SealRole, SealShareHandoff, SealTxPurpose } from '../../../../src-shared/ceremonies/seal.ts';

/**
 * The Seal ceremony's protocol state: PUBLIC data only (it is state.json, the views and the
 * journal's digests). Bytes are lowercase hex without 0x; addresses are 0x + 64 hex.
 *
 * A key rotation (`kind: 'rotation'`) has the same roles and state with `committee.oldCommitteeId`
 * and `rotation` (the current key server and committee it replaces, read from the chain);
 * outputs carry their committee `version`.
 */
export const STATE_FORMAT = 'seal-ceremony/1';

export interface MemberEntry {
  [k: string]: Json;
  address: string;
  label: string;
}

/** What everyone agrees on from the invitation and the chain. */
export interface CommitteeInfo {
  [k: string]: Json;
  /** As `parseNetwork` takes it: testnet, mainnet, devnet, localnet, a URL, rehearsal:<folder>. */
  network: string;
  networkLabel: string;
  packageId: string | null;
  committeeId: string | null;
  threshold: number;
  /** Party order: party id = index. */
  members: MemberEntry[];
  coordinatorAddress: string;
  /** Rotation: the committee this one replaces (CURRENT_COMMITTEE_ID). */
  oldCommitteeId: string | null;
}

/**
 * What a rotation replaces, as the chain shows it before the rotation: the key server (which
 * stays, with its KEY_SERVER_PK) at version `fromVersion`, and the current committee. Every new
 * member's old party id is the index of its address in `oldMembers`.
 */
export interface RotationSnap {
  [k: string]: Json;
  /** KEY_SERVER_OBJ_ID (unchanged by the rotation). */
  keyServerId: string;
  oldCommitteeId: string;
  /** X: the key server's version now (MASTER_SHARE_V<X> of continuing members). */
  fromVersion: number;
  /** X+1: the version this rotation produces. */
  toVersion: number;
  oldThreshold: number;
  /** The current committee's members in old party order. */
  oldMembers: string[];
  /** The key server's partial keys (hex) by old party id. */
  oldPartialPks: string[];
  /** KEY_SERVER_PK (hex); the rotation must rebuild exactly this key. */
  keyServerPk: string;
  /** The seal package of the key server object (for key-server configs on devnet and custom networks). */
  sealPackageId: string;
}

/** A finished committee that a later rotation replaced (seen by refresh on its old ceremony). */
export interface RetiredSnap {
  [k: string]: Json;
  /** The key server's version now (greater than this ceremony's). */
  version: number;
  /** The committee that holds the key server now. */
  committeeId: string;
  /** Whether this install's member is in that committee (continuing) or left. */
  stillMember: boolean | null;
  observedAt: string;
}

export interface RegistrationSnap {
  [k: string]: Json;
  partyId: number;
  address: string;
  encPk: string;
  signingPk: string;
  url: string;
  name: string;
}

export interface ChainSnap {
  [k: string]: Json;
  phase: 'Init' | 'PostDKG' | 'Finalized';
  /** Committee object version: changes with every registration and proposal. */
  objectVersion: string;
  /** Addresses that proposed (PostDKG), or every member once Finalized. */
  approvals: string[];
  /** messages_hash of the proposal being approved (hex), while PostDKG. */
  proposalHash: string | null;
  /** When this install first saw this chain state (not when it last looked). */
  observedAt: string;
}

export interface PartialKeyServerSnap {
  [k: string]: Json;
  partyId: number;
  name: string;
  url: string;
  partialPk: string;
}

export interface KeyServerSnap {
  [k: string]: Json;
  /** KEY_SERVER_OBJ_ID. */
  id: string;
  sealPackageId: string;
  pk: string;
  version: number;
  threshold: number;
  partials: PartialKeyServerSnap[];
}

/** A prepared transaction waiting for its signature (or, air-gapped, for the relay to submit it). */
export interface PendingTx {
  [k: string]: Json;
  purpose: SealTxPurpose;
  /** Base64 BCS TransactionData. */
  bytes: string;
  digest: string;
  sender: string;
  network: string;
  description: string[];
  preparedAt: string;
  /** Relayed transactions: attempt number shared by the relay and the air-gapped member. */
  attempt: number;
  /** unsigned → submitting (online, effect running) | signed (air-gapped: signature sent to the relay). */
  status: 'unsigned' | 'submitting' | 'signed';
  signature: string | null;
}

export interface TxRecord {
  [k: string]: Json;
  purpose: SealTxPurpose;
  digest: string;
  at: string;
  ok: boolean;
}

export interface TxError {
  [k: string]: Json;
  purpose: SealTxPurpose;
  code: ErrorCode;
  message: string;
  at: string;
}

export interface StateBase {
  [k: string]: Json;
  format: typeof STATE_FORMAT;
  role: SealRole;
  kind: 'fresh' | 'rotation';
  committee: CommitteeInfo;
  /** Rotation: the key server and committee replaced (null on fresh ceremonies; missing on states written before rotations existed, read with `?? null`). */
  rotation: RotationSnap | null;
  /** A later rotation moved the key server away from this (finalized) committee. */
  retired: RetiredSnap | null;
  /** The invitation dkg.yaml (no secrets), the base of every dkg.yaml this install writes. */
  dkgYaml: string | null;
  /** Known registrations in party order (from the chain, a snapshot, or the message set). */
  registrations: RegistrationSnap[];
  chain: ChainSnap | null;
  keyServer: KeyServerSnap | null;
  pending: PendingTx | null;
  lastTxError: TxError | null;
  txLog: TxRecord[];
  /** Counts submissions, for unique effect ids. */
  txSeq: number;
  /** Bundle-signing keys learnt from the first bundle of each participant. */
  bundleKeys: Record<string, string>;
}

export interface MessageEntry {
  [k: string]: Json;
  partyId: number;
  fingerprint: string;
  checkCode: string;
  receivedAt: string;
  via: 'bundle' | 'file' | 'message-set' | 'own';
}

/** A message file refused at import (unreadable, conflicting, not from a dealer): blocks process and propose until cleared. */
export interface RefusedMessageFile {
  [k: string]: Json;
  file: string;
  fingerprint: string;
  code: string;
  reason: string;
  at: string;
}

/**
 * Evidence this install saved against a dealer whose signed message failed a check when the set
 * was processed (artifact `artifactId`, exported as `fileName`), for the coordinator.
 */
export interface SealEvidenceRecord {
  [k: string]: Json;
  accused: number;
  check: string;
  artifactId: string;
  fileName: string;
  at: string;
}

export interface CredentialEntry {
  [k: string]: Json;
  partyId: number;
  serverName: string;
  apiKeyName: string;
  /** The vault entry (in this ceremony) holding the member's API key; never the key itself. */
  apiKeySecret: string;
  receivedAt: string;
}

/** Who a restart left out and who took whose place (party order of the new committee for `replaced`). */
export interface RestartChange {
  [k: string]: Json;
  removed: MemberEntry[];
  replaced: { old: MemberEntry; new: MemberEntry }[];
}

/**
 * A committee the coordinator abandoned by restarting (the contract has no cancel: the object
 * stays on chain in its phase, unused), with the change the restart made.
 */
export interface AbandonedCommittee extends RestartChange {
  committeeId: string;
  packageId: string;
  threshold: number;
  members: MemberEntry[];
  /** Evidence saved against that committee's members (party ids of that committee); the files stay among the artifacts. */
  evidence: SealEvidenceRecord[];
  abandonedAt: string;
}

/** A member's ceremony moved to a restarted committee: the committees it left (oldest first) and the latest change. */
export interface MemberRestart extends RestartChange {
  previousCommitteeIds: string[];
  at: string;
}

export interface CoordinatorState extends StateBase {
  role: 'coordinator';
  /** The committee package to publish; kept once published, as a restart publishes it again (null in rotations, and in older folders once published). */
  dump: { modules: string[]; dependencies: string[]; digest: string; builtIn: boolean } | null;
  upgradeCapId: string | null;
  messages: MessageEntry[];
  messageSet: { messagesHash: string; checkCode: string; exportedAt: string } | null;
  credentials: CredentialEntry[];
  /**
   * The committee's name for people ("Seal committee 2026"), carried in the invitation so every
   * member's screen names it; never written on chain. Missing in older folders: read with `?? null`.
   */
  committeeName: string | null;
  /** Public half (hex) of the X25519 key members encrypt their API credentials to; the secret half is in the vault. */
  credentialsKey: string | null;
  snapshotsSent: { registered: boolean; finalized: boolean };
  /** Evidence saved against members whose signed message failed the import checks (older folders: read with `?? []`). */
  evidence: SealEvidenceRecord[];
  /** Members' ceremony-record signatures that came with their API credentials (record.ts). Missing in older folders: read with `?? []`. */
  recordSignatures: RecordSignature[];
  /** Committees abandoned by `restart-committee`, oldest first (missing in older folders: read with `?? []`). */
  previousCommittees: AbandonedCommittee[];
}

export interface DkgResult {
  [k: string]: Json;
  version: number;
  keyServerPk: string;
  partialPks: string[];
  messagesHash: string;
}

export interface ShareHandoff {
  [k: string]: Json;
  method: SealShareHandoff['method'];
  where: string | null;
  at: string;
}

export interface MemberState extends StateBase {
  role: 'member';
  airGapped: boolean;
  partyId: number;
  address: string;
  server: { url: string; name: string } | null;
  keys: { encPk: string; signingPk: string } | null;
  /** My registration is on chain (seen on chain, in a snapshot, or my register transaction executed). */
  registered: boolean;
  /** Air-gapped: request bundles written for the relay. */
  requested: { register: boolean; propose: boolean };
  message: { fingerprint: string; checkCode: string } | null;
  /** Messages to process (bytes in artifacts `message-<P>`). */
  inbox: MessageEntry[];
  /** Message files refused at import (missing in ceremony folders made before it was recorded: read with `?? []`). */
  refusedFiles: RefusedMessageFile[];
  /**
   * Journaled code comparisons ("Codes match" / "A code differs"), oldest first; the latest per
   * moment counts. Missing in ceremony folders made before it existed: read with `?? []`.
   */
  codeChecks: SealCodeCheck[];
  /** messages_hash the coordinator announced with the message set, to compare. */
  announcedHash: string | null;
  result: DkgResult | null;
  proposed: boolean;
  handoffs: ShareHandoff[];
  /** The API key itself is in the vault (`api-key`). */
  credentials: { apiKeyName: string; sentAt: string } | null;
  /** The coordinator's X25519 credentials key (hex) from the invitation; null when joined from a dkg.yaml or an older invitation. */
  coordinatorCredentialsKey: string | null;
  cleanedUp: boolean;
  /** Rotation, continuing member: the share of the current version is in this ceremony's vault entries (`share-v<X>`). */
  oldShare: { source: 'vault' | 'imported'; at: string } | null;
  /** Rotation, joining member: init-state ran (registrations checked; nothing to deal). */
  initialized: boolean;
  /**
   * Air-gapped: the proposal transaction the relay built from the message set and sent with it,
   * kept unchecked until this install has processed the set itself; `propose` checks it byte for
   * byte against its own result. Missing in folders made before it existed: read with `?? null`.
   */
  relayedPropose: RelayedProposeTx | null;
  /** Evidence saved against cheating dealers, oldest first (missing in older folders: read with `?? []`). */
  evidence: SealEvidenceRecord[];
  /** The coordinator restarted the committee and this ceremony moved to the new one (missing in older folders: read with `?? null`). */
  restart: MemberRestart | null;
}

export interface RelayedProposeTx {
  [k: string]: Json;
  txBytes: string;
  digest: string;
  network: string;
  attempt: number;
  preparedAt: string;
}

export interface RelayRequest {
  [k: string]: Json;
  receivedAt: string;
  /**
   * Where the values came from: the member's request bundle, or (propose, fresh committee) the
   * relay's own public processing of the message set. Missing (older folders) means 'member'.
   */
  source: 'member' | 'message-set';
  /** register: encPk, signingPk, url, name; propose: partialPks, pk, messagesHash. */
  body: Record<string, Json>;
}

export interface RelayState extends StateBase {
  role: 'relay';
  partyId: number;
  address: string;
  requests: { register: RelayRequest | null; propose: RelayRequest | null };
  attempts: { register: number; propose: number };
  done: { register: boolean; propose: boolean };
  snapshotsSent: { registered: boolean; finalized: boolean };
}

export type SealState = CoordinatorState | MemberState | RelayState;

export function isCoordinator(s: SealState): s is CoordinatorState {
  return s.role === 'coordinator';
}
export function isMember(s: SealState): s is MemberState {
  return s.role === 'member';
}
export function isRelay(s: SealState): s is RelayState {
  return s.role === 'relay';
}

/** The fields every role starts with. */
export function baseState(
  role: SealRole,
  committee: CommitteeInfo,
  dkgYaml: string | null,
  rotation: RotationSnap | null = null,
): StateBase {
  return {
    format: STATE_FORMAT,
    role,
    kind: committee.oldCommitteeId ? 'rotation' : 'fresh',
    committee,
    rotation,
    retired: null,
    dkgYaml,
    registrations: [],
    chain: null,
    keyServer: null,
    pending: null,
    lastTxError: null,
    txLog: [],
    txSeq: 0,
    bundleKeys: {},
  };
}

/** A member right after joining: nothing generated, registered or received yet. */
export function newMemberState(
  base: StateBase,
  m: { airGapped: boolean; partyId: number; address: string; coordinatorCredentialsKey: string | null },
): MemberState {
  return {
    ...base,
    role: 'member',
    ...m,
    server: null,
    keys: null,
    registered: false,
    requested: { register: false, propose: false },
    message: null,
    inbox: [],
    refusedFiles: [],
    codeChecks: [],
    announcedHash: null,
    result: null,
    proposed: false,
    handoffs: [],
    credentials: null,
    cleanedUp: false,
    oldShare: null,
    initialized: false,
    relayedPropose: null,
    evidence: [],
    restart: null,
  };
}
