/**
 * The Sui chain transport of the Seal committee ceremony: typed reads and writes of the committee
 * contract over `@mysten/sui`, on a real network or on a rehearsal ledger behind the same client
 * interface. See chain.ts for the interface, ledger/ for the rehearsal model.
 */
export { rehearsalChain } from './open-chain.ts';
export * as MoveTypes from './move-types.ts';
export * from './type-names.ts';
export { RehearsalLedger } from './ledger/ledger.ts';
