import { hexToBytes } from '@noble/hashes/utils.js';
import type { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { isProvableCheck } from '../../crypto/seal/recheck.ts';
import { encodeSealEvidence, verifySealEvidence } from '../../formats/seal/evidence.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { step } from './phases.ts';
import type { MemberState, SealState } from './state.ts';
import { partyName } from './values.ts';

/**
 * Evidence against a cheating dealer. When a member's processing rejects a dealer's validly
 * signed message (a bad share, a bad proof of knowledge, a failed sanity check), the member's app
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

/** Builds and verifies evidence for a processing failure; null when the failure shows nothing against the sender. */
export async function evidenceFor(
  s: MemberState,
  error: CeremonyError,
  message: Uint8Array | undefined,
  now: string,
): Promise<Evidence | null> {
  if (error.code !== 'seal/complaint' && error.code !== 'seal/message-invalid') return null;
  const { sender: accused, check, complaint } = error.details;
  const committeeId = s.committee.committeeId;
  if (typeof accused !== 'number' || !isProvableCheck(check) || !committeeId || !message) return null;
  const regs = s.committee.members.map((_, i) => s.registrations.find((r) => r.partyId === i));
  if (regs.some((r) => !r)) return null;
  const share = check === 'decryption' || check === 'feldman';
  if (share && typeof complaint !== 'string') return null;
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
    complaint: share ? { accuser: s.partyId, bytes: hexToBytes(complaint as string) } : null,
    createdAt: now,
  });
  const report = await verifySealEvidence(bytes);
  if (!report.verified) return null;
  return { accused, check, fileName: `evidence-against-party-${accused}.json`, bytes, finding: report.finding };
}

/** Ties evidence to the error the step throws, for `recordEvidence`. */
export function attachEvidence(error: CeremonyError, evidence: Evidence): CeremonyError {
  made.set(error, evidence);
  return error;
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
  const who = partyName(s, e.accused);
  const artifactId = SEAL_ARTIFACTS.evidence(e.accused);
  const next: MemberState = {
    ...s,
    evidence: [...(s.evidence ?? []), { accused: e.accused, check: e.check, artifactId, fileName: e.fileName, at: ctx.now() }],
  };
  return step(next, `Saved evidence against ${who} as ${e.fileName}: ${e.finding}`, {
    artifacts: [
      {
        id: artifactId,
        name: e.fileName,
        description: `Evidence that ${who} dealt a bad DKG message (${e.check}); anyone can check it with "ceremony evidence verify"`,
        mime: 'application/json',
        bytes: e.bytes,
      },
    ],
  });
}
