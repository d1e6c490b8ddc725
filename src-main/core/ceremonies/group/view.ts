/**
 * The group ceremony's typed view (GroupView in src-shared/ceremonies/group.ts): the numbers,
 * members and pending join the screens need, as data. describe.ts words the same state for people.
 */
import { groupRecordView } from './record.ts';
import { checkCodeOf } from '../../encoding/check-code.ts';
import type { CeremonyMeta } from '../../engine/protocol.ts';
import type { GroupMemberView, GroupView } from '../../../../src-shared/ceremonies/group.ts';
import { identityFingerprint, type IdentityPublic } from '../../crypto/group/identity.ts';
import { findMember } from '../../crypto/group/group-public.ts';
import { sameMoniker } from '../../crypto/group/moniker.ts';
import { genesisRosterFingerprint } from './genesis-steps.ts';
import { pendingJoin, type GroupCeremonyState } from './state.ts';
import { approvalsOf, carryNow, codeConfirmed, roleOf, stepOf, waitingFor } from './view-steps.ts';

const idCode = (id: IdentityPublic) => checkCodeOf(identityFingerprint(id));

function genesisMembers(s: GroupCeremonyState): GroupMemberView[] {
  const gs = s.genesis!;
  // Whom genesis waits for: registration, then round 1 (after the roster is confirmed), round 2, the final notice.
  const stage = (m: string) => (gs.final[m] ? 4 : gs.round2[m] ? 3 : gs.round1[m] ? 2 : gs.registrations[m] ? 1 : 0);
  const low = Math.min(...gs.planned.map(stage));
  return gs.planned.map((m): GroupMemberView => {
    const reg = gs.registrations[m];
    // An operator not registered yet has no identity code to show; the roster lists them by moniker only.
    if (!reg && m !== s.me) return { moniker: m, role: 'operator', you: false, state: 'waiting', identityCheckCode: null };
    const identity = reg ? reg.identity : s.myIdentity;
    return {
      moniker: m,
      role: 'operator',
      you: m === s.me,
      state: stage(m) > low || low === 4 ? 'done' : 'waiting',
      identityCheckCode: idCode(identity),
    };
  });
}

export function viewGroup(s: GroupCeremonyState, meta: CeremonyMeta): GroupView {
  const g = s.group;
  const j = pendingJoin(s);
  const inGenesis = !g || (s.genesis !== null && s.genesis.planned.some((m) => !s.genesis!.final[m]) && !j && g.epoch === 0);
  const fp = s.genesis ? genesisRosterFingerprint(s, meta.me.bundleKey) : null;
  const role = roleOf(s);
  const step = stepOf(s, role);
  // The coordinator announces the roster code; an operator types what they heard, so their
  // screen gets the code only once main has checked what they typed.
  const rosterShown = fp !== null && (s.genesis!.coordinator === s.me || Boolean(s.genesis!.round1[s.me]));
  const base = {
    protocol: 'group' as const,
    role,
    step,
    me: s.me,
    coordinator: s.genesis?.coordinator ?? null,
    exchangeFolder: s.exchangeFolder,
    rosterCheckCode: rosterShown ? checkCodeOf(fp) : null,
    codeConfirmed: codeConfirmed(s, role, step),
    waitingFor: waitingFor(s, role, step),
    approvals: approvalsOf(s, role),
    carry: carryNow(s, role, step),
    record: groupRecordView(s),
    problem: s.problem ? { message: s.problem.message, culprit: s.problem.culprit } : null,
  };
  if (inGenesis) {
    const gs = s.genesis!;
    return {
      ...base,
      phase: 'genesis',
      threshold: gs.threshold,
      n: gs.planned.length,
      groupKey: g?.groupKey ?? null,
      members: genesisMembers(s),
      pendingJoin: null,
    };
  }
  const r = j?.signed.request;
  // An approver who has not approved types the code the newcomer reads them: it is not shown.
  const hideNewcomerCode = Boolean(j && r!.quorum.includes(s.me) && !j.approvals[s.me]);
  const members: GroupMemberView[] = g!.members.map((m) => {
    const approver = r?.quorum.includes(m.moniker) ?? false;
    return {
      moniker: m.moniker,
      role: 'operator',
      you: sameMoniker(m.moniker, s.me),
      state: !approver ? 'idle' : j!.contributions[m.moniker] ? 'done' : 'waiting',
      identityCheckCode: idCode(m.identity),
    };
  });
  if (r)
    members.push({
      moniker: r.moniker,
      role: 'newcomer',
      you: sameMoniker(r.moniker, s.me),
      state: 'waiting',
      identityCheckCode: hideNewcomerCode ? null : idCode(r.identity),
    });
  return {
    ...base,
    phase: j || (s.origin === 'newcomer' && !findMember(g!, s.me)) ? 'joining' : 'group',
    threshold: g!.threshold,
    n: g!.members.length,
    groupKey: g!.groupKey,
    members,
    pendingJoin:
      j && r
        ? {
            epoch: j.epoch,
            moniker: r.moniker,
            identityCheckCode: hideNewcomerCode ? null : idCode(r.identity),
            approvers: [...r.quorum],
            approved: r.quorum.filter((q) => j.approvals[q]),
          }
        : null,
  };
}
