/**
 * FROST protocol core: pure math, no I/O. Byte formats live in core/formats/frost; transports in
 * core/transports/frostd. See types.ts for the data model and which structures are secret.
 */
export * from './suites.ts';
export * from './identifier.ts';
export * from './types.ts';
export { seededRng } from './rng.ts';
export { dkgPart1, dkgPart2, dkgPart3, checkRound1Package, checkRound2Package } from './dkg.ts';
export { commit, createSigningPackage, sign, verifySignatureShare, aggregate, verifySignature } from './signing.ts';
export { refreshDkgPart1, refreshDkgPart2, refreshDkgPart3 } from './refresh.ts';
export {
  type RepairPlan,
  type RepairCommitments,
  createRepairPlan,
  repairHelperStep1,
  repairHelperStep2,
  repairParticipantStep3,
} from './repair.ts';
export { simulateDkg, type SimulatedGroup } from './simulate.ts';
