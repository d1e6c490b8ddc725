import type { TaskTable } from '../../workers/types.ts';
import { dealTask } from './dealer-task.ts';
import { evalPoly } from './eval-poly.ts';
import { inspectMessageTask } from './inspect.ts';
import { publicKeyTask } from './public-key-task.ts';
import { verifyChunk } from './verify-chunk.ts';

/** Seal's worker tasks (registered with the worker pool under these names). */
export const SEAL_TASKS = {
  'seal.verifyChunk': verifyChunk,
  'seal.evalPoly': evalPoly,
  'seal.createDealerMessage': dealTask,
  'seal.inspectMessage': inspectMessageTask,
  'seal.publicKey': publicKeyTask,
} as const satisfies TaskTable;
