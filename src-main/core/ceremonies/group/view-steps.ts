/**
 * Where this install stands in the group (GroupView.role and .step), whom the step waits for,
 * and which files must travel now. Each rule reads the state alone and returns the FIRST
 * unfinished step of the role; describe.ts words the same moments for people.
 */
import {
  GROUP_RECORD_SIGNATURE_ARTIFACT,
  type GroupApprovals,
  type GroupCarry,
  type GroupRole,
  type GroupStep,
} from '../../../../src-shared/ceremonies/group.ts';
import { findMember, groupStateHash } from '../../crypto/group/group-public.ts';
import { sameMoniker } from '../../crypto/group/moniker.ts';
import { Steps } from './payloads.ts';
import { pendingJoin, type GenesisState, type GroupCeremonyState, type JoinState } from './state.ts';

/** Genesis runs (or just ended, before any join): the coordinator and the operators have their own steps. */
function inGenesisRole(s: GroupCeremonyState): boolean {
  return s.genesis !== null && (s.group === null || (s.group.epoch === 0 && !pendingJoin(s)));
}

/** The newcomer's own join: pending, or the last one completed while no later join happened. */
function myJoin(s: GroupCeremonyState): JoinState | undefined {
  if (s.origin !== 'newcomer') return undefined;
  const mine = s.joins.filter((j) => sameMoniker(j.signed.request.moniker, s.me) && j.status !== 'refused').at(-1);
  if (!mine) return undefined;
  if (mine.status === 'pending') return mine;
  return s.group?.epoch === mine.epoch && !pendingJoin(s) ? mine : undefined;
}

export function roleOf(s: GroupCeremonyState): GroupRole {
  if (inGenesisRole(s)) return s.genesis!.coordinator === s.me ? 'coordinator' : 'operator';
  if (s.origin === 'newcomer' && (!findMember(s.group!, s.me) || myJoin(s))) return 'newcomer';
  const j = pendingJoin(s);
  if (j && j.signed.request.quorum.includes(s.me)) return 'approver';
  return 'member';
}

const missing = (names: readonly string[], has: (m: string) => boolean) => names.filter((m) => !has(m));

function genesisStep(s: GroupCeremonyState, gs: GenesisState): GroupStep {
  if (missing(gs.planned, (m) => Boolean(gs.registrations[m])).length) return 'register';
  if (missing(gs.planned, (m) => Boolean(gs.round1[m])).length) return 'check-roster';
  if (missing(gs.planned, (m) => Boolean(gs.round2[m])).length) return 'exchange-shares';
  if (!s.group) return 'finalize';
  if (missing(gs.planned, (m) => Boolean(gs.final[m])).length) return 'confirm-key';
  return 'done';
}

export function stepOf(s: GroupCeremonyState, role: GroupRole): GroupStep {
  if (s.problem) return 'stopped';
  if (role === 'coordinator' || role === 'operator') return genesisStep(s, s.genesis!);
  if (role === 'newcomer') {
    const j = myJoin(s);
    if (!j) return 'request';
    if (j.status === 'joined') return 'done';
    const q = j.signed.request.quorum;
    if (missing(q, (m) => Boolean(j.approvals[m])).length) return 'approvals';
    if (missing(q, (m) => Boolean(j.contributions[m])).length) return 'contributions';
    return 'finalize-join';
  }
  if (role === 'approver') {
    const j = pendingJoin(s)!;
    if (!j.approvals[s.me]) return 'check-newcomer';
    if (missing(j.signed.request.quorum, (m) => Boolean(j.approvals[m])).length) return 'approvals';
    if (!j.contributions[s.me]) return 'contribute';
    return 'newcomer-finalizes';
  }
  return 'ready';
}

/** Whom the step waits for; empty when the next move is mine (or nobody's). */
export function waitingFor(s: GroupCeremonyState, role: GroupRole, step: GroupStep): string[] {
  const others = (xs: string[]) => xs.filter((m) => !sameMoniker(m, s.me));
  const gs = s.genesis;
  const j = role === 'newcomer' ? myJoin(s) : pendingJoin(s);
  const q = j?.signed.request.quorum ?? [];
  switch (step) {
    case 'register':
      return others(missing(gs!.planned, (m) => Boolean(gs!.registrations[m])));
    case 'check-roster':
      return gs!.round1[s.me] ? missing(gs!.planned, (m) => Boolean(gs!.round1[m])) : [];
    case 'exchange-shares':
      return gs!.sentShares ? missing(gs!.planned, (m) => Boolean(gs!.round2[m])) : [];
    case 'confirm-key':
      return missing(gs!.planned, (m) => Boolean(gs!.final[m]));
    case 'approvals':
      return others(missing(q, (m) => Boolean(j!.approvals[m])));
    case 'contributions':
      return missing(q, (m) => Boolean(j!.contributions[m]));
    case 'newcomer-finalizes':
      return [j!.signed.request.moniker];
    case 'ready': {
      if (!j) return [];
      const notYet = missing(q, (m) => Boolean(j.approvals[m]));
      return notYet.length ? notYet : [j.signed.request.moniker];
    }
    default:
      return [];
  }
}

