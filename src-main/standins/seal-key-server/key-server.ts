/**
 * TEST-ONLY stand-in for a Seal key server (MystenLabs/seal ddc7e5d6, crates/key-server: the
 * routes of server.rs `app()`, the header middleware `handle_request_headers`, the error bodies
 * and status codes of errors.rs, the version headers of common.rs `add_response_headers`, and the
 * `/health` route mysten_service adds), written from that source. It plays a committee member's
 * key server in the tests of the committee health check; it serves real HTTP on 127.0.0.1.
 *
 * Independence: it shares NO code with src-main (an ESLint rule forbids imports from outside this
 * folder except node: modules and third-party packages): it reads the member's hand-over output
 * itself (key-server-config.yaml and the MASTER_SHARE_V<k> variable, as the key server's
 * environment holds it) and computes its partial key as G2·share with @noble/curves, never from
 * the chain or the app's state.
 *
 * What it serves, like the key server:
 *   GET /health                          {"name":"key-server","version":…,"status":"up"} (no middleware)
 *   GET /v1/service?service_id=0x…       committee mode: 400 InvalidServiceId for every id (upstream
 *                                        builds no proof-of-possession map in committee mode);
 *                                        open mode: {"service_id","pop"} for its own object id
 *   GET /v1/debug/committee_partial_pk   committee mode: {"partial_pk": Base64 of the 96-byte G2
 *                                        point}; other modes: 400 "Unsupported" (plain text)
 * Every /v1/ route needs Client-Sdk-Version (400 MissingRequiredHeader; 400 InvalidSDKVersion when
 * it is not semver) and answers with X-KeyServer-Version and X-KeyServer-GitVersion.
 *
 * An operator's gateway that asks for the aggregator's API key (docs KeyServerCommitteeOps: the
 * member sends the coordinator a curl with `<API_KEY_NAME>: <API_KEY>`) is modelled by
 * `requireApiKey`: without the right header, 401 before the key server sees the request.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { bls12_381 } from '@noble/curves/bls12-381.js';

/** The Sui BLS12-381 group order r: a master share is a scalar below it (fastcrypto Scalar::from_byte_array). */
const ORDER = bls12_381.fields.Fr.ORDER;
/** ibe.rs: proof of possession DST. */
const DST_POP = new TextEncoder().encode('SUI-SEAL-IBE-BLS12381-POP-00');
/** fastcrypto G1 hash-to-curve: the BLS min-sig DST. */
const DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';

export const STAND_IN_VERSION = '0.6.10';

export type StandInMode =
  /** server_mode: !Committee, from the member's key-server-config.yaml and its environment. */
  | { mode: 'committee'; configYaml: string; env: Record<string, string>; committeeVersion?: number }
  /** server_mode: !Open for one key server object id (an independent key server, not a committee member). */
  | { mode: 'open'; keyServerObjectId: string; masterKey: Uint8Array };

interface Loaded {
  mode: 'committee' | 'open';
  /** committee: the share in use; open: the master key. */
  key: bigint;
  /** open: the object id its PoP is for. */
  objectId: string | null;
}

function hex(b: Uint8Array): string {
  return Array.from(b, (x) => x.toString(16).padStart(2, '0')).join('');
}

function scalarOf(text: string, what: string): bigint {
  const h = text.trim().replace(/^0x/i, '');
  if (!/^[0-9a-fA-F]{64}$/.test(h)) throw new Error(`Invalid byte array length for environment variable ${what}. Must be 32 bytes long`);
  const k = BigInt(`0x${h}`);
  if (k >= ORDER) throw new Error(`Invalid master key for environment variable ${what}`);
  return k;
}

