import type { SealCommitteeHealth, SealKeyServerHealth } from '../../../../src-shared/ceremonies/seal.ts';
import { CeremonyError } from '../../errors.ts';
import { httpGet, type GetAnswer } from '../../transports/http/get.ts';
import type { CommitteeChain } from '../../transports/sui/chain.ts';
import { shareEnvName } from '../../formats/seal/key-server-config.ts';
import {
  AGGREGATOR_MIN_KEY_SERVER_VERSION,
  healthVersion,
  readPartialPk,
  readService,
  versionAtLeast,
  type PartialPkReading,
  type ServiceReading,
} from './key-server-answers.ts';
import { KEY_SERVER_PROBE_MS } from './key-server-reach.ts';
import { heldApiKey } from './credentials.ts';
import { networkConfig } from './network.ts';
import { sealServices } from './services.ts';
import type { SealState } from './state.ts';
import { addr, hex, hex0x, partyName, shortId } from './values.ts';

/**
 * The committee health check (issue 17): for every member of the committee that holds the key
 * server now, three GETs to the URL registered on chain, made at once: `/health` (the URL
 * answers), `/v1/debug/committee_partial_pk` (it serves the partial key that is on chain for that
 * member: seal's key server checks the same at start-up, `fetch_and_validate_committee_partial_pk`)
 * and `/v1/service?service_id=<KEY_SERVER_OBJ_ID>` (for which key server it answers), plus the
 * version it reports. Every /v1/ request carries Client-Sdk-Version (the key server's middleware
 * refuses a request without it) and, when this install holds the member's API key, the key's
 * header, as the aggregator sends it (a gateway in front of the key server may ask for it).
 */

/** The client version sent in Client-Sdk-Version, as the operators' guide's curl does (no Client-Sdk-Type: no version requirement applies). */
const CLIENT_SDK_VERSION = '0.6.0';

export interface HealthMember {
  partyId: number;
  address: string;
  /** For people: "Bob (party 1)". */
  name: string;
  serverName: string;
  url: string;
  /** On-chain partial key, hex without 0x. */
  partialPk: string;
}

export interface HealthTarget {
  keyServerObjId: string;
  version: number;
  /** The network's label ("REHEARSAL (not a real network)", "Sui testnet"). */
  network: string;
  /** The committee holding the key server now (a rotation moves it). */
  committeeId: string;
  members: HealthMember[];
}

export interface ApiKey {
  name: string;
  value: string;
}

/** The key server and the committee holding it, from the chain; `nameOf` gives people's names. */
export async function healthTarget(
  chain: CommitteeChain,
  keyServerObjId: string,
  nameOf: (partyId: number, address: string, committeeId: string) => string,
): Promise<HealthTarget> {
  const ks = await chain.getKeyServer(addr(keyServerObjId));
  const { committeeId } = await chain.getCommitteeOfKeyServer(ks.id);
  const members = (await chain.getCommittee(committeeId)).members.map(addr);
  return {
    keyServerObjId: addr(ks.id),
    version: ks.version,
    network: chain.label,
    committeeId: addr(committeeId),
    members: ks.partialKeyServers
      .map((p) => {
        const address = members[p.partyId] ?? '';
        return {
          partyId: p.partyId,
          address,
          name: nameOf(p.partyId, address, addr(committeeId)),
          serverName: p.name,
          url: p.url,
          partialPk: hex(p.partialPk),
        };
      })
      .sort((a, b) => a.partyId - b.partyId),
  };
}

/** `{url}/path`, as the aggregator joins them (one slash between). */
function routeOf(base: string, path: string): URL | null {
  try {
    const u = new URL(`${base.trim().replace(/\/+$/, '')}${path}`);
    return u.protocol === 'http:' || u.protocol === 'https:' ? u : null;
  } catch {
    return null;
  }
}

async function get(base: string, path: string, headers: Record<string, string>, timeoutMs: number): Promise<GetAnswer> {
  const url = routeOf(base, path);
  if (!url) return { answered: false, detail: `"${base}" is not an http(s) URL` };
  return httpGet(url, headers, timeoutMs);
}

interface Readings {
  health: GetAnswer;
  partial: PartialPkReading;
  service: ServiceReading;
  version: string | null;
  gitVersion: string | null;
}

