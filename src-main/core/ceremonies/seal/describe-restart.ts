import type { Fact } from '../../../../src-shared/api/ceremonies.ts';
import { SEAL_FACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { restartWords } from './restart.ts';
import type { RestartChange, SealState } from './state.ts';
import { listNames } from './values.ts';

/**
 * What a restarted committee says to people (restart.ts, restart-member.ts): one sentence on who
 * was left out or replaced, and, behind Technical details, the committees abandoned on chain.
 */

function lastRestart(s: SealState): { change: RestartChange; count: number; abandoned: string[] } | null {
  if (s.role === 'coordinator') {
    const prev = s.previousCommittees ?? [];
    const last = prev.at(-1);
    return last ? { change: last, count: prev.length, abandoned: prev.map((p) => p.committeeId) } : null;
  }
  if (s.role === 'member' && s.restart)
    return { change: s.restart, count: s.restart.previousCommitteeIds.length, abandoned: s.restart.previousCommitteeIds };
  return null;
}

/** "The coordinator restarted the committee without Carol." (null when it never was). */
export function restartSentence(s: SealState): string | null {
  const r = lastRestart(s);
  if (!r) return null;
  const who = s.role === 'coordinator' ? 'You restarted' : 'The coordinator restarted';
  return `${who} the committee ${restartWords(r.change)}.`;
}

/** The people the new invitation must reach: every member but this install's own. */
export function invitationNames(s: SealState): string {
  const names = s.committee.members.filter((m) => !(s.role === 'member' && m.address === s.address)).map((m) => m.label);
  return names.length > 3 ? `all ${names.length} members` : listNames(names);
}

export function restartFacts(s: SealState): Fact[] {
  const r = lastRestart(s);
  if (!r) return [];
  const times = r.count === 1 ? 'once' : `${r.count} times`;
  return [
    { label: SEAL_FACTS.restarted, value: `${times}; the last time ${restartWords(r.change)}`, mono: false },
    { label: SEAL_FACTS.abandonedCommittees, value: r.abandoned.join(', '), mono: true },
  ];
}
