/**
 * What people see of online runs: who the run waits for and since when (and when it gives up),
 * what stopped it (a timeout names who did not send), the parameters a joiner accepts, the
 * message a signer approves, and the actions that fit.
 */
import { FROST_FACT, type FrostActionName } from '../../../../../src-shared/ceremonies/frost.ts';
import type { Fact, NextAction, ParticipantView } from '../../../../../src-shared/api/ceremonies.ts';
import { messageAsText } from '../message-text.ts';
import { nameOf, type GroupState, type OnlineReport, type OnlineRun } from '../state.ts';
import { describeOnlineParams, listNames } from './dkg.ts';
import { waitingRuns } from './runs.ts';

const action = (a: FrostActionName, label: string, description: string, confirm: string | null = null, primary = false): NextAction => ({
  action: a,
  label,
  description,
  confirm,
  primary,
});
const fact = (label: string, value: string, mono = false): Fact => ({ label, value, mono });

/** "14:02:05 UTC". */
export function clock(ms: number): string {
  return `${new Date(ms).toISOString().slice(11, 19)} UTC`;
}

export function runTitle(run: OnlineRun): string {
  if (run.kind === 'dkg') return 'Online key generation';
  if (run.kind === 'sign-coordinator') return `Online signing "${run.label}" (run ${run.id})`;
  return run.link ? `Your signature in "${run.label}" (run ${run.id})` : `Online signing (run ${run.id})`;
}

/** What a phase waits for: [one member's, several members'] words. */
const WHAT: Record<string, Record<string, [string, string]>> = {
  dkg: {
    round1: ['round-1 package', 'round-1 packages'],
    echo: ['relayed round-1 packages (the echo check)', 'relayed round-1 packages (the echo check)'],
    round2: ['round-2 package', 'round-2 packages'],
    confirm: ['confirmation of the group key', 'confirmations of the group key'],
  },
  'sign-coordinator': { commitments: ['commitments', 'commitments'], shares: ['signature share', 'signature shares'] },
  'sign-participant': { 'signing-package': ['signing package', 'signing package'] },
};

function deadline(run: OnlineRun): number | null {
  const t = (run.runner as { timeoutMs?: unknown }).timeoutMs;
  return typeof t === 'number' ? run.report.since + t : null;
}

/** The state of a run in words: who it waits for and since when (and when it gives up). */
export function phaseWords(kind: OnlineRun['kind'], r: OnlineReport, timeoutMs?: number): string {
  const since = `since ${clock(r.since)}${timeoutMs ? `; gives up at ${clock(r.since + timeoutMs)} if nothing comes` : ''}`;
  const what = WHAT[kind]?.[r.phase];
  const who = r.waitingFor.map((w) => w.name);
  if (r.status === 'done') return 'finished';
  if (r.status === 'failed') return `stopped: ${r.error?.message ?? 'failed'}`;
  if (r.status === 'awaiting-approval') return 'the message is in and waits for your approval';
  if (kind === 'dkg' && r.phase === 'session') return 'connecting to the session';
  if (kind === 'dkg' && r.phase === 'finishing') return 'telling the creator the group key';
  if (kind === 'sign-coordinator' && r.phase === 'session') return 'creating the session';
  if (kind === 'sign-coordinator' && r.phase === 'closing') return 'closing the session';
  if (kind === 'sign-participant' && r.phase === 'session')
    return `looking for a signing session of this group that includes you (${since})`;
  if (kind === 'sign-participant' && r.phase === 'finishing') return 'sending your signature share';
  if (who.length && what) return `waiting for the ${what[who.length === 1 ? 0 : 1]} of ${listNames(who)} (${since})`;
  if (who.length) return `waiting for ${listNames(who)} (${since})`;
  return `working (${r.phase})`;
}

function wordsOf(run: OnlineRun): string {
  const t = (run.runner as { timeoutMs?: unknown }).timeoutMs;
  return phaseWords(run.kind, run.report, typeof t === 'number' ? t : undefined);
}

function trouble(run: OnlineRun): string {
  return run.report.trouble ? ` The relay did not answer the last check (${run.report.trouble}); trying again.` : '';
}

/** A group whose online DKG has not produced it yet. */
export function describeOnlineDkg(state: GroupState, run: OnlineRun): { headline: string; next: NextAction[]; facts: Fact[] } {
  const facts = [
    fact(FROST_FACT.onlineServer, run.server, true),
    fact(FROST_FACT.onlineSession, run.report.sessionId ?? '(not yet)', true),
  ];
  const creator = nameOf(state, state.creator);
  const mine = state.me === state.creator;
  if (!run.accepted && run.report.status === 'running') {
    const params = describeOnlineParams(state);
    return {
      headline: `${creator} invites you, ${nameOf(state, state.me)}, into an online key generation on ${run.server}: ${params}. Check these parameters, then accept them.`,
      next: [
        action(
          'online-accept',
          'Accept the rules',
          'Accept the parameters shown below; round 1 goes out through the relay and the rest follows by itself.',
          `You accept this group: ${params}, created by ${creator} (session ${run.report.sessionId}). Your round-1 package goes out and the key generation runs to its end through ${run.server}.`,
          true,
        ),
        action(
          'online-decline',
          'Decline',
          'Refuse these parameters; nothing is sent.',
          `Decline ${creator}'s key generation? Nothing is sent; ${creator} will see that you did not join.`,
        ),
      ],
      facts,
    };
  }
  if (run.report.status === 'failed') {
    return { headline: `The online key generation stopped: ${run.report.error?.message ?? 'it failed'}`, next: [], facts };
  }
  const limit = deadline(run);
  const words = wordsOf(run);
  const headline = `Online key generation on ${run.server}${mine ? '' : ` (created by ${creator})`}: ${words}.${trouble(run)}`;
  const next = [action('online-step', 'Check the relay now', 'The wizard checks every 2 seconds by itself while this page is open.')];
  next.push(
    action(
      'online-cancel',
      'Stop the key generation',
      'Give up this run (for example when someone cannot come).',
      `Stop the online key generation${mine ? ' and close its session on the relay' : ''}? It cannot be resumed; everyone would start again.`,
    ),
  );
  if (limit) facts.push(fact('Gives up at', clock(limit)));
  return { headline, next, facts };
}

