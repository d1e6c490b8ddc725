/**
 * What an operator sees: one headline saying what happens next or whom we wait for, the
 * participants with plain statuses and their identity check codes, the next actions (with a
 * confirmation sentence for irreversible ones) and public facts.
 */
import { checkCodeOf } from '../../encoding/check-code.ts';
import type { CeremonyMeta, Description } from '../../engine/protocol.ts';
import type { Fact, NextAction, ParticipantView } from '../../../../src-shared/api/ceremonies.ts';
import { identityFingerprint, type IdentityPublic } from '../../crypto/group/identity.ts';
import { findMember, groupStateHash, type GroupPublic } from '../../crypto/group/group-public.ts';
import { sameMoniker } from '../../crypto/group/moniker.ts';
import { genesisRosterFingerprint } from './genesis-steps.ts';
import { pendingJoin, type GroupCeremonyState, type JoinState } from './state.ts';

const idCode = (id: IdentityPublic) => checkCodeOf(identityFingerprint(id));
const list = (xs: readonly string[]) => (xs.length <= 1 ? xs.join('') : `${xs.slice(0, -1).join(', ')} and ${xs[xs.length - 1]}`);
const time = (iso: string) => iso.slice(11, 16);

function action(a: string, label: string, description: string, primary = true, confirm: string | null = null): NextAction {
  return { action: a, label, description, confirm, primary };
}

function genesisView(s: GroupCeremonyState, meta: CeremonyMeta): Description {
  const gs = s.genesis!;
  const fp = genesisRosterFingerprint(s, meta.me.bundleKey);
  const unregistered = gs.planned.filter((m) => !gs.registrations[m]);
  const noRound1 = gs.planned.filter((m) => !gs.round1[m]);
  const noRound2 = gs.planned.filter((m) => !gs.round2[m]);
  const participants: ParticipantView[] = gs.planned.map((m) => {
    const reg = gs.registrations[m];
    const tags = [...(m === s.me ? ['you'] : []), ...(m === gs.coordinator ? ['coordinator'] : [])];
    const problem = s.problem?.culprit === m;
    const status = problem
      ? `Problem: ${s.problem!.message}`
      : gs.final[m]
        ? m === s.me || !gs.final[s.me]
          ? 'Finalised'
          : 'Confirmed the same group key'
        : gs.round2[m]
          ? m === s.me
            ? 'Shares sent'
            : 'Share received and checked'
          : gs.round1[m]
            ? 'Round 1 verified'
            : reg
              ? `Registered${reg.url ? ` (${reg.url})` : ''}`
              : 'Has not registered yet';
    return {
      id: m,
      label: m,
      tags,
      state: problem ? 'problem' : reg ? 'done' : 'waiting',
      status,
      checkCode: reg ? idCode(reg.identity) : null,
    };
  });
  const next: NextAction[] = [];
  let headline: string;
  if (s.problem) headline = `Stopped: ${s.problem.message}`;
  else if (unregistered.length)
    headline = `Waiting for ${list(unregistered)} to register: import ${unregistered.length === 1 ? 'their registration file' : 'their registration files'}.`;
  else if (!gs.round1[s.me]) {
    headline =
      gs.coordinator === s.me
        ? `Everyone is registered. Read the roster check code ${checkCodeOf(fp!)} to every operator; each types it on their computer.`
        : `Everyone is registered. Type the roster check code ${gs.coordinator} reads to you; your app checks it.`;
    next.push(action('confirm-roster', 'Confirm the roster', 'Sends your round-1 package (commitments and a proof bound to this roster)'));
  } else if (noRound1.length) headline = `Waiting for the round-1 packages of ${list(noRound1)}.`;
  else if (!gs.sentShares) {
    headline = 'Every round-1 package is in and verified. Send your sealed shares.';
    next.push(action('send-shares', 'Send my shares', 'Seals one share for each other operator (round 2)'));
  } else if (noRound2.length) headline = `Waiting for the sealed shares of ${list(noRound2)}.`;
  else if (!s.group) {
    headline = 'Every share is in and checked against its dealer. Finalise to compute your share and the group key.';
    next.push(
      action(
        'finalize',
        'Finalise',
        'Computes your share (kept in the vault) and the group key',
        true,
        'This fixes the group key and stores your share in the vault. Go on?',
      ),
    );
  } else {
    const waiting = gs.planned.filter((m) => !gs.final[m]);
    headline = waiting.length
      ? `Genesis done here. Waiting for ${list(waiting)} to confirm the same group key.`
      : 'Genesis done: every operator confirmed the same group key.';
  }
  const facts: Fact[] = [
    { label: 'Threshold', value: `${gs.threshold} of ${gs.planned.length} operators`, mono: false },
    { label: 'Your moniker', value: s.me, mono: false },
    { label: 'Your identity code', value: idCode(s.myIdentity), mono: false },
  ];
  // An operator types the code the coordinator announces: shown here only once it was checked.
  if (fp && (gs.coordinator === s.me || gs.round1[s.me])) facts.push({ label: 'Roster check code', value: checkCodeOf(fp), mono: false });
  if (gs.transcript) facts.push({ label: 'Genesis transcript code', value: checkCodeOf(gs.transcript), mono: false });
  if (s.exchangeFolder) facts.push({ label: 'Exchange folder', value: s.exchangeFolder, mono: true });
  return { headline, participants, next: [...next, ...exchangeAction(s)], facts };
}

