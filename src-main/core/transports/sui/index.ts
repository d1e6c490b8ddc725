/**
 * The Sui chain transport of the Seal committee ceremony: typed reads and writes of the committee
 * contract over `@mysten/sui`, on a real network or on a rehearsal ledger behind the same client
 * interface. See chain.ts for the interface, ledger/ for the rehearsal model.
 */
export type {
  CeremonyCall,
  ChainTxResult,
  CommitteeChain,
  CommitteePhase,
  CommitteeProposal,
  CommitteeView,
  CreatedObject,
  KeyServerView,
  MemberRegistration,
  PartialKeyServerView,
  PrepareOptions,
  PreparedTransaction,
  RotationInfo,
} from './chain.ts';
export { SuiCommitteeChain, type SuiCommitteeChainOptions } from './sui-chain.ts';
export { openChain, rehearsalChain, type OpenedChain } from './open-chain.ts';
export {
  PUBLIC_FULLNODES,
  createSuiClient,
  fullnodeUrl,
  isRehearsal,
  networkLabel,
  networkName,
  parseNetwork,
  type NetworkConfig,
  type SuiNetworkKind,
  type SuiTransport,
} from './network.ts';
export { COMMITTEE_ABORT_NAMES, KEY_SERVER_ABORT_NAMES, explainChainError, explainExecutionError, type CallKind } from './chain-errors.ts';
export {
  parseSignatureInput,
  senderOf,
  signUnsigned,
  unsignedTransaction,
  verifyOfflineSignature,
  type UnsignedTransaction,
} from './offline.ts';
export {
  addressOfSecret,
  exportSecret,
  keypairFromSecret,
  parseKeystoreEntry,
  parseKeystoreFile,
  parseSuiKeyInput,
  parseSuiPrivateKey,
  secretFromBytes,
  secretToBytes,
  secretToSuiPrivateKey,
  type SuiKeyScheme,
  type SuiSecret,
} from './keys.ts';
export {
  buildInitCommittee,
  buildInitRotation,
  buildPropose,
  buildProposeForRotation,
  buildPublish,
  buildRegister,
  buildUpdateMemberUrl,
  type OwnedObjectRef,
  type SharedObjectInput,
} from './tx/builders.ts';
export { parseBytecodeDump, type BytecodeDump } from './tx/bytecode-dump.ts';
export { describeTransaction, type DescribedArgument, type DescribedCommand, type TransactionDescription } from './tx/describe.ts';
export * as MoveTypes from './move-types.ts';
export { CEREMONY_FUNCTIONS, ceremonyFunctionResponse, ceremonyParams, type CeremonyFunction } from './abi.ts';
export * from './type-names.ts';
export { RehearsalLedger, type LedgerOptions } from './ledger/ledger.ts';
export { RehearsalClient } from './ledger/client.ts';
export { DEFAULT_FAUCET_AMOUNT, REHEARSAL_LABEL, REHEARSAL_NETWORK, REHEARSAL_SEAL_PACKAGE_ID, type LedgerState } from './ledger/state.ts';
export { FolderLedgerStore, MemoryLedgerStore, type FolderStoreOptions, type LedgerStore } from './ledger/store.ts';
