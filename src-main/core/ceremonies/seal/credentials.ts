import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { CreateContext, StepContext, StepResult } from '../../engine/protocol.ts';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import { aggregatorConfigYaml } from '../../formats/seal/aggregator-config.ts';
import { boxCredentials, credentialsKeyPair, credentialsPublicKey, openCredentials } from '../../crypto/seal/credentials-box.ts';
import { requireGate } from '../../secret-export/gate.ts';
import { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS, sealParticipantId } from '../../../../src-shared/ceremonies/seal.ts';
import { keyServerNetwork, networkConfig } from './network.ts';
import { handsOverBeforeFinalization } from './view-steps.ts';
import { CredentialsPayload, CredentialsSecret, credentialsContext, outgoing, readPayload } from './payloads.ts';
import { step } from './phases.ts';
import { sealServices } from './services.ts';
import type { CoordinatorState, MemberState, SealState } from './state.ts';
import { partyName, shortId } from './values.ts';
import { keepRecordSignature, memberRecordSignature } from './record.ts';

/**
 * API credentials for the aggregator. An API key lets anyone query a member's key server as the
 * aggregator, so it is a secret end to end: the member keeps it in its vault, sends it encrypted
 * to the coordinator's per-ceremony X25519 key (crypto/seal/credentials-box.ts; the public half
 * travels in the invitation), the coordinator keeps each key in its vault, and
 * aggregator-config.yaml is only ever an explicit 0600 export the person confirms. "Showing" a
 * key means main copies it to the clipboard and clears it; no API response carries one.
 */

const CREDENTIALS_KEY = 'credentials-key';
const MY_API_KEY = 'api-key';
const COPY_CLEAR_MS = 60_000;

/** Coordinator, at creation: the X25519 key members encrypt their credentials to (persisted in the vault first). */
export async function makeCredentialsKey(ctx: CreateContext, committeeLabel: string): Promise<string> {
  const pair = credentialsKeyPair();
  // `secret` returns the stored key (an earlier run's, if this step is re-run), possibly the very array generated.
  const sk = await ctx.secret(CREDENTIALS_KEY, { label: `Seal API credentials key, ${committeeLabel}`, kind: 'seal.credentials-key' }, () =>
    pair.secretKey.slice(),
  );
  const pk = bytesToHex(credentialsPublicKey(sk));
  sk.fill(0);
  pair.secretKey.fill(0);
  return pk;
}

export async function sendApiCredentials(
  s: MemberState,
  input: { apiKeyName: string; apiKey?: string },
  ctx: StepContext,
): Promise<StepResult<MemberState>> {
  if (!s.keyServer && !handsOverBeforeFinalization(s))
    throw new CeremonyError('seal/not-finalized', 'The committee is not finalized yet; send API credentials once your key server runs.');
  if (s.credentials) throw new CeremonyError('seal/credentials-sent', 'Your API credentials were already sent to the coordinator.');
  const serverName = s.keyServer?.partials.find((p) => p.partyId === s.partyId)?.name ?? s.server?.name;
  if (!serverName) throw new CeremonyError('seal/no-server-name', 'Your key server has no on-chain name.');
  const recipient =
    s.coordinatorCredentialsKey ?? sealServices(ctx.services).localCoordinatorCredentialsKey?.(s.committee.committeeId!) ?? null;
  if (!recipient)
    throw new CeremonyError(
      'seal/no-credentials-key',
      "This ceremony's invitation carries no key to encrypt API credentials to (it came as a dkg.yaml or from an older app), and they are never sent in the clear. Ask the coordinator for the invitation bundle made by this version, or give the API key to them another safe way.",
    );
  const typed = input.apiKey;
  const stored = await ctx.secret(
    MY_API_KEY,
    { label: `Seal API key of ${serverName}, committee ${shortId(s.committee.committeeId!)}`, kind: 'seal.api-key' },
    () => utf8ToBytes(typed ?? randomBytes(24).toString('base64url')),
  );
  const apiKey = new TextDecoder().decode(stored);
  stored.fill(0);
  const plain = utf8ToBytes(JSON.stringify({ apiKeyName: input.apiKeyName, apiKey }));
  const box = boxCredentials(hexToBytes(recipient), credentialsContext(s.committee.committeeId!, s.partyId), plain);
  plain.fill(0);
  const next: MemberState = { ...s, credentials: { apiKeyName: input.apiKeyName, sentAt: ctx.now() } };
  const record = await memberRecordSignature(s, ctx);
  return step(
    next,
    `API credentials for ${serverName} written for the coordinator, encrypted to the coordinator (header ${input.apiKeyName})${record ? ', with my signature on the ceremony record' : ''}`,
    {
      outgoing: [
        outgoing({
          step: SEAL_BUNDLE_STEPS.apiCredentials,
          phase: 3,
          payload: { partyId: s.partyId, serverName, box: Buffer.from(box).toString('base64'), ...(record ? { record } : {}) },
          artifactId: SEAL_ARTIFACTS.apiCredentials,
          fileName: `api-credentials-${s.partyId}.ceremony`,
          description: `API credentials of ${serverName} for the aggregator, encrypted to the coordinator`,
        }),
      ],
    },
  );
}

