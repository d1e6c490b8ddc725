/**
 * The Seal view's per-member data: the roster rows, whom the current step waits for, and the
 * files due now ("Carry now"). Each reads only what this install can know; what it cannot know
 * is null (rows) or left out (waiting, carry), never guessed.
 */
import {
  SEAL_ARTIFACTS,
  sealParticipantId,
  type SealCarry,
  type SealMemberRow,
  type SealStep,
} from '../../../../src-shared/ceremonies/seal.ts';
import { expectedMessageCount, rosterOf, rotationOf } from './rotation.ts';
import type { CoordinatorState, MemberState, RelayState, SealState } from './state.ts';
import { handoverOf, messageSetArrived } from './view-steps.ts';
import { allRegistered } from './values.ts';

/** The party this install acts for (member or relay); null for the coordinator. */
function ownParty(s: SealState): number | null {
  return s.role === 'coordinator' ? null : s.partyId;
}

/** On chain (chain read, snapshot or message set), or this install's own registration went through. */
function isRegistered(s: SealState, i: number): boolean {
  if (s.registrations.some((r) => r.partyId === i)) return true;
  if (i !== ownParty(s)) return false;
  return s.role === 'member' ? s.registered : s.role === 'relay' && s.done.register;
}

/** A finalized committee holds every member's proposal; before, the chain's approvals (or our own proposal) say it. */
function hasProposed(s: SealState, i: number): boolean {
  if (s.keyServer || (s.chain?.approvals.includes(s.committee.members[i]!.address) ?? false)) return true;
  if (i !== ownParty(s)) return false;
  return s.role === 'member' ? s.proposed : s.role === 'relay' && s.done.propose;
}

/** Coordinator: the message arrived; member: it is in the inbox (the set, a file, its own); a relay never sees messages. */
function messageEntry(s: SealState, i: number) {
  if (s.role === 'coordinator') return s.messages.find((m) => m.partyId === i) ?? null;
  if (s.role === 'member') return s.inbox.find((m) => m.partyId === i) ?? null;
  return null;
}

export function memberRows(s: SealState): SealMemberRow[] {
  const roster = rosterOf(s);
  const mine = ownParty(s);
  return s.committee.members.map((m, i) => {
    const entry = messageEntry(s, i);
    return {
      partyId: i,
      id: sealParticipantId.member(i),
      name: m.label,
      address: m.address,
      you: i === mine,
      // Only this install's own member is known to be online or not (a relay serves an air-gapped one).
      airGapped: i !== mine ? null : s.role === 'member' ? s.airGapped : true,
      // Unknown (null) on a fresh committee, and in a rotation this install has no details of yet.
      rotationPart: !roster ? null : roster.continuing.some((c) => c.partyId === i) ? 'continuing' : 'joining',
      registered: isRegistered(s, i),
      messageReceived: s.role === 'relay' ? null : entry !== null,
      proposed: hasProposed(s, i),
      credentials: s.role === 'coordinator' ? s.credentials.some((c) => c.partyId === i) : null,
      messageCode: entry?.checkCode ?? null,
    };
  });
}

/** Rotation: current members not in the new committee (they have no label; the old party id names them). */
export function leavingRows(s: SealState): { name: string; address: string }[] {
  const rot = rotationOf(s);
  const roster = rosterOf(s);
  if (!rot || !roster) return [];
  return roster.leaving.map((l) => ({ name: `Party ${l.oldPartyId} of version ${rot.fromVersion}`, address: l.address }));
}

/** Labels of the members (never the coordinator) for whom `missing` holds, leaving out this install's own member. */
function namesWhere(s: SealState, missing: (i: number) => boolean, withOwn: boolean): string[] {
  const mine = ownParty(s);
  return s.committee.members.filter((_, i) => missing(i) && (withOwn || i !== mine)).map((m) => m.label);
}

/** Coordinator collecting messages: every member (fresh), or continuing members until the old threshold's count is in (rotation). */
function missingMessages(s: CoordinatorState): string[] {
  const needed = expectedMessageCount(s);
  if (needed !== null && s.messages.length >= needed) return [];
  const roster = rosterOf(s);
  const joining = (i: number) => roster?.joining.includes(i) ?? false;
  return namesWhere(s, (i) => !joining(i) && !s.messages.some((m) => m.partyId === i), true);
}

/**
 * Whom the current step waits for. The coordinator waits for members; a member or relay for the
 * OTHER members (its own part is what its screen asks it to do, and the coordinator's part is
 * worded by the screens). Empty when the step waits on nobody but this install.
 */
export function waitingFor(s: SealState, step: SealStep): string[] {
  const coordinator = s.role === 'coordinator';
  const notRegistered = (i: number) => !isRegistered(s, i);
  switch (step) {
    case 'register':
      return namesWhere(s, notRegistered, coordinator);
    case 'send-message':
      if (coordinator) return missingMessages(s as CoordinatorState);
      // Members and relays cannot see who sent a message: until everyone registered they wait
      // for registrations, then for the coordinator's message set.
      return allRegistered(s) ? [] : namesWhere(s, notRegistered, false);
    case 'check-result':
      return namesWhere(s, (i) => !hasProposed(s, i), coordinator);
    case 'hand-over':
      // Only the coordinator waits for others here: the members' API credentials (in a rotation,
      // only the joining members': continuing members' key servers keep theirs).
      return coordinator
        ? namesWhere(
            s,
            (i) =>
              !(s as CoordinatorState).credentials.some((c) => c.partyId === i) && !rosterOf(s)?.continuing.some((c) => c.partyId === i),
            true,
          )
        : [];
    default:
      return [];
  }
}

