/**
 * What people see: a headline (what happens next, or whom we wait for), the members with their
 * status and check codes, the next actions (with a confirmation sentence for the irreversible
 * ones), and the public facts of the group.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { messageAsText } from './message-text.ts';
import { checkCodeOfBytes } from '../../encoding/check-code.ts';
import type { CeremonyMeta, Description } from '../../engine/protocol.ts';
import { contactFingerprint } from '../../formats/frost/contact.ts';
import { frostSuite } from '../../crypto/frost/index.ts';
import { FROST_FACT, type FrostActionName } from '../../../../src-shared/ceremonies/frost.ts';
import type { Fact, NextAction, ParticipantView } from '../../../../src-shared/api/ceremonies.ts';
import { groupCodeStatus } from './code-checks.ts';
import { myContactString } from './contacts.ts';
import { describeParams, paramsCheckCode } from './dkg.ts';
import { missingRound1, missingRound2 } from './exchange.ts';
import { leftOutBy, restartCandidates } from './restart.ts';
import { describeOnlineDkg, describeOnlineRuns, onlineMemberStatus } from './online/describe.ts';
import {
  memberById,
  myMember,
  nameOf,
  names,
  type ContactsState,
  type Exchange,
  type FrostState,
  type GroupState,
  type SigningSession,
} from './state.ts';

const action = (a: FrostActionName, label: string, description: string, confirm: string | null = null, primary = false): NextAction => ({
  action: a,
  label,
  description,
  confirm,
  primary,
});
const fact = (label: string, value: string, mono = false): Fact => ({ label, value, mono });

export { messageAsText };

function describeContacts(state: ContactsState): Description {
  const fp = contactFingerprint(hexToBytes(state.publicKey));
  const participants: ParticipantView[] = [
    { id: state.name, label: state.name, tags: ['you'], state: 'done', status: `Fingerprint ${fp}`, checkCode: null },
    ...state.contacts.map((c): ParticipantView => ({
      id: c.name,
      label: c.name,
      tags: ['contact'],
      state: 'done',
      status: `Fingerprint ${contactFingerprint(hexToBytes(c.publicKey))}`,
      checkCode: null,
    })),
  ];
  const next = [
    action(
      'contact-import',
      'Import a contact',
      'Paste a zffrost1… contact string another member gave you; then compare its fingerprint with them.',
      null,
      true,
    ),
  ];
  if (state.contacts.length)
    next.push(action('contact-remove', 'Remove a contact', 'Forget a contact (for example one imported by mistake).'));
  return {
    headline: state.contacts.length
      ? `Your communication key and ${state.contacts.length} contact${state.contacts.length === 1 ? '' : 's'}.`
      : 'Your communication key is ready: give your contact string to the other members and import theirs.',
    participants,
    next,
    facts: [
      fact('Your name', state.name),
      fact(FROST_FACT.contactString, myContactString(state), true),
      fact(FROST_FACT.contactFingerprint, fp),
      fact('Communication public key', state.publicKey, true),
    ],
  };
}

/** The creator's way out of a stalled or failed key generation (restart.ts); its form chooses whom to go on without. */
function restartAction(state: GroupState): NextAction[] {
  if (!restartCandidates(state).length) return [];
  return [
    action(
      'restart-dkg',
      'Restart without someone…',
      'Go on without members who do not send their files (or whose files were refused): everyone else gets a new invitation and compares a new code.',
    ),
  ];
}

function dkgNext(state: GroupState, ex: Exchange): { headline: string; next: NextAction[] } {
  const d = dkgSteps(state, ex);
  return { headline: d.headline, next: [...d.next, ...restartAction(state)] };
}

