/**
 * FROST file and wire formats, interchangeable with the Zcash Foundation tools: frost-core postcard
 * and serde JSON encodings, frost-client's TOML config, `zffrost1…` contact strings and identifiers.
 */
export { type FrostLayout, type EncodeOptions, DEFAULT_FROST_LAYOUT, FROST_FORMAT_VERSION, suiteShortId } from './layout.ts';
export { encodeFrostPostcard, decodeFrostPostcard } from './frost-postcard.ts';
export { encodeFrostJson, encodeFrostJsonText, decodeFrostJson, frostJsonSuite, type JsonValue, type JsonObject } from './frost-json.ts';
export {
  FROST_CLIENT_CONFIG_VERSION,
  type CommunicationKeyPair,
  type FrostClientConfig,
  type FrostClientGroup,
  type FrostClientParticipant,
  type OpenedFrostClientGroup,
  parseFrostClientConfig,
  stringifyFrostClientConfig,
  openFrostClientGroup,
  frostClientGroupFromPackages,
} from './config-toml.ts';
export { type FrostContact, CONTACT_HRP, encodeContact, decodeContact, contactFingerprint } from './contact.ts';
export { frostClientDkgIdentifier, frostClientIndexIdentifier, uuidBytes } from './identifiers.ts';
