import { loadMcl } from './mcl-module.ts';
import type { PointDecoder } from './types.ts';

const fp = (v: { getStr(base?: number): string }) => BigInt('0x' + v.getStr(16));

/**
 * herumi's mcl compiled to WebAssembly (`mcl-wasm`), with Ethereum (ZCash) serialization so its
 * compressed encoding is the one fastcrypto uses. Decompression with `verifyOrderG*(false)`
 * separates "not on the curve" from the subgroup check, which is then `isValidOrder()`.
 */
let loading: Promise<PointDecoder> | undefined;

export function loadMclDecoder(): Promise<PointDecoder> {
  loading ??= load();
  return loading;
}

async function load(): Promise<PointDecoder> {
  const mcl = await loadMcl();
  return {
    name: 'mcl',
    g1(bytes) {
      const p = new mcl.G1();
      try {
        p.deserialize(bytes);
      } catch {
        return 'not on the curve';
      }
      if (!p.isValidOrder()) return 'not in the prime-order subgroup';
      p.normalize();
      return { x: fp(p.getX()), y: fp(p.getY()) };
    },
    g2(bytes) {
      const p = new mcl.G2();
      try {
        p.deserialize(bytes);
      } catch {
        return 'not on the curve';
      }
      if (!p.isValidOrder()) return 'not in the prime-order subgroup';
      p.normalize();
      const x = p.getX();
      const y = p.getY();
      return { x: { c0: fp(x.get_a()), c1: fp(x.get_b()) }, y: { c0: fp(y.get_a()), c1: fp(y.get_b()) } };
    },
  };
}
