import { createDealerMessage } from './dealer.ts';
import { isolateOps, type OpCounts } from './ops.ts';

/** create-message as a worker task, so a UI (or a benchmark) can deal off the main thread. */
export interface DealTaskArgs {
  committeeId: string;
  threshold: number;
  encryptionPks: Uint8Array[];
  myPartyId: number;
  signingSk: bigint;
  oldShare?: bigint;
}

export function dealTask(args: DealTaskArgs): { bytes: Uint8Array; ops: OpCounts } {
  const { value, ops } = isolateOps(() => createDealerMessage(args));
  return { bytes: value.bytes, ops };
}
