/**
 * Seal committee DKG (seal-committee-cli v0.6.8+, fastcrypto dkg_v1 with G2 commitments, ECIES
 * over G1, BLS min-sig signatures). Pure: no I/O; heavy work goes through an injectable
 * TaskRunner (inline by default, a WorkerPool to use every core).
 */
export { DKG_RO_PREFIX, DST_G1, DST_G2, MESSAGE_SIGNATURE_DOMAIN, SEAL_IBE_DST_ID } from './constants.ts';
export { formatAddress, normalizeAddress, parseAddress } from './address.ts';
export { type RandomSource, randomScalar, reduceWide, scalarFromBytes, scalarToBytes, systemRandom } from './field.ts';
export { RandomOracle } from './random-oracle.ts';
export { DkgOracles } from './oracles.ts';
export { type DkgMemberKeys, generateDkgKeys } from './keys.ts';
export { generateSigningKeyPair, sign, signingPublicKey, verify as verifySignature } from './bls-signature.ts';
export { createDealerMessage, type DealerInput, type DealerOutput, publicKeyOfShare } from './dealer.ts';
export { decodeMessageJson, encodeMessageJson, messageFileName } from './message-json.ts';
export {
  messagesHash,
  processAllMessages,
  type ProcessAllInput,
  type ProcessAllOptions,
  type ProcessAllResult,
  type SealMemberKeys,
  type SealRotation,
} from './process-all.ts';
export type { MessageCheck } from './verify-chunk.ts';
export { checkSealOutputs, type OutputsCheckInput, type OutputsCheckResult } from './consistency.ts';
export { combinePartialUserKeys, derivePartialUserKey, fullId, hashIdentity, verifyUserKey } from './user-key.ts';
export { expectedMessageSize, inspectMessage, type MessageReport } from './inspect.ts';
export { parseSignedMessage, SealBcs, serializeSignedMessage, signaturePayload, type SignedMessageWire } from './wire.ts';
export { SEAL_TASKS } from './tasks.ts';
export { type OpCounts, type OpName, takeOpCounts } from './ops.ts';
export { dealAll, dealRotation, generateCommitteeKeys, registeredKeys, seededRandom } from './simulation.ts';
