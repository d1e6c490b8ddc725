import { createHash } from 'node:crypto';

/**
 * Fingerprints and check codes people compare aloud.
 *
 * A fingerprint is SHA-256 (64 hex). A check code is the first 40 bits of a fingerprint as
 * twelve decimal digits in three groups ("0412-9938-1175"): digits read aloud the same in
 * every language and screen readers pronounce them one by one. 40 bits is enough to catch a
 * wrong or swapped file; it is not a security boundary on its own (the full fingerprint and
 * the signatures are).
 */
export function fingerprintOf(bytes: Uint8Array | string): string {
  // Node's native SHA-256: the engine fingerprints every imported file on the main thread, and a
  // 16 MiB message set took 200 ms through the JavaScript one.
  return createHash('sha256').update(bytes).digest('hex');
}

export function checkCodeOf(fingerprintHex: string): string {
  if (!/^[0-9a-f]{64}$/.test(fingerprintHex)) throw new Error('checkCodeOf: not a SHA-256 fingerprint');
  const n = BigInt('0x' + fingerprintHex.slice(0, 10)) % 10n ** 12n;
  const d = n.toString().padStart(12, '0');
  return `${d.slice(0, 4)}-${d.slice(4, 8)}-${d.slice(8, 12)}`;
}

/** Check code of arbitrary bytes (hashes them first). */
export function checkCodeOfBytes(bytes: Uint8Array | string): string {
  return checkCodeOf(fingerprintOf(bytes));
}
