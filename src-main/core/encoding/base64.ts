/** Strict base64 (RFC 4648, padded). Node's Buffer silently skips bad characters; we do not. */
const B64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

export function isStrictBase64(s: string): boolean {
  return B64.test(s);
}

export function base64ToBytes(s: string): Uint8Array {
  if (!B64.test(s)) throw new Error('not strict base64');
  return new Uint8Array(Buffer.from(s, 'base64'));
}

export function bytesToBase64(b: Uint8Array): string {
  return Buffer.from(b.buffer, b.byteOffset, b.byteLength).toString('base64');
}
