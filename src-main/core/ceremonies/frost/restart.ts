/**
 * Restarting a stalled or failed key generation without some members (issue 17), in one step
 * for the creator: `restart-dkg { without, threshold? }`.
 *
 *  - Same ceremony folder: the journal tells the story, and `restarts` keeps the abandoned
 *    attempt's public summary (who was left out, the threshold before and after).
 *  - A new attempt (dkg-attempt.ts): its own step names, seed and envelope purpose. Files of an
 *    abandoned attempt are refused saying so; nothing of it is ever mixed into the new one.
 *  - The remaining members keep their member ids and FROST identifiers: frost-core takes any
 *    distinct nonzero identifiers (no check ties them to 1…n), the invitation people compare
 *    still says "Alice (1), Bob (2), Dave (4)", and nothing is renumbered under anyone's feet.
 *  - The threshold stays when it still fits the remaining members; otherwise the creator must
 *    choose one (`frost/restart-threshold-needed`, which the screen answers by asking).
 *  - This install's round secrets of the abandoned attempt (its seed) are deleted from the vault
 *    by an effect, i.e. only once the restart is committed: a crash in between never leaves an
 *    attempt whose sent commitment can no longer be answered.
 *
 * The remaining members import their new invitation into the same ceremony: it must come from
 * the same creator, for the same suite and description, with members that were all in the group
 * before under the same ids and identifiers. They then see the new parameters check code, compare
 * it with the creator and accept again, as for the first invitation. A member who was left out
 * and imports one of the new invitations sees that the creator went on without them.
 */
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import type { EffectDraft, StepContext, StepResult } from '../../engine/protocol.ts';
import type { Json } from '../../encoding/canonical-json.ts';
import { readPayload, refuse, wrongPhase } from './bundle-io.ts';
import { attemptOf, dkgSeedName, parseDkgStep } from './dkg-attempt.ts';
import { checkParams, describeParams, dkgExchange, invitations, paramsCheckCode } from './dkg.ts';
import { InvitationPayload, T } from './payloads.ts';
import type { FrostServices } from './online/services.ts';
import { SECRET } from './secrets.ts';
import { memberById, names, type DkgParams, type DkgRestart, type GroupState } from './state.ts';

export const DISCARD_SECRETS = 'discard-secrets';

/** The latest restart that left this member out, if any: their part in the key generation is over. */
export function leftOutBy(state: GroupState): DkgRestart | null {
  return (state.restarts ?? []).findLast((r) => r.without.some((w) => w.id === state.me)) ?? null;
}

/** A member's name, including members a restart left out (no longer in `members`). */
export function anyoneName(state: GroupState, id: string): string {
  return memberById(state, id)?.name ?? (state.restarts ?? []).flatMap((r) => r.without).find((w) => w.id === id)?.name ?? id;
}

/** Members a restart left out who are not in the group: the roster keeps them so their late files are refused by name. */
export function leftOutMembers(state: GroupState): { id: string; name: string; bundleKey: string | null }[] {
  const out = new Map<string, { id: string; name: string; bundleKey: string | null }>();
  for (const r of state.restarts ?? []) for (const w of r.without) if (!memberById(state, w.id)) out.set(w.id, w);
  return [...out.values()];
}

/**
 * Whom the creator may go on without now (participant ids): every other member while the key
 * generation is under way here (the screen offers those it waits for first); none otherwise.
 */
export function restartCandidates(state: GroupState): string[] {
  if (state.me !== state.creator || state.origin !== 'dkg' || !state.params || state.group || state.dkg?.status !== 'open') return [];
  // Someone besides the creator must remain: a group has at least two members.
  if (state.params.members.length < 3) return [];
  return state.params.members.filter((m) => m.id !== state.me).map((m) => m.id);
}

/** The effect deleting attempt k's round secrets (and the key package it made here, if it finished here). */
function discardAttempt(attempt: number, keyPackageToo = false): EffectDraft {
  const list = [dkgSeedName(attempt), ...(keyPackageToo ? [SECRET.keyPackage(1)] : [])];
  return { id: `discard-dkg-attempt-${attempt}`, kind: DISCARD_SECRETS, args: { names: list, attempt } };
}

