/**
 * The typed chain interface the Seal ceremony stands on. One implementation (sui-chain.ts) serves
 * both the real networks and the rehearsal ledger, because both are `@mysten/sui` CoreClients;
 * nothing above this interface knows which it has, except through `network`.
 */
import type { Signer } from '@mysten/sui/cryptography';
import type { NetworkConfig } from './network.ts';
import type { UnsignedTransaction } from './offline.ts';
import type { TransactionDescription } from './tx/describe.ts';
import type { BytecodeDump } from './tx/bytecode-dump.ts';

export type CommitteePhase = 'Init' | 'PostDKG' | 'Finalized';

export interface MemberRegistration {
  address: string;
  /** Index in the committee's member list (the DKG party id). */
  partyId: number;
  /** DKG_ENC_PK: compressed G1, 48 bytes. */
  encPk: Uint8Array;
  /** DKG_SIGNING_PK: compressed G2, 96 bytes. */
  signingPk: Uint8Array;
  url: string;
  name: string;
}

export interface CommitteeProposal {
  partialPks: Uint8Array[];
  pk: Uint8Array;
  messagesHash: Uint8Array;
  /** Members that proposed these exact values, in order of proposal. */
  approvals: string[];
}

export interface CommitteeView {
  id: string;
  /** The committee package (the original id, from the object's type): COMMITTEE_PKG. */
  packageId: string;
  /** Object version, changes on every registration or proposal: handy for "last updated". */
  version: string;
  initialSharedVersion: string;
  threshold: number;
  members: string[];
  phase: CommitteePhase;
  /** Registrations in registration order; null once Finalized (the contract drops them then). */
  registrations: MemberRegistration[] | null;
  /** The proposal being approved (PostDKG only). */
  proposal: CommitteeProposal | null;
  /** For a rotation committee: the committee it replaces. */
  oldCommitteeId: string | null;
}

export interface PartialKeyServerView {
  name: string;
  url: string;
  partialPk: Uint8Array;
  partyId: number;
}

export interface KeyServerView {
  /** KEY_SERVER_OBJ_ID: stays the same across rotations. */
  id: string;
  sealPackageId: string;
  /** First committee's id as 64 hex digits without 0x. */
  name: string;
  keyType: number;
  /** KEY_SERVER_PK: compressed G2, 96 bytes; unchanged by rotations. */
  pk: Uint8Array;
  /** Committee version: 0 after the fresh DKG, +1 per rotation. */
  version: number;
  threshold: number;
  partialKeyServers: PartialKeyServerView[];
}

export type RotationInfo =
  | { kind: 'fresh'; nextVersion: 0 }
  | {
      kind: 'rotation';
      /** MASTER_SHARE_V<nextVersion> / PARTIAL_PKS_V<nextVersion> will be produced. */
      nextVersion: number;
      oldCommitteeId: string;
      keyServerId: string;
      /** The key server's pk, which the rotation must reproduce. */
      oldPk: Uint8Array;
      oldThreshold: number;
      oldMembers: string[];
      /** Old partial keys by old party id. */
      oldPartialPks: Uint8Array[];
    }
  | {
      /** The old committee is gone: this rotation has already finalized. */
      kind: 'rotation-finalized';
      version: number;
      keyServerId: string | null;
    };

/** Every transaction of the ceremony. `packageId` defaults to the committee's own package when omitted. */
export type CeremonyCall =
  | { kind: 'publish'; dump: BytecodeDump }
  | { kind: 'init_committee'; packageId: string; upgradeCapId: string; threshold: number; members: string[] }
  | { kind: 'init_rotation'; packageId?: string; oldCommitteeId: string; threshold: number; members: string[] }
  | { kind: 'register'; packageId?: string; committeeId: string; encPk: Uint8Array; signingPk: Uint8Array; url: string; name: string }
  | { kind: 'propose'; packageId?: string; committeeId: string; partialPks: Uint8Array[]; pk: Uint8Array; messagesHash: Uint8Array }
  | {
      kind: 'propose_for_rotation';
      packageId?: string;
      committeeId: string;
      partialPks: Uint8Array[];
      messagesHash: Uint8Array;
      oldCommitteeId?: string;
    }
  | { kind: 'update_member_url'; packageId?: string; committeeId: string; url: string };

export interface PrepareOptions {
  /** MIST; when omitted the node estimates it from a dry run. */
  gasBudget?: bigint;
  /**
   * Dry-run the built transaction and turn an abort into a clear error before anyone signs. Default
   * true. (Without `gasBudget` the gas estimate is itself a dry run, so no second one is made.)
   */
  dryRun?: boolean;
}

/** A built, unsigned transaction: everything needed to sign it elsewhere and submit it later. */
export interface PreparedTransaction extends UnsignedTransaction {
  call: CeremonyCall['kind'];
  /** Label of the network it was built for (rehearsals say so). */
  network: string;
  description: TransactionDescription;
}

export interface CreatedObject {
  objectId: string;
  type: string;
}

export interface ChainTxResult {
  digest: string;
  call: CeremonyCall['kind'];
  created: CreatedObject[];
  /** publish: COMMITTEE_PKG. */
  packageId: string | null;
  /** publish: the UpgradeCap now owned by the sender. */
  upgradeCapId: string | null;
  /** init_committee / init_rotation: COMMITTEE_ID. */
  committeeId: string | null;
  /** The proposal that finalized a fresh DKG: KEY_SERVER_OBJ_ID (a rotation moves the existing one). */
  keyServerId: string | null;
}

export interface CommitteeChain {
  readonly network: NetworkConfig;
  /** Human label for screens and files ("REHEARSAL (not a real network)" on a rehearsal). */
  readonly label: string;

  getCommittee(committeeId: string): Promise<CommitteeView>;
  /** KEY_SERVER_OBJ_ID of a finalized committee (object field keyed by the committee id); null before finalization. */
  getKeyServerIdOfCommittee(committeeId: string): Promise<string | null>;
  getKeyServer(keyServerId: string): Promise<KeyServerView>;
  /** The current committee holding a key server, and its package (for `init_rotation`). */
  getCommitteeOfKeyServer(keyServerId: string): Promise<{ committeeId: string; packageId: string }>;
  getRotationInfo(committeeId: string): Promise<RotationInfo>;
  /** Total SUI (MIST) of an address. */
  getBalance(address: string): Promise<bigint>;

  /**
   * The gas budget `prepare` would give `call` (the same dry-run estimate of the build), without
   * choosing gas coins, so it also answers for a sender who holds no SUI yet: the most the
   * transaction will cost, in MIST.
   */
  estimateGasBudget(call: CeremonyCall, sender: string): Promise<bigint>;
  /** Builds the unsigned transaction online (object versions, gas price, gas coins, budget), for any signer. */
  prepare(call: CeremonyCall, sender: string, opts?: PrepareOptions): Promise<PreparedTransaction>;
  /** prepare + sign with `signer` + submit. */
  execute(call: CeremonyCall, signer: Signer, opts?: PrepareOptions): Promise<ChainTxResult>;
  /**
   * Submits a prepared transaction with a signature made elsewhere, after checking it signs THIS
   * transaction by the expected sender. Also takes bare unsigned bytes made by another tool (e.g.
   * seal-committee-cli --unsigned), as long as they are a ceremony step.
   */
  submitSigned(prepared: PreparedTransaction | UnsignedTransaction, signature: string, expectedSender?: string): Promise<ChainTxResult>;

  /** Rehearsal only: gives rehearsal SUI to an address. Undefined on real networks. */
  readonly faucet?: (address: string, amountMist?: bigint) => Promise<{ coinId: string; digest: string }>;
}
