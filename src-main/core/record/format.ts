import { z } from 'zod';
import { canonicalJson, type Json } from '../encoding/canonical-json.ts';
import { fingerprintOf } from '../encoding/check-code.ts';

/**
 * The signed ceremony record: what a finished ceremony was, signed by every participant who ran
 * it in this app, in one file an auditor checks without a vault (`ceremony record verify`).
 *
 *   { "format": "ceremony-record", "version": 1,
 *     "body":  { ceremony, parameters, roster, messages, codes, outcome },   what everyone saw alike
 *     "keys":  { "<participant>": "<bundle identity key, hex>" },
 *     "signatures": [ { participant, publicKey, sections, appVersion, confirmed, transactions,
 *                       keysKnown, signature } ] }
 *
 * The body holds only facts every participant's app computes identically (so one body collects
 * everyone's signature): parameters and roster, each message's sender and SHA-256, the check
 * codes, and the outcome (on-chain ids, the group key). A signature covers a STATEMENT: the
 * SHA-256 of each body section (so a verifier names the section that changed), and what only
 * that signer can say: which codes they confirmed and whose code they heard, their own
 * transactions, their app version, and the bundle keys their app bound to each participant
 * during the ceremony (how an auditor ties a signing key to a participant). It is signed with
 * the participant's per-ceremony bundle identity, under its own domain so no record signature
 * is ever a valid bundle signature or the reverse.
 *
 * The file is written in one layout (record-file.ts); a verifier refuses any other, so every
 * byte of a record is either signed or fixed by the format.
 */
export const RECORD_FORMAT = 'ceremony-record';
export const RECORD_VERSION = 1;
export const RECORD_SIGNING_DOMAIN = 'ceremony-record/v1\n';
export const RECORD_STATEMENT_FORMAT = 'ceremony-record-signature/1';
const SECTION_DOMAIN = 'ceremony-record-section/v1\n';
/** A record is small (a Seal committee of 256 is well under a megabyte); refuse anything far bigger. */
export const MAX_RECORD_BYTES = 8 * 1024 * 1024;
export const RECORD_FILE_NAME = 'ceremony-record.json';

export const RECORD_SECTIONS = ['ceremony', 'parameters', 'roster', 'messages', 'codes', 'outcome'] as const;
export type RecordSection = (typeof RECORD_SECTIONS)[number];

const Hex32 = z.string().regex(/^[0-9a-f]{64}$/, 'expected 32 bytes as lowercase hex');
const Id = z.string().min(1).max(200);
const Text = z.string().max(2000);
const JsonValue: z.ZodType<Json> = z.lazy(() =>
  z.union([z.null(), z.boolean(), z.number(), z.string().max(100_000), z.array(JsonValue), z.record(z.string(), JsonValue)]),
);

export const RecordBody = z
  .object({
    ceremony: z
      .object({
        protocol: z.enum(['seal', 'frost', 'group']),
        /** The ceremony id every participant's bundles carry (Seal: derived from the committee id). */
        id: Id,
        /** e.g. 'seal-committee', 'seal-rotation', 'frost-dkg'. */
        kind: Id,
        rehearsal: z.boolean(),
      })
      .strict(),
    parameters: z.record(z.string(), JsonValue),
    roster: z.array(z.object({ id: Id, label: Text, address: z.string().max(200).nullable() }).strict()).min(1),
    messages: z.array(z.object({ sender: Id, step: Id, sha256: Hex32 }).strict()),
    /** Each check code people compared aloud, and what it stands for. */
    codes: z.array(z.object({ moment: Id, what: Text, code: z.string().regex(/^\d{4}-\d{4}-\d{4}$/) }).strict()),
    outcome: z.record(z.string(), JsonValue),
  })
  .strict();
export type RecordBody = z.infer<typeof RecordBody>;

export const RecordConfirmation = z
  .object({ moment: Id, code: z.string().max(40), verdict: z.enum(['match', 'differs']), heard: z.array(Id), at: z.string().max(40) })
  .strict();
export type RecordConfirmation = z.infer<typeof RecordConfirmation>;

export const RecordTransaction = z.object({ purpose: Id, digest: z.string().max(200), ok: z.boolean() }).strict();
export type RecordTransaction = z.infer<typeof RecordTransaction>;

/** What one participant signs (the signature entry without its signature). */
export const RecordStatement = z
  .object({
    participant: Id,
    publicKey: Hex32,
    sections: z.object(Object.fromEntries(RECORD_SECTIONS.map((s) => [s, Hex32])) as Record<RecordSection, typeof Hex32>).strict(),
    appVersion: Text,
    confirmed: z.array(RecordConfirmation),
    transactions: z.array(RecordTransaction),
    keysKnown: z.record(Id, Hex32),
  })
  .strict();
export type RecordStatement = z.infer<typeof RecordStatement>;

export const RecordSignature = RecordStatement.extend({
  signature: z.string().regex(/^[0-9a-f]{128}$/, 'expected a 64-byte Ed25519 signature as lowercase hex'),
}).strict();
export type RecordSignature = z.infer<typeof RecordSignature>;

export const RecordDocument = z
  .object({
    format: z.literal(RECORD_FORMAT),
    version: z.literal(RECORD_VERSION),
    body: RecordBody,
    keys: z.record(Id, Hex32),
    signatures: z.array(RecordSignature),
  })
  .strict();
export type RecordDocument = z.infer<typeof RecordDocument>;

/** SHA-256 of one body section, under the section's name (moving a section's content to another changes both). */
export function sectionHash(name: RecordSection, value: Json): string {
  return fingerprintOf(`${SECTION_DOMAIN}${name}\n${canonicalJson(value)}`);
}

export function sectionHashes(body: RecordBody): Record<RecordSection, string> {
  return Object.fromEntries(RECORD_SECTIONS.map((s) => [s, sectionHash(s, body[s] as Json)])) as Record<RecordSection, string>;
}

/** The record's hash: over its section hashes, so it is the same whoever computes it. */
export function recordHash(body: RecordBody): string {
  return fingerprintOf(`${RECORD_SIGNING_DOMAIN}${canonicalJson(sectionHashes(body))}`);
}

/** The exact bytes a participant's bundle identity signs. */
export function statementBytes(st: RecordStatement): string {
  return `${RECORD_SIGNING_DOMAIN}${canonicalJson({ format: RECORD_STATEMENT_FORMAT, ...st })}`;
}
