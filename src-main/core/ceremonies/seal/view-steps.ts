/**
 * Where each role stands (SealView.step), from the state alone. describe.ts words the same
 * moments for people; these rules decide the stepper, so each returns the FIRST unfinished step.
 */
import type { SealStep } from '../../../../src-shared/ceremonies/seal.ts';
import { phaseOf } from './phases.ts';
import { expectedMessageCount, isRotation, joinCheckCode, rosterOf } from './rotation.ts';
import type { CoordinatorState, MemberState, RelayState, SealState } from './state.ts';
import { allRegistered } from './values.ts';

/**
 * The member compared the committee code and said "Codes match": the LATEST committee verdict
 * counts (a later "differs" withdraws an earlier match), and only for the code this committee
 * has now (a match of another code says nothing about this one).
 */
export function committeeCodeConfirmed(s: MemberState): boolean {
  const code = joinCheckCode(s);
  const last = (s.codeChecks ?? []).filter((c) => c.moment === 'committee').at(-1);
  return code !== null && last?.verdict === 'match' && last.code === code;
}

/**
 * The message set this member processes is here: processed, or every message it needs is in the
 * inbox (the coordinator's set, or message files; a fresh member's own message counts, as in
 * phaseOf). A rotation's count is unknown until the rotation is (air-gapped, before a snapshot).
 */
export function messageSetArrived(s: MemberState): boolean {
  if (s.result) return true;
  const needed = expectedMessageCount(s);
  return needed !== null && s.inbox.length > 0 && s.inbox.length === needed;
}

/** A continuing member of a key rotation (member of the current and the new committee). */
export function continuesInRotation(s: MemberState): boolean {
  return Boolean(rosterOf(s)?.continuing.some((c) => c.partyId === s.partyId));
}

/**
 * An air-gapped member of a fresh committee hands over with its signed proposal, on its last USB
 * trip out: seeing finalization would take one more trip in, and nothing it hands over depends on
 * it (its share is fixed by the message set it processed; KEY_SERVER_OBJ_ID reaches the key
 * server's operator from the coordinator). A continuing member of a rotation must wait: its old
 * share stays live until the chain switches versions.
 */
export function handsOverBeforeFinalization(s: MemberState): boolean {
  const signed = s.proposed || (s.pending?.purpose === 'propose' && s.pending.status === 'signed');
  return s.airGapped && !isRotation(s) && s.result !== null && signed;
}

/** After finalization (or see handsOverBeforeFinalization): the three hand-over tasks, each from what this install did. */
export function handoverOf(s: MemberState): { share: boolean; credentials: boolean; cleanup: boolean } | null {
  if (!s.keyServer && !handsOverBeforeFinalization(s)) return null;
  return {
    // A share that went to the key server machine: a file, the operator's package or the
    // clipboard. An encrypted backup keeps it safe but does not start a key server, so it does not count.
    // A continuing member of a rotation handed over both shares while the rotation ran; once it
    // is finalized the key server restarts with the new share only, so only a hand-over made
    // after this install saw the finalized chain counts.
    share: s.handoffs.some(
      (h) => h.method !== 'backup' && (!continuesInRotation(s) || s.chain?.phase !== 'Finalized' || h.at >= s.chain.observedAt),
    ),
    // A continuing member of a rotation keeps its key server and its API credentials: the
    // aggregator already has them, so there is nothing to send (only joining members send).
    credentials: s.credentials !== null || continuesInRotation(s),
    cleanup: s.cleanedUp,
  };
}

function memberStep(s: MemberState): SealStep {
  // A registration already made (or under way) needed the keys and the code check, even in a
  // ceremony folder written before code checks were journaled.
  const registering = s.registered || s.requested.register || s.pending?.purpose === 'register';
  if (!registering && !(s.keys && committeeCodeConfirmed(s))) return 'join';
  if (!s.registered) return 'register';
  // Joining members of a rotation deal nothing, but they too wait here for the message set.
  if (!messageSetArrived(s)) return 'send-message';
  // The chain finalizes only once every member proposed, so a known key server means "proposed
  // and finalized"; until then the messages_hash code is compared and proposals collected.
  const h = handoverOf(s);
  if (!h) return 'check-result';
  return h.share && h.credentials && h.cleanup ? 'done' : 'hand-over';
}

function coordinatorStep(s: CoordinatorState): SealStep {
  // publish + init_committee (or init_rotation): the committee members will compare is being made.
  if (!s.committee.committeeId) return 'join';
  if (!allRegistered(s)) return 'register';
  if (!s.messageSet) return 'send-message';
  if (!s.keyServer) return 'check-result';
  // The aggregator config needs every member's API credentials; in a rotation only the members
  // who join send theirs (continuing members' key servers are already in the aggregator's config).
  const roster = rosterOf(s);
  const all = s.committee.members.every(
    (_, i) => s.credentials.some((c) => c.partyId === i) || Boolean(roster?.continuing.some((c) => c.partyId === i)),
  );
  return all ? 'done' : 'hand-over';
}

/**
 * A relay sees only the chain and its member's bundles: the register request starts
 * registration, the chain's registration ends it, and phase 3 (the member's proposal request or a
 * proposal on chain) means the message set is out. After finalization the relay still carries
 * the finalized snapshot and cannot see the member's hand-over, so it stays in "hand-over".
 */
function relayStep(s: RelayState): SealStep {
  if (!s.done.register && !s.requests.register) return 'join';
  if (!s.done.register) return 'register';
  if (s.keyServer) return 'hand-over';
  return phaseOf(s) === 3 ? 'check-result' : 'send-message';
}

export function stepOf(s: SealState): SealStep {
  // A later rotation replaced this finished committee: nothing of it is current any more.
  if (s.retired ?? null) return 'retired'; // missing in states written before rotations existed
  switch (s.role) {
    case 'coordinator':
      return coordinatorStep(s);
    case 'member':
      return memberStep(s);
    case 'relay':
      return relayStep(s);
  }
}