/**
 * What this member did with a group its key generation finished here (while the creator's did
 * not: a cheater's wrong share reached only some), in words; null when it was never used. An
 * unused group gives way to the restart; a used one is never silently dropped.
 */
function usesOfFinishedGroup(state: GroupState): string | null {
  if (state.signings.length) return 'it has signed or been asked to sign';
  if (state.refreshes.length || state.repairs.length || (state.group?.keyVersion ?? 1) > 1) return 'its shares were renewed or repaired';
  if (state.online?.runs.length) return 'it was used online';
  if (state.clientExports?.length) return 'your share was exported to frost-client';
  // A signed record went to the others as this member's word on that group key.
  if (state.record?.signatures.some((x) => x.participant === state.me)) return 'you confirmed its group key and signed its record';
  return null;
}

/**
 * The group moved to `params` (a later attempt): members not in it leave, everyone's round-1
 * announcements are forgotten (they are sent again), bundle keys stay (the same people sign).
 */
function moveToAttempt(state: GroupState, params: DkgParams, restart: DkgRestart, checked: string[]): GroupState {
  const keep = new Set(params.members.map((m) => m.id));
  return {
    ...state,
    threshold: params.threshold,
    params,
    members: state.members.filter((m) => keep.has(m.id)).map((m) => ({ ...m, commKey: null })),
    invitationsChecked: checked,
    dkg: dkgExchange(params),
    restarts: [...(state.restarts ?? []), restart],
  };
}

function requireRestartable(state: GroupState, who: string): DkgParams {
  if (state.origin !== 'dkg' || !state.params || !state.dkg)
    throw new CeremonyError('frost/wrong-step', 'Only a key generation over files can be restarted.', {});
  if (state.group || state.dkg.status !== 'open')
    throw new CeremonyError(
      'frost/restart-too-late',
      `The key generation is already finished here; ${who} cannot restart it. Make a new group if it is not the one you want.`,
      {},
    );
  return state.params;
}

/** The state without the group an abandoned attempt made here, nor its record signatures (the code comparisons stay: history). */
function withoutGroup(state: GroupState): GroupState {
  const { record: _record, ...rest } = state;
  return { ...rest, group: null };
}

/** A member whose key generation finished here while the creator's did not: the restart replaces its unused group. */
function requireReplaceable(state: GroupState, creatorName: string, gone: string): DkgParams {
  if (!state.group) return requireRestartable(state, creatorName);
  const used = usesOfFinishedGroup(state);
  if (state.origin !== 'dkg' || !state.params || used)
    throw new CeremonyError(
      'frost/restart-too-late',
      `${creatorName} restarted the key generation without ${gone}, but it already finished here and ${used ?? 'this group is not a key generation over files'}. Do not use this group before you have talked with ${creatorName}.`,
      {},
    );
  return state.params;
}