function dkgSteps(state: GroupState, ex: Exchange): { headline: string; next: NextAction[] } {
  const me = myMember(state);
  const creator = nameOf(state, state.creator);
  const restart = state.restarts?.at(-1);
  if (!ex.sentRound1) {
    const params = state.params!;
    const isCreator = state.me === state.creator;
    const without = restart ? restart.without.map((w) => w.name).join(', ') : '';
    return {
      headline: isCreator
        ? restart
          ? `You restarted the key generation without ${without}. Give each remaining member their new invitation file, then make your commitment. Parameters check code ${paramsCheckCode(params)}.`
          : `Give each member their invitation file, then make your commitment. Parameters check code ${paramsCheckCode(params)}.`
        : restart
          ? `${creator} restarted the group without ${without}: ${describeParams(params)}. Check these parameters and the new code with ${creator}, then accept them.`
          : `${creator} invites you, ${me.name}, into a group: ${describeParams(params)}. Check these parameters, then accept them.`,
      next: [
        action(
          'round1',
          isCreator ? 'Make my commitment' : 'Accept the rules',
          isCreator
            ? 'Make your commitment file for the other members (round 1).'
            : 'Accept the rules shown below and make your commitment file for the other members (round 1).',
          `You accept this group: ${describeParams(params)}, described as "${params.description}". Parameters check code ${paramsCheckCode(params)}${isCreator ? '' : `: compare it with ${creator}`}. Your commitment file will be made and cannot be taken back.`,
          true,
        ),
      ],
    };
  }
  const m1 = missingRound1(state, ex);
  if (m1.length) return { headline: `Waiting for the commitments of ${names(state, m1)}. Import their files when they arrive.`, next: [] };
  if (!ex.sentRound2)
    return {
      headline: 'Every commitment is in and verified. Make your shares file.',
      next: [
        action(
          'round2',
          'Make my shares',
          'Make your shares file (round 2): one secret share for each other member, each sealed to its recipient.',
          null,
          true,
        ),
      ],
    };
  const m2 = missingRound2(state, ex);
  if (m2.length) return { headline: `Waiting for the shares of ${names(state, m2)}.`, next: [] };
  return {
    headline: 'Every share is in and checked. Finish: compute the group key.',
    next: [
      action(
        'finalize',
        'Compute the group key',
        'Combine the shares into your key package (kept in the vault) and compute the group key.',
        null,
        true,
      ),
    ],
  };
}

export function memberStatus(state: GroupState, id: string): Pick<ParticipantView, 'state' | 'status'> {
  const m = memberById(state, id)!;
  const mine = id === state.me;
  if (m.evicted) return { state: 'inactive', status: 'Left out of a refresh; no longer signs' };
  const onlineDkg = !state.group ? state.online?.runs.find((r) => r.kind === 'dkg') : undefined;
  if (onlineDkg) return onlineMemberStatus(state, onlineDkg, id);
  const repair = state.repairs.find((r) => r.status === 'open' && r.target === id);
  if (repair) return { state: 'waiting', status: `Share being rebuilt (repair ${repair.id})` };
  const ex = state.dkg;
  if (!state.group && ex && ex.status === 'open') {
    const round2Stage = ex.sentRound1 && missingRound1(state, ex).length === 0;
    if (!round2Stage) {
      if (ex.round1[id]) return { state: 'done', status: mine ? 'Round 1 sent' : 'Round 1 verified' };
      return { state: 'waiting', status: mine ? 'Has not accepted yet' : 'No round-1 package yet' };
    }
    if (mine ? ex.sentRound2 : ex.round2[id]) return { state: 'done', status: mine ? 'Round 2 sent' : 'Round 2 checked' };
    return { state: 'waiting', status: mine ? 'Round 2 not sent yet' : 'Round 1 verified; no round-2 package yet' };
  }
  if (!state.group) return { state: 'waiting', status: 'Waiting' };
  return { state: 'done', status: 'Member (code: verifying share)' };
}

/** "Alice (1), Bob (2)": names with their identifier, as a number when it is a small one. */
function membersLine(state: GroupState): string {
  const suite = frostSuite(state.suite);
  return state.members
    .filter((m) => !m.evicted)
    .map((m) => {
      const n = suite.scalarFromBytes(hexToBytes(m.identifier), 'identifier');
      return `${m.name} (${n < 65536n ? n.toString() : `${m.identifier.slice(0, 8)}…`})`;
    })
    .join(', ');
}

