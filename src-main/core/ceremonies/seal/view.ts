/**
 * The Seal ceremony's typed view (SealView in src-shared/ceremonies/seal.ts): the numbers, names,
 * codes and flags the screens need, as data computed from the state. describe.ts words the same
 * state for people; no screen should parse its sentences. The step rules are in view-steps.ts,
 * the roster, waiting list and files to carry in view-rows.ts.
 */
import { coordinatorRecordView } from './record.ts';
import type { CeremonyMeta } from '../../engine/protocol.ts';
import { SEAL_ARTIFACTS, type SealNetworkKind, type SealView } from '../../../../src-shared/ceremonies/seal.ts';
import { shareEnvName } from '../../formats/seal/key-server-config.ts';
import { keyServerPlan } from './member-files.ts';
import { networkConfig } from './network.ts';
import { expectedMessageCount, joinCheckCode, rosterOf, rotationOf } from './rotation.ts';
import { isCoordinator, isMember, type MemberState, type RestartChange, type SealState } from './state.ts';
import { restartBlocker } from './restart.ts';
import { usbTripOf } from './usb-trips.ts';
import { allRegistered, hex0x, messagesHashCheckCode, partyName } from './values.ts';
import { carryNow, leavingRows, memberRows, waitingFor } from './view-rows.ts';
import { handoverOf, stepOf } from './view-steps.ts';

const SUI_LABELS: Record<'mainnet' | 'testnet' | 'devnet' | 'localnet', string> = {
  mainnet: 'Sui Mainnet',
  testnet: 'Sui Testnet',
  devnet: 'Sui Devnet',
  localnet: 'Local network',
};

/**
 * The header's marker: the kind decides its colour, the label is plain words (a custom full node
 * by its host, since the full URL is in the facts). A node URL overriding a named network's public
 * full node does not change which network it is.
 */
export function networkOf(network: string): SealView['network'] {
  const n = networkConfig(network);
  if (n.kind === 'rehearsal') return { kind: 'rehearsal', label: 'Rehearsal ledger' };
  if (n.kind === 'custom') return { kind: 'custom', label: hostOf(n.url) };
  return { kind: n.kind satisfies SealNetworkKind, label: SUI_LABELS[n.kind] };
}

function hostOf(url: string): string {
  try {
    return new URL(url).host;
  } catch {
    return url; // parseNetwork checked it already; kept readable if it ever was not
  }
}

/** The member this install acts for (a relay acts for an air-gapped member). */
function meOf(s: SealState): SealView['me'] {
  if (isCoordinator(s)) return null;
  const m = s.committee.members[s.partyId]!;
  return { name: m.label, address: s.address, airGapped: s.role === 'member' ? s.airGapped : true };
}

/**
 * The codes of this moment. The committee code is the one compared at join (a rotation's combines
 * what it rotates). The messages_hash code is what THIS install knows: the member's own result,
 * the coordinator's exported set, the relay's member's proposal request.
 */
function codesOf(s: SealState): SealView['codes'] {
  const hash =
    s.role === 'member'
      ? (s.result?.messagesHash ?? null)
      : s.role === 'coordinator'
        ? null
        : ((s.requests.propose?.body.messagesHash as string | undefined) ?? null);
  return {
    committee: joinCheckCode(s),
    messagesHash: isCoordinator(s) ? (s.messageSet?.checkCode ?? null) : hash ? messagesHashCheckCode(hash) : null,
  };
}

/** The member's key server: chosen with its keys; a relay learns it from the register request or the chain. */
function serverOf(s: SealState): SealView['server'] {
  if (s.role === 'member') return s.server;
  if (s.role === 'coordinator') return null;
  const reg = s.registrations.find((r) => r.partyId === s.partyId);
  if (reg) return { url: reg.url, name: reg.name };
  const body = s.requests.register?.body as { url?: string; name?: string } | undefined;
  return body?.url && body.name ? { url: body.url, name: body.name } : null;
}

/**
 * The share's version (its vault id is `sealShareSecretId(ceremonyId, version)`), the
 * MASTER_SHARE_V<k> names the key server needs now, as the "Key server share variables" fact
 * (keyServerPlan): both versions while a continuing member's rotation is not final, one otherwise;
 * and where the share was handed so far.
 */
function shareOf(s: MemberState): SealView['share'] {
  if (!s.result) return null;
  const versions = keyServerPlan(s)?.shareVersions ?? [s.result.version];
  return {
    version: s.result.version,
    envNames: versions.map(shareEnvName),
    handoffs: s.handoffs.map((h) => ({ method: h.method, where: h.where, at: h.at })),
  };
}

