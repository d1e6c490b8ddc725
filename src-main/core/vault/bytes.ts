import { utf8ToBytes } from '@noble/hashes/utils.js';
import { strictBase64ToBytes } from '../encoding/base64.ts';

/**
 * Byte helpers shared by the vault's file formats.
 *
 * `encodeFields` is the one canonical encoding we feed to AEAD associated data, MACs and
 * fingerprints: each field is a u32 big-endian length followed by its UTF-8 (or raw) bytes.
 * Length prefixes make the encoding injective, so two different field lists can never
 * produce the same bytes (unlike joining with a separator, or JSON whose key order and
 * escaping can vary).
 */
export function encodeFields(fields: readonly (string | Uint8Array)[]): Uint8Array {
  const parts = fields.map((f) => (typeof f === 'string' ? utf8ToBytes(f) : f));
  const total = parts.reduce((n, p) => n + 4 + p.length, 0);
  const out = new Uint8Array(total);
  const view = new DataView(out.buffer);
  let off = 0;
  for (const p of parts) {
    view.setUint32(off, p.length, false);
    out.set(p, off + 4);
    off += 4 + p.length;
  }
  return out;
}

export function toBase64(bytes: Uint8Array): string {
  return Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength).toString('base64');
}

/** Strict base64 decode: returns undefined unless `s` is canonical base64 (what toBase64 writes). */
export function fromBase64(s: unknown): Uint8Array | undefined {
  return typeof s === 'string' ? strictBase64ToBytes(s) : undefined;
}

/**
 * Overwrites buffers we own with zeros. JavaScript gives no guarantee that no other copy
 * exists (the GC may have moved the buffer, strings are immutable, libraries keep their own
 * state), so this narrows the window in which a secret sits in memory; it does not close it.
 */
export function wipe(...buffers: (Uint8Array | number[] | undefined | null)[]): void {
  for (const b of buffers) if (b) b.fill(0);
}

/** Constant-time equality for equal-length inputs (length itself is not secret here). */
export function equalBytes(a: Uint8Array, b: Uint8Array): boolean {
  if (a.length !== b.length) return false;
  let diff = 0;
  for (let i = 0; i < a.length; i++) diff |= a[i]! ^ b[i]!;
  return diff === 0;
}

/**
 * The top-level object of one of the vault's JSON files, or `corrupt(why)` thrown: every vault
 * file is a JSON object, and each file kind names its own damage (header, index, secret).
 */
export function parseJsonObject(text: string, corrupt: (why: string) => Error): Record<string, unknown> {
  let v: unknown;
  try {
    v = JSON.parse(text);
  } catch {
    throw corrupt('not valid JSON');
  }
  if (typeof v !== 'object' || v === null || Array.isArray(v)) throw corrupt('not an object');
  return v as Record<string, unknown>;
}
