/**
 * FrostdTestRelay: an in-process stand-in for frostd, for tests and rehearsals only. It follows
 * frostd's code (frost-tools `frostd/src/{functions,state,user}.rs`) rather than an idealised
 * spec, so clients meet the same behaviour they will meet in production:
 *
 *  - login: an XEd25519 signature by the 32-byte key over the 16 raw bytes of a challenge that
 *    is at most 10 s old; the signature is checked before the challenge is consumed;
 *  - access tokens last 1 h from login; sessions 24 h after their last `send` or productive
 *    `receive`; on expiry only the participants' session index is cleaned, so a coordinator's
 *    `list_sessions` can still name an expired session (which then answers SessionNotFound);
 *  - one FIFO queue per participant key plus one for the coordinator (`recipients: []`);
 *    `receive` drains; `close_session` (coordinator only) drops undelivered messages;
 *  - `msg` at most 65 535 bytes, `message_count` 1..255, no cap on sessions or queue length;
 *  - errors are HTTP 500 with `{"code", "msg", "error": {"code", "err"}}`; a wrong content type,
 *    bad JSON or a body of the wrong shape get axum's 415 / 400 / 422 plain-text rejections,
 *    and authentication is checked before the body is read.
 *
 * It binds 127.0.0.1 on a random port, over http (or https with a given certificate). Time comes
 * from an injectable clock so expiry can be tested without waiting.
 */
