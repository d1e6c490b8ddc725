import { hexToBytes } from '@noble/hashes/utils.js';
import type { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { decodeMessageJson } from '../../crypto/seal/message-json.ts';
import { isProvableCheck, type ProvableCheck } from '../../crypto/seal/recheck.ts';
import { encodeSealEvidence, verifySealEvidence } from '../../formats/seal/evidence.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { step } from './phases.ts';
import type { CoordinatorState, MemberState, SealState } from './state.ts';
import { partyName } from './values.ts';

/**
 * Evidence against a cheating dealer. When a member's processing rejects a dealer's validly
 * signed message (a bad share, a bad proof of knowledge, a failed sanity check), or the
 * coordinator's import checks refuse one (proof of knowledge, encryption proof, shape), the app
 * saves a file anyone can verify (`ceremony evidence verify`): the dealer's message as imported,
 * the check and, for a bad share, the complaint processing made (upstream's recovery package,
 * never the member's key). A message that fails its signature proves nothing against its claimed
 * sender (anyone can alter bytes on the way), so it gets no evidence; neither does anything the
 * evidence itself does not verify.
 *
 * The evidence is made by the failing `process` step, which names it in its error, and committed
 * by the engine's `refuseAction` hook (the failed step itself commits nothing): the bytes travel
 * from one to the other with the error object.
 */

interface Evidence {
  accused: number;
  check: string;
  fileName: string;
  bytes: Uint8Array;
  finding: string;
}

const made = new WeakMap<CeremonyError, Evidence>();

/** Builds evidence and keeps it only when it verifies as anyone else will verify it. */
async function build(
  s: MemberState | CoordinatorState,
  accused: number,
  check: ProvableCheck,
  message: Uint8Array,
  complaint: { accuser: number; bytes: Uint8Array } | null,
  now: string,
): Promise<Evidence | null> {
  const committeeId = s.committee.committeeId;
  const regs = s.committee.members.map((_, i) => s.registrations.find((r) => r.partyId === i));
  if (!committeeId || regs.some((r) => !r)) return null;
  const bytes = encodeSealEvidence({
    committeeId,
    threshold: s.committee.threshold,
    members: regs.map((r, i) => ({
      name: s.committee.members[i]!.label,
      address: r!.address,
      signingPk: hexToBytes(r!.signingPk),
      encPk: hexToBytes(r!.encPk),
    })),
    accused,
    check,
    message,
    complaint,
    createdAt: now,
  });
  const report = await verifySealEvidence(bytes);
  if (!report.verified) return null;
  return { accused, check, fileName: `evidence-against-party-${accused}.json`, bytes, finding: report.finding };
}

/** Builds and verifies evidence for a processing failure; null when the failure shows nothing against the sender. */
export async function evidenceFor(
  s: MemberState,
  error: CeremonyError,
  message: Uint8Array | undefined,
  now: string,
): Promise<Evidence | null> {
  if (error.code !== 'seal/complaint' && error.code !== 'seal/message-invalid') return null;
  const { sender: accused, check, complaint } = error.details;
  if (typeof accused !== 'number' || !isProvableCheck(check) || !message) return null;
  const share = check === 'decryption' || check === 'feldman';
  if (share && typeof complaint !== 'string') return null;
  return build(s, accused, check, message, share ? { accuser: s.partyId, bytes: hexToBytes(complaint as string) } : null, now);
}

/** Ties evidence to the error the step throws, for `recordEvidence`. */
export function attachEvidence(error: CeremonyError, evidence: Evidence): CeremonyError {
  made.set(error, evidence);
  return error;
}

function saved<S extends MemberState | CoordinatorState>(s: S, e: Evidence, at: string, summary: string): StepResult<S> {
  const who = partyName(s, e.accused);
  const artifactId = SEAL_ARTIFACTS.evidence(e.accused);
  const before = (s.evidence ?? []).filter((x) => x.artifactId !== artifactId);
  const next: S = { ...s, evidence: [...before, { accused: e.accused, check: e.check, artifactId, fileName: e.fileName, at }] };
  return step(next, `${summary}. Saved evidence against ${who} as ${e.fileName}: ${e.finding}`, {
    artifacts: [
      {
        id: artifactId,
        name: e.fileName,
        description: `Evidence that ${who} signed a bad DKG message (${e.check}); anyone can check it with "ceremony evidence verify"`,
        mime: 'application/json',
        bytes: e.bytes,
      },
    ],
  });
}

/** The engine's `refuseAction` for Seal: commits the evidence a failed `process` made. */
export async function recordEvidence(
  s: SealState,
  action: string,
  error: CeremonyError,
  ctx: StepContext,
): Promise<StepResult<SealState> | null> {
  const e = made.get(error);
  if (action !== 'process' || s.role !== 'member' || !e) return null;
  return saved(s, e, ctx.now(), `Processing stopped at the message of ${partyName(s, e.accused)}`);
}

/** The import checks' names (crypto/seal/inspect.ts) as the evidence's checks. */
const IMPORT_CHECKS: Record<string, ProvableCheck> = {
  'proof-of-knowledge': 'proof-of-knowledge',
  'encryption-proof': 'sanity',
  ciphertexts: 'sanity',
  sanity: 'sanity',
};

/**
 * The coordinator's `refuseFile`: a message file refused at import because its validly signed
 * message fails a check anyone can re-run (proof of knowledge, encryption proof, shape) leaves
 * evidence against its sender; anything else (a bad signature, an unreadable file) records nothing.
 */
export async function recordImportEvidence(
  s: CoordinatorState,
  file: { name: string; bytes: Uint8Array },
  error: CeremonyError,
  ctx: StepContext,
): Promise<StepResult<SealState> | null> {
  const { sender, check } = error.details;
  const provable = typeof check === 'string' ? IMPORT_CHECKS[check] : undefined;
  if (typeof sender !== 'number' || !provable) return null;
  let message: Uint8Array;
  try {
    message = decodeMessageJson(new TextDecoder().decode(file.bytes), file.name);
  } catch {
    return null;
  }
  const e = await build(s, sender, provable, message, null, ctx.now());
  return e ? saved(s, e, ctx.now(), `Refused ${file.name}`) : null;
}
