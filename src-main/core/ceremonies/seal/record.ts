import { canonicalJson } from '../../encoding/canonical-json.ts';
import type { Bundle } from '../../bundles/format.ts';
import type { CeremonyMeta, StepContext, StepResult } from '../../engine/protocol.ts';
import type { RecordBody, RecordSignature } from '../../record/format.ts';
import { recordAppVersion, recordArtifacts, recordProgressView } from '../../record/artifacts.ts';
import { assembleRecord, entryProblem } from '../../record/record-file.ts';
import { signRecord, type SignerPart } from '../../record/sign.ts';
import { sealParticipantId } from '../../../../src-shared/ceremonies/seal.ts';
import type { CeremonyRecordView } from '../../../../src-shared/ceremonies/record.ts';
import { joinCheckCode } from './rotation.ts';
import type { CoordinatorState, MemberState } from './state.ts';
import { messagesHashCheckCode, partyName, wireIdOf } from './values.ts';

/**
 * The signed record of a Seal committee (core/record). Once the committee is finalized, each
 * member's app signs it when the member sends their API credentials to the coordinator (the
 * signature rides in that bundle, so it costs no extra trip), and the coordinator signs it too
 * and collects every signature into ceremony-record.json. A member who uses seal-committee-cli
 * cannot sign and is listed as not signed; the record never waits for them.
 */

const hex = (h: string) => h.replace(/^0x/, '').toLowerCase();

/** The messages_hash everyone agreed on: what the coordinator announced with the set, what a member processed. */
function messagesHashOf(s: CoordinatorState | MemberState): string | null {
  if (s.role === 'coordinator') return s.messageSet?.messagesHash ?? null;
  return s.result?.messagesHash ?? null;
}

/** The record body, identical for the coordinator and every member (null until the committee is finalized here). */
export function sealRecordBody(s: CoordinatorState | MemberState, meta: Pick<CeremonyMeta, 'rehearsal'>): RecordBody | null {
  const c = s.committee;
  const ks = s.keyServer;
  const messagesHash = messagesHashOf(s);
  const committeeCode = joinCheckCode(s);
  if (!ks || !c.committeeId || !messagesHash || !committeeCode) return null;
  const messages = (s.role === 'coordinator' ? s.messages : s.inbox)
    .map((m) => ({ sender: sealParticipantId.member(m.partyId), step: 'message', sha256: m.fingerprint, partyId: m.partyId }))
    .sort((a, b) => a.partyId - b.partyId)
    .map(({ partyId: _p, ...m }) => m);
  return {
    ceremony: {
      protocol: 'seal',
      id: wireIdOf(c.committeeId),
      kind: s.kind === 'rotation' ? 'seal-rotation' : 'seal-committee',
      rehearsal: meta.rehearsal,
    },
    parameters: {
      network: c.network,
      threshold: c.threshold,
      members: c.members.length,
      coordinatorAddress: c.coordinatorAddress,
      packageId: c.packageId,
      committeeId: c.committeeId,
      oldCommitteeId: c.oldCommitteeId,
    },
    roster: [
      { id: sealParticipantId.coordinator, label: 'Coordinator', address: c.coordinatorAddress },
      // Party numbers, not the names the coordinator gave: a member who joined from a dkg.yaml never saw those names, and the address is who they are on chain.
      ...c.members.map((m, i) => ({ id: sealParticipantId.member(i), label: `party ${i}`, address: m.address })),
    ],
    messages,
    codes: [
      { moment: 'committee', what: 'committee check code', code: committeeCode },
      { moment: 'messages-hash', what: 'messages_hash check code', code: messagesHashCheckCode(messagesHash) },
    ],
    outcome: {
      keyServerObjId: ks.id,
      keyServerPk: hex(ks.pk),
      version: ks.version,
      sealPackageId: ks.sealPackageId,
      messagesHash: hex(messagesHash),
      partials: [...ks.partials]
        .sort((a, b) => a.partyId - b.partyId)
        .map((p) => ({ partyId: p.partyId, name: p.name, url: p.url, partialPk: hex(p.partialPk) })),
    },
  };
}