/** The creator's one step: leave `without` out, keep or change the threshold, hand out new invitations. */
export function restartDkg(
  state: GroupState,
  input: { without: string[]; threshold?: number | undefined },
  ctx: StepContext,
): StepResult<GroupState> {
  const params = requireRestartable(state, 'you');
  if (state.me !== state.creator)
    throw new CeremonyError(
      'frost/restart-not-creator',
      `Only ${anyoneName(state, state.creator)}, who created the group, can restart it.`,
      {},
    );
  const without = [...new Set(input.without)];
  if (!without.length) throw new CeremonyError('frost/restart-bad-member', 'Say who the key generation goes on without.', {});
  for (const id of without) {
    if (id === state.me) throw new CeremonyError('frost/restart-bad-member', 'You created the group: it cannot go on without you.', {});
    if (!params.members.some((m) => m.id === id))
      throw new CeremonyError('frost/restart-bad-member', `${anyoneName(state, id)} is not taking part in this key generation.`, {});
  }
  const remaining = params.members.filter((m) => !without.includes(m.id));
  if (remaining.length < 2)
    throw new CeremonyError('frost/restart-too-few', 'A group needs at least two members: this would leave only you.', {});
  const threshold = input.threshold ?? (params.threshold <= remaining.length ? params.threshold : null);
  if (threshold === null)
    throw new CeremonyError(
      'frost/restart-threshold-needed',
      `Without ${names(state, without)} the group has ${remaining.length} members, fewer than the threshold of ${params.threshold}: choose a new threshold between 2 and ${remaining.length}.`,
      { threshold: params.threshold, remaining: remaining.length },
    );
  if (threshold < 2 || threshold > remaining.length)
    throw new CeremonyError('frost/restart-bad-threshold', `The threshold must be between 2 and ${remaining.length}, not ${threshold}.`, {
      remaining: remaining.length,
    });
  const before = attemptOf(state);
  const next: DkgParams = checkParams({ ...params, threshold, members: remaining, attempt: before + 1 }, 'you');
  const restart: DkgRestart = {
    attempt: before + 1,
    by: state.me,
    without: without.map((id) => ({ id, name: anyoneName(state, id), bundleKey: memberById(state, id)?.bundleKey ?? null })),
    thresholdBefore: params.threshold,
    threshold,
    at: ctx.now(),
  };
  const others = remaining.filter((m) => m.id !== state.me).map((m) => m.id);
  return {
    state: moveToAttempt(state, next, restart, []),
    summary: `Restarted the key generation without ${names(state, without)} (attempt ${before + 1}): ${describeParams(next)}. New invitations for ${names(state, others)}, parameters check code ${paramsCheckCode(next)}; files of the earlier attempt are no longer taken`,
    phase: 1,
    outgoing: invitations(next),
    effects: [discardAttempt(before)],
  };
}

/** A new invitation of a later attempt, from the creator: go on with the remaining members, or learn we were left out. */
function acceptReinvitation(state: GroupState, bundle: Bundle, attempt: number): StepResult<GroupState> {
  const creatorName = anyoneName(state, state.creator);
  if (bundle.header.sender.id !== state.creator)
    throw refuse(`Only ${creatorName}, who created the group, can restart the key generation.`, bundle.header.sender.id);
  const p = readPayload(bundle, T.invitation, InvitationPayload, creatorName);
  const keep = new Set(p.params.members.map((m) => m.id));
  const params = requireReplaceable(
    state,
    creatorName,
    (state.params?.members ?? [])
      .filter((m) => !keep.has(m.id))
      .map((m) => m.name)
      .join(', ') || 'anyone',
  );
  const bad = (why: string) =>
    new CeremonyError(
      'frost/restart-invalid',
      `${creatorName}'s new invitation (attempt ${attempt}) does not continue this group: ${why}. Stop and clear this up with ${creatorName}.`,
      { sender: state.creator },
    );
  if (p.creator !== state.creator || p.params.members[0]?.id !== state.creator) throw bad(`it names another creator`);
  const next = checkParams(p.params, creatorName);
  if (attemptOf({ params: next }) !== attempt) throw bad(`its parameters are for attempt ${attemptOf({ params: next })}`);
  if (next.suite !== params.suite) throw bad(`the ciphersuite is ${next.suite} instead of ${params.suite}`);
  if (next.description !== params.description) throw bad(`the description is "${next.description}" instead of "${params.description}"`);
  for (const m of next.members) {
    const was = params.members.find((x) => x.id === m.id);
    if (!was || was.name !== m.name || was.identifier !== m.identifier)
      throw bad(`${m.name} was not a member of it under that name and identifier`);
  }
  if (!next.members.some((m) => m.id === p.recipient)) throw bad('it is addressed to someone outside the group');
  const without = params.members.filter((m) => !keep.has(m.id));
  const restart: DkgRestart = {
    attempt,
    by: state.creator,
    without: without.map((m) => ({ id: m.id, name: m.name, bundleKey: memberById(state, m.id)?.bundleKey ?? null })),
    thresholdBefore: params.threshold,
    threshold: next.threshold,
    at: bundle.header.createdAt,
  };
  const gone = without.map((m) => m.name).join(', ');
  // A group that finished here (unused: requireReplaceable) goes with its attempt, key package included.
  const finished = state.group !== null;
  const dropped = finished ? `; the group it had made here (never used) is dropped` : '';
  if (!keep.has(state.me)) {
    return {
      state: { ...withoutGroup(state), dkg: { ...state.dkg!, status: 'cancelled' }, restarts: [...(state.restarts ?? []), restart] },
      summary: `${creatorName} restarted the key generation without you (${gone}); your part in it is over${dropped}`,
      phase: 1,
      effects: [discardAttempt(attemptOf(state), finished)],
    };
  }
  return {
    state: withoutGroup(moveToAttempt(state, next, restart, [p.recipient])),
    summary: `${creatorName} restarted the key generation without ${gone} (attempt ${attempt}): ${describeParams(next)}. Compare the parameters check code ${paramsCheckCode(next)} with ${creatorName}, then accept${dropped}`,
    phase: 1,
    effects: [discardAttempt(attemptOf(state), finished)],
  };
}

