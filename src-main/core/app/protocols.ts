import type { Protocol } from '../engine/protocol.ts';
import { frostProtocol } from '../ceremonies/frost/index.ts';
import { groupProtocol } from '../ceremonies/group/protocol.ts';
import { sealProtocol } from '../ceremonies/seal/protocol.ts';

/**
 * The ceremony protocols the product runs. The test protocol is not among them: it exists
 * only in tests. One line per protocol.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export function productProtocols(): Protocol<any, any>[] {
  return [sealProtocol, frostProtocol, groupProtocol];
}
