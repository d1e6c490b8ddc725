import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { BundleError } from '../../bundles/errors.ts';
import { parseBundle } from '../../bundles/codec.ts';
import type { Bundle } from '../../bundles/format.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { type CeremonyError, isCeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { checkRound2Package } from '../../crypto/frost/index.ts';
import { decodeFrostJson } from '../../formats/frost/frost-json.ts';
import { EVIDENCE_FORMAT, type EvidenceReport, readEvidenceJson, refused } from '../../formats/seal/evidence.ts';
import { fileSafe } from './bundle-io.ts';
import { envelopeMessageKey, openWithMessageKey } from './envelope.ts';
import { Round1Payload, Round2Payload, T } from './payloads.ts';
import { commKey } from './secrets.ts';
import { member, type DkgParams, type FrostState } from './state.ts';
import { attemptOf, dkgPurpose, dkgStep, parseDkgStep } from './dkg-attempt.ts';

/**
 * Evidence against a FROST participant who sealed a wrong DKG secret share (issue 17): a
 * canonical JSON file anyone can verify without a vault (`ceremony evidence verify`):
 *
 *   { "format": "ceremony-evidence", "version": 1, "protocol": "frost", "check": "round2-share",
 *     "accused": "<member id>", "accuser": "<member id>",
 *     "round1": "<base64 of the accused's round-1 bundle, as imported>",
 *     "round2": "<base64 of the accused's round-2 bundle, as imported>",
 *     "messageKey": "<hex: the one-time key of the envelope the accused sealed for the accuser>",
 *     "createdAt": "<ISO time>" }
 *
 * Both bundles carry the accused's Ed25519 signature, so their contents are the accused's own:
 * the round-1 bundle holds the roster (identifiers) and the commitment, the round-2 bundle the
 * sealed shares. The message key opens only the accuser's envelope (ChaCha20-Poly1305
 * authenticates that ciphertext and its context under that key); it is derived from the two
 * X25519 results by a hash, so it reveals neither the accuser's communication key nor any other
 * envelope. Verification opens the envelope and checks the share against the commitment at the
 * accuser's identifier, as `dkg part 2` does. Only the key-generation round 2 is covered (a
 * refresh's round 2 and the online relay's messages are not).
 */

const Evidence = z
  .object({
    format: z.literal(EVIDENCE_FORMAT),
    version: z.literal(1),
    protocol: z.literal('frost'),
    check: z.literal('round2-share'),
    accused: z.string().regex(/^p[1-9][0-9]{0,2}$/),
    accuser: z.string().regex(/^p[1-9][0-9]{0,2}$/),
    round1: z.string().max(1_000_000),
    round2: z.string().max(1_000_000),
    messageKey: z.string().regex(/^[0-9a-f]{64}$/),
    createdAt: z.string().max(40),
  })
  .strict();
type Evidence = z.infer<typeof Evidence>;

function report(finding: string, over: Partial<EvidenceReport> = {}): EvidenceReport {
  return refused(finding, { protocol: 'frost', ...over });
}

function payloadOf(b: Bundle): unknown {
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(b.payload));
  } catch {
    return null;
  }
}