function joinParticipants(s: GroupCeremonyState, g: GroupPublic, j: JoinState | undefined): ParticipantView[] {
  const out: ParticipantView[] = g.members.map((m) => {
    const tags = [...(sameMoniker(m.moniker, s.me) ? ['you'] : []), ...(m.joinedAt > 0 ? [`joined (join ${m.joinedAt})`] : [])];
    let status = 'Member';
    let state: ParticipantView['state'] = 'done';
    if (j && j.signed.request.quorum.includes(m.moniker)) {
      tags.push('approver');
      const a = j.approvals[m.moniker];
      const c = j.contributions[m.moniker];
      status = c ? `Approved ${a ? time(a.at) : ''}, contribution sent` : a ? `Approved ${time(a.at)}` : 'Has not approved yet';
      state = c ? 'done' : 'waiting';
    } else if (s.agreements[m.moniker] === groupStateHash(g)) status = 'Member (same group state confirmed)';
    return { id: m.moniker, label: m.moniker, tags, state, status, checkCode: idCode(m.identity) };
  });
  if (j) {
    const r = j.signed.request;
    out.push({
      id: r.moniker,
      label: r.moniker,
      tags: [...(sameMoniker(r.moniker, s.me) ? ['you'] : []), 'joining'],
      state: 'waiting',
      status: 'Asked to join',
      checkCode: mustType(s, j) ? null : idCode(r.identity),
    });
  }
  return out;
}

function groupFacts(s: GroupCeremonyState, g: GroupPublic): Fact[] {
  const facts: Fact[] = [
    { label: 'Group key', value: g.groupKey, mono: true },
    { label: 'Threshold', value: `${g.threshold} of ${g.members.length} members`, mono: false },
    { label: 'Your moniker', value: s.me, mono: false },
    { label: 'Your identity code', value: idCode(s.myIdentity), mono: false },
    { label: 'Group state code', value: checkCodeOf(groupStateHash(g)), mono: false },
    { label: 'Genesis transcript code', value: checkCodeOf(g.genesisTranscript), mono: false },
  ];
  for (const x of g.joins) facts.push({ label: `Join ${x.epoch}`, value: `${x.moniker}, approved by ${list(x.approvers)}`, mono: false });
  const refused = s.joins.filter((j) => j.status === 'refused');
  for (const j of refused) facts.push({ label: 'Refused request', value: `${j.signed.request.moniker}: ${j.refusal}`, mono: false });
  if (s.exchangeFolder) facts.push({ label: 'Exchange folder', value: s.exchangeFolder, mono: true });
  const last = s.exports[s.exports.length - 1];
  if (last) facts.push({ label: 'Last export', value: `${last.files.join(', ')} → ${last.folder}`, mono: false });
  return facts;
}

/** An approver who has not approved yet types the code the newcomer reads them: it is not shown to them. */
function mustType(s: GroupCeremonyState, j: JoinState): boolean {
  return j.signed.request.quorum.includes(s.me) && !j.approvals[s.me];
}

/** The pending join, labelled with its number (the forms and the CLI read the number from the label). */
function pendingFact(s: GroupCeremonyState, j: JoinState): Fact {
  const r = j.signed.request;
  const code = mustType(s, j) ? 'identity code to hear from them' : `identity code ${idCode(r.identity)}`;
  return {
    label: `Join ${j.epoch} request`,
    value: `${r.moniker}: ${code}; approvers ${list(r.quorum)}`,
    mono: false,
  };
}

/** Online mode: picking up the exchange folder is done by the screen (an import), not by a protocol step. */
function exchangeAction(s: GroupCeremonyState): NextAction[] {
  return s.exchangeFolder && !s.problem
    ? [action('check-exchange', 'Pick up new files', `Imports what the others dropped in the exchange folder (${s.exchangeFolder})`, false)]
    : [];
}

function exportAction(): NextAction {
  return action(
    'export-trust-server',
    'Export for trust-server',
    'Writes public_key.txt, peers_list.txt, shared.sss and, if you ask, private.sss into a folder',
    false,
  );
}

