/**
 * The frostd transport: talking to a frostd relay so our members and frost-client users can sit
 * in the same FROST DKG or signing session. See README.md in this folder for how the engine
 * drives a run.
 */
export {
  FROSTD_MAX_MSG_SIZE,
  FROSTD_CHALLENGE_TTL_MS,
  FROSTD_TOKEN_TTL_MS,
  FROSTD_SESSION_TTL_MS,
  FROSTD_POLL_INTERVAL_MS,
  FROSTD_ERROR_CODES,
  type FrostdErrorVariant,
  type FrostdLowError,
  parseUuid,
  uuidToBytes,
} from './api.ts';
export { xeddsaSign, xeddsaVerify, xeddsaEdwardsPublicKey } from './xeddsa.ts';
export {
  FrostdClient,
  frostdBaseUrl,
  type FrostdClientOptions,
  type FrostdFetch,
  type FrostdFetchInit,
  type FrostdMessage,
  type FrostdSessionInfo,
} from './client.ts';
export { frostdTlsFetch, type FrostdTlsFetchOptions } from './tls-fetch.ts';
export {
  runFrostdSession,
  DEFAULT_FROSTD_TIMEOUT_MS,
  type FrostdRunner,
  type FrostdRunState,
  type FrostdRunStatus,
  type FrostdRunError,
  type FrostdStepOptions,
  type FrostdStepReport,
  type FrostdWaitingFor,
  type RunToEndOptions,
} from './runner.ts';
export { FrostdDkgRunner, type FrostdDkgConfig, type FrostdDkgState, type FrostdDkgResult, type FrostdRunSecrets } from './dkg-runner.ts';
export {
  FrostdSignCoordinator,
  type FrostdSignCoordinatorConfig,
  type FrostdSignCoordinatorState,
  type FrostdSignResult,
} from './sign-coordinator.ts';
export {
  FrostdSignParticipant,
  type FrostdSignParticipantConfig,
  type FrostdSignParticipantState,
  type FrostdSignerSecrets,
  type FrostdSigningRequest,
} from './sign-participant.ts';
export {
  generateCommunicationKeyPair,
  communicationPublicKey,
  NoiseKSender,
  NoiseKReceiver,
  NoiseChannels,
  NOISE_PROTOCOL_NAME,
  NOISE_MAX_MESSAGE,
  type NoiseChannelState,
  type NoiseChannelsState,
} from './noise.ts';
export { FrostdTestRelay, type FrostdTestRelayOptions } from './test-relay.ts';
