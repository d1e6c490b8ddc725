import type { ProtocolUi } from './types.ts';
import { testUi } from './test/ui.tsx';
import { groupUi } from './group/ui.tsx';

/** Protocol-specific screens, by protocol name. Protocol issues register theirs here. */
export const protocolUi: Record<string, ProtocolUi> = {
  test: testUi,
  group: groupUi,
};