export function approvalsOf(s: GroupCeremonyState, role: GroupRole): GroupApprovals | null {
  const j = role === 'newcomer' ? myJoin(s) : pendingJoin(s);
  if (!j || j.status !== 'pending') return null;
  const q = j.signed.request.quorum;
  return { needed: q.length, from: q.filter((m) => j.approvals[m]), waitingFor: missing(q, (m) => Boolean(j.approvals[m])) };
}

/** The roster code (genesis) or the newcomer's identity code (an approver) was confirmed here; null when no code is due. */
export function codeConfirmed(s: GroupCeremonyState, role: GroupRole, step: GroupStep): boolean | null {
  if (role === 'coordinator' || role === 'operator') return step === 'register' ? null : Boolean(s.genesis!.round1[s.me]);
  if (role === 'approver') return Boolean(pendingJoin(s)!.approvals[s.me]);
  return null;
}

/**
 * The files due now and whom they go to, from what this install can know: an operator who sent
 * their round-1 package had my registration, one who sent shares had my round-1 package, one
 * who finalised had my shares; a member whose group information shows me in the group had my
 * "joined" notice. A file whose arrival nothing can show stays due once the step is 'done': my
 * genesis confirmation ('final'; no later genesis file comes back, `receipt: false`), until a
 * join moves the group on; the screen counts it handed over once the person saved it out. My
 * signature on the genesis record ('record') goes with it, on the same terms.
 * Nothing to carry with an exchange folder (files are dropped there).
 */
export function carryNow(s: GroupCeremonyState, role: GroupRole, step: GroupStep): GroupCarry[] {
  if (s.exchangeFolder || step === 'stopped') return [];
  const out: GroupCarry[] = [];
  const add = (artifactId: string, to: string[], receipt = true) => {
    const rest = to.filter((m) => !sameMoniker(m, s.me));
    if (rest.length) out.push({ artifactId, to: rest, receipt });
  };
  if (role === 'coordinator' || role === 'operator') {
    const gs = s.genesis!;
    if (role === 'coordinator' && step === 'register')
      add(
        'invite',
        missing(gs.planned, (m) => Boolean(gs.registrations[m])),
      );
    if (role === 'operator' && (step === 'register' || step === 'check-roster'))
      add(
        'register',
        missing(gs.planned, (m) => Boolean(gs.round1[m])),
      );
    if (gs.round1[s.me] && (step === 'check-roster' || step === 'exchange-shares'))
      add(
        'round1',
        missing(gs.planned, (m) => Boolean(gs.round2[m])),
      );
    if (gs.sentShares && ['exchange-shares', 'finalize', 'confirm-key'].includes(step))
      add(
        'round2',
        missing(gs.planned, (m) => Boolean(gs.final[m])),
      );
    if (gs.final[s.me] && (step === 'confirm-key' || step === 'done')) add('final', gs.planned, false);
    // My signature on the genesis record travels with my 'final' (record.ts), due as long as it.
    if (gs.final[s.me] && (gs.record ?? []).some((x) => x.participant === s.me) && (step === 'confirm-key' || step === 'done'))
      add(GROUP_RECORD_SIGNATURE_ARTIFACT, gs.planned, false);
    return out;
  }
  if (role === 'newcomer') {
    const j = myJoin(s);
    if (!j) return out;
    const q = j.signed.request.quorum;
    if (step === 'approvals')
      add(
        `join-request-e${j.epoch}-${j.requestHash.slice(0, 8)}`,
        missing(q, (m) => Boolean(j.approvals[m])),
      );
    if (step === 'done') {
      const state = groupStateHash(s.group!);
      add(
        Steps.joined(j.epoch),
        s.group!.members.map((m) => m.moniker).filter((m) => s.agreements[m] !== state),
      );
    }
    return out;
  }
  if (role === 'approver') {
    const j = pendingJoin(s)!;
    const r = j.signed.request;
    if (j.approvals[s.me]) add(Steps.approve(j.epoch), [...missing(r.quorum, (m) => Boolean(j.contributions[m])), r.moniker]);
    if (j.contributions[s.me]) add(Steps.share(j.epoch), [r.moniker]);
    return out;
  }
  // A member after a join: my group information, now listing the newcomer, is the newcomer's
  // receipt for their "joined" notice (their screen says Done once every member's is in). A
  // courtesy: nothing tells me it arrived, so it stays offered until the next join.
  const last = s.group?.joins.at(-1);
  if (role === 'member' && last && last.epoch === s.group!.epoch && !pendingJoin(s)) add(Steps.groupInfo(last.epoch), [last.moniker]);
  return out;
}
