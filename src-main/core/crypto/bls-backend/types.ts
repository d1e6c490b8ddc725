/**
 * A BLS12-381 point decoder: the one expensive step of reading untrusted points (decompression,
 * curve and prime-order subgroup checks), done by an audited native or WebAssembly library when
 * one loads. Everything else about the encoding (length, flag bits, canonical coordinates, the
 * identity) is decided once, in groups.ts, before a backend sees the bytes, so every backend
 * reaches the same accept/reject decision as fastcrypto's `blst_p*_uncompress` + `blst_p*_in_g*`.
 */
export type BlsBackendName = 'blst' | 'mcl' | 'noble';

export const BLS_BACKEND_NAMES: readonly BlsBackendName[] = ['blst', 'mcl', 'noble'];

export interface Fp2Coords {
  c0: bigint;
  c1: bigint;
}

/** Why a backend refused a point; worded once so every backend gives the same refusal. */
export type DecodeRefusal = 'not on the curve' | 'not in the prime-order subgroup';

export interface PointDecoder {
  readonly name: BlsBackendName;
  /**
   * Compressed (0x80 set), canonical (x < p), non-identity 48-byte G1 encoding → affine (x, y), or
   * the refusal when x is not on the curve or the point is outside the prime-order subgroup.
   */
  g1(bytes: Uint8Array): { x: bigint; y: bigint } | DecodeRefusal;
  /** The same for a 96-byte G2 encoding (x.c1 ‖ x.c0). */
  g2(bytes: Uint8Array): { x: Fp2Coords; y: Fp2Coords } | DecodeRefusal;
  /**
   * The same checks, answering with the uncompressed encoding (G1: x ‖ y; G2: x.c1 ‖ x.c0 ‖ y.c1 ‖
   * y.c0, 48 bytes big-endian each), which a WebAssembly backend reads without a square root.
   * Only the native decoder has it.
   */
  g1Uncompressed?(bytes: Uint8Array): Uint8Array | DecodeRefusal;
  g2Uncompressed?(bytes: Uint8Array): Uint8Array | DecodeRefusal;
}
