import type { KeyServerPartialPkCheck, KeyServerServiceCheck } from '../../../../src-shared/ceremonies/seal.ts';
import type { GetAnswer } from '../../transports/http/get.ts';
import { addr } from './values.ts';

/**
 * What a committee member's key server answered, read the way seal's key server writes it
 * (crates/key-server/src/server.rs and errors.rs): `{"partial_pk": Base64 of 96 bytes}`,
 * `{"service_id": "0x…", "pop": Base64}`, errors as `{"error": <name>, "message": <text>}`, the
 * plain-text 400 "Unsupported" of the debug route outside committee mode, and the version in
 * X-KeyServer-Version. The aggregator (aggregator/server.rs) refuses a key server whose version
 * header is missing or below its requirement, 0.6.2 by default.
 */

export const AGGREGATOR_MIN_KEY_SERVER_VERSION = '0.6.2';

interface KeyServerErrorBody {
  error: string;
  message: string;
}

function errorBody(body: string): KeyServerErrorBody | null {
  try {
    const j = JSON.parse(body) as unknown;
    if (j && typeof j === 'object' && typeof (j as KeyServerErrorBody).error === 'string')
      return { error: (j as KeyServerErrorBody).error, message: String((j as KeyServerErrorBody).message ?? '') };
  } catch {
    // not JSON
  }
  return null;
}

function jsonObject(body: string): Record<string, unknown> | null {
  try {
    const j = JSON.parse(body) as unknown;
    return j && typeof j === 'object' && !Array.isArray(j) ? (j as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

function brief(body: string): string {
  const one = body.replace(/\s+/g, ' ').trim();
  return one.length > 80 ? `${one.slice(0, 77)}…` : one;
}

/** A status that is neither the key server's JSON nor its route: what answered, in words. */
function otherAnswer(a: Extract<GetAnswer, { answered: true }>): string {
  return a.body.trim() ? `answers ${a.status} (${brief(a.body)})` : `answers ${a.status}`;
}

export interface PartialPkReading {
  check: KeyServerPartialPkCheck;
  /** The served key, hex without 0x. */
  served: string | null;
  otherPartyId: number | null;
  detail: string;
}

/** GET /v1/debug/committee_partial_pk against the on-chain partial keys of the committee (hex, by party id). */
export function readPartialPk(a: GetAnswer, partyId: number, onChain: ReadonlyMap<number, string>): PartialPkReading {
  const none = { served: null, otherPartyId: null };
  if (!a.answered) return { check: 'no-answer', ...none, detail: a.detail };
  if (a.status === 401 || a.status === 403)
    return { check: 'needs-api-key', ...none, detail: `answers ${a.status}: it asks for an API key` };
  if (a.status === 400 && a.body.trim() === 'Unsupported')
    return { check: 'not-committee-mode', ...none, detail: 'answers 400 "Unsupported": the key server is not in committee mode' };
  const err = errorBody(a.body);
  if (a.status !== 200)
    return err
      ? { check: 'key-server-error', ...none, detail: `answers ${a.status} ${err.error}: ${err.message}` }
      : { check: 'not-a-key-server', ...none, detail: otherAnswer(a) };
  const pk = jsonObject(a.body)?.partial_pk;
  const bytes = typeof pk === 'string' && /^[A-Za-z0-9+/]+={0,2}$/.test(pk) ? Buffer.from(pk, 'base64') : null;
  if (!bytes || bytes.length !== 96)
    return { check: 'not-a-key-server', ...none, detail: `answers 200 without a 96-byte partial_pk (${brief(a.body)})` };
  const served = bytes.toString('hex');
  if (served === onChain.get(partyId)) return { check: 'matches', served, otherPartyId: null, detail: 'serves the partial key on chain' };
  const other = [...onChain].find(([, v]) => v === served)?.[0] ?? null;
  return other !== null
    ? { check: 'another-member', served, otherPartyId: other, detail: `serves the partial key of party ${other}` }
    : { check: 'differs', served, otherPartyId: null, detail: 'serves a partial key that is not on chain for anyone in the committee' };
}

export interface ServiceReading {
  check: KeyServerServiceCheck;
  serviceId: string | null;
  detail: string;
}

/** GET /v1/service?service_id=<KEY_SERVER_OBJ_ID>. */
export function readService(a: GetAnswer, keyServerObjId: string): ServiceReading {
  if (!a.answered) return { check: 'no-answer', serviceId: null, detail: a.detail };
  if (a.status === 401 || a.status === 403)
    return { check: 'needs-api-key', serviceId: null, detail: `answers ${a.status}: it asks for an API key` };
  const err = errorBody(a.body);
  if (a.status === 400 && err?.error === 'InvalidServiceId')
    return { check: 'committee-mode', serviceId: null, detail: 'answers 400 InvalidServiceId, as a key server in committee mode does' };
  if (a.status !== 200)
    return err
      ? { check: 'key-server-error', serviceId: null, detail: `answers ${a.status} ${err.error}: ${err.message}` }
      : { check: 'not-a-key-server', serviceId: null, detail: otherAnswer(a) };
  const id = jsonObject(a.body)?.service_id;
  if (typeof id !== 'string' || !/^0x[0-9a-fA-F]{1,64}$/.test(id))
    return { check: 'not-a-key-server', serviceId: null, detail: `answers 200 without a service_id (${brief(a.body)})` };
  return addr(id) === addr(keyServerObjId)
    ? { check: 'this-key-server', serviceId: addr(id), detail: 'answers for this key server' }
    : { check: 'another-key-server', serviceId: addr(id), detail: `answers for key server ${addr(id)}` };
}

/** `major.minor.patch` at least `min` (pre-release and build suffixes ignored); false when it is not a version. */
export function versionAtLeast(version: string, min: string): boolean {
  const parse = (v: string) => /^(\d+)\.(\d+)\.(\d+)/.exec(v.trim())?.slice(1).map(Number) ?? null;
  const a = parse(version);
  const b = parse(min)!;
  if (!a) return false;
  for (let i = 0; i < 3; i++) if (a[i] !== b[i]) return a[i]! > b[i]!;
  return true;
}

/** /health's body: {"name":"key-server","version":…,"status":"up"} (mysten_service). */
export function healthVersion(a: GetAnswer): string | null {
  if (!a.answered || a.status !== 200) return null;
  const v = jsonObject(a.body)?.version;
  return typeof v === 'string' && v ? v : null;
}
