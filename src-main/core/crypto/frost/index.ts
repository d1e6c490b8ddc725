/**
 * FROST protocol core: pure math, no I/O. Byte formats live in core/formats/frost; transports in
 * core/transports/frostd. See types.ts for the data model and which structures are secret.
 */
export * from './suites.ts';
export * from './identifier.ts';
export * from './types.ts';
export { defaultRng, type Rng } from './polynomial.ts';
export { seededRng } from './rng.ts';
export {
  dkgPart1,
  dkgPart2,
  dkgPart3,
  verifyProofOfKnowledge,
  checkRound1Package,
  checkRound2Package,
  round1SecretPackageFromCoefficients,
  groupKeyHex,
} from './dkg.ts';
export { commit, createSigningPackage, sign, verifySignatureShare, aggregate, verifySignature } from './signing.ts';
export { generateWithDealer, splitSecret, keyPackageFromSecretShare, groupMembers } from './dealer.ts';
export { computeRefreshingShares, refreshShare, refreshDkgPart1, refreshDkgPart2, refreshDkgPart3, refreshedMembers } from './refresh.ts';
export {
  type RepairPlan,
  type RepairCommitments,
  createRepairPlan,
  repairHelperStep1,
  repairHelperStep2,
  repairParticipantStep3,
  checkRepairCommitments,
  interpolateVerifyingShare,
  publicKeyPackageWithParticipant,
  repairShareStep1,
  repairShareStep2,
  combineSigmas,
} from './repair.ts';
export { isTaprootSuite } from './taproot.ts';
export { simulateDkg, simulateSigning, type SimulatedGroup } from './simulate.ts';
