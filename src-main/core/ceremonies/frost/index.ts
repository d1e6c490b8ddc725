/**
 * FROST ceremonies in the product: the engine protocol (DKG, signing, refresh, repair over
 * bundles; the address book; frost-client TOML import/export). See README.md.
 */
export { frostProtocol, type FrostServices } from './protocol.ts';
export type { FrostState, GroupState, ContactsState, Member, SigningSession, Exchange, RepairSession, DkgParams } from './state.ts';
export { exportFrostClientToml, importedWireId, type SecretReader } from './frost-client-toml.ts';
export { ADDRESS_BOOK_ROLE, ADDRESS_BOOK_TITLE, myContactString } from './contacts.ts';
export { messageAsText } from './describe.ts';
export { SECRET as FROST_SECRET_NAMES } from './secrets.ts';
export {
  frostAppServices,
  frostdAccess,
  addressBookAccess,
  type FrostdAccess,
  type FrostdAccessOptions,
  type AddressBookAccess,
  type AddressBook,
} from './online/services.ts';
export type { OnlineRun, OnlineState, OnlineReport } from './state.ts';
