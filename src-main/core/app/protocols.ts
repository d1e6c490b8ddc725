import type { Protocol } from '../engine/protocol.ts';
import { sealProtocol } from '../ceremonies/seal/protocol.ts';

/**
 * The ceremony protocols the product runs. The test protocol is not among them: it exists
 * only in tests.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function productProtocols(): Protocol<any, any>[] {
  return [sealProtocol];
}
