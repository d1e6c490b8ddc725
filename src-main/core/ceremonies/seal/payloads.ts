import { utf8ToBytes } from '@noble/hashes/utils.js';
import { z } from 'zod';
import { RecordSignature } from '../../record/format.ts';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { payloadJson } from '../../bundles/off-thread.ts';
import type { OutgoingDraft } from '../../engine/protocol.ts';
import { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS } from '../../../../src-shared/ceremonies/seal.ts';

/**
 * The JSON payloads of every Seal bundle (see README.md "Bundles"), with strict schemas so a
 * malformed or hostile payload is refused with a sentence instead of crashing a step.
 */

const Hex = (bytes?: number) =>
  z
    .string()
    .regex(/^(0x)?[0-9a-f]*$/, 'lowercase hex')
    .transform((s) => s.replace(/^0x/, ''))
    .refine((s) => s.length % 2 === 0 && (bytes === undefined || s.length === 2 * bytes), bytes ? `${bytes} bytes` : 'whole bytes');
const Address = z
  .string()
  .regex(/^0x[0-9a-f]{64}$/)
  .transform((s) => s.toLowerCase());
const PartyId = z.number().int().min(0).max(65535);

export const RegistrationPayload = z.object({
  partyId: PartyId,
  address: Address,
  encPk: Hex(48),
  signingPk: Hex(96),
  url: z.string().max(500),
  name: z.string().max(200),
});

/** A rotation's view of the key server it rotates (RotationSnap), as carried in bundles for members who cannot read the chain. */
export const RotationPayload = z.object({
  keyServerId: Address,
  oldCommitteeId: Address,
  fromVersion: z.number().int().min(0),
  toVersion: z.number().int().min(1),
  oldThreshold: z.number().int().min(1),
  oldMembers: z.array(Address).min(1),
  oldPartialPks: z.array(Hex(96)).min(1),
  keyServerPk: Hex(96),
  sealPackageId: Address,
});
export type RotationPayload = z.infer<typeof RotationPayload>;

const PersonPayload = z.object({ address: Address, label: z.string().max(200) });
const RestartPayload = z.object({
  previousCommitteeIds: z.array(Address).min(1).max(1000),
  removed: z.array(PersonPayload).max(1000),
  replaced: z.array(z.object({ old: PersonPayload, new: PersonPayload })).max(1000),
});

export const InvitationPayload = z.object({
  format: z.literal('seal-invitation/1'),
  dkgYaml: z.string().min(10).max(2_000_000),
  network: z.string().min(1).max(1000),
  networkLabel: z.string().max(500),
  committee: z.object({
    packageId: Address,
    committeeId: Address,
    threshold: z.number().int().min(2),
    members: z.array(z.object({ address: Address, label: z.string().max(200) })).min(2),
    coordinatorAddress: Address,
    /** Rotation: the committee being replaced. */
    oldCommitteeId: Address.nullable().optional(),
  }),
  checkCode: z.string(),
  /** The committee's name for people (absent in older invitations); not covered by any check code, never on chain. */
  title: z.string().max(120).optional(),
  /** The coordinator's X25519 key (hex) members encrypt their API credentials to (absent in older invitations). */
  credentialsKey: Hex(32).optional(),
  /** Rotation: the key server being rotated, as the coordinator read it from the chain. */
  rotation: RotationPayload.optional(),
  /** A restarted committee: the committees it replaces (oldest first) and who was left out or replaced this time. */
  restart: RestartPayload.optional(),
});
export type InvitationPayload = z.infer<typeof InvitationPayload>;

export const MessagePayload = z.object({ partyId: PartyId, message: Hex() });

export const MessageSetPayload = z.object({
  committeeId: Address,
  threshold: z.number().int().min(2),
  members: z.array(Address).min(2),
  registrations: z.array(RegistrationPayload),
  /**
   * Hex of each bcs(SignedMessage), checked (and its 0x taken off) by `messageSetHex` where the
   * set is read, in time slices: up to 12 MiB of hex, too much for one regular expression pass
   * on the main thread.
   */
  messages: z.array(z.string()),
  messagesHash: Hex(32),
  rotation: RotationPayload.optional(),
});
export type MessageSetPayload = z.infer<typeof MessageSetPayload>;

const LOWER_HEX = /^[0-9a-f]*$/;

/**
 * The messages of a set as bytes, in time slices (`pause` between messages). Each must be
 * lowercase hex of whole bytes, optionally 0x-prefixed (as the schema's other hex fields).
 */