function verifyingShares(state: GroupState): Record<string, string> {
  return ((state.group?.publicKeyPackage.verifying_shares ?? {}) as Record<string, string>) ?? {};
}

function sessionLine(state: GroupState, s: SigningSession): string {
  const label = s.label ? `"${s.label}"` : `a ${s.message.length / 2}-byte message`;
  if (s.status === 'done') return `Session ${s.id} (${label}) is signed.`;
  if (s.status === 'declined') return `Session ${s.id} (${label}) was declined by ${names(state, s.declined)}.`;
  if (s.coordinator === state.me) {
    const noCommit = s.signers.filter((x) => !s.commitments[x]);
    if (noCommit.length) return `Session ${s.id} (${label}): waiting for the commitments of ${names(state, noCommit)}.`;
    const noShare = s.signers.filter((x) => !s.shares[x]);
    return `Session ${s.id} (${label}): waiting for the signature shares of ${names(state, noShare)}.`;
  }
  if (s.decision === 'not-asked')
    return `${nameOf(state, s.coordinator)} asked ${names(state, s.signers)} to sign ${label} (session ${s.id}); you are not among them.`;
  if (s.decision === 'approved' && !s.signingPackage)
    return `Session ${s.id} (${label}): waiting for ${nameOf(state, s.coordinator)}'s signing package.`;
  if (s.signed) return `Session ${s.id} (${label}): your share is sent; ${nameOf(state, s.coordinator)} combines the shares.`;
  return `Session ${s.id} (${label}).`;
}

/** Steps that use the group: refused by main until the group key check code was compared (code-checks.ts). */
const USES_GROUP: ReadonlySet<FrostActionName> = new Set<FrostActionName>([
  'sign-request',
  'sign-approve',
  'sign',
  'refresh-start',
  'refresh-join',
  'repair-start',
  'repair-help',
  'export-frost-client',
  'online-approve',
  'online-sign-request',
  'online-sign-join',
]);

/**
 * Before the group key check code is compared (or after "A code differs"), the one thing to do
 * is comparing it: the steps that use the group leave the list, and the headline says so first.
 */
function gateOnGroupCode(state: GroupState, headline: string, next: NextAction[]): string {
  const st = groupCodeStatus(state);
  if (st.state === 'match' || st.state === 'not-needed') return headline;
  const kept = next.filter((n) => !USES_GROUP.has(n.action as FrostActionName)).map((n) => ({ ...n, primary: false }));
  const with_ = state.me === state.creator ? 'the other members' : nameOf(state, state.creator);
  const compare = action(
    'confirm-code',
    'Compare the group key code',
    `Compare the group key check code ${st.code} with ${with_} (a call or in person), then say whether the codes match.`,
    null,
    st.state !== 'differs',
  );
  next.splice(0, next.length, compare, ...kept);
  const rest = headline.startsWith('Group ready') ? '' : ` ${headline}`;
  if (st.state === 'differs')
    return `Stop: the group key check code ${st.latest!.code} differed from ${with_}'s. Do not use this group; talk to ${with_} on a channel you trust. If you misheard, compare again.${rest}`;
  return `The group is made. Before using it, compare the group key check code ${st.code} with ${with_}.${rest}`;
}