/** The words for people: what is wrong and what to do, the first problem that matters. */
function verdict(
  m: HealthMember,
  r: Readings,
  t: HealthTarget,
  key: ApiKey | null,
  names: ReadonlyMap<number, string>,
): [string, string] | null {
  const who = m.name;
  const share = shareEnvName(t.version);
  const restart = `Ask ${who} to start the key server for ${shortId(t.keyServerObjId)} at ${m.url} with the key-server-config.yaml and ${share} from this ceremony's hand-over.`;
  const p = r.partial.check;
  const s = r.service.check;
  if (!r.health.answered && p === 'no-answer' && s === 'no-answer')
    return [
      `${who}'s key server does not answer at ${m.url}: ${r.health.detail}.`,
      `Ask ${who} to start their key server, or to update its URL on chain if it moved (the URL on chain is ${m.url}).`,
    ];
  if (p === 'needs-api-key' || s === 'needs-api-key')
    return key
      ? [
          `${who}'s key server refuses the API key they sent you (header ${key.name}).`,
          `Ask ${who} for their current API credentials (api-credentials-${m.partyId}.ceremony), import them, then check again.`,
        ]
      : [
          `${who}'s key server asks for an API key, and this install holds none for them.`,
          `Import ${who}'s API credentials (api-credentials-${m.partyId}.ceremony), then check again.`,
        ];
  if (p === 'another-member') {
    const other = names.get(r.partial.otherPartyId!) ?? `party ${r.partial.otherPartyId}`;
    return [
      `${who}'s URL serves the partial key of ${other}: the key servers or their shares are mixed up.`,
      `Ask ${who} to check that ${m.url} reaches their own key server and that it runs with their own ${share}.`,
    ];
  }
  if (p === 'differs')
    return [
      `${who}'s key server serves a partial key that is not the one on chain for them.`,
      `Ask ${who} to check ${share} in their key server's environment: it must be the share from their hand-over. Then restart it.`,
    ];
  if (s === 'another-key-server')
    return [
      `${who}'s URL answers for another key server (${shortId(r.service.serviceId!)}), not for ${shortId(t.keyServerObjId)}.`,
      restart,
    ];
  if (p === 'not-committee-mode')
    return [
      `${who}'s URL answers as a key server that is not in committee mode: it serves another key server, not this committee's.`,
      restart,
    ];
  if (p === 'key-server-error')
    return [
      `${who}'s key server cannot give its partial key: it ${r.partial.detail}.`,
      `Ask ${who} to look at their key server's log and restart it.`,
    ];
  if (p === 'not-a-key-server' || p === 'no-answer')
    return [
      `Something answers at ${m.url}, but not ${who}'s Seal key server: /v1/debug/committee_partial_pk ${r.partial.detail}.`,
      `Ask ${who} to check that the URL on chain reaches their key server (a proxy may send /v1/ elsewhere).`,
    ];
  if (s !== 'committee-mode' && s !== 'this-key-server')
    return [
      `${who}'s key server serves the right partial key, but /v1/service ${r.service.detail}.`,
      `Ask ${who} to look at their key server's log (a proxy may send /v1/service elsewhere).`,
    ];
  if (!r.version)
    return [
      `${who}'s key server does not report its version (X-KeyServer-Version); the aggregator refuses such answers.`,
      `Ask ${who} to run an official key server build, and that a proxy in front passes that header.`,
    ];
  if (!versionAtLeast(r.version, AGGREGATOR_MIN_KEY_SERVER_VERSION))
    return [
      `${who}'s key server is version ${r.version}; the aggregator refuses key servers older than ${AGGREGATOR_MIN_KEY_SERVER_VERSION} by default.`,
      `Ask ${who} to upgrade their key server.`,
    ];
  return null;
}

