/**
 * FROST ceremonies in the product: the engine protocol (DKG, signing, refresh, repair over
 * bundles; the address book; frost-client TOML import/export). See README.md.
 */
export { frostProtocol } from './protocol.ts';
export type { GroupState } from './state.ts';
export { exportFrostClientToml } from './frost-client-toml.ts';
export { ADDRESS_BOOK_ROLE, ADDRESS_BOOK_TITLE } from './contacts.ts';
export { frostAppServices } from './online/services.ts';