/** A member's status in a running online DKG. */
export function onlineMemberStatus(state: GroupState, run: OnlineRun, id: string): Pick<ParticipantView, 'state' | 'status'> {
  const m = state.members.find((x) => x.id === id)!;
  const r = run.report;
  const mine = id === state.me;
  if (r.status === 'failed') {
    const missing = r.error && /timeout|session-closed/.test(r.error.code) && r.waitingFor.some((w) => w.key === m.commKey);
    return missing ? { state: 'problem', status: 'Did not send in time' } : { state: 'inactive', status: 'Stopped' };
  }
  if (!run.accepted) return mine ? { state: 'waiting', status: 'Has not accepted yet' } : { state: 'waiting', status: 'Member' };
  const waiting = r.waitingFor.find((w) => w.key === m.commKey);
  const what = WHAT.dkg![r.phase]?.[0];
  if (waiting) return { state: 'waiting', status: `${what ? `No ${what} yet` : 'Not there yet'} (waiting since ${clock(r.since)})` };
  if (mine) return { state: 'done', status: r.phase === 'round1' ? 'Round 1 sent' : 'Up to date' };
  return { state: 'done', status: what ? `${what[0]!.toUpperCase()}${what.slice(1)} received` : 'Up to date' };
}

/** Online runs of an existing group: lines for the headline, actions, facts (the message to approve). */
export function describeOnlineRuns(state: GroupState): { lines: string[]; next: NextAction[]; facts: Fact[]; approvalShown: boolean } {
  const lines: string[] = [];
  const next: NextAction[] = [];
  const facts: Fact[] = [];
  let approvalShown = false;
  const runs = (state.online?.runs ?? []).filter((r) => r.kind !== 'dkg');
  for (const run of runs) {
    const r = run.report;
    if (r.status === 'awaiting-approval' && run.request && !approvalShown) {
      approvalShown = true;
      const req = run.request;
      facts.unshift(
        fact(FROST_FACT.pendingMessageFrom, `${req.coordinator} (online signing, run ${run.id}, session ${r.sessionId})`),
        fact(FROST_FACT.pendingMessageBytes, `${req.messageHex.length / 2} bytes`),
        fact(FROST_FACT.pendingMessageText, messageAsText(req.messageHex)),
        fact(FROST_FACT.pendingMessageHex, req.messageHex || '(empty)', true),
      );
      const others = req.signers.filter((n) => n !== 'you');
      lines.push(
        `${req.coordinator} asks you to sign a message through ${run.server} (run ${run.id})${others.length ? `, with ${listNames(others)}` : ''}. Read it below before you approve.`,
      );
      next.push(
        action(
          'online-approve',
          'Review and approve',
          `Read the message of run ${run.id} as text and hex, then approve it: your signature share goes out.`,
          null,
          true,
        ),
        action(
          'online-decline',
          'Decline',
          `Refuse to sign in run ${run.id}.`,
          `Decline to sign? No share is sent; ${req.coordinator} will see that you did not sign.`,
        ),
      );
      continue;
    }
    if (r.status === 'running') lines.push(`${runTitle(run)}: ${wordsOf(run)}.${trouble(run)}`);
    else if (r.status === 'failed' && run.kind === 'sign-coordinator')
      lines.push(`${runTitle(run)} stopped: ${r.error?.message ?? 'failed'}`);
    else if (r.status === 'failed' && r.error?.code !== 'frostd/sign-declined' && !run.link)
      lines.push(`${runTitle(run)} stopped: ${r.error?.message ?? 'failed'}`);
    if (run.signature) facts.push(fact(`Signature ${run.id} (${run.label})`, run.signature, true));
  }
  const latest = runs.filter((r) => r.report.sessionId && !(r.kind === 'sign-participant' && r.link)).at(-1);
  if (state.online) facts.push(fact(FROST_FACT.onlineServer, state.online.server, true));
  if (latest) facts.push(fact(`${FROST_FACT.onlineSession} (run ${latest.id})`, latest.report.sessionId!, true));
  if (waitingRuns(state).length)
    next.push(action('online-step', 'Check the relay now', 'The wizard checks every 2 seconds by itself while this page is open.'));
  const stoppable = runs.find((r) => r.report.status === 'running' && !r.link);
  if (stoppable)
    next.push(
      action(
        'online-cancel',
        `Stop run ${stoppable.id}`,
        `Give up ${runTitle(stoppable)}.`,
        `Stop ${runTitle(stoppable)}? It cannot be resumed.`,
      ),
    );
  return { lines, next, facts, approvalShown };
}
