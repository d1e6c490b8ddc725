/**
 * A client for frostd's HTTPS JSON API (frost-client `client.rs` speaks the same): challenge and
 * XEd25519 login, sessions, send, receive, close, logout. Bytes in, bytes out; hex, UUIDs and
 * error shapes stay in here.
 *
 * Better than frost-client where it matters to a ceremony: an expired access token (frostd keeps
 * them 1 h) is renewed by logging in again and retrying once; every failure is a CeremonyError
 * that says which server and which call; sizes are checked before sending.
 *
 * `fetch` is injectable: Node's global fetch by default, `frostdTlsFetch({ ca })` for a frostd
 * whose certificate is not in the public roots (a mkcert or self-signed certificate), or any
 * test double. Plain http is allowed only to a loopback address (frostd's own
 * `--no-tls-very-insecure` binds 127.0.0.1 only) unless `allowInsecureHttp` says otherwise.
 */
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { CommunicationKeyPair } from '../../formats/frost/config-toml.ts';
import {
  FROSTD_MAX_MSG_SIZE,
  parseHex,
  parseUuid,
  uuidToBytes,
  type FrostdEndpoint,
  type FrostdErrorVariant,
  type FrostdLowError,
  type GetSessionInfoOutput,
  type WireMsg,
} from './api.ts';
import { xeddsaSign } from './xeddsa.ts';

export interface FrostdFetchInit {
  method: 'POST';
  headers: Record<string, string>;
  body: string;
  signal?: AbortSignal;
}
/** The slice of `fetch` the client uses; the global fetch satisfies it. */
export type FrostdFetch = (url: string, init: FrostdFetchInit) => Promise<{ status: number; text(): Promise<string> }>;

export interface FrostdClientOptions {
  /** `host:port` as frost-client takes it (https is implied), or an `https://` / loopback `http://` URL. */
  readonly server: string;
  readonly fetch?: FrostdFetch;
  /** Allow `http://` to a non-loopback host (e.g. behind a TLS-terminating proxy on a private network). */
  readonly allowInsecureHttp?: boolean;
  /** Per-request timeout; default 30 s. */
  readonly requestTimeoutMs?: number;
}

export interface FrostdSessionInfo {
  readonly sessionId: string;
  /** frostd keeps it as a u8; frost-client sets 1. */
  readonly messageCount: number;
  readonly pubkeys: readonly Uint8Array[];
  readonly coordinatorPubkey: Uint8Array;
}

export interface FrostdMessage {
  /** The authenticated login key of whoever sent it (frostd fills it in). */
  readonly sender: Uint8Array;
  readonly msg: Uint8Array;
}

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]', '::1']);

/** The base URL frost-client would use for `server` (`host:port` → `https://host:port`). */
export function frostdBaseUrl(server: string, allowInsecureHttp = false): string {
  const raw = server.trim();
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(raw) ? raw : `https://${raw}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new CeremonyError(
      'frostd/invalid-url',
      `"${raw}" is not a frostd server address; use host:port (for example frostd.example.org:2744).`,
      {
        server: raw,
      },
    );
  }
  if (url.protocol !== 'https:' && url.protocol !== 'http:')
    throw new CeremonyError('frostd/invalid-url', `The frostd server address "${raw}" must use https.`, { server: raw });
  if (url.protocol === 'http:' && !allowInsecureHttp && !LOOPBACK.has(url.hostname))
    throw new CeremonyError(
      'frostd/insecure-url',
      `Refusing plain http to ${url.host}: frostd traffic must use TLS except on this machine (127.0.0.1).`,
      { server: raw },
    );
  if (url.pathname !== '/' && url.pathname !== '')
    throw new CeremonyError('frostd/invalid-url', `The frostd server address "${raw}" must not have a path.`, { server: raw });
  return `${url.protocol}//${url.host}`;
}

/** Network errors that happen before a request is on the wire (nothing reached the server). */
const NO_CONNECTION = new Set(['ECONNREFUSED', 'ENOTFOUND', 'EAI_AGAIN', 'EHOSTUNREACH', 'ENETUNREACH']);

function causeCode(e: unknown): string {
  const cause = (e as { cause?: { code?: unknown } } | null)?.cause;
  return typeof cause?.code === 'string' ? cause.code : '';
}

const VARIANT_CODES: Record<FrostdErrorVariant, ErrorCode> = {
  InvalidArgument: 'frostd/invalid-argument',
  Unauthorized: 'frostd/unauthorized',
  SessionNotFound: 'frostd/session-not-found',
  NotCoordinator: 'frostd/not-coordinator',
  NotInSession: 'frostd/not-in-session',
  Unknown: 'frostd/server-error',
};

function isLowError(v: unknown): v is FrostdLowError {
  const o = v as FrostdLowError | null;
  return typeof o === 'object' && o !== null && typeof o.code === 'number' && typeof o.error?.code === 'string';
}