// --- carry now ---------------------------------------------------------------------------------

const to = (artifactId: string, where: SealCarry['to']): SealCarry => ({ artifactId, to: where });

/**
 * Member. Each bundle exists from the action that writes it (member.ts, credentials.ts) and is
 * due until what it asks for is seen here:
 * - air-gapped: the register / propose request until the relay's unsigned transaction arrives
 *   (it then is pending) or the chain shows the step done; the signature bundle while the signed
 *   transaction waits for the relay (settled by the snapshot that shows it);
 * - the DKG message until the message set arrives (the coordinator had it then);
 * - after finalization, during the hand-over: key-server-config.yaml to the key server machine
 *   until the share went there too, and the API credentials once written (this install cannot
 *   see the coordinator import them).
 */
function memberCarry(s: MemberState, step: SealStep): SealCarry[] {
  const out: SealCarry[] = [];
  if (s.airGapped) {
    if (s.requested.register && !s.registered && !s.pending) out.push(to(SEAL_ARTIFACTS.registerRequest, 'relay'));
    if (s.requested.propose && !s.proposed && !s.keyServer && !s.pending) out.push(to(SEAL_ARTIFACTS.proposeRequest, 'relay'));
    const p = s.pending;
    if (p?.status === 'signed' && (p.purpose === 'register' || p.purpose === 'propose'))
      out.push(to(SEAL_ARTIFACTS.txSignature(p.purpose), 'relay'));
  }
  if (s.message && !messageSetArrived(s)) out.push(to(SEAL_ARTIFACTS.messageBundle, 'coordinator'));
  const h = handoverOf(s);
  // An air-gapped member that handed over before finalization still has its last USB trip to
  // make when its checklist is complete: the files stay here until it sees finalization.
  const lastTripDue = step === 'done' && s.airGapped && !s.keyServer;
  if (h && (step === 'hand-over' || lastTripDue)) {
    // key-server-config.yaml exists once the key server is known (finalized).
    if (!h.share && s.keyServer) out.push(to(SEAL_ARTIFACTS.keyServerConfig, 'key-server'));
    if (h.credentials) out.push(to(SEAL_ARTIFACTS.apiCredentials, 'coordinator'));
  }
  return out;
}

/**
 * Coordinator (coordinator.ts, snapshots.ts): the invitation while members still register; the
 * registrations snapshot (written by a chain read once everyone registered) until the message set
 * is out, since an air-gapped member needs it to create its message; the message set until
 * finalization; the finalized snapshot while credentials are missing (an air-gapped member sends
 * them only once it knows the key server). The coordinator cannot tell which members are
 * air-gapped, so the snapshots are offered for any (their relays make the same ones).
 */
function coordinatorCarry(s: CoordinatorState, step: SealStep): SealCarry[] {
  const out: SealCarry[] = [];
  if (s.committee.committeeId && !allRegistered(s)) out.push(to(SEAL_ARTIFACTS.invitation, 'members'));
  if (s.snapshotsSent.registered && !s.messageSet) out.push(to(SEAL_ARTIFACTS.snapshotRegistered, 'air-gapped-member'));
  if (s.messageSet && !s.keyServer) out.push(to(SEAL_ARTIFACTS.messageSet, 'members'));
  if (s.snapshotsSent.finalized && step === 'hand-over') out.push(to(SEAL_ARTIFACTS.snapshotFinalized, 'air-gapped-member'));
  return out;
}

/**
 * Relay (relay.ts, snapshots.ts): the unsigned transaction while it waits for the member's
 * signature; the registrations snapshot until the member's proposal request shows it was used;
 * the finalized snapshot once written (the relay cannot see it arrive).
 */
function relayCarry(s: RelayState): SealCarry[] {
  const out: SealCarry[] = [];
  const p = s.pending;
  if (p?.status === 'unsigned' && (p.purpose === 'register' || p.purpose === 'propose'))
    out.push(to(SEAL_ARTIFACTS.unsignedTx(p.purpose), 'air-gapped-member'));
  // A proposal built from the message set travels with the set, on the same trip.
  if (p?.status === 'unsigned' && p.purpose === 'propose' && s.requests.propose?.source === 'message-set')
    out.push(to(SEAL_ARTIFACTS.messageSet, 'air-gapped-member'));
  if (s.snapshotsSent.registered && !s.requests.propose && !s.done.propose && !s.keyServer)
    out.push(to(SEAL_ARTIFACTS.snapshotRegistered, 'air-gapped-member'));
  if (s.snapshotsSent.finalized) out.push(to(SEAL_ARTIFACTS.snapshotFinalized, 'air-gapped-member'));
  return out;
}

export function carryNow(s: SealState, step: SealStep): SealCarry[] {
  // A retired committee's files are history.
  if (step === 'retired') return [];
  switch (s.role) {
    case 'coordinator':
      return coordinatorCarry(s, step);
    case 'member':
      return memberCarry(s, step);
    case 'relay':
      return relayCarry(s);
  }
}
