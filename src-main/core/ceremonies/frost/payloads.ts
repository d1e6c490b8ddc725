/**
 * The FROST bundle messages, by step. Every secret inside travels sealed (envelope.ts); the
 * rest is public by design. Steps are unique per sender so the engine's duplicate and
 * equivocation checks apply to each message:
 *
 *   DKG        invite.<member>  round1  round2  (attempt k ≥ 2 of a restarted DKG: dkg<k>.invite.<member>  dkg<k>.round1  dkg<k>.round2)
 *   signing    sign.<s>.request  sign.<s>.commit  sign.<s>.decline  sign.<s>.package  sign.<s>.share  sign.<s>.result
 *   refresh    refresh.<s>.request  refresh.<s>.round1  refresh.<s>.decline  refresh.<s>.round2
 *   repair     repair.<s>.request  repair.<s>.hello  repair.<s>.deltas  repair.<s>.decline  repair.<s>.sigma  repair.<s>.restored
 *
 * where <s> is a session id "<coordinator member id>-<n>" (e.g. "p1-3").
 */
import { z } from 'zod';
import { FROST_SUITE_IDS } from '../../crypto/frost/suites.ts';

const Hex = z.string().regex(/^(?:[0-9a-f]{2})*$/, 'lowercase hex');
const Hex32 = z.string().regex(/^[0-9a-f]{64}$/, '32-byte lowercase hex');
const MemberId = z.string().regex(/^p[1-9][0-9]{0,2}$/);
const FrostJson = z.record(z.string(), z.unknown());
export const Envelope = z.object({ v: z.literal(1), eph: Hex32, ct: Hex }).strict();

export const T = {
  invitation: 'frost.invitation',
  round1: 'frost.round1',
  round2: 'frost.round2',
  signRequest: 'frost.sign-request',
  signCommit: 'frost.sign-commit',
  signDecline: 'frost.sign-decline',
  signPackage: 'frost.sign-package',
  signShare: 'frost.sign-share',
  signResult: 'frost.sign-result',
  refreshRequest: 'frost.refresh-request',
  refreshRound1: 'frost.refresh-round1',
  refreshDecline: 'frost.refresh-decline',
  refreshRound2: 'frost.refresh-round2',
  repairRequest: 'frost.repair-request',
  repairHello: 'frost.repair-hello',
  repairDeltas: 'frost.repair-deltas',
  repairDecline: 'frost.repair-decline',
  repairSigma: 'frost.repair-sigma',
  repairRestored: 'frost.repair-restored',
  recordSignature: 'frost.record-signature',
} as const;

const base = { type: z.string(), v: z.literal(1) };

export const Params = z
  .object({
    suite: z.enum(FROST_SUITE_IDS),
    threshold: z.number().int().min(2).max(65535),
    description: z.string().max(200),
    members: z
      .array(z.object({ id: MemberId, name: z.string().min(1).max(200), identifier: Hex }).strict())
      .min(2)
      .max(100),
    /** The attempt of a restarted key generation (absent for the first). */
    attempt: z.number().int().min(2).max(9999).optional(),
  })
  .strict();

export const InvitationPayload = z.object({ ...base, recipient: MemberId, creator: MemberId, params: Params }).strict();
export const Round1Payload = z.object({ ...base, params: Params, commKey: Hex32, package: FrostJson }).strict();
export const Round2Payload = z.object({ ...base, packages: z.record(MemberId, Envelope) }).strict();

export const SignRequestPayload = z
  .object({ ...base, signers: z.array(MemberId).min(1), message: Hex, label: z.string().max(120), groupKey: Hex })
  .strict();
export const SignCommitPayload = z.object({ ...base, commitments: FrostJson }).strict();
export const EmptyPayload = z.object({ ...base }).strict();
export const SignPackagePayload = z.object({ ...base, signingPackage: FrostJson }).strict();
export const SignSharePayload = z.object({ ...base, share: FrostJson }).strict();
export const SignResultPayload = z.object({ ...base, signature: Hex }).strict();

export const RefreshRequestPayload = z
  .object({ ...base, participants: z.array(MemberId).min(2), threshold: z.number().int().min(2), groupKey: Hex })
  .strict();
export const RefreshRound1Payload = z
  .object({ ...base, participants: z.array(MemberId).min(2), threshold: z.number().int().min(2), package: FrostJson })
  .strict();

const MemberCard = z
  .object({ id: MemberId, name: z.string().min(1).max(200), identifier: Hex, bundleKey: Hex32.nullable(), commKey: Hex32.nullable() })
  .strict();
export const RepairRequestPayload = z
  .object({
    ...base,
    target: MemberId,
    helpers: z.array(MemberId).min(1),
    /** Highest session number the coordinator has seen from the target: the rebuilt install starts above it. */
    targetSessions: z.number().int().min(0).max(900_000),
    group: z
      .object({
        suite: z.enum(FROST_SUITE_IDS),
        threshold: z.number().int().min(2),
        description: z.string().max(200),
        members: z.array(MemberCard).min(2).max(100),
        publicKeyPackage: FrostJson,
      })
      .strict(),
  })
  .strict();
export const RepairHelloPayload = z.object({ ...base, commKey: Hex32 }).strict();
export const RepairDeltasPayload = z
  .object({ ...base, newcomerCommKey: Hex32, commitments: z.record(MemberId, Hex), deltas: z.record(MemberId, Envelope) })
  .strict();
export const RepairSigmaPayload = z.object({ ...base, sigma: Envelope }).strict();
