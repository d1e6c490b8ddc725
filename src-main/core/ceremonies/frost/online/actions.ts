/**
 * The online actions of a FROST group:
 *
 *   online-step          one round of relay work for every run that waits (the wizard calls it
 *                        about every 2 s while one does, frost-client's cadence; a step that
 *                        finds nothing new changes nothing and leaves no journal line)
 *   online-accept        a DKG joiner accepts the session's parameters (then round 1 goes out)
 *   online-decline       a DKG joiner refuses them, or a signer refuses the message
 *   online-approve       a signer approves the message it was shown (then its share goes out)
 *   online-cancel        stop a run (its creator closes the session so nobody waits for it)
 *   online-sign-request  coordinator: a signing through the relay
 *   online-sign-join     signer: join a signing of this group
 *
 * Every action that changes a run steps it at once, so people see the effect without waiting
 * for the next poll.
 */
import { CeremonyError } from '../../../errors.ts';
import type { StepResult } from '../../../engine/protocol.ts';
import type { FrostdDkgRunner } from '../../../transports/frostd/dkg-runner.ts';
import type { FrostdSignCoordinator } from '../../../transports/frostd/sign-coordinator.ts';
import type { FrostdSignParticipant } from '../../../transports/frostd/sign-participant.ts';
import type { GroupState, OnlineReport, OnlineRun } from '../state.ts';
import { describeOnlineParams, finishOnlineDkg } from './dkg.ts';
import { phaseWords, runTitle } from './describe.ts';
import { abortRun, reportOf, restoreRun, runById, saved, stepRun, waitingRuns, withRun, type AnyRunner, type Ctx } from './runs.ts';
import { afterCoordinatorStep, afterParticipantStep, joinOnlineSigning, requestOnlineSignature } from './signing.ts';

type R = StepResult<GroupState>;

function merge(into: R, more: R | null): R {
  if (!more) return into;
  return {
    state: more.state,
    summary: [into.summary, more.summary].filter(Boolean).join('; '),
    ...((more.phase ?? into.phase) ? { phase: (more.phase ?? into.phase)! } : {}),
    ...((more.status ?? into.status) ? { status: (more.status ?? into.status)! } : {}),
    artifacts: [...(into.artifacts ?? []), ...(more.artifacts ?? [])],
  };
}

/** What changed in a run's report, in one line for the journal (empty when nothing did). */
function change(run: OnlineRun, before: OnlineReport, after: OnlineReport): string {
  const title = runTitle(run);
  if (after.status === 'failed' && before.status !== 'failed') return `${title} stopped: ${after.error?.message ?? 'failed'}`;
  if (after.status === 'done' && before.status !== 'done') return `${title} finished`;
  if (after.status === 'awaiting-approval' && before.status !== 'awaiting-approval')
    return `${title}: the message is in; it waits for your approval`;
  if (after.phase !== before.phase || after.sessionId !== before.sessionId) return `${title}: ${phaseWords(run.kind, after)}`;
  if (after.trouble && after.trouble !== before.trouble) return `${title}: ${after.trouble}`;
  if (!after.trouble && before.trouble) return `${title}: the relay answers again`;
  const names = (r: OnlineReport) => r.waitingFor.map((w) => w.name).join(',');
  if (names(after) !== names(before)) return `${title}: ${phaseWords(run.kind, after)}`;
  return '';
}

/** Steps one run and folds its results into the group. */
async function advance(state: GroupState, run: OnlineRun, ctx: Ctx, before?: (runner: AnyRunner) => void): Promise<R> {
  const stepped = await stepRun(state, run, ctx, before);
  try {
    let s = withRun(state, stepped.run);
    const line =
      change(stepped.run, run.report, stepped.run.report) ||
      (JSON.stringify(run.runner) !== JSON.stringify(stepped.run.runner) ? `${runTitle(run)}: messages exchanged` : '');
    let out: R = { state: s, summary: line };
    if (run.kind === 'dkg') {
      out = merge(out, await finishOnlineDkg(s, stepped.run, stepped.runner as FrostdDkgRunner, ctx));
      s = out.state;
      // No group came of it: the ceremony failed (its view says why and whom it waited for).
      if (stepped.run.report.status === 'failed' && !s.group) out = { ...out, status: 'failed' };
      else if (!s.group && stepped.run.report.status === 'running' && stepped.run.report.phase !== 'session') out = { ...out, phase: 2 };
    } else if (run.kind === 'sign-coordinator') {
      out = merge(out, await afterCoordinatorStep(s, runById(s, run.id)!, stepped.runner as FrostdSignCoordinator, ctx));
    } else {
      out = { ...out, state: afterParticipantStep(s, runById(s, run.id)!, stepped.runner as FrostdSignParticipant) };
    }
    return out;
  } finally {
    stepped.restored.wipe();
  }
}

/** `online-step`: one round of relay work for every waiting run (new runs a step makes wait for the next one). */
export async function onlineStep(state: GroupState, ctx: Ctx): Promise<R> {
  let out: R = { state, summary: '' };
  for (const run of waitingRuns(state)) out = merge(out, await advance(out.state, runById(out.state, run.id)!, ctx));
  return { ...out, summary: out.summary || 'Checked the relay' };
}