/** The three lines the key server needs from key-server-config.yaml (its own reading, not the app's). */
function readCommitteeConfig(yaml: string): { memberAddress: string; keyServerObjId: string; rotationTarget: number | null } {
  const field = (name: string) => new RegExp(`^\\s*${name}:\\s*'?([^'\\s]+)'?\\s*$`, 'm').exec(yaml)?.[1] ?? null;
  if (!/^server_mode:\s*!Committee\s*$/m.test(yaml)) throw new Error('key-server-config.yaml: server_mode is not !Committee');
  const memberAddress = field('member_address');
  const keyServerObjId = field('key_server_obj_id');
  if (!memberAddress || !keyServerObjId) throw new Error('key-server-config.yaml: member_address and key_server_obj_id are required');
  const target = /^\s*committee_state:\s*!Rotation\s*\n\s*target_version:\s*(\d+)/m.exec(yaml);
  return { memberAddress, keyServerObjId, rotationTarget: target ? Number(target[1]) : null };
}

/** master_keys.rs: Active uses MASTER_SHARE_V<onchain version>; Rotation the old share until the chain reaches the target. */
function committeeShare(c: Extract<StandInMode, { mode: 'committee' }>): bigint {
  const cfg = readCommitteeConfig(c.configYaml);
  const version = c.committeeVersion ?? 0;
  const use = cfg.rotationTarget !== null && version < cfg.rotationTarget ? cfg.rotationTarget - 1 : version;
  const name = `MASTER_SHARE_V${use}`;
  const value = c.env[name];
  if (value === undefined) throw new Error(`Expected ${name}: Environment variable ${name} must be set`);
  return scalarOf(value, name);
}

/** ibe.rs create_proof_of_possession: H_G1(DST_POP ‖ bcs(pk) ‖ object id) · key (bcs of a G2 point is its 96 bytes). */
function proofOfPossession(key: bigint, objectId: string): string {
  const pk = bls12_381.G2.Point.BASE.multiply(key).toBytes(true);
  const id = Uint8Array.from(Buffer.from(objectId.replace(/^0x/, '').padStart(64, '0'), 'hex'));
  const msg = new Uint8Array([...DST_POP, ...pk, ...id]);
  const h = bls12_381.G1.hashToCurve(msg, { DST: DST_G1 }) as unknown as InstanceType<typeof bls12_381.G1.Point>;
  return Buffer.from(h.multiply(key).toBytes(true)).toString('base64');
}

/** ObjectID::from_hex_literal: 0x and up to 64 hex digits; answered in full length. */
function objectIdOf(text: string | null): string | null {
  if (!text || !/^0x[0-9a-fA-F]{1,64}$/.test(text)) return null;
  return `0x${text.slice(2).toLowerCase().padStart(64, '0')}`;
}

export class SealKeyServerStandIn {
  private loaded: Loaded | null = null;
  private apiKey: { name: string; value: string } | null = null;
  /** Requests as `METHOD path`, for the tests to see what was asked. */
  readonly seen: { path: string; headers: IncomingMessage['headers'] }[] = [];

  private constructor(
    private readonly server: Server,
    readonly url: string,
    private version: string,
  ) {}

  /** Reports another package version (X-KeyServer-Version, /health), as an older or newer build would. */
  reportVersion(version: string): void {
    this.version = version;
  }

  /** Listens on 127.0.0.1 (a free port); answers 503 until `configure` gives it a key, as a server still starting. */
  static async listen(opts: { version?: string } = {}): Promise<SealKeyServerStandIn> {
    let self: SealKeyServerStandIn | null = null;
    const server = createServer((req, res) => self!.handle(req, res));
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.address() as AddressInfo;
    self = new SealKeyServerStandIn(server, `http://127.0.0.1:${port}`, opts.version ?? STAND_IN_VERSION);
    return self;
  }

  /** Starts serving with a member's hand-over output (committee) or as an independent key server (open). */
  configure(m: StandInMode): void {
    if (m.mode === 'committee') {
      readCommitteeConfig(m.configYaml);
      this.loaded = { mode: 'committee', key: committeeShare(m), objectId: null };
    } else {
      const id = objectIdOf(m.keyServerObjectId);
      if (!id) throw new Error('KEY_SERVER_OBJECT_ID should be hex encoded');
      this.loaded = { mode: 'open', key: scalarOf(hex(m.masterKey), 'MASTER_KEY'), objectId: id };
    }
  }