function signerPart(s: CoordinatorState | MemberState, me: string): SignerPart {
  return {
    participant: me,
    appVersion: recordAppVersion(),
    confirmed:
      s.role === 'member'
        ? (s.codeChecks ?? []).map((c) => ({ moment: c.moment, code: c.code, verdict: c.verdict, heard: c.heard, at: c.at }))
        : [],
    transactions: s.txLog.map((t) => ({ purpose: t.purpose, digest: t.digest, ok: t.ok })),
    keysKnown: { ...s.bundleKeys },
  };
}

/** Member: the signature to send with the API credentials (null before the committee is finalized here). */
export async function memberRecordSignature(s: MemberState, ctx: StepContext): Promise<RecordSignature | null> {
  const body = sealRecordBody(s, ctx.meta);
  if (!body) return null;
  return signRecord(body, signerPart(s, sealParticipantId.member(s.partyId)), (st) => ctx.signRecord(st), ctx.meta.me.bundleKey);
}

/**
 * Coordinator: keeps a member's record signature that came with their credentials, if it is
 * theirs. One that does not fit the record as this install sees it is not kept (the summary
 * says why); the credentials are still taken, they are what the aggregator needs.
 */
export function keepRecordSignature(
  s: CoordinatorState,
  bundle: Bundle,
  sig: RecordSignature | undefined,
  meta: Pick<CeremonyMeta, 'rehearsal'>,
): { state: CoordinatorState; note: string } {
  if (!sig) return { state: s, note: '' };
  const who = partyName(s, Number(bundle.header.sender.id.replace('member-', '')));
  if (sig.participant !== bundle.header.sender.id || sig.publicKey !== bundle.header.sender.publicKey)
    return { state: s, note: `; the record signature in it is not ${who}'s own and was not kept` };
  const body = sealRecordBody(s, meta);
  const problem = body ? entryProblem(body, sig) : null;
  if (problem)
    return { state: s, note: `; ${who}'s record signature does not fit the record as this app sees it (${problem}) and was not kept` };
  const kept = [...(s.recordSignatures ?? []).filter((x) => x.participant !== sig.participant), sig];
  return { state: { ...s, recordSignatures: kept }, note: `; ${who} signed the ceremony record` };
}

/**
 * Coordinator: once finalized, signs the record and writes ceremony-record.json with every kept
 * signature that fits it, on any step that changed the state (so a refresh that found nothing
 * new writes nothing).
 */
export async function withCoordinatorRecord(
  before: CoordinatorState,
  r: StepResult<CoordinatorState>,
  ctx: StepContext,
): Promise<StepResult<CoordinatorState>> {
  if (canonicalJson(before) === canonicalJson(r.state)) return r;
  const body = sealRecordBody(r.state, ctx.meta);
  if (!body) return r;
  const own = await signRecord(body, signerPart(r.state, sealParticipantId.coordinator), (st) => ctx.signRecord(st), ctx.meta.me.bundleKey);
  // Only signatures over this very record stay (one kept before this install saw the committee finalized may not fit).
  const members = (r.state.recordSignatures ?? []).filter((x) => entryProblem(body, x) === null);
  return {
    ...r,
    state: { ...r.state, recordSignatures: members },
    artifacts: [...(r.artifacts ?? []), ...recordArtifacts(assembleRecord(body, [own, ...members]))],
  };
}

/** Coordinator, once finalized: who signed the record so far (the coordinator signs it itself). */
export function coordinatorRecordView(s: CoordinatorState): CeremonyRecordView | null {
  if (!s.keyServer || !s.committee.committeeId) return null;
  return recordProgressView(
    s.committee.members.map((_, i) => ({ id: sealParticipantId.member(i), name: partyName(s, i) })),
    (s.recordSignatures ?? []).map((x) => x.participant),
    null,
    ['the coordinator'],
  );
}