/** Steps the runs an action just made or changed (and what they started, like a coordinator's own signer). */
async function stepNow(r: R, ctx: Ctx, ids: readonly string[]): Promise<R> {
  let out = r;
  for (const id of ids) {
    const run = runById(out.state, id);
    if (run && run.accepted && run.report.status === 'running') out = merge(out, await advance(out.state, run, ctx));
  }
  return out;
}

function pick(state: GroupState, id: string | undefined, wanted: (r: OnlineRun) => boolean, what: string): OnlineRun {
  const runs = state.online?.runs ?? [];
  if (id) {
    const run = runs.find((r) => r.id === id);
    if (!run) throw new CeremonyError('frost/no-session', `There is no online run ${id}.`, { run: id });
    if (!wanted(run)) throw new CeremonyError('frost/wrong-step', `Online run ${id} is not waiting for you to ${what}.`, { run: id });
    return run;
  }
  const run = runs.find(wanted);
  if (!run) throw new CeremonyError('frost/wrong-step', `No online run is waiting for you to ${what}.`, {});
  return run;
}

const unaccepted = (r: OnlineRun) => r.kind === 'dkg' && !r.accepted && r.report.status === 'running';
const awaitingApproval = (r: OnlineRun) => r.kind === 'sign-participant' && r.report.status === 'awaiting-approval';

export async function acceptOnline(state: GroupState, input: { run?: string | undefined }, ctx: Ctx): Promise<R> {
  const run = pick(state, input.run, unaccepted, 'accept its parameters');
  const accepted = withRun(state, { ...run, accepted: true });
  const r = await stepNow(
    { state: accepted, summary: `Accepted the online key generation (${describeOnlineParams(state)}); round 1 goes out`, phase: 2 },
    ctx,
    [run.id],
  );
  return r;
}

export async function approveOnline(state: GroupState, input: { run?: string | undefined }, ctx: Ctx): Promise<R> {
  const run = pick(state, input.run, awaitingApproval, 'approve a message');
  const now = ctx.services?.frostd?.now() ?? Date.now();
  const approved = await advance(state, run, ctx, (runner) => (runner as FrostdSignParticipant).approve(now));
  return { ...approved, summary: `Approved the message of "${run.label}" (run ${run.id}); ${approved.summary}` };
}

export async function declineOnline(state: GroupState, input: { run?: string | undefined }, ctx: Ctx): Promise<R> {
  const run = pick(state, input.run, (r) => unaccepted(r) || awaitingApproval(r), 'accept or decline');
  if (run.kind === 'dkg') {
    // Nothing was sent: this member simply does not take part (the creator's run names them when it gives up).
    const error = { code: 'frost/online-declined', message: 'You declined these parameters; nothing was sent.' };
    const next: OnlineRun = {
      ...run,
      runner: { ...run.runner, status: 'failed', error: { ...error, details: {} } },
      report: { ...run.report, status: 'failed', waitingFor: [], error },
    };
    return { state: withRun(state, next), summary: 'Declined the online key generation; nothing was sent', status: 'failed' };
  }
  const restored = await restoreRun(state, run, ctx);
  try {
    (restored.runner as FrostdSignParticipant).decline();
    const next: OnlineRun = { ...run, runner: saved(restored.runner), report: reportOf(restored.runner.toJSON(), undefined, run.report) };
    return { state: withRun(state, next), summary: `Declined to sign "${run.label}" (run ${run.id}); no share was sent` };
  } finally {
    restored.wipe();
  }
}

export async function cancelOnline(state: GroupState, input: { run?: string | undefined }, ctx: Ctx): Promise<R> {
  const run = pick(state, input.run, (r) => r.report.status === 'running' || r.report.status === 'awaiting-approval', 'stop');
  const reason = new CeremonyError(
    'frostd/cancelled',
    `You stopped this run${run.report.waitingFor.length ? ` while it waited for ${run.report.waitingFor.map((w) => w.name).join(', ')}` : ''}.`,
    {},
  );
  const next = await abortRun(state, run, ctx, reason);
  const failedDkg = run.kind === 'dkg' && !state.group;
  return { state: withRun(state, next), summary: `Stopped ${runTitle(run)}`, ...(failedDkg ? { status: 'failed' as const } : {}) };
}

export async function onlineSignRequest(
  state: GroupState,
  input: { signers: string[]; message: string; label: string; server?: string | undefined },
  ctx: Ctx,
): Promise<R> {
  const made = await requestOnlineSignature(state, input, ctx);
  const id = made.state.online!.runs.at(-1)!.id;
  const stepped = await stepNow(made, ctx, [id]);
  // A coordinator who signs too got its own signer run in that step: let it send its commitments now.
  const link = runById(stepped.state, id)?.link;
  return link ? stepNow(stepped, ctx, [link]) : stepped;
}

export async function onlineSignJoin(
  state: GroupState,
  input: { session?: string | undefined; server?: string | undefined },
  ctx: Ctx,
): Promise<R> {
  const made = await joinOnlineSigning(state, input, ctx);
  const id = made.state.online!.runs.at(-1)!.id;
  return stepNow(made, ctx, [id]);
}
