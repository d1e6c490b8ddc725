/**
 * Restoring and stepping the frostd runners of a group. A run's saved state is a public
 * transcript; each step re-derives its secrets from the vault (this group's communication key,
 * the run's own seed, a signer's key package), restores the runner, does one round of relay
 * work, and keeps only public results: the runner's new state and a report people can read.
 *
 * A step that found nothing new leaves both exactly as they were, so the engine commits nothing
 * (the renderer polls every ~2 s while a run waits).
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../errors.ts';
import type { StepContext } from '../../../engine/protocol.ts';
import type { CommunicationKeyPair } from '../../../formats/frost/config-toml.ts';
import type { JsonObject } from '../../../formats/frost/frost-json.ts';
import { FrostdDkgRunner, type FrostdDkgState } from '../../../transports/frostd/dkg-runner.ts';
import type { FrostdClient } from '../../../transports/frostd/client.ts';
import type { FrostdRunState, FrostdStepReport } from '../../../transports/frostd/runner.ts';
import { FrostdSignCoordinator, type FrostdSignCoordinatorState } from '../../../transports/frostd/sign-coordinator.ts';
import { FrostdSignParticipant, type FrostdSignParticipantState } from '../../../transports/frostd/sign-participant.ts';
import { readKeyPackage, SECRET } from '../secrets.ts';
import type { GroupState, OnlineReport, OnlineRun, OnlineState } from '../state.ts';
import type { FrostdAccess, FrostServices } from './services.ts';

export type AnyRunner = FrostdDkgRunner | FrostdSignCoordinator | FrostdSignParticipant;
export type Ctx = StepContext<FrostServices>;

export const DEFAULT_ONLINE_TIMEOUT_MS = 20 * 60 * 1000;

export function frostd(ctx: Pick<Ctx, 'services'>): FrostdAccess {
  const f = ctx.services?.frostd;
  if (!f)
    throw new CeremonyError(
      'frost/online-unavailable',
      'This app was started without a frostd connection; online ceremonies are not available here.',
      {},
    );
  return f;
}

/** The vault name of a run's seed. */
export const seedName = (runId: string) => `frostd-seed.${runId}`;

/** Creates the run's seed in the vault (before anything is derived from it). One seed, one run. */
export function newRunSeed(ctx: Pick<Ctx, 'secret'>, runId: string, label: string): Promise<Uint8Array> {
  return ctx.secret(seedName(runId), { label: `frostd run seed: ${label}`, kind: 'frost.frostd-seed' }, () => randomBytes(32));
}