async function checkMember(m: HealthMember, t: HealthTarget, key: ApiKey | null, timeoutMs: number, names: ReadonlyMap<number, string>) {
  const headers: Record<string, string> = { 'Client-Sdk-Version': CLIENT_SDK_VERSION, 'Request-Id': `ceremony-health-${Date.now()}` };
  if (key) headers[key.name] = key.value;
  const onChain = new Map(t.members.map((x) => [x.partyId, x.partialPk]));
  const [health, pkAnswer, serviceAnswer] = await Promise.all([
    get(m.url, '/health', {}, timeoutMs),
    get(m.url, '/v1/debug/committee_partial_pk', headers, timeoutMs),
    get(m.url, `/v1/service?service_id=${t.keyServerObjId}`, headers, timeoutMs),
  ]);
  const versionHeader = (a: GetAnswer, h: string) => (a.answered ? (a.headers[h] ?? null) : null);
  const r: Readings = {
    health,
    partial: readPartialPk(pkAnswer, m.partyId, onChain),
    service: readService(serviceAnswer, t.keyServerObjId),
    version: versionHeader(pkAnswer, 'x-keyserver-version') ?? versionHeader(serviceAnswer, 'x-keyserver-version') ?? healthVersion(health),
    gitVersion: versionHeader(pkAnswer, 'x-keyserver-gitversion') ?? versionHeader(serviceAnswer, 'x-keyserver-gitversion'),
  };
  const said = verdict(m, r, t, key, names);
  const row: SealKeyServerHealth = {
    partyId: m.partyId,
    address: m.address,
    name: m.name,
    serverName: m.serverName,
    url: m.url,
    ok: said === null,
    reachable: health.answered,
    reachDetail: health.answered ? `answers ${health.status}` : health.detail,
    partialPk: {
      check: r.partial.check,
      served: r.partial.served ? hex0x(r.partial.served) : null,
      onChain: hex0x(m.partialPk),
      otherMember: r.partial.otherPartyId === null ? null : (names.get(r.partial.otherPartyId) ?? `party ${r.partial.otherPartyId}`),
      detail: r.partial.detail,
    },
    service: { check: r.service.check, serviceId: r.service.serviceId, detail: r.service.detail },
    version: r.version,
    gitVersion: r.gitVersion,
    apiKeyHeader: key?.name ?? null,
    problem: said?.[0] ?? null,
    whatToDo: said?.[1] ?? null,
  };
  return row;
}

/** Checks every member at once; `apiKeyOf` gives the member's API key when this install holds it. */
export async function checkKeyServerHealth(
  t: HealthTarget,
  apiKeyOf: (partyId: number) => Promise<ApiKey | null>,
  opts: { timeoutMs?: number; now?: () => Date } = {},
): Promise<SealCommitteeHealth> {
  if (!t.members.length)
    throw new CeremonyError('seal/not-finalized', `Key server ${shortId(t.keyServerObjId)} has no partial key servers on chain to check.`);
  const names = new Map(t.members.map((m) => [m.partyId, m.name]));
  const timeoutMs = opts.timeoutMs ?? KEY_SERVER_PROBE_MS;
  const members = await Promise.all(t.members.map(async (m) => checkMember(m, t, await apiKeyOf(m.partyId), timeoutMs, names)));
  return {
    keyServerObjId: t.keyServerObjId,
    version: t.version,
    network: t.network,
    checkedAt: (opts.now?.() ?? new Date()).toISOString(),
    ok: members.every((m) => m.ok),
    members,
  };
}

/**
 * The check from a ceremony of this install (the coordinator's dashboard): the key server it
 * finalized, people's names from its roster, and, for the coordinator, the API keys members sent
 * (read from the vault by `readSecret`, sent only to that member's URL, never returned).
 */
export async function checkCeremonyKeyServers(
  state: SealState,
  services: unknown,
  readSecret: (name: string) => Promise<Uint8Array>,
  opts: { timeoutMs?: number; now?: () => Date } = {},
): Promise<SealCommitteeHealth> {
  if (!state.keyServer)
    throw new CeremonyError('seal/not-finalized', 'The committee is not finalized yet: there is no key server to check.');
  const chain = await sealServices(services).openChain(networkConfig(state.committee.network));
  const ours = state.committee.committeeId ? addr(state.committee.committeeId) : null;
  // After a later rotation the key server belongs to another committee: its party ids are not this roster's.
  const target = await healthTarget(chain, state.keyServer.id, (partyId, address, committeeId) =>
    committeeId === ours ? partyName(state, partyId) : `party ${partyId} (${shortId(address)})`,
  );
  const sameCommittee = target.committeeId === ours;
  return checkKeyServerHealth(target, (partyId) => (sameCommittee ? heldApiKey(state, partyId, readSecret) : Promise.resolve(null)), opts);
}
