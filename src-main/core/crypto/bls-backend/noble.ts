import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToNumberBE } from '@noble/curves/utils.js';
import { decompressG2 } from '../seal/g2-fast.ts';
import type { PointDecoder } from './types.ts';

const Fp = bls12_381.fields.Fp;
const HALF_P = (Fp.ORDER - 1n) / 2n;

/**
 * The reference decoder, pure JavaScript: noble's field arithmetic for G1, our bigint G2 path
 * (g2-fast.ts, tested against noble) for G2. Always available; the fallback when neither blst nor
 * mcl loads.
 */
export const nobleDecoder: PointDecoder = {
  name: 'noble',
  g1(bytes) {
    const x = bytesToNumberBE(Uint8Array.from(bytes.subarray(0, 48), (b, k) => (k === 0 ? b & 0x1f : b)));
    const rhs = Fp.add(Fp.mul(Fp.sqr(x), x), 4n);
    let y: bigint;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      return 'not on the curve';
    }
    if (y > HALF_P !== ((bytes[0]! & 0x20) !== 0)) y = Fp.neg(y);
    const p = bls12_381.G1.Point.fromAffine({ x, y });
    return p.isTorsionFree() ? { x, y } : 'not in the prime-order subgroup';
  },
  g2(bytes) {
    const r = decompressG2(bytes);
    if ('error' in r) return r.error === 'not on the curve' ? 'not on the curve' : 'not in the prime-order subgroup';
    return r.point.toAffine();
  },
};