/**
 * Where a DKG bundle goes once attempts are taken into account: null when it belongs to the
 * current attempt (the DKG's own handlers take it); a new invitation of a later attempt is
 * taken here; anything else of another attempt, or from someone left out, is refused.
 */
export function routeDkgBundle(state: GroupState, bundle: Bundle): StepResult<GroupState> | null {
  const at = parseDkgStep(bundle.header.step);
  if (!at || !state.params) return null;
  const sender = bundle.header.sender.id;
  const who = anyoneName(state, sender);
  const what = at.what === 'invite' ? 'invitation' : at.what === 'round1' ? 'round-1 package' : 'round-2 package';
  const current = attemptOf(state);
  const creatorName = anyoneName(state, state.creator);
  const mine = leftOutBy(state);
  if (mine) throw refuse(`${creatorName} restarted the key generation without you; ${who}'s ${what} is not needed here.`, sender);
  if (at.attempt < current) {
    const r = (state.restarts ?? []).find((x) => x.attempt === at.attempt + 1);
    const left = r ? ` without ${r.without.map((w) => w.name).join(', ')}` : '';
    throw refuse(
      `${who}'s ${what} is from the abandoned attempt ${at.attempt} of the key generation (${creatorName} restarted it${left}); it is not used. Only attempt ${current}'s files count.`,
      sender,
    );
  }
  if (at.attempt > current) {
    if (at.what === 'invite') return acceptReinvitation(state, bundle, at.attempt);
    throw wrongPhase(
      `${who}'s ${what} belongs to attempt ${at.attempt} of the key generation, which ${creatorName} restarted: import ${creatorName}'s new invitation first.`,
      sender,
    );
  }
  if (!memberById(state, sender)) {
    const gone = (state.restarts ?? []).findLast((r) => r.without.some((w) => w.id === sender));
    throw refuse(
      gone
        ? `${who} was left out when ${creatorName} restarted the key generation; ${who}'s files are not used.`
        : `${who} is not taking part in this key generation.`,
      sender,
    );
  }
  return null;
}

/** Deletes an abandoned attempt's round secrets from the vault; succeeds when they are already gone. */
export async function runDiscardSecrets(effect: EffectDraft, ctx: StepContext<FrostServices>): Promise<Json> {
  const del = ctx.services?.deleteSecret;
  if (!del)
    throw new CeremonyError('frost/no-vault-access', "This app cannot delete vault entries; the earlier attempt's round secrets stay.", {});
  const list = (effect.args as { names: string[] }).names;
  for (const name of list) await del(`${ctx.meta.id}/${name}`);
  return { deleted: list };
}

export function discardSummary(effect: EffectDraft): string {
  const a = effect.args as { attempt: number; names: string[] };
  const kp = a.names.includes(SECRET.keyPackage(1)) ? ' and the key package it made here' : '';
  return `Deleted this install's round secrets of the abandoned attempt ${a.attempt}${kp} from the vault`;
}
