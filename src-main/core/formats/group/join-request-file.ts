/**
 * The join request file a newcomer hands to the group (`join-request-<moniker>.json`). It is a
 * standalone signed document, not a ceremony bundle: the members do not know the newcomer's
 * bundle key yet, and the request itself is what introduces it. Readable by a person:
 *
 *   { "format": "ceremony-group-join-request", "version": 1,
 *     "request": { groupId, groupKey, groupState, epoch, moniker, identity{signKey,encKey},
 *                  bundleKey, url, quorum[], rehearsal, createdAt, nonce },
 *     "signature": "<Ed25519 signature by identity.signKey, 128 hex>" }
 *
 * This module only checks the shape; crypto/group `checkJoinRequest` checks the meaning
 * (signature, group, state, moniker, quorum).
 */
import { z } from 'zod';
import { CeremonyError } from '../../errors.ts';
import type { SignedJoinRequest } from '../../crypto/group/join.ts';

export const JOIN_REQUEST_FORMAT = 'ceremony-group-join-request';
const MAX_BYTES = 64 * 1024;

const Hex = (n: number) => z.string().regex(new RegExp(`^[0-9a-f]{${n}}$`));

const RequestSchema = z
  .object({
    groupId: z.string().min(1).max(128),
    groupKey: Hex(64),
    groupState: Hex(64),
    epoch: z.number().int().min(1),
    moniker: z.string().min(1).max(64),
    identity: z.object({ signKey: Hex(64), encKey: Hex(64) }).strict(),
    bundleKey: Hex(64),
    url: z.string().max(512).nullable(),
    quorum: z.array(z.string().min(1).max(64)).min(1).max(1000),
    rehearsal: z.boolean(),
    createdAt: z.string().datetime({ offset: true }),
    nonce: Hex(32),
  })
  .strict();

const DocumentSchema = z
  .object({ format: z.literal(JOIN_REQUEST_FORMAT), version: z.literal(1), request: RequestSchema, signature: Hex(128) })
  .strict();

export function joinRequestFileName(moniker: string): string {
  return `join-request-${moniker}.json`;
}

export function encodeJoinRequestFile(signed: SignedJoinRequest): Uint8Array {
  const doc = { format: JOIN_REQUEST_FORMAT, version: 1, request: signed.request, signature: signed.signature };
  return new TextEncoder().encode(`${JSON.stringify(doc, null, 2)}\n`);
}

/** True when the bytes look like a join request (used to route a native file to this reader). */
export function looksLikeJoinRequest(bytes: Uint8Array): boolean {
  if (bytes.length > MAX_BYTES) return false;
  const head = new TextDecoder().decode(bytes.subarray(0, 512));
  return head.includes(`"${JOIN_REQUEST_FORMAT}"`);
}

/** Checks the shape of a signed request carried inside another document (a "joined" notice). */
export function parseSignedJoinRequest(v: unknown): SignedJoinRequest {
  const parsed = z
    .object({ request: RequestSchema, signature: Hex(128) })
    .strict()
    .safeParse(v);
  if (!parsed.success) throw new CeremonyError('group/join-request-malformed', 'The join request carried in this notice is malformed.', {});
  return parsed.data;
}

export function decodeJoinRequestFile(bytes: Uint8Array): SignedJoinRequest {
  if (bytes.length > MAX_BYTES)
    throw new CeremonyError('group/join-request-malformed', 'This join request file is far too large to be one.', {});
  let json: unknown;
  try {
    json = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new CeremonyError(
      'group/join-request-malformed',
      'This join request file is not valid JSON; it may be cut short or damaged.',
      {},
    );
  }
  const parsed = DocumentSchema.safeParse(json);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new CeremonyError(
      'group/join-request-malformed',
      `This join request file is malformed (${i ? `${i.path.join('.') || 'document'}: ${i.message}` : 'unknown shape'}).`,
      {},
    );
  }
  return { request: parsed.data.request, signature: parsed.data.signature };
}
