/**
 * Strict base64 (RFC 4648, padded, canonical). Node's Buffer silently skips bad characters,
 * accepts the URL-safe alphabet and ignores non-zero padding bits; we do not, so one text has
 * exactly one meaning.
 *
 * Linear time and constant stack: a single character class (no repeated group, which made V8's
 * regex engine overflow its stack at about 4.5 M characters), then the padding checked by hand,
 * then Buffer decodes (native). Each text is checked and decoded once: on a 22 MB bundle every
 * extra pass is tens of milliseconds of the main process's thread.
 */
const ALPHABET_RUN = /^[A-Za-z0-9+/]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function isStrictBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const body = pad === 0 ? s : s.slice(0, s.length - pad);
  if (!ALPHABET_RUN.test(body)) return false;
  // Canonical: the bits of the last character that fall into the padding must be zero
  // (2 bits when one '=' follows, 4 bits when two do).
  return pad === 0 || (ALPHABET.indexOf(body[body.length - 1]!) & (pad === 1 ? 0b11 : 0b1111)) === 0;
}

function decodeStrict(s: string): Buffer | undefined {
  return isStrictBase64(s) ? Buffer.from(s, 'base64') : undefined;
}

/** The bytes of a strict base64 text, or undefined when it is not one. */
export function strictBase64ToBytes(s: string): Uint8Array | undefined {
  const bytes = decodeStrict(s);
  // Copied out: a small Buffer is a view of Node's shared pool.
  return bytes && new Uint8Array(bytes);
}

export function base64ToBytes(s: string): Uint8Array {
  const bytes = strictBase64ToBytes(s);
  if (!bytes) throw new Error('not strict base64');
  return bytes;
}

/** Characters per slice of `base64ToBytesSliced` (a multiple of 4): a few milliseconds each. */
const SLICE_CHARS = 1 << 20;

/**
 * `base64ToBytes` for large texts on the main thread: decodes and checks 1 Mi characters at a
 * time, awaiting `pause()` between slices so the event loop keeps running. Undefined when the
 * text is not strict base64 (padding may only end the last slice, which the round trip checks).
 */
export async function base64ToBytesSliced(s: string, pause: () => Promise<void> | undefined): Promise<Uint8Array | undefined> {
  if (s.length <= SLICE_CHARS) return strictBase64ToBytes(s);
  if (s.length % 4 !== 0) return undefined;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const out = new Uint8Array((s.length / 4) * 3 - pad);
  let written = 0;
  for (let at = 0; at < s.length; at += SLICE_CHARS) {
    const part = decodeStrict(s.slice(at, at + SLICE_CHARS));
    if (!part || (at + SLICE_CHARS < s.length && part.length !== (SLICE_CHARS / 4) * 3)) return undefined;
    out.set(part, written);
    written += part.length;
    await pause();
  }
  return written === out.length ? out : undefined;
}

export function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}
