/**
 * The frostd transport: talking to a frostd relay so our members and frost-client users can sit
 * in the same FROST DKG or signing session. See README.md in this folder for how the engine
 * drives a run.
 */
export { FrostdClient } from './client.ts';
export { frostdTlsFetch } from './tls-fetch.ts';
export { runFrostdSession, type FrostdStepReport } from './runner.ts';
export { FrostdDkgRunner } from './dkg-runner.ts';
export { FrostdSignCoordinator } from './sign-coordinator.ts';
export { FrostdSignParticipant } from './sign-participant.ts';