/** Member: the API key goes to the clipboard (desktop), cleared after 60 s; it never crosses the API. */
export async function copyApiKey(s: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!s.credentials || !(await ctx.hasSecret(MY_API_KEY)))
    throw new CeremonyError('seal/no-api-key', 'There is no API key yet: send your API credentials first.');
  const copy = sealServices(ctx.services).copySecretToClipboard;
  if (!copy) throw new CeremonyError('seal/no-clipboard', 'Copying to the clipboard is only available in the desktop app.');
  const key = await ctx.readSecret(MY_API_KEY);
  try {
    await copy(new TextDecoder().decode(key), COPY_CLEAR_MS);
  } finally {
    key.fill(0);
  }
  return step(s, 'Copied the API key to the clipboard; it is cleared in 60 seconds');
}

export async function acceptCredentials(state: CoordinatorState, bundle: Bundle, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  const p = readPayload(bundle, CredentialsPayload, 'API credentials');
  const refuse = (why: string) => new BundleError('bundle/rejected-by-protocol', why, { sender: bundle.header.sender.id });
  if (bundle.header.sender.id !== sealParticipantId.member(p.partyId))
    throw refuse(`The API credentials from ${bundle.header.sender.label} claim to be those of party ${p.partyId}.`);
  const who = partyName(state, p.partyId);
  const reg = state.registrations.find((r) => r.partyId === p.partyId);
  const onChainName = state.keyServer?.partials.find((x) => x.partyId === p.partyId)?.name ?? reg?.name;
  if (onChainName !== undefined && onChainName !== p.serverName)
    throw refuse(
      `The API credentials of ${who} name the server "${p.serverName}", but its on-chain name is "${onChainName}"; the aggregator looks credentials up by the on-chain name.`,
    );
  if (!(await ctx.hasSecret(CREDENTIALS_KEY)))
    throw new CeremonyError(
      'seal/no-credentials-key',
      'This ceremony has no credentials key in the vault, so API credentials cannot be read here.',
    );
  const box = new Uint8Array(Buffer.from(p.box, 'base64'));
  const sk = await ctx.readSecret(CREDENTIALS_KEY);
  let plain: Uint8Array;
  try {
    plain = openCredentials(sk, credentialsContext(state.committee.committeeId!, p.partyId), box);
  } catch (e) {
    if (isCeremonyError(e)) throw refuse(`The API credentials of ${who}: ${e.message}`);
    throw e;
  } finally {
    sk.fill(0);
  }
  const parsed = CredentialsSecret.safeParse(JSON.parse(new TextDecoder().decode(plain)));
  plain.fill(0);
  if (!parsed.success) throw refuse(`The API credentials of ${who} do not hold an API key header and key.`);
  // One vault entry per received key (a member may send a new one later): named by its hash.
  const name = `api-key-${p.partyId}-${bytesToHex(sha256(box)).slice(0, 16)}`;
  const key = await ctx.secret(name, { label: `Seal API key of ${p.serverName} (aggregator)`, kind: 'seal.api-key' }, () =>
    utf8ToBytes(parsed.data.apiKey),
  );
  key.fill(0);
  const entry = {
    partyId: p.partyId,
    serverName: p.serverName,
    apiKeyName: parsed.data.apiKeyName,
    apiKeySecret: name,
    receivedAt: bundle.header.createdAt,
  };
  const credentials = [...state.credentials.filter((c) => c.partyId !== p.partyId), entry].sort((a, b) => a.partyId - b.partyId);
  const kept = keepRecordSignature({ ...state, credentials }, bundle, p.record, ctx.meta);
  return step(kept.state, `API credentials of ${who} received (${credentials.length} of ${state.committee.members.length})${kept.note}`);
}

