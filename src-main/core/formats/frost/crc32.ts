import { crc32 } from 'node:zlib';

/**
 * frost-core's binary header names the ciphersuite by the big-endian CRC-32 (IEEE 802.3, the
 * zlib/`const_crc32` polynomial) of its ID string, e.g. b169f0da for Ed25519. Node's zlib
 * computes it (`zlib.crc32`, Node 20.19+).
 */
export function crc32BigEndian(bytes: Uint8Array): Uint8Array {
  const out = new Uint8Array(4);
  new DataView(out.buffer).setUint32(0, crc32(bytes) >>> 0, false);
  return out;
}
