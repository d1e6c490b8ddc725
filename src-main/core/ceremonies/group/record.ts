import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { checkCodeOf } from '../../encoding/check-code.ts';
import type { CeremonyMeta, OutgoingDraft, StepContext, StepResult } from '../../engine/protocol.ts';
import { recordAppVersion, recordArtifacts, recordProgressView } from '../../record/artifacts.ts';
import type { RecordBody, RecordSignature } from '../../record/format.ts';
import { assembleRecord, entryProblem } from '../../record/record-file.ts';
import { signRecord } from '../../record/sign.ts';
import type { CeremonyRecordView } from '../../../../src-shared/ceremonies/record.ts';
import { send } from './common.ts';
import { readPayload } from './payloads.ts';
import type { GroupCeremonyState } from './state.ts';

/**
 * The signed record of a group's genesis (core/record): when an operator finalises, their app
 * signs the record and sends the signature as a `record` bundle together with the `final` file
 * (same trip, or the same exchange-folder pick-up); every operator keeps the signatures that fit
 * the record it computes itself, so any of them holds `ceremony-record.json`. Joins are not part
 * of it (a join has its own transcript file).
 */
export const RECORD_STEP = 'record';
const MESSAGE_STEPS = ['invite', 'register', 'round1', 'round2'];

/** The genesis record body, identical for every operator (null until this operator has finalised). */
export function groupRecordBody(
  s: GroupCeremonyState,
  meta: Pick<CeremonyMeta, 'id'>,
  ledger: { sender: string; step: string; fingerprint: string }[],
): RecordBody | null {
  const gs = s.genesis;
  if (!gs || !s.group || !gs.rosterFingerprint || !gs.transcript || s.problem) return null;
  const order = gs.planned;
  const seen = new Set<string>();
  const messages = ledger
    .filter((b) => MESSAGE_STEPS.includes(b.step) && order.includes(b.sender))
    .filter((b) => !seen.has(b.fingerprint) && seen.add(b.fingerprint))
    .sort(
      (a, b) =>
        order.indexOf(a.sender) - order.indexOf(b.sender) ||
        MESSAGE_STEPS.indexOf(a.step) - MESSAGE_STEPS.indexOf(b.step) ||
        a.fingerprint.localeCompare(b.fingerprint),
    )
    .map((b) => ({ sender: b.sender, step: b.step, sha256: b.fingerprint }));
  return {
    ceremony: { protocol: 'group', id: meta.id, kind: 'group-genesis', rehearsal: s.rehearsal },
    parameters: { title: s.title, groupId: s.groupId, threshold: gs.threshold, operators: [...order], coordinator: gs.coordinator },
    roster: order.map((m) => ({ id: m, label: m, address: gs.registrations[m]?.url ?? null })),
    messages,
    codes: [{ moment: 'roster', what: 'roster check code', code: checkCodeOf(gs.rosterFingerprint) }],
    outcome: { groupKey: s.group.groupKey, commitment: [...s.group.commitment], transcript: gs.transcript },
  };
}

function signatures(s: GroupCeremonyState): RecordSignature[] {
  return s.genesis?.record ?? [];
}

/**
 * At finalisation: this operator's signature and the `record` bundle that carries it. The roster
 * code was typed and checked by main before round 1 (`confirm-roster`), which is what the
 * signature says this operator confirmed; the coordinator read it out.
 */
export async function signGenesisRecord(
  s: GroupCeremonyState,
  ctx: StepContext,
): Promise<{ state: GroupCeremonyState; outgoing: OutgoingDraft[]; artifacts: ReturnType<typeof recordArtifacts> } | null> {
  const gs = s.genesis;
  const body = groupRecordBody(s, ctx.meta, ctx.bundleLedger());
  if (!gs || !body) return null;
  const code = body.codes[0]!.code;
  const sig = await signRecord(
    body,
    {
      participant: s.me,
      appVersion: recordAppVersion(),
      confirmed: gs.round1[s.me]
        ? [{ moment: 'roster', code, verdict: 'match', heard: s.me === gs.coordinator ? [] : [gs.coordinator], at: '' }]
        : [],
      transactions: [],
      keysKnown: { ...gs.bundleKeys, [s.me]: ctx.meta.me.bundleKey },
    },
    (st) => ctx.signRecord(st),
    ctx.meta.me.bundleKey,
  );
  const next: GroupCeremonyState = { ...s, genesis: { ...gs, record: [...signatures(s).filter((x) => x.participant !== s.me), sig] } };
  const out = send(
    next,
    'record',
    { kind: 'record', signature: sig },
    {
      step: RECORD_STEP,
      phase: 3,
      description: 'Your signature on the ceremony record, for every other operator (it goes with your final file)',
    },
  );
  return { state: next, outgoing: [out], artifacts: recordArtifacts(assembleRecord(body, signatures(next))) };
}

/** Another operator's record signature: theirs, and over the record this install computes. */
export function acceptRecordSignature(s: GroupCeremonyState, bundle: Bundle, ctx: StepContext): StepResult<GroupCeremonyState> {
  const who = bundle.header.sender.id;
  const { signature: sig } = readPayload(bundle, 'record');
  if (s.problem) return { state: s, summary: `${who}'s signature on the genesis record: this genesis was stopped, so it is not needed` };
  const body = groupRecordBody(s, ctx.meta, ctx.bundleLedger());
  if (!body || !s.genesis)
    throw new BundleError(
      'bundle/wrong-phase',
      `${who}'s record signature is for a finished genesis: finalise yours first, then import it again.`,
      {
        sender: who,
      },
    );
  const refuse = (why: string) => new BundleError('bundle/rejected-by-protocol', why, { sender: who });
  if (sig.participant !== who || sig.publicKey !== bundle.header.sender.publicKey)
    throw refuse(`The record signature in ${who}'s file is not ${who}'s own.`);
  const problem = entryProblem(body, sig);
  if (problem)
    throw refuse(
      `${who}'s record signature does not fit the record this app computes: ${problem}. Compare the roster check code with ${who} again.`,
    );
  const next: GroupCeremonyState = {
    ...s,
    genesis: { ...s.genesis, record: [...signatures(s).filter((x) => x.participant !== who), sig] },
  };
  return {
    state: next,
    summary: `${who} signed the ceremony record (signed so far: ${signatures(next)
      .map((x) => x.participant)
      .join(', ')})`,
    artifacts: recordArtifacts(assembleRecord(body, signatures(next))),
  };
}

/** How far the genesis record is signed (null while this install holds no signature). */
export function groupRecordView(s: GroupCeremonyState): CeremonyRecordView | null {
  const sigs = signatures(s);
  if (!sigs.length || !s.genesis) return null;
  return recordProgressView(
    s.genesis.planned.map((m) => ({ id: m, name: m })),
    sigs.map((x) => x.participant),
    null,
  );
}