  /** A gateway in front asks for this header (name: value) on every /v1/ route. */
  requireApiKey(name: string, value: string): void {
    this.apiKey = { name: name.toLowerCase(), value };
  }

  /** The partial key it serves (hex), as the tests compute what it should be. */
  partialPk(): string {
    if (!this.loaded) throw new Error('not configured');
    return hex(bls12_381.G2.Point.BASE.multiply(this.loaded.key).toBytes(true));
  }

  async close(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private handle(req: IncomingMessage, res: ServerResponse): void {
    const url = new URL(req.url ?? '/', 'http://stand-in');
    this.seen.push({ path: `${req.method} ${url.pathname}${url.search}`, headers: req.headers });
    if (req.method === 'GET' && url.pathname === '/health') {
      json(res, 200, { name: 'key-server', version: this.version, status: 'up' });
      return;
    }
    const routes = ['/v1/service', '/v1/debug/committee_partial_pk', '/v1/fetch_key'];
    if (!routes.includes(url.pathname)) {
      res.writeHead(404).end();
      return;
    }
    if (this.apiKey && req.headers[this.apiKey.name] !== this.apiKey.value) {
      res.writeHead(401, { 'content-type': 'text/plain' }).end('Unauthorized');
      return;
    }
    // The middleware runs inside add_response_headers: its refusals carry the version headers too.
    const headers = { 'X-KeyServer-Version': this.version, 'X-KeyServer-GitVersion': 'test-stand-in' };
    const sdkVersion = req.headers['client-sdk-version'];
    if (typeof sdkVersion !== 'string') {
      keyServerError(res, headers, 400, 'MissingRequiredHeader', 'Missing required header: Client-Sdk-Version');
      return;
    }
    if (!/^\d+\.\d+\.\d+(?:[-+][0-9A-Za-z.-]+)?$/.test(sdkVersion)) {
      keyServerError(res, headers, 400, 'InvalidSDKVersion', 'Invalid SDK version');
      return;
    }
    if (!this.loaded) {
      keyServerError(res, headers, 503, 'Failure', 'Internal server error, please try again later');
      return;
    }
    if (req.method !== 'GET' || url.pathname === '/v1/fetch_key') {
      res.writeHead(405, headers).end();
      return;
    }
    if (url.pathname === '/v1/debug/committee_partial_pk') {
      if (this.loaded.mode !== 'committee') {
        res.writeHead(400, { ...headers, 'content-type': 'text/plain; charset=utf-8' }).end('Unsupported');
        return;
      }
      const pk = bls12_381.G2.Point.BASE.multiply(this.loaded.key).toBytes(true);
      json(res, 200, { partial_pk: Buffer.from(pk).toString('base64') }, headers);
      return;
    }
    // /v1/service
    const asked = objectIdOf(url.searchParams.get('service_id'));
    if (!asked || this.loaded.mode !== 'open' || asked !== this.loaded.objectId) {
      keyServerError(res, headers, 400, 'InvalidServiceId', 'Invalid service ID');
      return;
    }
    json(res, 200, { service_id: asked, pop: proofOfPossession(this.loaded.key, asked) }, headers);
  }
}

function json(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  res.writeHead(status, { ...headers, 'content-type': 'application/json' }).end(JSON.stringify(body));
}

/** errors.rs: `{"error": <name>, "message": <text>}` with the status its name maps to. */
function keyServerError(res: ServerResponse, headers: Record<string, string>, status: number, error: string, message: string): void {
  json(res, status, { error, message }, headers);
}

/**
 * The key server's environment from a hand-over file: `NAME=value` lines (the share env file) or
 * `NAME: 'value'` lines (seal-committee-cli's dkg.yaml), as an operator copies them over.
 */
export function keyServerEnv(text: string): Record<string, string> {
  const env: Record<string, string> = {};
  for (const m of text.matchAll(/^\s*(MASTER_SHARE_V\d+)\s*(?:=|:)\s*'?"?(0x[0-9a-fA-F]+)'?"?\s*$/gm)) env[m[1]!] = m[2]!;
  return env;
}
