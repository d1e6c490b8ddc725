/**
 * The FROST ceremony's typed view (FrostView in src-shared/ceremonies/frost.ts): threshold,
 * members and the message waiting for this member's decision, as data. describe.ts words the
 * same state for people.
 */
import { recordView } from './record.ts';
import { hexToBytes } from '@noble/hashes/utils.js';
import type { CeremonyMeta } from '../../engine/protocol.ts';
import { contactFingerprint, encodeContact } from '../../formats/frost/contact.ts';
import type { FrostPendingApproval, FrostRestartView, FrostView } from '../../../../src-shared/ceremonies/frost.ts';
import { anyoneName, leftOutBy, restartCandidates } from './restart.ts';
import { groupCodeStatus } from './code-checks.ts';
import { myContactString } from './contacts.ts';
import { memberStatus } from './describe.ts';
import { paramsCheckCode } from './dkg.ts';
import { carryNow, messageFingerprint, stepView } from './view-steps.ts';
import { messageAsText } from './message-text.ts';
import { nameOf, ONLINE_SIGNING_LABEL, type ContactsState, type FrostState, type GroupState } from './state.ts';

const TEXT = (hex: string): string | null => {
  const t = messageAsText(hex);
  return t.startsWith('(this message is not text') ? null : t;
};

/** The first request awaiting this member's decision: over bundles first, then online (as the headline orders them). */
function pendingApproval(state: GroupState): FrostPendingApproval | null {
  const decide = state.group ? state.signings.find((s) => s.status === 'open' && s.decision === 'pending') : undefined;
  if (decide)
    return {
      via: 'bundles',
      from: nameOf(state, decide.coordinator),
      session: decide.id,
      label: decide.label || null,
      messageHex: decide.message,
      messageText: TEXT(decide.message),
      bytes: decide.message.length / 2,
      fingerprint: messageFingerprint(decide.message),
    };
  const run = (state.online?.runs ?? []).find((r) => r.kind !== 'dkg' && r.report.status === 'awaiting-approval' && r.request);
  if (!run?.request) return null;
  return {
    via: 'online',
    from: run.request.coordinator,
    session: run.report.sessionId ?? null,
    // A signer's run has no label of its own until the request names one (joinOnlineSigning's default).
    label: run.label && run.label !== ONLINE_SIGNING_LABEL ? run.label : null,
    messageHex: run.request.messageHex,
    messageText: TEXT(run.request.messageHex),
    bytes: run.request.messageHex.length / 2,
    fingerprint: messageFingerprint(run.request.messageHex),
  };
}

/** The address book: you first (your contact string to hand out), then the contacts you imported. */
function contactsOf(state: ContactsState): FrostView['contacts'] {
  return [
    { name: state.name, contact: myContactString(state), fingerprint: contactFingerprint(hexToBytes(state.publicKey)), you: true },
    ...state.contacts.map((c) => ({
      name: c.name,
      contact: encodeContact({ name: c.name, publicKey: hexToBytes(c.publicKey) }),
      fingerprint: contactFingerprint(hexToBytes(c.publicKey)),
      you: false,
    })),
  ];
}

export function viewFrost(state: FrostState, _meta: CeremonyMeta): FrostView {
  if (state.kind === 'contacts')
    return {
      protocol: 'frost',
      kind: 'contacts',
      suite: null,
      threshold: null,
      n: null,
      groupKey: null,
      me: null,
      members: [],
      pendingApproval: null,
      onlineServer: null,
      description: null,
      origin: null,
      creator: null,
      step: 'contacts',
      waitingFor: [],
      waitingSince: null,
      codes: { groupKey: null, params: null },
      groupKeyCheck: 'not-needed',
      codeChecks: [],
      signing: null,
      refresh: null,
      repair: null,
      carry: [],
      record: null,
      contacts: contactsOf(state),
      restart: null,
      restartCandidates: [],
    };
  const members = state.members.map((m) => {
    const s = memberStatus(state, m.id).state;
    const repairing = state.repairs.some((r) => r.status === 'open' && r.target === m.id);
    return {
      partyId: m.id,
      name: m.name,
      you: m.id === state.me,
      active: !m.evicted,
      state: m.evicted
        ? ('inactive' as const)
        : repairing
          ? ('repairing' as const)
          : s === 'done'
            ? ('done' as const)
            : ('waiting' as const),
    };
  });
  const code = groupCodeStatus(state);
  const at = stepView(state);
  return {
    protocol: 'frost',
    kind: 'group',
    suite: state.suite,
    threshold: state.threshold,
    n: members.filter((m) => m.active).length,
    groupKey: state.group?.verifyingKey ?? null,
    me: state.me,
    members,
    pendingApproval: pendingApproval(state),
    onlineServer: state.online?.server ?? null,
    description: state.description,
    origin: state.origin,
    creator: state.creator,
    step: at.step,
    waitingFor: at.waitingFor,
    waitingSince: at.waitingSince,
    codes: { groupKey: code.code, params: state.params ? paramsCheckCode(state.params) : null },
    groupKeyCheck: code.state,
    codeChecks: state.codeChecks ?? [],
    signing: at.signing,
    refresh: at.refresh ?? null,
    repair: at.repair ?? null,
    carry: carryNow(state, at),
    record: recordView(state),
    contacts: [],
    restart: restartView(state),
    restartCandidates: restartCandidates(state),
  };
}

function restartView(state: GroupState): FrostRestartView | null {
  const r = state.restarts?.at(-1);
  if (!r) return null;
  return {
    attempt: r.attempt,
    by: anyoneName(state, r.by),
    without: r.without.map((w) => w.name),
    thresholdBefore: r.thresholdBefore,
    threshold: r.threshold,
    youLeftOut: leftOutBy(state) !== null,
  };
}