/**
 * A rotation member's part, as the "Your part in the rotation" and "Current share in vault"
 * facts word it: unknown (null) until the rotation's details are (air-gapped, before a snapshot).
 */
function myRotationOf(s: MemberState): SealView['myRotation'] {
  const roster = rosterOf(s);
  if (!rotationOf(s) || !roster) return null;
  const c = roster.continuing.find((x) => x.partyId === s.partyId);
  if (!c) return { part: 'joining' };
  const oldShare = !s.oldShare ? 'missing' : s.oldShare.source === 'vault' ? 'found' : 'imported';
  return { part: 'continuing', oldPartyId: c.oldPartyId, oldShare };
}

/**
 * The latest evidence against a dealer while it is what stops this install: a member that has not
 * processed a set; a coordinator that has no accepted message from the accused yet.
 */
function evidenceOf(s: SealState): SealView['evidence'] {
  if (s.role === 'relay') return null;
  const e = (s.evidence ?? []).at(-1);
  if (!e) return null;
  if (s.role === 'member' ? s.result : s.messages.some((m) => m.partyId === e.accused)) return null;
  return { accused: partyName(s, e.accused), partyId: e.accused, check: e.check, artifactId: e.artifactId, fileName: e.fileName };
}

export function viewSeal(s: SealState, _meta: CeremonyMeta): SealView {
  const r = rotationOf(s);
  const step = stepOf(s);
  const member = s.role === 'member' ? s : null;
  return {
    protocol: 'seal',
    role: s.role,
    partyId: isCoordinator(s) ? null : s.partyId,
    threshold: s.committee.threshold,
    n: s.committee.members.length,
    committeeId: s.committee.committeeId,
    rotation: r ? { fromVersion: r.fromVersion, toVersion: r.toVersion, oldThreshold: r.oldThreshold } : null,
    messages:
      isCoordinator(s) && s.committee.committeeId && allRegistered(s)
        ? { received: s.messages.length, needed: expectedMessageCount(s) }
        : null,
    network: networkOf(s.committee.network),
    step,
    me: meOf(s),
    coordinatorAddress: s.committee.coordinatorAddress,
    members: memberRows(s),
    leaving: leavingRows(s),
    waitingFor: waitingFor(s, step),
    codes: codesOf(s),
    codeChecks: member ? (member.codeChecks ?? []) : [],
    carry: carryNow(s, step),
    usbTrip: isMember(s) ? usbTripOf(s) : null,
    pendingTx: s.pending
      ? {
          purpose: s.pending.purpose,
          digest: s.pending.digest,
          sender: s.pending.sender,
          status: s.pending.status,
          artifactId: SEAL_ARTIFACTS.tx(s.pending.purpose),
        }
      : null,
    lastTxError: s.lastTxError ? { purpose: s.lastTxError.purpose, code: s.lastTxError.code, message: s.lastTxError.message } : null,
    server: serverOf(s),
    keyServer: s.keyServer ? { objectId: s.keyServer.id, pk: hex0x(s.keyServer.pk), version: s.keyServer.version } : null,
    share: member ? shareOf(member) : null,
    evidence: evidenceOf(s),
    myRotation: member ? myRotationOf(member) : null,
    handover: member ? handoverOf(member) : null,
    retired: s.retired ? { version: s.retired.version, stillMember: s.retired.stillMember } : null,
    record: isCoordinator(s) ? coordinatorRecordView(s) : null,
    restart: restartView(s),
    canRestart: isCoordinator(s) && restartBlocker(s) === null && !s.pending,
  };
}

/** The latest restart of the committee, as the coordinator made it or a member's new invitation told it. */
function restartView(s: SealState): SealView['restart'] {
  const person = (m: { address: string; label: string }) => ({ name: m.label, address: m.address });
  let count = 0;
  let last: RestartChange | null = null;
  if (isCoordinator(s)) {
    const prev = s.previousCommittees ?? [];
    count = prev.length;
    last = prev.at(-1) ?? null;
  } else if (isMember(s) && s.restart) {
    count = s.restart.previousCommitteeIds.length;
    last = s.restart;
  }
  if (!last) return null;
  return { count, removed: last.removed.map(person), replaced: last.replaced.map((r) => ({ old: person(r.old), new: person(r.new) })) };
}