export class FrostdClient {
  readonly baseUrl: string;
  private readonly fetchImpl: FrostdFetch;
  private readonly timeoutMs: number;
  private token: string | undefined;
  private key: CommunicationKeyPair | undefined;

  constructor(options: FrostdClientOptions) {
    this.baseUrl = frostdBaseUrl(options.server, options.allowInsecureHttp);
    this.fetchImpl = options.fetch ?? ((url, init) => fetch(url, init));
    this.timeoutMs = options.requestTimeoutMs ?? 30_000;
  }

  get loggedIn(): boolean {
    return this.token !== undefined;
  }

  /** The communication public key this client is logged in with. */
  get pubkey(): Uint8Array | undefined {
    return this.key?.publicKey;
  }

  private fail(endpoint: FrostdEndpoint, err: FrostdLowError, sessionId?: string): CeremonyError {
    const variant = err.error.code in VARIANT_CODES ? err.error.code : 'Unknown';
    const session = sessionId ? ` ${sessionId}` : '';
    const sentence: Record<FrostdErrorVariant, string> = {
      InvalidArgument: `The frostd server at ${this.baseUrl} rejected the ${endpoint} request: ${err.msg}.`,
      Unauthorized:
        endpoint === 'login'
          ? `The frostd server at ${this.baseUrl} refused the login: the signature did not verify or the challenge had expired.`
          : `The frostd server at ${this.baseUrl} no longer accepts this login; log in again.`,
      SessionNotFound: `The frostd server at ${this.baseUrl} has no session${session} for this key: it was closed by its creator, expired, or never existed.`,
      NotCoordinator: `Only the creator of session${session} can close it.`,
      NotInSession: `The frostd server at ${this.baseUrl} says this key or one of the recipients is not a member of session${session}.`,
      Unknown: `The frostd server at ${this.baseUrl} failed the ${endpoint} request (${err.msg}).`,
    };
    return new CeremonyError(VARIANT_CODES[variant], sentence[variant], {
      server: this.baseUrl,
      endpoint,
      serverCode: err.code,
      serverMessage: err.msg.slice(0, 200),
      ...(sessionId ? { sessionId } : {}),
    });
  }

