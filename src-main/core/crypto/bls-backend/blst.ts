import type * as BlstTypes from '@chainsafe/blst';
import { createRequire } from 'node:module';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import type { DecodeRefusal, PointDecoder } from './types.ts';

type BlstModule = typeof BlstTypes;

/** blst's own error names for the two refusals a canonical, non-identity encoding can get. */
function refusal(e: unknown): DecodeRefusal {
  const text = `${(e as { code?: string }).code ?? ''} ${(e as Error).message ?? ''}`;
  if (/NOT_ON_CURVE|not on curve/i.test(text)) return 'not on the curve';
  if (/NOT_IN_GROUP|not in group/i.test(text)) return 'not in the prime-order subgroup';
  throw e;
}

const big = (b: Uint8Array, from: number) => bytesToNumberBE(b.subarray(from, from + 48));

/**
 * supranational's blst through `@chainsafe/blst` (N-API, prebuilt for Linux, macOS and Windows;
 * the very library fastcrypto wraps). Its min-pk types give us both groups: PublicKey is G1,
 * Signature is G2. `validate` runs blst's infinity and subgroup checks (the identity never reaches
 * here); the uncompressed re-serialization hands the affine y back without a square root in JS.
 * Throws when the native module cannot load on this platform.
 */
export function loadBlstDecoder(): PointDecoder {
  const blst = createRequire(import.meta.url)('@chainsafe/blst') as BlstModule;
  const g1Uncompressed = (bytes: Uint8Array): Uint8Array | DecodeRefusal => {
    try {
      return blst.PublicKey.fromBytes(bytes, true).toBytes(false);
    } catch (e) {
      return refusal(e);
    }
  };
  const g2Uncompressed = (bytes: Uint8Array): Uint8Array | DecodeRefusal => {
    try {
      return blst.Signature.fromBytes(bytes, true, true).toBytes(false);
    } catch (e) {
      return refusal(e);
    }
  };
  return {
    name: 'blst',
    g1Uncompressed,
    g2Uncompressed,
    g1(bytes) {
      const raw = g1Uncompressed(bytes);
      return typeof raw === 'string' ? raw : { x: big(raw, 0), y: big(raw, 48) };
    },
    g2(bytes) {
      const raw = g2Uncompressed(bytes);
      // Uncompressed ZCash layout: x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0, each 48 bytes big-endian.
      return typeof raw === 'string' ? raw : { x: { c0: big(raw, 48), c1: big(raw, 0) }, y: { c0: big(raw, 144), c1: big(raw, 96) } };
    },
  };
}
