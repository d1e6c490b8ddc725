import type { ProtocolUi } from './types.ts';
import { testUi } from './test/ui.tsx';
import { frostUi } from './frost/ui.tsx';

/** Protocol-specific screens, by protocol name. Protocol issues register theirs here. */
export const protocolUi: Record<string, ProtocolUi> = {
  test: testUi,
  frost: frostUi,
};