/** This group's communication key pair (the secret is a fresh copy: wipe it). */
export async function groupCommKey(ctx: Pick<Ctx, 'readSecret' | 'hasSecret'>): Promise<CommunicationKeyPair> {
  if (!(await ctx.hasSecret(SECRET.commKey)))
    throw new CeremonyError(
      'frost/online-no-comm-key',
      'This group has no communication key on this install, so it cannot use a frostd relay.',
      {},
    );
  const privateKey = await ctx.readSecret(SECRET.commKey);
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

export function onlineOf(state: GroupState): OnlineState {
  if (!state.online) throw new CeremonyError('frost/online-none', 'This group has no online run.', {});
  return state.online;
}

export function withRun(state: GroupState, run: OnlineRun): GroupState {
  const online = onlineOf(state);
  const runs = online.runs.some((r) => r.id === run.id) ? online.runs.map((r) => (r.id === run.id ? run : r)) : [...online.runs, run];
  return { ...state, online: { ...online, runs } };
}

/** Runs the next step would move: accepted and running. */
export function waitingRuns(state: GroupState): OnlineRun[] {
  return (state.online?.runs ?? []).filter((r) => r.accepted && r.report.status === 'running');
}

export function runById(state: GroupState, id: string): OnlineRun | undefined {
  return state.online?.runs.find((r) => r.id === id);
}

/** A report from a runner's saved state, before or without a step. */
export function reportOf(runnerState: FrostdRunState, step?: FrostdStepReport, previous?: OnlineReport): OnlineReport {
  const running = runnerState.status === 'running' || runnerState.status === 'awaiting-approval';
  // A run that stopped keeps whom it last waited for: the view names them as the ones who did not send.
  const waiting = step && running ? step.waitingFor.map((w) => ({ name: w.name, key: w.pubkey })) : (previous?.waitingFor ?? []);
  return {
    status: runnerState.status,
    phase: runnerState.phase,
    sessionId: runnerState.sessionId,
    since: runnerState.phaseSince,
    waitingFor: runnerState.status === 'done' ? [] : waiting,
    error: runnerState.error ? { code: runnerState.error.code, message: runnerState.error.message } : null,
    trouble: step?.transientError ? step.transientError.message : null,
  };
}

export interface Restored {
  readonly runner: AnyRunner;
  readonly key: CommunicationKeyPair;
  /** Wipes the secrets the runner was restored with; the runner is unusable afterwards. */
  wipe(): void;
}

/**
 * The saved transcript, plus what a step received but could not commit (the app died in
 * between): kept in the run inbox when it continues the committed transcript exactly.
 */
function withInbox(run: OnlineRun, ctx: Ctx): OnlineRun {
  const inbox = ctx.services?.inbox;
  const runner = run.runner as { received?: unknown[]; sent?: number };
  const kept = inbox?.load(ctx.meta.id, run.id);
  const received = runner.received ?? [];
  let out = run;
  if (kept && kept.length > received.length && JSON.stringify(kept.slice(0, received.length)) === JSON.stringify(received))
    out = { ...out, runner: { ...out.runner, received: kept as JsonObject[] } };
  // Sends the relay took (or may have taken) after the last commit: never forget one.
  const sends = inbox?.loadSends(ctx.meta.id, run.id);
  const sent = runner.sent ?? 0;
  if (sends && (sends.sent > sent || (sends.sent === sent && sends.pending?.index === sent)))
    out = { ...out, runner: { ...out.runner, sent: sends.sent, pending: (sends.pending as JsonObject | null) ?? null } };
  return out;
}

/** The runner of `run`, with its secrets re-derived from the vault. */
export async function restoreRun(state: GroupState, run0: OnlineRun, ctx: Ctx): Promise<Restored> {
  const run = withInbox(run0, ctx);
  const key = await groupCommKey(ctx);
  const seed = await ctx.readSecret(run.seed);
  const wipe = () => {
    key.privateKey.fill(0);
    seed.fill(0);
  };
  try {
    const secrets = { communicationKey: key, seed };
    let runner: AnyRunner;
    if (run.kind === 'dkg') runner = FrostdDkgRunner.restore(run.runner as unknown as FrostdDkgState, secrets);
    else if (run.kind === 'sign-coordinator')
      runner = FrostdSignCoordinator.restore(run.runner as unknown as FrostdSignCoordinatorState, secrets);
    else {
      const keyPackage = await readKeyPackage(ctx, state.suite, run.keyVersion ?? state.group?.keyVersion ?? 1);
      runner = FrostdSignParticipant.restore(run.runner as unknown as FrostdSignParticipantState, { ...secrets, keyPackage });
      const share = keyPackage.signingShare;
      const inner = wipe;
      return { runner, key, wipe: () => (inner(), share.fill(0)) };
    }
    return { runner, key, wipe };
  } catch (e) {
    wipe();
    throw e;
  }
}

/** The runner's state as the group keeps it. */
export function saved(runner: AnyRunner): JsonObject {
  return runner.toJSON() as unknown as JsonObject;
}

/**
 * One round of relay work for `run`. A relay that cannot be reached leaves the transcript as
 * it was and reports the trouble; everything a member or the relay can be blamed for ends the
 * run with a sentence that names them (kept in the report).
 */
export async function stepRun(
  state: GroupState,
  run: OnlineRun,
  ctx: Ctx,
  before?: (runner: AnyRunner) => void,
): Promise<{ run: OnlineRun; runner: AnyRunner; restored: Restored }> {
  const f = frostd(ctx);
  const restored = await restoreRun(state, run, ctx);
  const { runner, key } = restored;
  before?.(runner);
  let client: FrostdClient;
  try {
    client = await f.client(run.server, key);
  } catch (e) {
    if (!(e instanceof CeremonyError)) throw e;
    // Logging in failed (relay down, or it refused us): like any relay hiccup, the next step retries.
    const st = runner.toJSON();
    const next = { ...run, runner: saved(runner), report: { ...reportOf(st, undefined, run.report), trouble: e.message } };
    return { run: next, runner, restored };
  }
  const inbox = ctx.services?.inbox;
  const persist = inbox
    ? (st: unknown) => {
        const s = st as FrostdRunState;
        inbox.save(ctx.meta.id, run.id, s.received);
        inbox.saveSends(ctx.meta.id, run.id, { sent: s.sent, pending: s.pending ?? null });
      }
    : undefined;
  const report = await runner.step(client, { now: f.now(), ...(persist ? { persist } : {}) });
  return { run: { ...run, runner: saved(runner), report: reportOf(runner.toJSON(), report, run.report) }, runner, restored };
}

/** Ends a run from outside (the person stops it); the creator of the session closes it. */
export async function abortRun(state: GroupState, run: OnlineRun, ctx: Ctx, reason: CeremonyError): Promise<OnlineRun> {
  const f = frostd(ctx);
  const restored = await restoreRun(state, run, ctx);
  try {
    const client = await f.client(run.server, restored.key).catch(() => undefined);
    await restored.runner.abort(client, reason);
    return { ...run, runner: saved(restored.runner), report: reportOf(restored.runner.toJSON(), undefined, run.report) };
  } finally {
    restored.wipe();
  }
}