function memberView(s: GroupCeremonyState, g: GroupPublic): Description {
  const j = pendingJoin(s);
  const next: NextAction[] = [];
  const confirmed =
    s.genesis && s.genesis.planned.every((m) => s.genesis!.final[m]) ? ' Every operator confirmed the same group key at genesis.' : '';
  let headline = `Group ready: ${g.threshold} of ${g.members.length} members can sign with key ${g.groupKey.slice(0, 16)}….${confirmed}`;
  if (j) {
    const r = j.signed.request;
    const approvers = r.quorum;
    const missing = approvers.filter((q) => !j.approvals[q]);
    const iApprove = approvers.includes(s.me);
    if (!iApprove)
      headline = `${r.moniker} asks to join; approvers: ${list(approvers)} (not you). ${missing.length ? `Waiting for ${list(missing)}.` : 'All approved.'}`;
    else if (!j.approvals[s.me]) {
      headline = `${r.moniker} asks to join and names you as an approver. Ask ${r.moniker} to read you their identity code, and approve only if it matches.`;
      next.push(
        action(
          'approve-join',
          `Approve ${r.moniker}`,
          `Checks the request and sends your approval with your repair contribution for the other approvers`,
        ),
      );
      next.push(action('refuse-join', 'Refuse', `Refuse ${r.moniker}'s request (nothing is sent)`, false));
    } else if (missing.length)
      headline = `You approved ${r.moniker}. Waiting for the approvals of ${list(missing)}: the approvers exchange sealed parts among themselves first.`;
    else if (!j.contributions[s.me]) {
      headline = `Every approver has approved ${r.moniker}. Send your sealed contribution to ${r.moniker}.`;
      next.push(
        action(
          'send-contribution',
          `Send my contribution to ${r.moniker}`,
          `Combines the parts the other approvers sealed for you into one value only ${r.moniker} can open`,
          true,
          `This sends your part of ${r.moniker}'s share. Go on?`,
        ),
      );
    } else headline = `You sent your contribution. Waiting for ${r.moniker} to finalise and send their "joined" notice.`;
  }
  next.push(...exchangeAction(s), exportAction());
  const facts = groupFacts(s, g);
  if (j) facts.splice(4, 0, pendingFact(s, j));
  return { headline, participants: joinParticipants(s, g, j), next, facts };
}

function newcomerView(s: GroupCeremonyState, g: GroupPublic): Description {
  const j = pendingJoin(s);
  const next: NextAction[] = [];
  let headline: string;
  if (!j) {
    const refused = s.joins.filter((x) => x.status === 'refused').length;
    headline = `${refused ? 'Your last request was refused. ' : ''}Check that the group key below is the published one (public_key.txt), then choose at least ${g.threshold} members to approve you and hand them your join request.`;
    next.push(action('request-join', 'Make my join request', `Signs a request naming you (${s.me}) and the members you ask`));
  } else {
    const r = j.signed.request;
    const missing = r.quorum.filter((q) => !j.approvals[q]);
    const noSigma = r.quorum.filter((q) => !j.contributions[q]);
    if (missing.length)
      headline = `Give join-request-${s.me}.json to ${list(r.quorum)} and read them your identity code ${idCode(s.myIdentity)}. Approvals: ${r.quorum.length - missing.length} of ${r.quorum.length} (waiting for ${list(missing)}).`;
    else if (noSigma.length) headline = `Everyone approved. Waiting for the sealed contributions of ${list(noSigma)}.`;
    else {
      headline = 'Every approval and contribution is in. Finalise to rebuild your share and check it against the group.';
      next.push(
        action(
          'finalize-join',
          'Finalise my join',
          'Rebuilds your share, checks it against the group commitments and stores it in the vault',
          true,
          'This stores your share in the vault and tells the members you joined. Go on?',
        ),
      );
    }
  }
  const facts = groupFacts(s, g);
  if (j) facts.splice(4, 0, pendingFact(s, j));
  return { headline, participants: joinParticipants(s, g, j), next: [...next, ...exchangeAction(s)], facts };
}

export function describeGroup(s: GroupCeremonyState, meta: CeremonyMeta): Description {
  if (s.problem || !s.group) {
    if (s.genesis) return genesisView(s, meta);
  }
  const g = s.group!;
  if (s.genesis && s.genesis.planned.some((m) => !s.genesis!.final[m]) && !pendingJoin(s) && g.epoch === 0) {
    // Right after genesis, keep the genesis view until everyone confirmed the same key.
    const d = genesisView(s, meta);
    return {
      ...d,
      next: [...d.next, exportAction()],
      facts: groupFacts(s, g).concat(d.facts.filter((f) => f.label === 'Roster check code')),
    };
  }
  if (s.origin === 'newcomer' && !findMember(g, s.me)) return newcomerView(s, g);
  return memberView(s, g);
}
