/**
 * The frostd HTTP API as frostd implements it (frost-tools `frostd/src/functions.rs`, types in
 * `frost-client/src/api.rs`): every endpoint is a `POST` with a JSON body; bytes travel as
 * lowercase hex, UUIDs as hyphenated strings; an authenticated call carries
 * `Authorization: Bearer <access token>`. Shared by the client and the test relay so both
 * agree on names, limits and error shapes.
 */
import { CeremonyError } from '../../errors.ts';

export const FROSTD_ENDPOINTS = [
  'challenge',
  'login',
  'logout',
  'create_new_session',
  'list_sessions',
  'get_session_info',
  'send',
  'receive',
  'close_session',
] as const;
export type FrostdEndpoint = (typeof FROSTD_ENDPOINTS)[number];

/** `api::MAX_MSG_SIZE`: the largest `msg` (decoded bytes) `send` accepts; also Noise's limit. */
export const FROSTD_MAX_MSG_SIZE = 65535;
/** frostd `state.rs`: a challenge must be answered within 10 s. */
export const FROSTD_CHALLENGE_TTL_MS = 10_000;
/** frostd `state.rs`: an access token lasts 1 h from login (use does not extend it). */
export const FROSTD_TOKEN_TTL_MS = 60 * 60 * 1000;
/** frostd `state.rs`: a session lives 24 h after its last `send` (or a `receive` that returned messages). */
export const FROSTD_SESSION_TTL_MS = 24 * 60 * 60 * 1000;

/** `api::Error` variants and the numeric codes frostd puts beside them (`api.rs`). */
export const FROSTD_ERROR_CODES = {
  InvalidArgument: 1,
  Unauthorized: 2,
  SessionNotFound: 3,
  NotCoordinator: 4,
  NotInSession: 5,
  Unknown: 255,
} as const;
export type FrostdErrorVariant = keyof typeof FROSTD_ERROR_CODES;

/** The Display text of each variant (thiserror `#[error(...)]` in `api.rs`). */
export function frostdErrorText(variant: FrostdErrorVariant, arg?: string): string {
  switch (variant) {
    case 'InvalidArgument':
      return `invalid or missing argument: ${arg ?? ''}`;
    case 'Unauthorized':
      return 'client did not provide proper authorization credentials';
    case 'SessionNotFound':
      return 'session was not found';
    case 'NotCoordinator':
      return 'user is not the coordinator';
    case 'NotInSession':
      return 'user is not part of the given session';
    case 'Unknown':
      return 'unknown error';
  }
}

/**
 * `api::LowError`, sent with HTTP 500: serde's adjacently tagged enum puts the variant in
 * `error.code` and its argument (InvalidArgument only) in `error.err`.
 */
export interface FrostdLowError {
  code: number;
  msg: string;
  error: { code: FrostdErrorVariant; err?: string };
}

export function frostdLowError(variant: FrostdErrorVariant, arg?: string): FrostdLowError {
  return {
    code: FROSTD_ERROR_CODES[variant],
    msg: frostdErrorText(variant, arg),
    error: variant === 'InvalidArgument' ? { code: variant, err: arg ?? '' } : { code: variant },
  };
}
export interface GetSessionInfoOutput {
  message_count: number;
  pubkeys: string[];
  coordinator_pubkey: string;
}
export interface WireMsg {
  sender: string;
  msg: string;
}

// ───────────── UUIDs (Rust `uuid` crate) ─────────────

const UUID_SIMPLE = /^[0-9a-fA-F]{32}$/;
const UUID_HYPHENATED = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

/**
 * `Uuid::parse_str`: hyphenated, simple (32 hex digits), braced `{…}` or `urn:uuid:…`, either
 * case. Returns the canonical lowercase hyphenated form, or undefined.
 */
export function parseUuid(text: unknown): string | undefined {
  if (typeof text !== 'string') return undefined;
  let s = text;
  if (s.startsWith('urn:uuid:')) s = s.slice(9);
  else if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1);
  if (UUID_HYPHENATED.test(s)) s = s.replace(/-/g, '');
  else if (!UUID_SIMPLE.test(s)) return undefined;
  s = s.toLowerCase();
  return `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
}

/** The session id as the 16 raw bytes frost-client signs (login) and hashes (identifiers). */
export function uuidToBytes(uuid: string): Uint8Array {
  const canonical = parseUuid(uuid);
  if (!canonical) throw new CeremonyError('frostd/invalid-uuid', `"${String(uuid).slice(0, 60)}" is not a UUID.`, {});
  const hex = canonical.replace(/-/g, '');
  return Uint8Array.from({ length: 16 }, (_, i) => parseInt(hex.slice(2 * i, 2 * i + 2), 16));
}

/** serdect's hex reader: an even number of hex digits, either case; undefined otherwise. */
export function parseHex(text: unknown): Uint8Array | undefined {
  if (typeof text !== 'string' || text.length % 2 !== 0 || !/^[0-9a-fA-F]*$/.test(text)) return undefined;
  return Uint8Array.from({ length: text.length / 2 }, (_, i) => parseInt(text.slice(2 * i, 2 * i + 2), 16));
}
