/**
 * Turning protocol messages into outgoing bundles and incoming bundles back into checked
 * messages. A bundle payload is JSON: `{ "type": "frost.<what>", "v": 1, …fields }`, with
 * frost-core structures in their serde JSON form, so a person (or frost-client tooling) can read
 * what is inside.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import type { z } from 'zod';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { canonicalJson, type Json } from '../../encoding/canonical-json.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { OutgoingDraft, PhaseNo } from '../../engine/protocol.ts';

export const PAYLOAD_TYPE = 'application/vnd.ceremony.frost+json';
export const PAYLOAD_VERSION = 1;

/** A file-name-safe version of a person's name. */
export function fileSafe(s: string): string {
  return (
    s
      .replace(/[^A-Za-z0-9._-]+/g, '_')
      .replace(/^[._]+/, '')
      .slice(0, 40) || 'member'
  );
}

export function outgoing(args: {
  step: string;
  phase: PhaseNo;
  type: string;
  body: Record<string, Json>;
  artifactId?: string;
  fileName: string;
  description: string;
}): OutgoingDraft {
  const payload = utf8ToBytes(canonicalJson({ type: args.type, v: PAYLOAD_VERSION, ...args.body }));
  return {
    step: args.step,
    phase: args.phase,
    payloadType: PAYLOAD_TYPE,
    payload,
    artifactId: args.artifactId ?? `bundle:${args.step}`,
    fileName: args.fileName.endsWith('.ceremony') ? args.fileName : `${args.fileName}.ceremony`,
    description: args.description,
  };
}

/**
 * Parses a bundle payload against its schema. A malformed payload is the sender's fault:
 * the error names them.
 */
export function readPayload<S extends z.ZodType>(bundle: Bundle, type: string, schema: S, senderName: string): z.infer<S> {
  let value: unknown;
  try {
    value = JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bundle.payload));
  } catch {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The "${bundle.header.step}" bundle from ${senderName} does not contain readable JSON.`,
      { sender: bundle.header.sender.id },
    );
  }
  const o = value as { type?: unknown; v?: unknown };
  if (o?.type !== type)
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The "${bundle.header.step}" bundle from ${senderName} holds a ${String(o?.type)} message, not ${type}.`,
      { sender: bundle.header.sender.id },
    );
  if (o.v !== PAYLOAD_VERSION)
    throw new CeremonyError(
      'frost/payload-version',
      `The bundle from ${senderName} uses FROST message version ${String(o.v)}; this app reads version ${PAYLOAD_VERSION}. Both sides need the same app version.`,
      { sender: bundle.header.sender.id },
    );
  const parsed = schema.safeParse(value);
  if (!parsed.success) {
    const i = parsed.error.issues[0];
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The "${bundle.header.step}" bundle from ${senderName} is malformed (${i ? `${i.path.map(String).join('.') || 'payload'}: ${i.message}` : 'invalid'}).`,
      { sender: bundle.header.sender.id },
    );
  }
  return parsed.data;
}

/**
 * Runs a check on input from `who`; a CeremonyError it throws is re-thrown with the person named
 * first (the core names identifiers; people know names), keeping its code.
 */
export function fromMember<T>(who: { id: string; name: string; identifier?: string }, fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isCeremonyError(e) && !e.message.startsWith(`${who.name}:`) && !(e instanceof BundleError)) {
      // The core names participants by identifier; people know names.
      const text = who.identifier
        ? e.message.split(`participant ${who.identifier}`).join(`${who.name} (identifier ${who.identifier.slice(0, 8)}…)`)
        : e.message;
      throw new CeremonyError(e.code, `${who.name}: ${text}`, { ...e.details, sender: who.id, culpritName: who.name });
    }
    throw e;
  }
}

export function wrongPhase(message: string, sender?: string): BundleError {
  return new BundleError('bundle/wrong-phase', message, sender ? { sender } : {});
}

export function refuse(message: string, sender: string): BundleError {
  return new BundleError('bundle/rejected-by-protocol', message, { sender });
}

export function digestOf(value: unknown): string {
  return bytesToHex(sha256(utf8ToBytes(canonicalJson(value))));
}
