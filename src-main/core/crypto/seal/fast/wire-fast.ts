import { hexToBytes } from '@noble/hashes/utils.js';
import { G1_BYTES, G2_BYTES, SCALAR_BYTES, SIGNATURE_BYTES } from '../constants.ts';
import { R } from '../field.ts';
import { isIdentityEncoding, type ParsedSignedMessage } from '../wire.ts';

/**
 * bcs(SignedMessage) read in one pass with views into the input, for the worker's happy path:
 * the strict parser (`parseSignedMessage`) reads through @mysten/bcs and serializes twice more to
 * prove canonicity, about 0.3 ms per message at n = 64.
 *
 * Never more lenient than the strict parser: lengths must be minimal ULEB128, every field its
 * exact size, nothing may trail, and the proofs' scalars and points pass the same checks. When in
 * doubt it answers undefined and the caller uses the strict parser, which also words the error.
 */
export function parseSignedMessageFast(bytes: Uint8Array): ParsedSignedMessage | undefined {
  let at = 0;
  const take = (n: number): Uint8Array | undefined => {
    if (at + n > bytes.length) return undefined;
    const out = bytes.subarray(at, at + n);
    at += n;
    return out;
  };
  /** A ULEB128 length in its one canonical (shortest) form, below 2^31 as BCS requires. */
  const length = (): number | undefined => {
    let value = 0;
    for (let shift = 0; shift < 32; shift += 7) {
      if (at >= bytes.length) return undefined;
      const b = bytes[at++]!;
      value += (b & 0x7f) * 2 ** shift;
      if ((b & 0x80) === 0) {
        if (b === 0 && shift > 0) return undefined; // a redundant zero group: not canonical
        return value < 2 ** 31 ? value : undefined;
      }
    }
    return undefined;
  };
  const points = (count: number, size: number): Uint8Array[] | undefined => {
    const out: Uint8Array[] = [];
    for (let i = 0; i < count; i++) {
      const p = take(size);
      if (!p) return undefined;
      out.push(p);
    }
    return out;
  };

  const head = take(2);
  const vssCount = length();
  if (!head || vssCount === undefined) return undefined;
  const vssPk = points(vssCount, G2_BYTES);
  const c = take(G1_BYTES);
  const cHat = take(G1_BYTES);
  const encCount = length();
  if (!vssPk || !c || !cHat || encCount === undefined) return undefined;
  const encs: Uint8Array[] = [];
  for (let i = 0; i < encCount; i++) {
    const len = length();
    const enc = len === undefined ? undefined : take(len);
    if (!enc) return undefined;
    encs.push(enc);
  }
  const a = take(G1_BYTES);
  const b = take(G1_BYTES);
  const z = take(SCALAR_BYTES);
  const messageEnd = at;
  const signature = take(SIGNATURE_BYTES);
  const popA = take(G2_BYTES);
  const popZ = take(SCALAR_BYTES);
  if (!a || !b || !z || !signature || !popA || !popZ || at !== bytes.length) return undefined;
  // fastcrypto's proof deserializers: canonical non-zero responses, no identity points.
  if (!usableScalar(z) || !usableScalar(popZ) || isIdentityEncoding(a) || isIdentityEncoding(b) || isIdentityEncoding(popA))
    return undefined;
  return {
    wire: {
      message: { sender: head[0]! | (head[1]! << 8), vssPk, encryptedShares: { c, cHat, encs, proof: { a, b, z } } },
      signature,
      nizkProof: { a: popA, z: popZ },
    },
    bytes,
    messageBytes: bytes.subarray(0, messageEnd),
    nizkBytes: bytes.subarray(messageEnd + SIGNATURE_BYTES),
  };
}

/** The group order r, big-endian. */
const R_BYTES = hexToBytes(R.toString(16).padStart(2 * SCALAR_BYTES, '0'));

/** Below r and not zero (the strict parser's `checkScalar` and zero check). */
function usableScalar(s: Uint8Array): boolean {
  let zero = true;
  for (let i = 0; i < SCALAR_BYTES; i++) if (s[i] !== 0) zero = false;
  if (zero) return false;
  for (let i = 0; i < SCALAR_BYTES; i++) {
    if (s[i]! !== R_BYTES[i]!) return s[i]! < R_BYTES[i]!;
  }
  return false; // equal to r
}