  /** One POST; returns the parsed JSON body (empty body → null, as frost-client reads it). */
  private async raw(endpoint: FrostdEndpoint, args: unknown, sessionId?: string): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    let response;
    try {
      response = await this.fetchImpl(`${this.baseUrl}/${endpoint}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(args ?? null),
        signal: AbortSignal.timeout(this.timeoutMs),
      });
    } catch (e) {
      const reason = e instanceof Error ? e.message : String(e);
      throw new CeremonyError('frostd/unreachable', `Could not reach the frostd server at ${this.baseUrl} (${reason.slice(0, 160)}).`, {
        server: this.baseUrl,
        endpoint,
        // Whether the request may have reached the server: a send whose answer was lost may have gone through.
        connected: !NO_CONNECTION.has(causeCode(e)),
      });
    }
    const text = await response.text();
    let body: unknown = null;
    let parsed = true;
    if (text.length > 0) {
      try {
        body = JSON.parse(text);
      } catch {
        parsed = false;
      }
    }
    if (response.status === 500 && parsed && isLowError(body)) throw this.fail(endpoint, body, sessionId);
    if (response.status < 200 || response.status >= 300)
      throw new CeremonyError(
        'frostd/http-error',
        `The frostd server at ${this.baseUrl} answered the ${endpoint} request with HTTP ${response.status}${text ? `: ${text.slice(0, 160)}` : ''}.`,
        { server: this.baseUrl, endpoint, status: response.status },
      );
    if (!parsed) throw this.badResponse(endpoint, 'not JSON');
    return body;
  }

  private badResponse(endpoint: FrostdEndpoint, what: string): CeremonyError {
    return new CeremonyError(
      'frostd/bad-response',
      `The frostd server at ${this.baseUrl} sent an unexpected ${endpoint} answer (${what}).`,
      {
        server: this.baseUrl,
        endpoint,
      },
    );
  }

  /** An authenticated call; an expired token is renewed once by logging in again. */
  private async call(endpoint: FrostdEndpoint, args: unknown, sessionId?: string): Promise<unknown> {
    if (!this.token) throw new CeremonyError('frostd/not-logged-in', `Log in to the frostd server at ${this.baseUrl} first.`, { endpoint });
    try {
      return await this.raw(endpoint, args, sessionId);
    } catch (e) {
      if (!isCeremonyError(e, 'frostd/unauthorized') || !this.key) throw e;
      await this.login(this.key);
      return this.raw(endpoint, args, sessionId);
    }
  }

  /** `/challenge`: a fresh single-use UUID, valid for 10 s. */
  async challenge(): Promise<string> {
    const out = (await this.raw('challenge', null)) as { challenge?: unknown } | null;
    const challenge = parseUuid(out?.challenge);
    if (!challenge) throw this.badResponse('challenge', 'no challenge UUID');
    return challenge;
  }

  /** `/login` with explicit arguments (tests, and tools that sign elsewhere). */
  async loginWith(challenge: string, pubkey: Uint8Array, signature: Uint8Array): Promise<string> {
    const out = (await this.raw('login', { challenge, pubkey: bytesToHex(pubkey), signature: bytesToHex(signature) })) as {
      access_token?: unknown;
    } | null;
    const token = parseUuid(out?.access_token);
    if (!token) throw this.badResponse('login', 'no access token');
    this.token = token;
    return token;
  }

  /**
   * Challenge, XEd25519 signature over the challenge's 16 raw bytes, login. The key is kept (in
   * memory) so an expired token can be renewed without the caller's help.
   */
  async login(key: CommunicationKeyPair): Promise<string> {
    this.token = undefined;
    const challenge = await this.challenge();
    const token = await this.loginWith(challenge, key.publicKey, xeddsaSign(key.privateKey, uuidToBytes(challenge)));
    this.key = key;
    return token;
  }

  /** `/logout`: drops the token on the server and here. */
  async logout(): Promise<void> {
    if (!this.token) return;
    try {
      await this.raw('logout', null);
    } finally {
      this.token = undefined;
      this.key = undefined;
    }
  }

  /** `/create_new_session`: the caller becomes the session's coordinator. */
  async createNewSession(pubkeys: readonly Uint8Array[], messageCount: number): Promise<string> {
    if (!Number.isInteger(messageCount) || messageCount < 1 || messageCount > 255)
      throw new CeremonyError('frostd/invalid-message-count', `A frostd session carries 1 to 255 messages, not ${messageCount}.`, {
        messageCount,
      });
    const out = (await this.call('create_new_session', { pubkeys: pubkeys.map(bytesToHex), message_count: messageCount })) as {
      session_id?: unknown;
    } | null;
    const id = parseUuid(out?.session_id);
    if (!id) throw this.badResponse('create_new_session', 'no session id');
    return id;
  }

  /** `/list_sessions`: sessions where this key is a participant or the coordinator. */
  async listSessions(): Promise<string[]> {
    const out = (await this.call('list_sessions', null)) as { session_ids?: unknown } | null;
    if (!Array.isArray(out?.session_ids)) throw this.badResponse('list_sessions', 'no session list');
    return out.session_ids.map((s) => {
      const id = parseUuid(s);
      if (!id) throw this.badResponse('list_sessions', 'a session id is not a UUID');
      return id;
    });
  }

  /** `/get_session_info`. */
  async getSessionInfo(sessionId: string): Promise<FrostdSessionInfo> {
    const out = (await this.call('get_session_info', { session_id: sessionId }, sessionId)) as Partial<GetSessionInfoOutput> | null;
    const pubkeys = Array.isArray(out?.pubkeys) ? out.pubkeys.map(parseHex) : undefined;
    const coordinator = parseHex(out?.coordinator_pubkey);
    if (!pubkeys || pubkeys.some((p) => !p) || !coordinator || typeof out?.message_count !== 'number')
      throw this.badResponse('get_session_info', 'missing fields');
    return { sessionId, messageCount: out.message_count, pubkeys: pubkeys as Uint8Array[], coordinatorPubkey: coordinator };
  }

  /** `/send`: to the given participants, or (empty list) to the session's coordinator queue. */
  async send(sessionId: string, recipients: readonly Uint8Array[], msg: Uint8Array): Promise<void> {
    if (msg.length > FROSTD_MAX_MSG_SIZE)
      throw new CeremonyError(
        'frostd/message-too-large',
        `A frostd message has at most ${FROSTD_MAX_MSG_SIZE} bytes; this one has ${msg.length}.`,
        {
          size: msg.length,
        },
      );
    await this.call('send', { session_id: sessionId, recipients: recipients.map(bytesToHex), msg: bytesToHex(msg) }, sessionId);
  }

  /**
   * `/receive`: drains this key's queue (or, as the session's coordinator with `asCoordinator`,
   * the coordinator queue). What it returns is gone from the server: persist it before use.
   */
  async receive(sessionId: string, asCoordinator: boolean): Promise<FrostdMessage[]> {
    const out = (await this.call('receive', { session_id: sessionId, as_coordinator: asCoordinator }, sessionId)) as {
      msgs?: unknown;
    } | null;
    if (!Array.isArray(out?.msgs)) throw this.badResponse('receive', 'no message list');
    return out.msgs.map((m: Partial<WireMsg>) => {
      const sender = parseHex(m?.sender);
      const msg = parseHex(m?.msg);
      if (!sender || !msg) throw this.badResponse('receive', 'a message without sender or body');
      return { sender, msg };
    });
  }

  /** `/close_session` (coordinator only): deletes the session and every undelivered message. */
  async closeSession(sessionId: string): Promise<void> {
    await this.call('close_session', { session_id: sessionId }, sessionId);
  }
}
