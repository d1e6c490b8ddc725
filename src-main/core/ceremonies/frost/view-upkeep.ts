/**
 * The typed view of a group's upkeep: renewing the shares (refresh) and rebuilding a lost share
 * (repair), for the screens' steps, whom they wait for and the files due now. Data only.
 *
 * What is known is said: a refresh file or a helper's part is due until something shows it
 * arrived (the others' next files, the newcomer's "restored" notice, a signing with the new
 * shares), never "delivered" on a guess.
 */
import type { FrostCarry, FrostRefreshView, FrostRepairView, FrostStep, FrostWaiting } from '../../../../src-shared/ceremonies/frost.ts';
import { missingRound1, missingRound2 } from './exchange.ts';
import { nameOf, type Exchange, type GroupState, type RepairSession } from './state.ts';

export interface UpkeepStep {
  step: FrostStep;
  waitingFor: FrostWaiting[];
  refresh: FrostRefreshView | null;
  repair: FrostRepairView | null;
  carry: FrostCarry[];
}

type Missing = FrostWaiting['missing'];
const waiting = (s: GroupState, ids: readonly string[], missing: Missing): FrostWaiting[] =>
  ids.map((id) => ({ partyId: id, name: nameOf(s, id), missing }));
const othersOf = (s: GroupState, ids: readonly string[]): string[] => ids.filter((id) => id !== s.me).map((id) => nameOf(s, id));
const activeIds = (s: GroupState): string[] => s.members.filter((m) => !m.evicted).map((m) => m.id);
const file = (step: string, to: string[]): FrostCarry[] => (to.length ? [{ artifactId: `bundle:${step}`, to }] : []);

// --- refresh ---------------------------------------------------------------------------------

function refreshView(s: GroupState, ex: Exchange, phase: FrostRefreshView['phase']): FrostRefreshView {
  return {
    id: ex.id,
    by: nameOf(s, ex.coordinator),
    youStarted: ex.coordinator === s.me,
    participants: ex.participants.map((id) => nameOf(s, id)),
    leftOut: activeIds(s)
      .filter((id) => !ex.participants.includes(id))
      .map((id) => nameOf(s, id)),
    phase,
  };
}

/** The open refresh this member takes part in, as a step; null when there is none. */
export function refreshStep(s: GroupState): UpkeepStep | null {
  const ex = s.refreshes.find((r) => r.status === 'open' && r.participants.includes(s.me));
  if (!ex) return null;
  const none = { repair: null };
  if (!ex.sentRound1) return { step: 'refresh-agree', waitingFor: [], refresh: refreshView(s, ex, 'agree'), carry: [], ...none };
  const to = othersOf(s, ex.participants);
  // The request goes to every member (those left out learn their share stops working).
  const request = ex.coordinator === s.me ? file(`refresh.${ex.id}.request`, othersOf(s, activeIds(s))) : [];
  const m1 = missingRound1(s, ex);
  if (m1.length || !ex.sentRound2)
    return {
      step: 'refresh-exchange',
      waitingFor: waiting(s, m1, 'commitment'),
      refresh: refreshView(s, ex, m1.length ? 'commitments' : 'shares'),
      carry: [...request, ...file(`refresh.${ex.id}.round1`, to)],
      ...none,
    };
  const m2 = missingRound2(s, ex);
  return {
    step: 'refresh-exchange',
    waitingFor: waiting(s, m2, 'share'),
    refresh: refreshView(s, ex, m2.length ? 'shares' : 'finish'),
    carry: file(`refresh.${ex.id}.round2`, to),
    ...none,
  };
}

/**
 * After this member finished a refresh, the others may still wait for its shares file: it stays
 * offered until a signing with the new shares shows everyone has theirs.
 */
export function refreshLeftovers(s: GroupState): FrostCarry[] {
  const last = s.refreshes.filter((r) => r.status === 'done' && r.participants.includes(s.me)).at(-1);
  if (!last || !s.group || s.signings.some((x) => x.keyVersion === s.group!.keyVersion)) return [];
  return file(`refresh.${last.id}.round2`, othersOf(s, last.participants));
}

// --- repair ----------------------------------------------------------------------------------

function repairView(s: GroupState, r: RepairSession): FrostRepairView {
  return {
    id: r.id,
    by: nameOf(s, r.coordinator),
    youStarted: r.coordinator === s.me,
    target: nameOf(s, r.target),
    youAreTarget: r.target === s.me,
    helpers: r.helpers.map((id) => nameOf(s, id)),
    helloCode: r.helloCheckCode,
    restored: r.restored === true,
  };
}

/** A repair this member helps with, until the newcomer said its share is rebuilt; null when none. */
function helperStep(s: GroupState): UpkeepStep | null {
  const r = s.repairs.find(
    (x) =>
      x.target !== s.me &&
      x.helpers.includes(s.me) &&
      x.decision !== 'declined' &&
      (x.status === 'open' || (x.status === 'done' && x.sentSigma && !x.restored)),
  );
  if (!r) return null;
  const view = repairView(s, r);
  const target = nameOf(s, r.target);
  const otherHelpers = othersOf(s, r.helpers);
  // Whoever started it hands out the request: the newcomer joins from it, the other helpers import it.
  const request = r.coordinator === s.me ? file(`repair.${r.id}.request`, [target, ...otherHelpers]) : [];
  const base = { refresh: null, repair: view };
  if (r.decision === 'pending')
    return r.helloCheckCode
      ? { step: 'repair-compare', waitingFor: [], carry: request, ...base }
      : { step: 'repair-hello', waitingFor: waiting(s, [r.target], 'hello'), carry: request, ...base };
  const parts = [
    ...file(`repair.${r.id}.deltas`, [...otherHelpers, target]),
    ...(r.sentSigma ? file(`repair.${r.id}.sigma`, [target]) : []),
  ];
  const noPart = r.helpers.filter((h) => h !== s.me && !r.commitments[h]);
  return {
    step: 'repair-wait',
    waitingFor: r.status === 'open' ? waiting(s, noPart, 'repair-part') : waiting(s, [r.target], 'rebuilt'),
    carry: parts,
    ...base,
  };
}

/** The member rebuilding its share on a fresh install, before the share is back. */
export function newcomerStep(s: GroupState): UpkeepStep | null {
  const r = s.repairs.find((x) => x.target === s.me);
  if (!r || s.group) return null;
  const view = repairView(s, r);
  if (r.status === 'cancelled') return { step: 'stopped', waitingFor: [], refresh: null, repair: view, carry: [] };
  const noPart = r.helpers.filter((h) => !r.commitments[h] || !r.sigmas[h]);
  return {
    step: 'repair-newcomer',
    waitingFor: waiting(s, noPart, 'repair-part'),
    refresh: null,
    repair: view,
    carry: file(`repair.${r.id}.hello`, othersOf(s, r.helpers)),
  };
}

/**
 * After the newcomer rebuilt its share, the helpers wait for its "restored" notice to know their
 * parts arrived: offered until its first signing with the rebuilt share.
 */
export function repairLeftovers(s: GroupState): FrostCarry[] {
  const r = s.repairs.find((x) => x.target === s.me && x.status === 'done');
  if (!r || !s.group || s.signings.some((x) => x.keyVersion === s.group!.keyVersion)) return [];
  return file(`repair.${r.id}.restored`, othersOf(s, r.helpers));
}

/** The open refresh, else the repair this member helps with, as this moment's step. */
export function upkeepStep(s: GroupState): UpkeepStep | null {
  return refreshStep(s) ?? helperStep(s);
}