/**
 * Coordinator: the API key a member sent (its header name and value), read from the vault for a
 * request to that member's own key server (the health check); null when none arrived.
 */
export async function heldApiKey(
  state: SealState,
  partyId: number,
  readSecret: (name: string) => Promise<Uint8Array>,
): Promise<{ name: string; value: string } | null> {
  if (state.role !== 'coordinator') return null;
  const c = state.credentials.find((x) => x.partyId === partyId);
  if (!c) return null;
  const key = await readSecret(c.apiKeySecret);
  try {
    return { name: c.apiKeyName, value: new TextDecoder().decode(key) };
  } finally {
    key.fill(0);
  }
}

/** Coordinator: aggregator-config.yaml (it holds the API keys) as an explicit 0600 export where the person chooses. */
export async function exportAggregatorConfig(
  state: CoordinatorState,
  input: { confirmCode?: string },
  ctx: StepContext,
): Promise<StepResult<CoordinatorState>> {
  const ks = state.keyServer;
  if (!ks) throw new CeremonyError('seal/not-finalized', 'The committee is not finalized yet: there is no aggregator config.');
  if (!state.credentials.length)
    throw new CeremonyError('seal/no-credentials', 'No member has sent API credentials yet: import their credential bundles first.');
  const path = await requireGate(sealServices(ctx.services).secretExport).destination({
    what: `aggregator-config.yaml with the SECRET API keys of ${state.credentials.length} key servers`,
    fileName: 'aggregator-config.yaml',
    ...(input.confirmCode !== undefined ? { code: input.confirmCode } : {}),
  });
  if (!path) return step(state, 'Writing aggregator-config.yaml was cancelled');
  if (existsSync(path))
    throw new CeremonyError('seal/file-exists', `${path} already exists; choose a new file name (it is never written over).`, { path });
  const net = networkConfig(state.committee.network);
  const { network, nodeUrl } = keyServerNetwork(net, ks.sealPackageId);
  const names = new Map(ks.partials.map((p) => [p.partyId, p.name]));
  const credentials = [];
  for (const c of state.credentials) {
    const key = await ctx.readSecret(c.apiKeySecret);
    credentials.push({ serverName: names.get(c.partyId) ?? c.serverName, apiKeyName: c.apiKeyName, apiKey: new TextDecoder().decode(key) });
    key.fill(0);
  }
  const missing = ks.partials.filter((p) => !state.credentials.some((c) => c.partyId === p.partyId)).map((p) => p.name);
  const text = aggregatorConfigYaml({
    network,
    ...(nodeUrl ? { nodeUrl } : {}),
    keyServerObjId: ks.id,
    credentials,
    missing,
    rehearsal: net.kind === 'rehearsal',
  });
  writeFileAtomic(path, text, { mode: 0o600 });
  return step(
    state,
    `Wrote the SECRET aggregator-config.yaml (${credentials.length} of ${ks.partials.length} members' API keys) to ${path} (mode 0600): give it only to the aggregator operator, then delete it`,
  );
}
