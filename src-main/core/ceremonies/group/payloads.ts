/**
 * Bundle payloads of the group ceremony (JSON, one schema each) and their bundle step names.
 *
 *   invite              phase 1  coordinator → all      title, N monikers, threshold, own registration
 *   register            phase 1  operator → all         signed registration (moniker, identity, URL)
 *   round1              phase 2  operator → all         roster fingerprint, commitment, proof
 *   round2              phase 2  operator → all         one sealed share per other operator
 *   final               phase 3  operator → all         group key and transcript hash, to compare
 *   group-info-e<k>     phase 3  member → newcomers     the group's public state after k joins
 *   j<k>-approve        phase 2  approver → all         signed approval + sealed deltas (repair step 1)
 *   j<k>-share          phase 3  approver → newcomer    sealed sigma (repair step 2)
 *   j<k>-joined         phase 3  newcomer → all         request, approvals, signed notice with share proof
 *
 * Step names carry the join number so that two joins never reuse a step (the engine treats two
 * different bundles for the same sender and step as equivocation).
 */
import { z } from 'zod';
import { RecordSignature } from '../../record/format.ts';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle, OutgoingBundle } from '../../bundles/format.ts';

const Hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));
const B64 = z
  .string()
  .regex(/^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/)
  .max(4096);
const MonikerLike = z.string().min(1).max(64);
const Identity = z.object({ signKey: Hex(64), encKey: Hex(64) }).strict();

export const RegistrationSchema = z
  .object({ moniker: MonikerLike, identity: Identity, url: z.string().max(512).nullable(), signature: Hex(128) })
  .strict();

const GroupMemberSchema = z
  .object({
    moniker: MonikerLike,
    identity: Identity,
    bundleKey: Hex(64),
    url: z.string().max(512).nullable(),
    joinedAt: z.number().int().min(0),
  })
  .strict();

export const GroupPublicSchema = z
  .object({
    groupId: z.string().min(1).max(128),
    rehearsal: z.boolean(),
    threshold: z.number().int().min(2).max(1000),
    groupKey: Hex(64),
    commitment: z.array(Hex(64)).min(2).max(1000),
    members: z.array(GroupMemberSchema).min(2).max(1000),
    epoch: z.number().int().min(0),
    genesisTranscript: Hex(64),
    joins: z.array(
      z.object({ epoch: z.number().int().min(1), moniker: MonikerLike, requestHash: Hex(64), approvers: z.array(MonikerLike) }).strict(),
    ),
  })
  .strict();

const ApprovalSchema = z
  .object({
    requestHash: Hex(64),
    approver: MonikerLike,
    commitments: z.record(z.string(), Hex(64)),
    deltas: z.record(z.string(), B64),
    signature: Hex(128),
  })
  .strict();

const SignedRequestSchema = z.object({ request: z.record(z.string(), z.unknown()), signature: Hex(128) }).strict();

export const Payloads = {
  invite: z
    .object({
      kind: z.literal('invite'),
      title: z.string().max(200),
      threshold: z.number().int(),
      members: z.array(MonikerLike).max(1000),
      registration: RegistrationSchema,
    })
    .strict(),
  register: z.object({ kind: z.literal('register'), registration: RegistrationSchema }).strict(),
  round1: z
    .object({
      kind: z.literal('round1'),
      rosterFingerprint: Hex(64),
      commitment: z.array(z.string().max(64)).max(1000),
      proof: z.string().max(128),
    })
    .strict(),
  round2: z.object({ kind: z.literal('round2'), rosterFingerprint: Hex(64), shares: z.record(z.string(), B64) }).strict(),
  final: z.object({ kind: z.literal('final'), groupKey: Hex(64), transcript: Hex(64) }).strict(),
  /** An operator's signature on the genesis record (record.ts). */
  record: z.object({ kind: z.literal('record'), signature: RecordSignature }).strict(),
  groupInfo: z.object({ kind: z.literal('group-info'), title: z.string().max(200), group: GroupPublicSchema }).strict(),
  approve: z.object({ kind: z.literal('approve'), epoch: z.number().int().min(1), approval: ApprovalSchema }).strict(),
  contribution: z.object({ kind: z.literal('contribution'), epoch: z.number().int().min(1), requestHash: Hex(64), sigma: B64 }).strict(),
  joined: z
    .object({
      kind: z.literal('joined'),
      epoch: z.number().int().min(1),
      request: SignedRequestSchema,
      approvals: z.record(z.string(), ApprovalSchema),
      statement: z
        .object({ requestHash: Hex(64), verifyingShare: Hex(64), groupKey: Hex(64), shareProof: Hex(128), signature: Hex(128) })
        .strict(),
    })
    .strict(),
} as const;

export type PayloadKind = keyof typeof Payloads;
export type Payload<K extends PayloadKind> = z.infer<(typeof Payloads)[K]>;

/** Parses a bundle payload as `kind`; refuses it naming the sender when it does not fit. */
export function readPayload<K extends PayloadKind>(bundle: Bundle, kind: K): Payload<K> {
  const who = bundle.header.sender.label || bundle.header.sender.id;
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bundle.payload));
  } catch {
    throw new BundleError('bundle/rejected-by-protocol', `The "${bundle.header.step}" bundle from ${who} does not hold valid JSON.`, {
      sender: bundle.header.sender.id,
    });
  }
  const parsed = Payloads[kind].safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The "${bundle.header.step}" bundle from ${who} is malformed (${i ? `${i.path.join('.') || 'payload'}: ${i.message}` : 'unexpected shape'}).`,
      { sender: bundle.header.sender.id },
    );
  }
  return parsed.data as Payload<K>;
}

export function encodePayload<K extends PayloadKind>(_kind: K, body: Payload<K>): Uint8Array {
  return utf8ToBytes(JSON.stringify(body));
}

export function outgoing<K extends PayloadKind>(
  kind: K,
  body: Payload<K>,
  o: { step: string; phase: OutgoingBundle['phase']; artifactId: string; fileName: string; description: string },
) {
  return { ...o, payloadType: `application/vnd.ceremony.group.${kind}+json`, payload: encodePayload(kind, body) };
}

/** Step names. */
export const Steps = {
  groupInfo: (epoch: number) => `group-info-e${epoch}`,
  approve: (epoch: number) => `j${epoch}-approve`,
  share: (epoch: number) => `j${epoch}-share`,
  joined: (epoch: number) => `j${epoch}-joined`,
};

/** Splits a join step name into its kind and join number. */
export function parseJoinStep(step: string): { kind: 'approve' | 'share' | 'joined' | 'group-info'; epoch: number } | null {
  const j = /^j([1-9][0-9]{0,6})-(approve|share|joined)$/.exec(step);
  if (j) return { kind: j[2] as 'approve' | 'share' | 'joined', epoch: Number(j[1]) };
  const g = /^group-info-e(0|[1-9][0-9]{0,6})$/.exec(step);
  if (g) return { kind: 'group-info', epoch: Number(g[1]) };
  return null;
}