export async function messageSetBytes(bundle: Bundle, p: MessageSetPayload, pause: () => Promise<void> | undefined): Promise<Uint8Array[]> {
  const hexes = p.messages.map((text, k) => {
    const hex = text.startsWith('0x') ? text.slice(2) : text;
    if (hex.length % 2 !== 0) notHex(bundle, k);
    return hex;
  });
  // One buffer for the whole set, each message a view of it: 256 separate allocations of
  // external memory made the garbage collector pause the main thread during the import.
  const all = new Uint8Array(hexes.reduce((n, h) => n + h.length / 2, 0));
  const out: Uint8Array[] = [];
  let at = 0;
  for (const [k, hex] of hexes.entries()) {
    if (!LOWER_HEX.test(hex)) notHex(bundle, k);
    Buffer.from(all.buffer, at, hex.length / 2).write(hex, 'hex');
    out.push(all.subarray(at, at + hex.length / 2));
    at += hex.length / 2;
    await pause();
  }
  return out;
}

function notHex(bundle: Bundle, k: number): never {
  const who = bundle.header.sender.label || bundle.header.sender.id;
  throw new BundleError('bundle/rejected-by-protocol', `The message set from ${who} is malformed (messages.${k}: not lowercase hex).`, {
    sender: bundle.header.sender.id,
  });
}

export const RegisterRequestPayload = z.object({
  address: Address,
  encPk: Hex(48),
  signingPk: Hex(96),
  url: z.string().min(1).max(500),
  name: z.string().min(1).max(200),
});
export const ProposeRequestPayload = z.object({
  address: Address,
  partialPks: z.array(Hex(96)).min(2),
  pk: Hex(96),
  messagesHash: Hex(32),
});

export const UnsignedTxPayload = z.object({
  purpose: z.enum(['register', 'propose']),
  attempt: z.number().int().min(1),
  txBytes: z.string().min(1).max(1_000_000),
  digest: z.string().min(1).max(100),
  sender: Address,
  network: z.string().max(500),
});
export const TxSignaturePayload = z.object({
  purpose: z.enum(['register', 'propose']),
  attempt: z.number().int().min(1),
  digest: z.string().min(1).max(100),
  signature: z.string().min(10).max(20_000),
});

export const RegisteredSnapshotPayload = z.object({
  committeeId: Address,
  packageId: Address,
  threshold: z.number().int().min(2),
  members: z.array(Address).min(2),
  registrations: z.array(RegistrationPayload),
  rotation: RotationPayload.optional(),
});
export type RegisteredSnapshotPayload = z.infer<typeof RegisteredSnapshotPayload>;

export const FinalizedSnapshotPayload = z.object({
  committeeId: Address,
  keyServer: z.object({
    id: Address,
    sealPackageId: Address,
    pk: Hex(96),
    version: z.number().int().min(0),
    threshold: z.number().int().min(1),
    partials: z.array(z.object({ partyId: PartyId, name: z.string(), url: z.string(), partialPk: Hex(96) })),
  }),
});
export type FinalizedSnapshotPayload = z.infer<typeof FinalizedSnapshotPayload>;

export const CredentialsPayload = z.object({
  partyId: PartyId,
  serverName: z.string().min(1).max(200),
  /** base64 of crypto/seal/credentials-box.ts over the JSON of CredentialsSecret, to the coordinator's credentials key. */
  box: z.string().min(1).max(4000),
  /** The member's signature on the ceremony record (record.ts); absent from older apps and before finalization. */
  record: RecordSignature.optional(),
});

/** What the credentials box holds. */
export const CredentialsSecret = z.object({ apiKeyName: z.string().min(1).max(100), apiKey: z.string().min(1).max(500) }).strict();

/** The associated data of a credentials box: it opens only for this ceremony and sender. */
export function credentialsContext(committeeId: string, partyId: number): string {
  return `seal-api-credentials|${committeeId}|${partyId}`;
}

/** Parses a bundle's JSON payload with `schema`, refusing it with a sentence naming the sender. */
export function readPayload<T extends z.ZodType>(bundle: Bundle, schema: T, what: string): z.output<T> {
  const who = bundle.header.sender.label || bundle.header.sender.id;
  let json: unknown;
  try {
    json = payloadJson(bundle);
  } catch {
    throw new BundleError('bundle/rejected-by-protocol', `The ${what} from ${who} is not readable (its content is not JSON).`, {
      sender: bundle.header.sender.id,
    });
  }
  const r = schema.safeParse(json);
  if (!r.success) {
    const i = r.error.issues[0]!;
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The ${what} from ${who} is malformed (${i.path.join('.') || 'content'}: ${i.message}).`,
      { sender: bundle.header.sender.id },
    );
  }
  return r.data;
}

export function outgoing(args: {
  step: string;
  phase: 1 | 2 | 3;
  payload: unknown;
  artifactId: string;
  fileName: string;
  description: string;
}): OutgoingDraft {
  return {
    step: args.step,
    phase: args.phase,
    payloadType: 'application/json',
    payload: utf8ToBytes(JSON.stringify(args.payload)),
    artifactId: args.artifactId,
    fileName: args.fileName,
    description: args.description,
  };
}

export { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS };
