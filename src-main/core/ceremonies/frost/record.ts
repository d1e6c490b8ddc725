import { z } from 'zod';
import type { Bundle } from '../../bundles/format.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { fingerprintOf } from '../../encoding/check-code.ts';
import type { CeremonyMeta, StepContext, StepResult } from '../../engine/protocol.ts';
import { RecordSignature, type RecordBody } from '../../record/format.ts';
import { recordAppVersion, recordArtifacts, recordProgressView } from '../../record/artifacts.ts';
import { assembleRecord, entryProblem } from '../../record/record-file.ts';
import { signRecord } from '../../record/sign.ts';
import { outgoing, readPayload, refuse, wrongPhase } from './bundle-io.ts';
import { groupKeyCode } from './code-checks.ts';
import { attemptOf, dkgStep } from './dkg-attempt.ts';
import { T } from './payloads.ts';
import { member, myMember, nameOf, names, type GroupState } from './state.ts';
import { FROST_RECORD_SIGNATURE_ARTIFACT } from '../../../../src-shared/ceremonies/frost.ts';
import type { CeremonyRecordView } from '../../../../src-shared/ceremonies/record.ts';

/**
 * The signed record of a FROST key generation over files (core/record): when a member confirms
 * the group key check code, their app signs the record with their bundle identity and sends the
 * signature as a small bundle on the stick that goes round anyway (with the first signing's
 * files); every member who imports it keeps it, so any member can hand out the record signed by
 * everyone whose signature reached them. An online (frostd) key generation carries no bundles
 * and is not recorded here.
 */
export const RECORD_STEP = 'record';
const RecordPayload = z.object({ type: z.literal(T.recordSignature), v: z.literal(1), signature: RecordSignature }).strict();

/** The record body, identical for every member of the group (null until the key generation finished here). */
export function frostRecordBody(
  s: GroupState,
  meta: CeremonyMeta,
  ledger: { sender: string; step: string; fingerprint: string }[],
): RecordBody | null {
  const code = groupKeyCode(s);
  if (s.origin !== 'dkg' || !s.params || !s.group || s.dkg?.status !== 'done' || !code) return null;
  const order = s.params.members.map((m) => m.id);
  // Only the attempt that made the group: an abandoned attempt's files are not part of it.
  const steps = [dkgStep(attemptOf(s), 'round1'), dkgStep(attemptOf(s), 'round2')];
  const seen = new Set<string>();
  const messages = ledger
    .filter((b) => steps.includes(b.step) && order.includes(b.sender))
    .filter((b) => !seen.has(b.fingerprint) && seen.add(b.fingerprint))
    .sort((a, b) => order.indexOf(a.sender) - order.indexOf(b.sender) || a.step.localeCompare(b.step))
    .map((b) => ({ sender: b.sender, step: b.step, sha256: b.fingerprint }));
  return {
    ceremony: { protocol: 'frost', id: s.wireId ?? meta.id, kind: 'frost-dkg', rehearsal: meta.rehearsal },
    parameters: {
      suite: s.params.suite,
      threshold: s.params.threshold,
      description: s.params.description,
      identifiers: Object.fromEntries(s.params.members.map((m) => [m.id, m.identifier])),
    },
    roster: s.params.members.map((m) => ({ id: m.id, label: m.name, address: null })),
    messages,
    codes: [{ moment: 'group-key', what: 'group key check code', code }],
    outcome: { groupKey: s.group.verifyingKey, publicKeyPackageSha256: fingerprintOf(canonicalJson(s.group.publicKeyPackage)) },
  };
}

function recordSignatures(s: GroupState): RecordSignature[] {
  return s.record?.signatures ?? [];
}

function withSignature(s: GroupState, sig: RecordSignature): GroupState {
  return { ...s, record: { signatures: [...recordSignatures(s).filter((x) => x.participant !== sig.participant), sig] } };
}

/**
 * After a "Codes match" of the group key: sign the record (once) and send the signature to every
 * other member. Returns the step unchanged when there is nothing to sign.
 */
export async function signGroupRecord(r: StepResult<GroupState>, ctx: StepContext): Promise<StepResult<GroupState>> {
  const s = r.state;
  const body = frostRecordBody(s, ctx.meta, ctx.bundleLedger());
  if (!body || s.codeChecks?.at(-1)?.verdict !== 'match' || recordSignatures(s).some((x) => x.participant === s.me)) return r;
  const sig = await signRecord(
    body,
    {
      participant: s.me,
      appVersion: recordAppVersion(),
      confirmed: (s.codeChecks ?? []).map((c) => ({ moment: 'group-key', code: c.code, verdict: c.verdict, heard: c.heard, at: c.at })),
      transactions: [],
      keysKnown: Object.fromEntries(s.members.flatMap((m) => (m.bundleKey ? [[m.id, m.bundleKey]] : []))),
    },
    (st) => ctx.signRecord(st),
    ctx.meta.me.bundleKey,
  );
  const next = withSignature(s, sig);
  return {
    ...r,
    state: next,
    summary: `${r.summary}; signed the ceremony record`,
    artifacts: [...(r.artifacts ?? []), ...recordArtifacts(assembleRecord(body, recordSignatures(next)))],
    outgoing: [
      ...(r.outgoing ?? []),
      outgoing({
        step: RECORD_STEP,
        artifactId: FROST_RECORD_SIGNATURE_ARTIFACT,
        phase: 3,
        type: T.recordSignature,
        body: { signature: sig },
        fileName: `record-signature-${myMember(s).id}`,
        description: `${myMember(s).name}'s signature on the ceremony record, for every other member (it goes with the next files you carry).`,
      }),
    ],
  };
}

/** How far the record is signed, as the ready screen says it (null while this install holds no signature). */
export function recordView(s: GroupState): CeremonyRecordView | null {
  const sigs = recordSignatures(s);
  if (!sigs.length || !s.params) return null;
  return recordProgressView(
    s.params.members.map((m) => ({ id: m.id, name: nameOf(s, m.id) })),
    sigs.map((x) => x.participant),
    sigs.some((x) => x.participant === s.me) ? FROST_RECORD_SIGNATURE_ARTIFACT : null,
  );
}

/** Another member's record signature: it must be theirs (their bundle key) and over the record this install computes. */
export function acceptRecordSignature(s: GroupState, bundle: Bundle, ctx: StepContext): StepResult<GroupState> {
  const sender = member(s, bundle.header.sender.id);
  const { signature: sig } = readPayload(bundle, T.recordSignature, RecordPayload, sender.name);
  // A member who did not take part in the key generation (a repaired share, a frost-client import) has no record to sign.
  if (s.origin !== 'dkg')
    return {
      state: s,
      summary: `${sender.name}'s signature on the key generation's record: this install did not take part in it, so it is not needed`,
    };
  const body = frostRecordBody(s, ctx.meta, ctx.bundleLedger());
  if (!body)
    throw wrongPhase(
      `${sender.name}'s record signature is for a finished key generation: finish yours first, then import it again.`,
      sender.id,
    );
  if (sig.participant !== sender.id || sig.publicKey !== bundle.header.sender.publicKey)
    throw refuse(`The record signature in ${sender.name}'s file is not ${sender.name}'s own.`, sender.id);
  const problem = entryProblem(body, sig);
  if (problem)
    throw refuse(
      `${sender.name}'s record signature does not fit the record this app computes: ${problem}. Compare the group key check code with ${sender.name} again.`,
      sender.id,
    );
  const next = withSignature(s, sig);
  const signed = recordSignatures(next).map((x) => x.participant);
  return {
    state: next,
    summary: `${sender.name} signed the ceremony record (signed so far: ${names(next, signed)})`,
    artifacts: [...recordArtifacts(assembleRecord(body, recordSignatures(next)))],
  };
}
