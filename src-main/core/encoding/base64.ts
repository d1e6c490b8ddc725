/**
 * Strict base64 (RFC 4648, padded, canonical). Node's Buffer silently skips bad characters and
 * ignores non-zero padding bits; we do not, so one text has exactly one meaning.
 *
 * Linear time and constant stack: a single character class (no repeated group, which made V8's
 * regex engine overflow its stack at about 4.5 M characters), then the padding checked by hand.
 *
 * Hand-written, this check only, because `@scure/base`'s base64 is as strict but on Node 20 (no
 * `Uint8Array.fromBase64`) decodes in plain JavaScript, about six times slower than Buffer on a
 * 16 MB bundle, on the main process's thread; here one pass checks and Buffer decodes.
 */
const ALPHABET_RUN = /^[A-Za-z0-9+/]*$/;
const ALPHABET = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/';

export function isStrictBase64(s: string): boolean {
  if (s.length % 4 !== 0) return false;
  const pad = s.endsWith('==') ? 2 : s.endsWith('=') ? 1 : 0;
  const body = pad === 0 ? s : s.slice(0, s.length - pad);
  if (!ALPHABET_RUN.test(body)) return false;
  if (pad === 0) return true;
  // Canonical: the bits of the last character that fall into the padding must be zero
  // (2 bits when one '=' follows, 4 bits when two do).
  const last = ALPHABET.indexOf(body[body.length - 1]!);
  return (last & (pad === 1 ? 0b11 : 0b1111)) === 0;
}

export function base64ToBytes(s: string): Uint8Array {
  if (!isStrictBase64(s)) throw new Error('not strict base64');
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}