import { randomUUID } from 'node:crypto';
import { createServer as createHttpServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import type { AddressInfo } from 'node:net';
import { bytesToHex } from '@noble/hashes/utils.js';
import {
  FROSTD_CHALLENGE_TTL_MS,
  FROSTD_ENDPOINTS,
  FROSTD_MAX_MSG_SIZE,
  FROSTD_SESSION_TTL_MS,
  FROSTD_TOKEN_TTL_MS,
  frostdLowError,
  parseHex,
  parseUuid,
  uuidToBytes,
  type FrostdEndpoint,
  type FrostdErrorVariant,
  type WireMsg,
} from './api.ts';
import { xeddsaVerify } from './xeddsa.ts';

export interface FrostdTestRelayOptions {
  /** Milliseconds clock; defaults to Date.now. */
  readonly now?: () => number;
  /** Serve https with this PEM certificate and key. */
  readonly tls?: { readonly cert: string; readonly key: string };
  readonly maxMsgSize?: number;
  readonly challengeTtlMs?: number;
  readonly tokenTtlMs?: number;
  readonly sessionTtlMs?: number;
}

/** One handled request, for assertions in tests. */
export interface RelayLogEntry {
  readonly endpoint: string;
  readonly status: number;
  readonly error?: FrostdErrorVariant;
}

const COORDINATOR = 'coordinator';
/** axum's default request body limit. */
const MAX_BODY = 2 * 1024 * 1024;

interface Session {
  readonly pubkeys: string[];
  readonly coordinator: string;
  readonly messageCount: number;
  /** Queue key: a participant's hex pubkey, or COORDINATOR. */
  readonly queues: Map<string, WireMsg[]>;
  expiresAt: number;
}

class Rejection {
  constructor(
    readonly status: number,
    readonly body: string,
    readonly contentType = 'text/plain; charset=utf-8',
    readonly variant?: FrostdErrorVariant,
  ) {}
}

const frostdError = (variant: FrostdErrorVariant, arg?: string) =>
  new Rejection(500, JSON.stringify(frostdLowError(variant, arg)), 'application/json', variant);
const shapeError = (detail: string) => new Rejection(422, `Failed to deserialize the JSON body into the target type: ${detail}`);

/** serde-style field readers: a missing field or wrong type is a 422, unknown fields are ignored. */
function field(o: Record<string, unknown>, name: string): unknown {
  if (!(name in o)) throw shapeError(`missing field \`${name}\``);
  return o[name];
}
function uuidField(o: Record<string, unknown>, name: string): string {
  const id = parseUuid(field(o, name));
  if (!id) throw shapeError(`${name}: invalid UUID`);
  return id;
}
function hexField(v: unknown, name: string): string {
  const b = parseHex(v);
  if (!b) throw shapeError(`${name}: invalid hex string`);
  return bytesToHex(b);
}
function hexListField(o: Record<string, unknown>, name: string): string[] {
  const v = field(o, name);
  if (!Array.isArray(v)) throw shapeError(`${name}: invalid type, expected a sequence`);
  return v.map((x) => hexField(x, name));
}

export class FrostdTestRelay {
  private readonly challenges = new Map<string, number>();
  private readonly tokens = new Map<string, { pubkey: string; expiresAt: number }>();
  private readonly sessions = new Map<string, Session>();
  private readonly sessionsByPubkey = new Map<string, Set<string>>();
  private readonly now: () => number;
  private readonly limits: { maxMsgSize: number; challengeTtlMs: number; tokenTtlMs: number; sessionTtlMs: number };
  readonly log: RelayLogEntry[] = [];
  /** Every session ever created (closed ones too), as its creator asked for it. */
  readonly created: { readonly sessionId: string; readonly coordinator: string; readonly messageCount: number }[] = [];
  /** http(s)://127.0.0.1:<port> */
  url = '';

  private constructor(
    private readonly server: Server,
    options: FrostdTestRelayOptions,
  ) {
    this.now = options.now ?? Date.now;
    this.limits = {
      maxMsgSize: options.maxMsgSize ?? FROSTD_MAX_MSG_SIZE,
      challengeTtlMs: options.challengeTtlMs ?? FROSTD_CHALLENGE_TTL_MS,
      tokenTtlMs: options.tokenTtlMs ?? FROSTD_TOKEN_TTL_MS,
      sessionTtlMs: options.sessionTtlMs ?? FROSTD_SESSION_TTL_MS,
    };
  }

  static async start(options: FrostdTestRelayOptions = {}): Promise<FrostdTestRelay> {
    const holder: { relay?: FrostdTestRelay } = {};
    const handler = (req: IncomingMessage, res: ServerResponse) => void holder.relay!.handle(req, res);
    const server = options.tls ? createHttpsServer({ cert: options.tls.cert, key: options.tls.key }, handler) : createHttpServer(handler);
    const relay = new FrostdTestRelay(server, options);
    holder.relay = relay;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(0, '127.0.0.1', () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    relay.url = `${options.tls ? 'https' : 'http'}://127.0.0.1:${port}`;
    return relay;
  }

  async close(): Promise<void> {
    await new Promise<void>((resolve) => {
      this.server.close(() => resolve());
      this.server.closeAllConnections();
    });
  }

  // ───────────── inspection (tests) ─────────────

  /** Live session ids. */
  sessionIds(): string[] {
    this.sweep();
    return [...this.sessions.keys()];
  }

  /** Messages waiting per queue (participant pubkey hex, or "coordinator"). */
  queueSizes(sessionId: string): Record<string, number> {
    const s = this.sessions.get(sessionId);
    return s ? Object.fromEntries([...s.queues].map(([k, q]) => [k, q.length])) : {};
  }

  sessionInfo(sessionId: string): { pubkeys: string[]; coordinator: string; messageCount: number } | undefined {
    const s = this.sessions.get(sessionId);
    return s && { pubkeys: [...s.pubkeys], coordinator: s.coordinator, messageCount: s.messageCount };
  }

  // ───────────── HTTP ─────────────

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const endpoint = (req.url ?? '').replace(/^\//, '').split('?')[0]!;
    let out: Rejection | { status: number; body: string };
    try {
      const raw = await readBody(req);
      if (!(FROSTD_ENDPOINTS as readonly string[]).includes(endpoint)) out = new Rejection(404, '');
      else if (req.method !== 'POST') out = new Rejection(405, '');
      else if (raw === undefined) out = new Rejection(413, 'Failed to buffer the request body: length limit exceeded');
      else out = this.route(endpoint as FrostdEndpoint, req, raw);
    } catch (e) {
      if (e instanceof Rejection) out = e;
      else out = frostdError('Unknown');
    }
    this.log.push({ endpoint, status: out.status, ...(out instanceof Rejection && out.variant ? { error: out.variant } : {}) });
    const contentType = out instanceof Rejection ? out.contentType : 'application/json';
    res.writeHead(out.status, out.body.length > 0 ? { 'content-type': contentType } : {});
    res.end(out.body);
  }

  private route(endpoint: FrostdEndpoint, req: IncomingMessage, raw: Buffer): { status: number; body: string } {
    this.sweep();
    const json = (value: unknown) => ({ status: 200, body: JSON.stringify(value) });
    switch (endpoint) {
      case 'challenge':
        return json(this.challenge());
      case 'login':
        return json(this.login(jsonBody(req, raw)));
      case 'logout': {
        const user = this.user(req);
        this.tokens.delete(user.token);
        return json(null);
      }
      case 'create_new_session': {
        const user = this.user(req);
        return json(this.createNewSession(user.pubkey, jsonBody(req, raw)));
      }
      case 'list_sessions': {
        const user = this.user(req);
        return json({ session_ids: [...(this.sessionsByPubkey.get(user.pubkey) ?? [])] });
      }
      case 'get_session_info': {
        const user = this.user(req);
        return json(this.getSessionInfo(user.pubkey, jsonBody(req, raw)));
      }
      case 'send': {
        const user = this.user(req);
        this.send(user.pubkey, jsonBody(req, raw));
        return { status: 200, body: '' }; // frostd's send handler returns `()`: an empty 200
      }
      case 'receive': {
        const user = this.user(req);
        return json(this.receive(user.pubkey, jsonBody(req, raw)));
      }
      case 'close_session': {
        const user = this.user(req);
        this.closeSession(user.pubkey, jsonBody(req, raw));
        return json(null);
      }
    }
  }

  /** `User` extractor (user.rs): a Bearer UUID that maps to a live token. */
  private user(req: IncomingMessage): { pubkey: string; token: string } {
    const header = req.headers.authorization ?? '';
    const m = /^bearer\s+(.+)$/i.exec(header.trim());
    const token = m ? parseUuid(m[1]!.trim()) : undefined;
    const entry = token ? this.tokens.get(token) : undefined;
    if (!token || !entry) throw frostdError('Unauthorized');
    return { pubkey: entry.pubkey, token };
  }

  private sweep(): void {
    const now = this.now();
    for (const [c, exp] of this.challenges) if (exp <= now) this.challenges.delete(c);
    for (const [t, e] of this.tokens) if (e.expiresAt <= now) this.tokens.delete(t);
    for (const [id, s] of this.sessions) {
      if (s.expiresAt > now) continue;
      this.sessions.delete(id);
      // frostd's expiry task cleans only the participants' index entries (state.rs).
      for (const pk of s.pubkeys) this.sessionsByPubkey.get(pk)?.delete(id);
    }
  }

  private touch(s: Session): void {
    s.expiresAt = this.now() + this.limits.sessionTtlMs;
  }

  // ───────────── handlers (functions.rs) ─────────────

  private challenge(): { challenge: string } {
    const challenge = randomUUID();
    this.challenges.set(challenge, this.now() + this.limits.challengeTtlMs);
    return { challenge };
  }

  private login(body: Record<string, unknown>): { access_token: string } {
    const challenge = uuidField(body, 'challenge');
    const pubkey = parseHex(field(body, 'pubkey'));
    const signature = parseHex(field(body, 'signature'));
    if (!pubkey) throw shapeError('pubkey: invalid hex string');
    if (!signature) throw shapeError('signature: invalid hex string');
    if (signature.length === 0 || pubkey.length === 0) throw frostdError('InvalidArgument', 'signature or pubkey');
    if (pubkey.length !== 32) throw frostdError('InvalidArgument', 'pubkey');
    if (signature.length !== 64) throw frostdError('InvalidArgument', 'signature');
    if (!xeddsaVerify(pubkey, uuidToBytes(challenge), signature)) throw frostdError('Unauthorized');
    if (!this.challenges.delete(challenge)) throw frostdError('Unauthorized');
    const token = randomUUID();
    this.tokens.set(token, { pubkey: bytesToHex(pubkey), expiresAt: this.now() + this.limits.tokenTtlMs });
    return { access_token: token };
  }

  private createNewSession(user: string, body: Record<string, unknown>): { session_id: string } {
    const pubkeys = hexListField(body, 'pubkeys');
    const count = field(body, 'message_count');
    if (typeof count !== 'number' || !Number.isInteger(count) || count < 0 || count > 255)
      throw shapeError('message_count: invalid value, expected u8');
    if (count === 0) throw frostdError('InvalidArgument', 'message_count');
    const id = randomUUID();
    for (const pk of [...pubkeys, user]) {
      if (!this.sessionsByPubkey.has(pk)) this.sessionsByPubkey.set(pk, new Set());
      this.sessionsByPubkey.get(pk)!.add(id);
    }
    this.sessions.set(id, {
      pubkeys,
      coordinator: user,
      messageCount: count,
      queues: new Map(),
      expiresAt: this.now() + this.limits.sessionTtlMs,
    });
    this.created.push({ sessionId: id, coordinator: user, messageCount: count });
    return { session_id: id };
  }

  private getSessionInfo(user: string, body: Record<string, unknown>) {
    const id = uuidField(body, 'session_id');
    if (!this.sessionsByPubkey.get(user)?.has(id)) throw frostdError('SessionNotFound');
    const s = this.sessions.get(id);
    if (!s) throw frostdError('SessionNotFound');
    return { message_count: s.messageCount, pubkeys: s.pubkeys, coordinator_pubkey: s.coordinator };
  }

  private send(user: string, body: Record<string, unknown>): void {
    const id = uuidField(body, 'session_id');
    const recipients = hexListField(body, 'recipients');
    const msg = hexField(field(body, 'msg'), 'msg');
    if (msg.length / 2 > this.limits.maxMsgSize) throw frostdError('InvalidArgument', 'msg is too big');
    const s = this.sessions.get(id);
    if (!s) throw frostdError('SessionNotFound');
    const isMember = s.pubkeys.includes(user) || s.coordinator === user;
    if (!isMember || recipients.some((r) => !s.pubkeys.includes(r))) throw frostdError('NotInSession');
    for (const key of recipients.length === 0 ? [COORDINATOR] : recipients) {
      if (!s.queues.has(key)) s.queues.set(key, []);
      s.queues.get(key)!.push({ sender: user, msg });
    }
    this.touch(s);
  }

  private receive(user: string, body: Record<string, unknown>): { msgs: WireMsg[] } {
    const id = uuidField(body, 'session_id');
    const asCoordinator = field(body, 'as_coordinator');
    if (typeof asCoordinator !== 'boolean') throw shapeError('as_coordinator: invalid type, expected a boolean');
    const s = this.sessions.get(id);
    if (!s) throw frostdError('SessionNotFound');
    if (!s.pubkeys.includes(user) && s.coordinator !== user) throw frostdError('NotInSession');
    const key = user === s.coordinator && asCoordinator ? COORDINATOR : user;
    const msgs = s.queues.get(key)?.splice(0) ?? [];
    if (msgs.length > 0) this.touch(s);
    return { msgs };
  }

  private closeSession(user: string, body: Record<string, unknown>): void {
    const id = uuidField(body, 'session_id');
    if (!this.sessionsByPubkey.get(user)?.has(id)) throw frostdError('SessionNotFound');
    const s = this.sessions.get(id);
    if (!s) throw frostdError('SessionNotFound');
    if (s.coordinator !== user) throw frostdError('NotCoordinator');
    for (const pk of [...s.pubkeys, user]) this.sessionsByPubkey.get(pk)?.delete(id);
    this.sessions.delete(id);
  }
}

/** Reads the body; undefined when it exceeds axum's default limit. */
function readBody(req: IncomingMessage): Promise<Buffer | undefined> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    let over = false;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) over = true;
      else chunks.push(c);
    });
    req.on('end', () => resolve(over ? undefined : Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/** axum's `Json` extractor: content type, then syntax (400), then an object (422). */
function jsonBody(req: IncomingMessage, raw: Buffer): Record<string, unknown> {
  const type = (req.headers['content-type'] ?? '').split(';')[0]!.trim().toLowerCase();
  if (!(type === 'application/json' || (type.startsWith('application/') && type.endsWith('+json'))))
    throw new Rejection(415, 'Expected request with `Content-Type: application/json`');
  let value: unknown;
  try {
    value = JSON.parse(raw.toString('utf8'));
  } catch (e) {
    throw new Rejection(400, `Failed to parse the request body as JSON: ${(e as Error).message}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw shapeError('invalid type, expected a struct');
  return value as Record<string, unknown>;
}