function describeGroup(state: GroupState): Description {
  const suite = frostSuite(state.suite);
  const me = myMember(state);
  const facts: Fact[] = [];
  const next: NextAction[] = [];
  let headline: string;
  const active = state.members.filter((m) => !m.evicted);

  if (state.params) facts.push(fact('Parameters check code', paramsCheckCode(state.params)));
  for (const r of state.restarts ?? [])
    facts.push(
      fact(
        `Key generation restarted (attempt ${r.attempt})`,
        `by ${nameOf(state, r.by)} without ${r.without.map((w) => w.name).join(', ')}; threshold ${r.thresholdBefore === r.threshold ? `kept at ${r.threshold}` : `${r.thresholdBefore} → ${r.threshold}`} (${r.at})`,
      ),
    );
  facts.push(
    fact('Description', state.description),
    fact(FROST_FACT.suite, `${suite.name} (${suite.id})`),
    fact(FROST_FACT.threshold, `any ${state.threshold} of ${active.length} members`),
    fact('Members (identifier)', membersLine(state)),
    fact('Your identifier', me.identifier, true),
  );

  const onlineDkg = state.online?.runs.find((r) => r.kind === 'dkg');
  if (!state.group && onlineDkg) {
    const d = describeOnlineDkg(state, onlineDkg);
    headline = d.headline;
    next.push(...d.next);
    facts.push(...d.facts);
  } else if (!state.group) {
    const ex = state.dkg;
    const leftOut = leftOutBy(state);
    if (leftOut) {
      headline = `${nameOf(state, leftOut.by)} restarted the key generation without you: your part in this group is over, and nothing is asked of you.`;
    } else if (ex && ex.status === 'open') {
      const d = dkgNext(state, ex);
      headline = d.headline;
      next.splice(0, next.length, ...d.next);
    } else {
      const r = state.repairs.find((x) => x.target === state.me && x.status === 'open');
      if (r) {
        const noSigma = r.helpers.filter((h) => !r.sigmas[h]);
        headline = `Rebuilding your share (repair ${r.id}): show your hello file's check code to ${names(state, r.helpers)} in person; then import their files. Still waiting for ${names(state, noSigma)}.`;
      } else headline = 'This group has no key package here.';
    }
  } else {
    const g = state.group;
    facts.unshift(fact(FROST_FACT.groupKey, g.verifyingKey, true), fact('Group key check code', checkCodeOfBytes(g.verifyingKey)));
    if (g.keyVersion > 1)
      facts.push(fact('Share version', `${g.keyVersion} (refreshed or repaired ${g.keyVersion - 1} time${g.keyVersion === 2 ? '' : 's'})`));
    const lines: string[] = [];

    // Signing: decisions first (they are what someone waits for), then shares to release.
    const decide = state.signings.find((s) => s.status === 'open' && s.decision === 'pending');
    if (decide) {
      const from = nameOf(state, decide.coordinator);
      facts.unshift(
        fact(FROST_FACT.pendingMessageFrom, `${from} (session ${decide.id}${decide.label ? `, "${decide.label}"` : ''})`),
        fact(FROST_FACT.pendingMessageBytes, `${decide.message.length / 2} bytes`),
        fact(FROST_FACT.pendingMessageText, messageAsText(decide.message)),
        fact(FROST_FACT.pendingMessageHex, decide.message || '(empty)', true),
      );
      lines.push(
        `${from} asks you to sign ${decide.label ? `"${decide.label}"` : 'a message'} (session ${decide.id}), with ${names(
          state,
          decide.signers.filter((x) => x !== state.me),
        )}. Read it below before you approve.`,
      );
      next.push(
        action(
          'sign-approve',
          'Review and approve',
          `Read the message of session ${decide.id} as text and hex, then approve it.`,
          null,
          true,
        ),
        action(
          'sign-decline',
          'Decline',
          `Refuse to sign in session ${decide.id}.`,
          `Decline to sign session ${decide.id}? ${from} will have to ask again.`,
        ),
      );
    }
    const toSign = state.signings.find(
      (s) => s.status === 'open' && s.decision === 'approved' && !s.signed && s.signingPackage && s.signers.includes(state.me),
    );
    if (toSign) {
      lines.push(`The signing package of session ${toSign.id} is in, for the message you approved. Sign it.`);
      next.push(
        action(
          'sign',
          'Sign the message',
          'Make your signature share for the package you imported (your nonces are bound to it).',
          null,
          true,
        ),
      );
    }
    for (const s of state.signings.filter((x) => x.status === 'open' && x !== decide && x !== toSign)) lines.push(sessionLine(state, s));

    const join = state.refreshes.find((r) => r.status === 'open' && r.participants.includes(state.me) && !r.sentRound1);
    if (join) {
      lines.push(
        `${nameOf(state, join.coordinator)} asks to refresh the shares (refresh ${join.id}) with ${names(state, join.participants)}.`,
      );
      const left = active.filter((m) => !join.participants.includes(m.id));
      next.push(
        action(
          'refresh-join',
          'Join the refresh',
          `Take part in refresh ${join.id}: new shares, same group key.`,
          `Join refresh ${join.id}? Everyone taking part gets a new share of the same group key${
            left.length
              ? `; ${names(
                  state,
                  left.map((m) => m.id),
                )} will be left out and their shares stop working`
              : ''
          }.`,
          true,
        ),
        action(
          'refresh-decline',
          'Decline the refresh',
          `Refuse refresh ${join.id} (it is then cancelled).`,
          `Decline refresh ${join.id}? It will be cancelled for everyone.`,
        ),
      );
    }
    for (const r of state.refreshes.filter((x) => x.status === 'open' && x !== join && x.participants.includes(state.me))) {
      const m1 = missingRound1(state, r);
      if (m1.length) lines.push(`Refresh ${r.id}: waiting for the round-1 packages of ${names(state, m1)}.`);
      else if (!r.sentRound2)
        next.push(action('refresh-round2', 'Make my new shares', `Make your sealed new-shares file for refresh ${r.id}.`, null, true));
      else if (missingRound2(state, r).length)
        lines.push(`Refresh ${r.id}: waiting for the round-2 packages of ${names(state, missingRound2(state, r))}.`);
      else
        next.push(
          action(
            'refresh-finalize',
            'Finish the refresh',
            `Combine refresh ${r.id} into your new key package (same group key).`,
            null,
            true,
          ),
        );
    }

    const help = state.repairs.find((r) => r.status === 'open' && r.decision === 'pending');
    if (help) {
      const t = nameOf(state, help.target);
      if (help.helloCheckCode) {
        lines.push(`${nameOf(state, help.coordinator)} asks you to help rebuild ${t}'s share (repair ${help.id}).`);
        next.push(
          action(
            'repair-help',
            `Help rebuild ${t}'s share`,
            `Send your sealed part of repair ${help.id}.`,
            `Only help if ${t} is with you (or on a call you trust) and their screen shows the hello check code ${help.helloCheckCode}. Anyone who gets enough helpers' parts holds ${t}'s share.`,
            true,
          ),
        );
      } else lines.push(`Repair ${help.id} for ${t}: import ${t}'s hello file first (made when ${t} joins from the repair request).`);
      next.push(
        action(
          'repair-decline',
          'Decline the repair',
          `Refuse to help with repair ${help.id}.`,
          `Decline repair ${help.id}? It will be cancelled.`,
        ),
      );
    }
    for (const r of state.repairs.filter(
      (x) => x.status === 'open' && x !== help && x.target !== state.me && x.helpers.includes(state.me),
    )) {
      const missing = r.helpers.filter((h) => !r.commitments[h]);
      lines.push(`Repair ${r.id} for ${nameOf(state, r.target)}: waiting for the parts of ${names(state, missing)}.`);
    }
    const aboutMe = state.repairs.find((r) => r.status === 'open' && r.target === state.me);
    if (aboutMe)
      lines.unshift(
        `WARNING: ${nameOf(state, aboutMe.coordinator)} started repair ${aboutMe.id} of YOUR share. If you did not lose it, tell the group now.`,
      );

    const done = state.signings.filter((s) => s.signature);
    for (const s of done.slice(-5)) facts.push(fact(`Signature ${s.id}${s.label ? ` (${s.label})` : ''}`, s.signature!, true));
    const v = state.verifications[state.verifications.length - 1];
    if (v) facts.push(fact('Last signature check', `${v.valid ? 'valid' : 'INVALID'} (${v.at})`));
    for (const m of active) {
      const share = verifyingShares(state)[m.identifier];
      if (share) facts.push(fact(`Verifying share of ${m.name}`, share, true));
    }

    // Online runs: a message to approve (unless a bundle request already shows one), waits, signatures.
    const online = describeOnlineRuns(state);
    if (online.approvalShown && decide) online.facts.splice(0, 4);
    lines.push(...online.lines);
    next.push(...online.next.filter((n) => !(decide && (n.action === 'online-approve' || n.action === 'online-decline'))));
    facts.push(...online.facts);
    // A run that failed after the group was stored (e.g. a member computed another group key) must not go unnoticed.
    if (onlineDkg && onlineDkg.report.status === 'failed' && onlineDkg.report.error)
      lines.unshift(
        `WARNING: the online key generation reported a problem after your key package was stored: ${onlineDkg.report.error.message}`,
      );
    if (state.origin === 'frostd-dkg' && onlineDkg && onlineDkg.report.status === 'running' && onlineDkg.report.phase === 'confirm')
      lines.push(
        `The group is ready; the online key generation still waits for the confirmations of ${names(
          state,
          state.members.filter((m) => onlineDkg.report.waitingFor.some((w) => w.key === m.commKey)).map((m) => m.id),
        )} before closing its session.`,
      );

    headline = lines.length
      ? lines.join(' ')
      : `Group ready: any ${state.threshold} of ${active.length} can sign with group key ${g.verifyingKey.slice(0, 16)}….`;
    if (!me.evicted) {
      const canGoOnline = active.every((m) => m.commKey);
      // A group that uses a relay signs online first; the others over files first.
      const onlineFirst = canGoOnline && Boolean(state.online);
      const free = !next.some((n) => n.primary);
      const onlineActions = canGoOnline
        ? [
            action(
              'online-sign-request',
              'Request a signature online',
              'Through a frostd relay: choose the signers and the message file; each signer reads and approves it (frost-client users too).',
              null,
              onlineFirst && free,
            ),
            action(
              'online-sign-join',
              'Join an online signing',
              'Take part in a signing a coordinator started on a frostd relay (frost-client `coordinator` too): you see the message before your share goes out.',
            ),
          ]
        : [];
      const fileRequest = action(
        'sign-request',
        onlineFirst ? 'Request a signature over files' : 'Request a signature',
        'Choose the signers and the message file; each signer reads and approves it.',
        null,
        !onlineFirst && free,
      );
      next.push(
        ...(onlineFirst ? [...onlineActions, fileRequest] : [fileRequest, ...onlineActions]),
        action('verify', 'Verify a signature', "Check a signature against this group's key."),
        action(
          'refresh-start',
          'Refresh the shares',
          'Give every member a new share of the same group key (old shares stop combining with new ones).',
        ),
        action('repair-start', 'Repair a lost share', "Rebuild a member's lost share with the help of at least the threshold of members."),
        action(
          'export-frost-client',
          'Use this share with frost-client',
          "Write a frost-client config file (your key package, unencrypted, in frost-client's format) to sign with frost-client and frostd.",
        ),
      );
    }
    headline = gateOnGroupCode(state, headline, next);
  }

  const participants: ParticipantView[] = state.members.map((m) => {
    const tags: string[] = [];
    if (m.id === state.me) tags.push('you');
    if (m.id === state.creator && (state.origin === 'dkg' || state.origin === 'frostd-dkg')) tags.push('creator');
    const share = verifyingShares(state)[m.identifier];
    return { id: m.id, label: m.name, tags, ...memberStatus(state, m.id), checkCode: share && !m.evicted ? checkCodeOfBytes(share) : null };
  });
  return { headline, participants, next, facts };
}

export function describeFrost(state: FrostState, _meta: CeremonyMeta): Description {
  return state.kind === 'contacts' ? describeContacts(state) : describeGroup(state);
}
