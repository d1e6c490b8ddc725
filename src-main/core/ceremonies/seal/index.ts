/** The Seal committee ceremony (engine protocol `seal`); see README.md. */
export { sealProtocol } from './protocol.ts';
export { createSealServices, type SealServiceDeps, type SealServices } from './services.ts';
export type { CoordinatorState, MemberState, RelayState, SealState } from './state.ts';
export { committeeCheckCode, messagesHashCheckCode, registrationsCheckCode, wireIdOf } from './values.ts';
export { networkConfig, networkString } from './network.ts';
export { previewSealRotation } from './rotation.ts';