/** Verifies FROST evidence from the bytes of its file; never throws for a bad file. */
export async function verifyFrostEvidence(bytes: Uint8Array): Promise<EvidenceReport> {
  const json = readEvidenceJson(bytes);
  if (!json) return report('The file is not JSON text.', { protocol: null });
  const { text, raw } = json;
  const parsed = Evidence.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    return report(`The file is not FROST evidence this app can read: ${issue.path.join('.') || 'the document'}: ${issue.message}.`);
  }
  const e = parsed.data;
  const base: Partial<EvidenceReport> = {
    check: e.check,
    accused: { id: e.accused, name: e.accused },
    accuser: { id: e.accuser, name: e.accuser },
  };
  if (text !== canonicalJson(e) + '\n') return report('The file was edited: it is not in the canonical form the app writes.', base);
  let r1: Bundle, r2: Bundle;
  try {
    r1 = parseBundle(new Uint8Array(Buffer.from(e.round1, 'base64')));
    r2 = parseBundle(new Uint8Array(Buffer.from(e.round2, 'base64')));
  } catch (err) {
    const why = err instanceof BundleError ? err.message : String(err);
    return report(`The signature does not match: a bundle in the evidence does not verify (${why}).`, base);
  }
  const h1 = r1.header;
  const h2 = r2.header;
  const p1 = Round1Payload.safeParse(payloadOf(r1));
  const p2 = Round2Payload.safeParse(payloadOf(r2));
  const s1 = parseDkgStep(h1.step);
  const s2 = parseDkgStep(h2.step);
  if (h1.protocol !== 'frost' || h2.protocol !== 'frost' || s1?.what !== 'round1' || s2?.what !== 'round2' || !p1.success || !p2.success) {
    return report("The evidence does not hold a FROST key generation's round-1 and round-2 bundles.", base);
  }
  // A restarted key generation: both bundles must be of the same attempt, the one their parameters name.
  if (s1.attempt !== s2.attempt || s1.attempt !== attemptOf({ params: p1.data.params as DkgParams }))
    return report('The two bundles belong to different attempts of the key generation.', base);
  if (p1.data.type !== T.round1 || p2.data.type !== T.round2) return report('The bundles hold other messages than rounds 1 and 2.', base);
  if (h1.ceremonyId !== h2.ceremonyId) return report('The two bundles belong to different ceremonies.', base);
  if (h1.sender.publicKey !== h2.sender.publicKey || h1.sender.id !== h2.sender.id) {
    return report('The two bundles were signed by different people.', base);
  }
  const params = p1.data.params;
  const accused = params.members.find((m) => m.id === e.accused);
  const accuser = params.members.find((m) => m.id === e.accuser);
  const named: Partial<EvidenceReport> = {
    ...base,
    committeeId: h1.ceremonyId,
    accused: accused ? { id: accused.id, name: accused.name } : null,
    accuser: accuser ? { id: accuser.id, name: accuser.name } : null,
    accusedSigningPk: h1.sender.publicKey,
  };
  if (h1.sender.id !== e.accused) {
    return report(
      `The accused party was changed: the bundles were signed by ${h1.sender.label} (${h1.sender.id}), not by ${e.accused}.`,
      named,
    );
  }
  if (!accused || !accuser || accuser.id === accused.id) return report('The accuser is not another member of this group.', named);
  const envelope = p2.data.packages[accuser.id];
  if (!envelope) return report(`${accused.name}'s round-2 bundle holds no package for ${accuser.name}.`, named);
  const plain = openWithMessageKey(envelope, hexToBytes(e.messageKey), {
    ceremony: h2.ceremonyId,
    purpose: dkgPurpose(s1.attempt),
    from: accused.id,
    to: accuser.id,
  });
  if (!plain) {
    return report(
      `The message key does not hold: it does not open the package ${accused.name} sealed for ${accuser.name} (the key, the accuser or the bundle was changed).`,
      named,
    );
  }
  const shown = (finding: string): EvidenceReport => ({ ...report('', named), verified: true, finding });
  let share;
  try {
    share = decodeFrostJson('Round2Package', params.suite, new TextDecoder().decode(plain));
  } catch {
    return shown(`${accused.name} sealed for ${accuser.name} something that is not a secret share.`);
  }
  let round1;
  try {
    round1 = decodeFrostJson('Round1Package', params.suite, p1.data.package);
  } catch (err) {
    return report(`${accused.name}'s round-1 package cannot be read: ${(err as Error).message}`, named);
  }
  try {
    checkRound2Package(
      {
        suite: params.suite,
        identifier: accuser.identifier,
        commitment: [],
        secretShare: new Uint8Array(),
        minSigners: params.threshold,
        maxSigners: params.members.length,
      },
      accused.identifier,
      round1,
      share,
    );
  } catch (err) {
    if (isCeremonyError(err, 'frost/dkg-invalid-share')) {
      return shown(`The secret share ${accused.name} sealed for ${accuser.name} does not match ${accused.name}'s round-1 commitment.`);
    }
    // blame() marks what the accused's own signed input caused.
    if (isCeremonyError(err) && err.details.culprit !== undefined)
      return shown(`${accused.name}'s packages fail the check: ${err.message}`);
    throw err;
  }
  return report(`No cheating shown: the share ${accused.name} sealed for ${accuser.name} matches the commitment.`, named);
}

/**
 * The FROST protocol's `refuseBundle`: a round-2 bundle refused because the share sealed for us
 * does not match its sender's commitment leaves evidence against the sender (an artifact and a
 * journal line); anything else records nothing.
 */
export async function recordFrostEvidence(
  state: FrostState,
  bundle: Bundle,
  bytes: Uint8Array,
  error: CeremonyError,
  ctx: StepContext,
): Promise<StepResult<FrostState> | null> {
  const step = parseDkgStep(bundle.header.step);
  if (state.kind !== 'group' || error.code !== 'frost/dkg-invalid-share' || step?.what !== 'round2' || !state.dkg) return null;
  const senderId = bundle.header.sender.id;
  const sender = member(state, senderId);
  const round1 = ctx.readInboxBundle?.(senderId, dkgStep(step.attempt, 'round1'));
  const payload = Round2Payload.safeParse(payloadOf(bundle));
  const envelope = payload.success ? payload.data.packages[state.me] : undefined;
  if (!round1 || !envelope || !sender.commKey) return null;
  const keys = await commKey(ctx, state.description);
  const messageKey = envelopeMessageKey({
    envelope,
    recipientSecret: keys.secret,
    senderPublic: hexToBytes(sender.commKey),
    context: { ceremony: bundle.header.ceremonyId, purpose: dkgPurpose(step.attempt), from: senderId, to: state.me },
  });
  keys.secret.fill(0);
  if (!messageKey) return null;
  const doc: Evidence = {
    format: EVIDENCE_FORMAT,
    version: 1,
    protocol: 'frost',
    check: 'round2-share',
    accused: senderId,
    accuser: state.me,
    round1: Buffer.from(round1).toString('base64'),
    round2: Buffer.from(bytes).toString('base64'),
    messageKey: bytesToHex(messageKey),
    createdAt: ctx.now(),
  };
  messageKey.fill(0);
  const file = new TextEncoder().encode(canonicalJson(doc) + '\n');
  const r = await verifyFrostEvidence(file);
  if (!r.verified) return null;
  const name = `evidence-against-${fileSafe(sender.name)}.json`;
  return {
    state,
    summary: `Saved evidence against ${sender.name} as ${name}: ${r.finding}`,
    artifacts: [
      {
        id: `evidence-${senderId}`,
        name,
        description: `Evidence that ${sender.name} sealed a wrong secret share; anyone can check it with "ceremony evidence verify"`,
        mime: 'application/json',
        bytes: file,
      },
    ],
  };
}
