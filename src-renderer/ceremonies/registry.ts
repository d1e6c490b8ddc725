import type { ProtocolUi } from './types.ts';
import { testUi } from './test/ui.tsx';
import { frostUi } from './frost/ui.tsx';
import { groupUi } from './group/ui.tsx';
import { sealUi } from './seal/ui.tsx';

/** Protocol-specific screens, by protocol name. Protocol issues register theirs here, one line each. */
export const protocolUi: Record<string, ProtocolUi> = {
  test: testUi,
  frost: frostUi,
  group: groupUi,
  seal: sealUi,
};
