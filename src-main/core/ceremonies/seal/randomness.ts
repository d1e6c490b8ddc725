import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { RandomSource } from '../../crypto/seal/field.ts';

/**
 * A deterministic byte stream from a 32-byte vault seed: HMAC-SHA256(seed, domain ‖ counter).
 * A step that crashed and runs again (see engine/README.md) must derive the same message from
 * the same stored seed, so the DKG message's randomness comes from here, never from fresh
 * randomness that is not stored.
 */
export function seededStream(seed: Uint8Array, domain: string): RandomSource {
  if (seed.length < 32) throw new Error('seed must be at least 32 bytes');
  const d = utf8ToBytes(domain);
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const input = new Uint8Array(d.length + 8);
      input.set(d, 0);
      new DataView(input.buffer).setBigUint64(d.length, BigInt(counter++), false);
      out.set(hmac(sha256, seed, input).subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}
