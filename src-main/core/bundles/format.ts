import { z } from 'zod';
import { CeremonyId, IsoTime, Phase, ProtocolId } from '../../../src-shared/api/common.ts';

/**
 * The offline bundle: one ceremony message carried between machines on a USB stick.
 *
 * A bundle is a small JSON document, readable by a person who opens it, and self-describing:
 *
 *   { "format": "ceremony-bundle", "version": 1,
 *     "header": { protocol, ceremonyId, phase, step, sender{id,label,publicKey}, createdAt,
 *                 rehearsal, payloadType, payloadLength, payloadSha256 },
 *     "payload": "<base64>",
 *     "signature": "<hex Ed25519 signature over SIGNING_DOMAIN || canonicalJson(header)>" }
 *
 * The header commits to the payload by length and SHA-256, so the signature covers both. The
 * sender key is the participant's per-ceremony bundle identity (kept in the vault); the
 * engine checks it against the roster on import.
 */
export const BUNDLE_FORMAT = 'ceremony-bundle';
export const BUNDLE_VERSION = 1;
export const SIGNING_DOMAIN = 'ceremony-bundle/v1\n';
export const FINGERPRINT_DOMAIN = 'ceremony-bundle-fingerprint/v1\n';
/** Largest file we read: a Seal message set at n=256 is about 10 MB. */
export const MAX_BUNDLE_BYTES = 48 * 1024 * 1024;
export const BUNDLE_EXTENSION = '.ceremony';

const HexKey = z.string().regex(/^[0-9a-f]{64}$/, 'expected 32-byte lowercase hex key');

export const BundleHeader = z
  .object({
    protocol: ProtocolId,
    ceremonyId: CeremonyId,
    phase: Phase,
    step: z.string().regex(/^[a-z0-9][a-z0-9.-]{0,63}$/),
    sender: z.object({ id: z.string().min(1).max(200), label: z.string().max(200), publicKey: HexKey }).strict(),
    createdAt: IsoTime,
    rehearsal: z.boolean(),
    payloadType: z.string().min(1).max(100),
    payloadLength: z.number().int().nonnegative(),
    payloadSha256: z.string().regex(/^[0-9a-f]{64}$/),
  })
  .strict();
export type BundleHeader = z.infer<typeof BundleHeader>;

export const BundleDocument = z
  .object({
    format: z.literal(BUNDLE_FORMAT),
    version: z.number().int(),
    header: BundleHeader,
    payload: z.string(),
    signature: z.string().regex(/^[0-9a-f]{128}$/, 'expected a 64-byte hex signature'),
  })
  .strict();

export interface Bundle {
  header: BundleHeader;
  payload: Uint8Array;
  signature: Uint8Array;
  /** SHA-256 over the fingerprint domain and the canonical header (which commits to the payload). */
  fingerprint: string;
  checkCode: string;
}

/** What a protocol hands the engine to send: the engine fills in sender, time and signature. */
export interface OutgoingBundle {
  step: string;
  phase: 1 | 2 | 3;
  payloadType: string;
  payload: Uint8Array;
}
