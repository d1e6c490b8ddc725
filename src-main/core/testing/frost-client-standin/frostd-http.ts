/**
 * frost-client's frostd client (frost-client `src/client.rs`, `src/api.rs`): JSON POSTs with a
 * bearer token, keys and messages as lower-case hex, login by an XEd25519 signature over the
 * challenge UUID's 16 bytes (the `xeddsa` crate: Signal's XEdDSA). For the tests' frost-client
 * stand-in; shares no code with src-main.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { sha512 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, randomBytes } from '@noble/hashes/utils.js';

const L = ed25519.Point.Fn.ORDER;
const leScalar = (b: Uint8Array) => BigInt('0x' + bytesToHex(Uint8Array.from(b).reverse())) % L;
const scalarBytes = (s: bigint) => hexToBytes(s.toString(16).padStart(64, '0')).reverse();

/** XEdDSA sign (Signal spec §2.3) with an X25519 private key, as frostd's login expects. */
export function xeddsaSign(x25519Private: Uint8Array, message: Uint8Array): Uint8Array {
  const k = Uint8Array.from(x25519Private);
  k[0]! &= 248;
  k[31]! &= 127;
  k[31]! |= 64;
  let a = leScalar(k);
  const E = ed25519.Point.BASE.multiply(a);
  const A = E.toBytes();
  if (A[31]! & 0x80) {
    a = (L - a) % L;
    A[31]! &= 0x7f;
  }
  const prefix = new Uint8Array(32).fill(0xff);
  prefix[0] = 0xfe;
  const r = leScalar(sha512(concatBytes(prefix, scalarBytes(a), message, randomBytes(64))));
  const R = ed25519.Point.BASE.multiply(r).toBytes();
  const h = leScalar(sha512(concatBytes(R, A, message)));
  return concatBytes(R, scalarBytes((r + h * a) % L));
}

export interface FrostdMsg {
  readonly sender: string;
  readonly msg: Uint8Array;
}

/** A frostd call failed: frost-client turns this into an error and stops. */
export class FrostdCallError extends Error {}

export class FrostdHttp {
  private token: string | undefined;
  constructor(private readonly base: string) {}

  private async post(endpoint: string, args: unknown): Promise<unknown> {
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    if (this.token) headers.authorization = `Bearer ${this.token}`;
    const r = await fetch(`${this.base}/${endpoint}`, { method: 'POST', headers, body: JSON.stringify(args) });
    const text = await r.text();
    if (r.status !== 200) throw new FrostdCallError(`${endpoint}: HTTP ${r.status} ${text}`);
    return text ? (JSON.parse(text) as unknown) : null;
  }

  async login(privateKey: Uint8Array, publicKey: Uint8Array): Promise<void> {
    const { challenge } = (await this.post('challenge', null)) as { challenge: string };
    const uuid = hexToBytes(challenge.replace(/-/g, ''));
    const signature = xeddsaSign(privateKey, uuid);
    const out = (await this.post('login', { challenge, pubkey: bytesToHex(publicKey), signature: bytesToHex(signature) })) as {
      access_token: string;
    };
    this.token = out.access_token;
  }
  async logout(): Promise<void> {
    await this.post('logout', null);
    this.token = undefined;
  }
  async createNewSession(pubkeys: readonly string[], messageCount: number): Promise<string> {
    return ((await this.post('create_new_session', { pubkeys, message_count: messageCount })) as { session_id: string }).session_id;
  }
  async listSessions(): Promise<string[]> {
    return ((await this.post('list_sessions', null)) as { session_ids: string[] }).session_ids;
  }
  async getSessionInfo(sessionId: string): Promise<{ message_count: number; pubkeys: string[]; coordinator_pubkey: string }> {
    return (await this.post('get_session_info', { session_id: sessionId })) as {
      message_count: number;
      pubkeys: string[];
      coordinator_pubkey: string;
    };
  }
  async send(sessionId: string, recipients: readonly string[], msg: Uint8Array): Promise<void> {
    await this.post('send', { session_id: sessionId, recipients, msg: bytesToHex(msg) });
  }
  async receive(sessionId: string, asCoordinator: boolean): Promise<FrostdMsg[]> {
    const out = (await this.post('receive', { session_id: sessionId, as_coordinator: asCoordinator })) as {
      msgs: { sender: string; msg: string }[];
    };
    return out.msgs.map((m) => ({ sender: m.sender.toLowerCase(), msg: hexToBytes(m.msg) }));
  }
  async closeSession(sessionId: string): Promise<void> {
    await this.post('close_session', { session_id: sessionId });
  }
}
