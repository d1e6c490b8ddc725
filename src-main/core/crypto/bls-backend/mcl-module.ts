import type * as MclTypes from 'mcl-wasm';
import { createRequire } from 'node:module';

export type Mcl = typeof MclTypes;

/** mcl's map-to mode for RFC 9380 hash_to_curve (SSWU), the one fastcrypto and noble use. */
const MAP_TO_IRTF = 5;

let loading: Promise<Mcl> | undefined;

/**
 * herumi's mcl compiled to WebAssembly, set up once per thread the way fastcrypto encodes:
 * Ethereum (ZCash) serialization, RFC 9380 hashing, and no subgroup check inside decompression
 * (the decoders run that check themselves, so "not on the curve" and "not in the subgroup" stay
 * apart).
 */
export function loadMcl(): Promise<Mcl> {
  loading ??= (async () => {
    // require, not import: the module's `mod` (its raw WebAssembly exports) is set by init(), and
    // only the CommonJS exports object shows it afterwards.
    const mcl = createRequire(import.meta.url)('mcl-wasm') as Mcl;
    await mcl.init(mcl.BLS12_381);
    mcl.setETHserialization(true);
    mcl.setMapToMode(MAP_TO_IRTF);
    mcl.verifyOrderG1(false);
    mcl.verifyOrderG2(false);
    return mcl;
  })();
  return loading;
}
