/**
 * Share refresh as an action on a finished group (same group key, new shares), run as a
 * distributed refresh (frost-core `refresh_dkg_*`): no dealer ever holds anything.
 *
 *   coordinator  refresh-start → refresh.<s>.request and its own refresh.<s>.round1
 *   each member  refresh-join (explicit) → refresh.<s>.round1   (or refresh-decline)
 *   everyone     refresh-round2 → refresh.<s>.round2 (sealed per recipient), then refresh-finalize
 *
 * A refresh is an action on the group rather than a ceremony of its own because the old key
 * package it builds on lives in this group's vault entries, and people think of it as "renew
 * our shares", not as a new group. Members left out of a refresh are evicted (their old share no
 * longer combines with the new ones); the threshold and the group key never change.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { encodeFrostJson } from '../../formats/frost/frost-json.ts';
import { fileSafe, outgoing, readPayload, refuse, wrongPhase } from './bundle-io.ts';
import { groupArtifacts } from './dkg.ts';
import { exchangeStep, finishExchange, makeRound1, makeRound2, missingRound1, receiveRound1, receiveRound2 } from './exchange.ts';
import { EmptyPayload, RefreshRequestPayload, RefreshRound1Payload, Round2Payload, T } from './payloads.ts';
import { storeKeyPackage } from './secrets.ts';
import { pickSession, requireGroup } from './signing.ts';
import { activeMembers, member, myMember, names, type Exchange, type GroupState } from './state.ts';

function withRefresh(state: GroupState, ex: Exchange): GroupState {
  const list = state.refreshes.some((x) => x.id === ex.id)
    ? state.refreshes.map((x) => (x.id === ex.id ? ex : x))
    : [...state.refreshes, ex];
  return { ...state, refreshes: list };
}

function checkParticipants(state: GroupState, ids: readonly string[], who: string): string[] {
  const set = [...new Set(ids)];
  for (const id of set) {
    const m = state.members.find((x) => x.id === id);
    if (!m || m.evicted)
      throw new CeremonyError(
        'frost/refresh-bad-participants',
        `${who}: ${m ? `${m.name} is no longer a member` : `${id} is not a member`}.`,
        { member: id },
      );
  }
  if (set.length < state.threshold)
    throw new CeremonyError(
      'frost/refresh-too-few',
      `${who}: a refresh needs at least the threshold (${state.threshold}) of members taking part, not ${set.length}.`,
      {},
    );
  return state.members.filter((m) => set.includes(m.id)).map((m) => m.id);
}

function round1Bundle(state: GroupState, ex: Exchange, pkg: ReturnType<typeof encodeFrostJson>) {
  const me = myMember(state);
  return outgoing({
    step: exchangeStep(ex, 'round1'),
    phase: 3,
    type: T.refreshRound1,
    body: { participants: ex.participants, threshold: ex.threshold, package: pkg },
    fileName: `refresh-${ex.id}-round1-${fileSafe(me.name)}`,
    description: `${me.name}'s round-1 package for refresh ${ex.id}.`,
  });
}

export async function startRefresh(
  state: GroupState,
  input: { participants?: string[] },
  ctx: StepContext,
): Promise<StepResult<GroupState>> {
  const g = requireGroup(state);
  if (state.refreshes.some((r) => r.status === 'open'))
    throw new CeremonyError('frost/refresh-in-progress', 'A refresh is already in progress; finish or cancel it first.', {});
  const participants = checkParticipants(state, input.participants ?? activeMembers(state).map((m) => m.id), 'Your refresh');
  if (!participants.includes(state.me))
    throw new CeremonyError('frost/refresh-bad-participants', 'You must take part in a refresh you start.', {});
  const id = `${state.me}-${state.counter + 1}`;
  const ex0: Exchange = {
    kind: 'refresh',
    id,
    coordinator: state.me,
    participants,
    threshold: state.threshold,
    round1: {},
    round2: {},
    sentRound1: false,
    sentRound2: false,
    declined: [],
    status: 'open',
  };
  const r = await makeRound1(state, ex0, ctx);
  const evicted = activeMembers(state).filter((m) => !participants.includes(m.id));
  return {
    state: withRefresh({ ...state, counter: state.counter + 1 }, r.ex),
    summary: `Started refresh ${id} with ${names(state, participants)}${
      evicted.length
        ? `; ${names(
            state,
            evicted.map((m) => m.id),
          )} will be left out`
        : ''
    }`,
    outgoing: [
      outgoing({
        step: `refresh.${id}.request`,
        phase: 3,
        type: T.refreshRequest,
        body: { participants, threshold: state.threshold, groupKey: g.verifyingKey },
        fileName: `refresh-${id}-request`,
        description: `Request to refresh the shares (refresh ${id}) for ${names(state, participants)}.`,
      }),
      round1Bundle(state, r.ex, r.packageJson),
    ],
  };
}

export function acceptRefreshRequest(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  if (!id.startsWith(`${from.id}-`)) throw refuse(`${from.name} sent a refresh request under someone else's session id.`, from.id);
  if (!state.group) throw wrongPhase(`The refresh request from ${from.name} came before the group exists here.`, from.id);
  const p = readPayload(bundle, T.refreshRequest, RefreshRequestPayload, from.name);
  if (p.groupKey !== state.group.verifyingKey) throw refuse(`${from.name}'s refresh request is for another group key.`, from.id);
  if (p.threshold !== state.threshold)
    throw new CeremonyError(
      'frost/refresh-threshold-mismatch',
      `${from.name}'s refresh would change the threshold to ${p.threshold}; a refresh keeps it at ${state.threshold}.`,
      { sender: from.id },
    );
  const participants = checkParticipants(state, p.participants, `${from.name}'s refresh`);
  const ex: Exchange = {
    kind: 'refresh',
    id,
    coordinator: from.id,
    participants,
    threshold: p.threshold,
    round1: {},
    round2: {},
    sentRound1: false,
    sentRound2: false,
    declined: [],
    status: 'open',
  };
  return {
    state: withRefresh(state, ex),
    summary: participants.includes(state.me)
      ? `${from.name} asks to refresh the shares (refresh ${id})`
      : `${from.name} started refresh ${id} without you: your share will stop working with theirs`,
  };
}

const awaitingJoin = (state: GroupState) => (ex: Exchange) => ex.status === 'open' && ex.participants.includes(state.me) && !ex.sentRound1;

export async function joinRefresh(state: GroupState, input: { session?: string }, ctx: StepContext): Promise<StepResult<GroupState>> {
  const ex = pickSession(state.refreshes, input.session, awaitingJoin(state), 'join a refresh');
  const r = await makeRound1(state, ex, ctx);
  return {
    state: withRefresh(state, r.ex),
    summary: `Joined refresh ${ex.id} and sent my round-1 package`,
    outgoing: [round1Bundle(state, r.ex, r.packageJson)],
  };
}

export function declineRefresh(state: GroupState, input: { session?: string }): StepResult<GroupState> {
  const ex = pickSession(state.refreshes, input.session, awaitingJoin(state), 'join or decline a refresh');
  const me = myMember(state);
  return {
    state: withRefresh(state, { ...ex, declined: [...ex.declined, state.me], status: 'cancelled' }),
    summary: `Declined refresh ${ex.id}`,
    outgoing: [
      outgoing({
        step: `refresh.${ex.id}.decline`,
        phase: 3,
        type: T.refreshDecline,
        body: {},
        fileName: `refresh-${ex.id}-decline-${fileSafe(me.name)}`,
        description: `${me.name} declines refresh ${ex.id}.`,
      }),
    ],
  };
}

function refreshFor(state: GroupState, id: string, from: string): Exchange {
  const ex = state.refreshes.find((x) => x.id === id);
  if (!ex) throw wrongPhase(`This bundle belongs to refresh ${id}, whose request has not been imported yet.`, from);
  return ex;
}

export function acceptRefreshRound1(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const ex = refreshFor(state, id, from.id);
  const p = readPayload(bundle, T.refreshRound1, RefreshRound1Payload, from.name);
  if (p.participants.join(',') !== ex.participants.join(',') || p.threshold !== ex.threshold)
    throw new CeremonyError(
      'frost/refresh-parameters-mismatch',
      `${from.name}'s round-1 package for refresh ${id} was made for other participants or another threshold than the request.`,
      { sender: from.id },
    );
  if (ex.status !== 'open') throw refuse(`Refresh ${id} is ${ex.status}; ${from.name}'s package is not needed.`, from.id);
  if (!ex.participants.includes(state.me))
    return { state, summary: `Round-1 package from ${from.name} for refresh ${id} (you are not taking part)` };
  const next = receiveRound1(state, ex, from.id, p.package);
  const waiting = missingRound1(state, next);
  return {
    state: withRefresh(state, next),
    summary: `Refresh ${id}: round-1 package from ${from.name} checked${waiting.length ? `; waiting for ${names(state, waiting)}` : ''}`,
  };
}

export function acceptRefreshDecline(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const ex = refreshFor(state, id, from.id);
  readPayload(bundle, T.refreshDecline, EmptyPayload, from.name);
  return {
    state: withRefresh(state, {
      ...ex,
      declined: [...new Set([...ex.declined, from.id])],
      status: ex.status === 'open' ? 'cancelled' : ex.status,
    }),
    summary: `${from.name} declined refresh ${id}; it is cancelled`,
  };
}

const awaitingRound2 = (state: GroupState) => (ex: Exchange) =>
  ex.status === 'open' && ex.sentRound1 && !ex.sentRound2 && missingRound1(state, ex).length === 0;

export async function refreshRound2(state: GroupState, input: { session?: string }, ctx: StepContext): Promise<StepResult<GroupState>> {
  const ex = pickSession(state.refreshes, input.session, awaitingRound2(state), 'send refresh round 2');
  const r = await makeRound2(state, ex, ctx);
  const me = myMember(state);
  return {
    state: withRefresh(state, r.ex),
    summary: `Refresh ${ex.id}: sent my round-2 packages, sealed to each recipient`,
    outgoing: [
      outgoing({
        step: exchangeStep(ex, 'round2'),
        phase: 3,
        type: T.refreshRound2,
        body: { packages: r.packages },
        fileName: `refresh-${ex.id}-round2-${fileSafe(me.name)}`,
        description: `${me.name}'s sealed round-2 packages for refresh ${ex.id}.`,
      }),
    ],
  };
}

export async function acceptRefreshRound2(
  state: GroupState,
  bundle: Bundle,
  id: string,
  ctx: StepContext,
): Promise<StepResult<GroupState>> {
  const from = member(state, bundle.header.sender.id);
  const ex = refreshFor(state, id, from.id);
  const p = readPayload(bundle, T.refreshRound2, Round2Payload, from.name);
  if (ex.status !== 'open') throw refuse(`Refresh ${id} is ${ex.status}; ${from.name}'s package is not needed.`, from.id);
  if (!ex.participants.includes(state.me))
    return { state, summary: `Round-2 packages from ${from.name} for refresh ${id} (you are not taking part)` };
  const next = await receiveRound2(state, ex, from.id, p.packages, ctx);
  return { state: withRefresh(state, next), summary: `Refresh ${id}: round-2 package from ${from.name} opened and checked` };
}

const awaitingFinish = (state: GroupState) => (ex: Exchange) =>
  ex.status === 'open' && ex.sentRound2 && ex.participants.every((id) => id === state.me || ex.round2[id]);

export async function finishRefresh(state: GroupState, input: { session?: string }, ctx: StepContext): Promise<StepResult<GroupState>> {
  const ex = pickSession(state.refreshes, input.session, awaitingFinish(state), 'finish a refresh');
  const g = requireGroup(state);
  const { keyPackage, publicKeyPackage } = await finishExchange(state, ex, ctx);
  if (bytesToHex(publicKeyPackage.verifyingKey) !== g.verifyingKey) throw new Error('refresh changed the group key');
  const version = g.keyVersion + 1;
  await storeKeyPackage(ctx, version, keyPackage, `FROST key package v${version}: ${state.description} (${myMember(state).name})`);
  keyPackage.signingShare.fill(0);
  const evicted = state.members.filter((m) => !m.evicted && !ex.participants.includes(m.id));
  const next: GroupState = {
    ...withRefresh(state, { ...ex, status: 'done' }),
    members: state.members.map((m) => (ex.participants.includes(m.id) ? m : { ...m, evicted: true })),
    group: { ...g, publicKeyPackage: encodeFrostJson('PublicKeyPackage', publicKeyPackage), keyVersion: version },
  };
  return {
    state: next,
    summary: `Refresh ${ex.id} finished: new shares for the same group key${
      evicted.length
        ? `; ${names(
            state,
            evicted.map((m) => m.id),
          )} left out`
        : ''
    }`,
    artifacts: groupArtifacts(next),
  };
}
