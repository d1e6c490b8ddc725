/**
 * The persisted state of a rehearsal ledger: every live object (BCS contents, version, owner,
 * digest), tombstones of deleted and wrapped objects, and the transaction log. Plain JSON so the
 * folder can be inspected by hand and shared by several processes (see store.ts).
 *
 * This is a REHEARSAL of a Sui full node for the committee contract only; nothing in it is ever
 * valid on a real network, and every file it writes says so.
 */
import { randomBytes } from 'node:crypto';
import { normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import { computeObjectDigest } from './objects.ts';

export const REHEARSAL_NETWORK = 'rehearsal';
export const REHEARSAL_LABEL = 'REHEARSAL ledger for Ceremony: a local model of the Seal committee contract, not a Sui network';
export const LEDGER_FORMAT = 'ceremony-rehearsal-ledger/1';

/**
 * Address of the `seal` package (module `key_server`) on every rehearsal ledger. Committee packages
 * published on the ledger link against it whatever dependency ids their bytecode dump lists, so a
 * dump built for testnet or mainnet can be rehearsed unchanged.
 */
export const REHEARSAL_SEAL_PACKAGE_ID = normalizeSuiAddress('0x5ea1');

/** 1000 MIST, as on mainnet and testnet. */
export const REHEARSAL_REFERENCE_GAS_PRICE = 1000n;

/** The faucet's default gift: 10 SUI. */
export const DEFAULT_FAUCET_AMOUNT = 10_000_000_000n;

export type StoredOwner =
  { AddressOwner: string } | { ObjectOwner: string } | { Shared: { initialSharedVersion: string } } | { Immutable: true };

/** Metadata kept beside a dynamic field object so `listDynamicFields` can answer without knowing every Move type. */
export interface StoredDynamicField {
  nameType: string;
  /** Base64 of the name's BCS (for an object field: the BCS of the Wrapper's inner name). */
  nameBcs: string;
  valueType: string;
  /** For object fields: the child object's id. */
  childId?: string;
}

export interface StoredMoveObject {
  kind: 'move';
  type: string;
  /** The gas coin type has its own BCS tag in the object envelope. */
  isGasCoin: boolean;
  hasPublicTransfer: boolean;
  version: string;
  owner: StoredOwner;
  previousTransaction: string;
  storageRebate: string;
  /** Base64 of the Move struct's BCS (starts with the 32-byte id). */
  contents: string;
  digest: string;
  dynamicField?: StoredDynamicField;
}

export type PackageRole = 'seal' | 'seal_committee';

export interface StoredPackage {
  kind: 'package';
  role: PackageRole;
  version: string;
  owner: { Immutable: true };
  previousTransaction: string;
  storageRebate: string;
  /** Base64 of each compiled module, in publish order. */
  modules: string[];
  dependencies: string[];
  digest: string;
}

export type StoredObject = StoredMoveObject | StoredPackage;

export interface Tombstone {
  version: string;
  /** `deleted`: the id no longer exists; `wrapped`: the object lives on inside another object. */
  reason: 'deleted' | 'wrapped';
  transaction: string;
}

export interface StoredEvent {
  packageId: string;
  module: string;
  sender: string;
  eventType: string;
  bcs: string;
}

export interface StoredTransaction {
  digest: string;
  /** `user`: a signed transaction; `faucet`: a ledger-made gift of rehearsal SUI. */
  kind: 'user' | 'faucet';
  checkpoint: string;
  timestampMs: number;
  sender: string;
  /** Base64 BCS TransactionData (user transactions only). */
  bytes: string | null;
  signatures: string[];
  /** Base64 BCS TransactionEffects (V2). */
  effects: string;
  events: StoredEvent[];
  objectTypes: Record<string, string>;
  balanceChanges: { coinType: string; address: string; amount: string }[];
  /** Move functions called, `pkg::module::fn`, for `listTransactions({ filter: { function } })`. */
  functions: string[];
}

export interface LedgerState {
  format: typeof LEDGER_FORMAT;
  network: typeof REHEARSAL_NETWORK;
  label: typeof REHEARSAL_LABEL;
  /** Base58 of 32 random bytes, like a real chain's genesis checkpoint digest. */
  chainIdentifier: string;
  epoch: string;
  referenceGasPrice: string;
  sealPackageId: string;
  /** Counts every committed write; also the next checkpoint number. */
  sequence: number;
  /** Counts faucet gifts, so each gets a distinct pseudo-transaction digest. */
  faucetCount: number;
  objects: Record<string, StoredObject>;
  tombstones: Record<string, Tombstone>;
  transactions: StoredTransaction[];
}

export const GENESIS_DIGEST = toBase58(new Uint8Array(32));

export function genesisState(): LedgerState {
  const seal: StoredPackage = {
    kind: 'package',
    role: 'seal',
    version: '1',
    owner: { Immutable: true },
    previousTransaction: GENESIS_DIGEST,
    storageRebate: '0',
    modules: [],
    dependencies: [normalizeSuiAddress('0x1'), normalizeSuiAddress('0x2')],
    digest: '',
  };
  seal.digest = computeObjectDigest(REHEARSAL_SEAL_PACKAGE_ID, seal);
  return {
    format: LEDGER_FORMAT,
    network: REHEARSAL_NETWORK,
    label: REHEARSAL_LABEL,
    chainIdentifier: toBase58(randomBytes(32)),
    epoch: '0',
    referenceGasPrice: REHEARSAL_REFERENCE_GAS_PRICE.toString(),
    sealPackageId: REHEARSAL_SEAL_PACKAGE_ID,
    sequence: 0,
    faucetCount: 0,
    objects: { [REHEARSAL_SEAL_PACKAGE_ID]: seal },
    tombstones: {},
    transactions: [],
  };
}

/** Checks the shape of a loaded file closely enough that a wrong file fails with a clear message. */
export function isLedgerState(x: unknown): x is LedgerState {
  if (typeof x !== 'object' || x === null) return false;
  const s = x as Partial<LedgerState>;
  return (
    s.format === LEDGER_FORMAT &&
    s.network === REHEARSAL_NETWORK &&
    typeof s.chainIdentifier === 'string' &&
    typeof s.objects === 'object' &&
    typeof s.tombstones === 'object' &&
    Array.isArray(s.transactions)
  );
}
