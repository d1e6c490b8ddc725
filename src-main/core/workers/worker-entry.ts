import { parentPort } from 'node:worker_threads';
import { CeremonyError } from '../errors.ts';
import { prepareBlsBackend } from '../crypto/bls-backend/select.ts';
import type { SerializedError, TaskRequest, TaskResponse } from './protocol.ts';
import { WORKER_TASKS } from './registry.ts';

/**
 * Worker thread entry: runs one task per request message and posts the result back. Kept a single
 * file with static imports so the Electron build can emit it as one extra entry.
 */
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

function serializeError(e: unknown): SerializedError {
  if (e instanceof CeremonyError) return { name: e.name, message: e.message, code: e.code, details: { ...e.details } };
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: String(e) };
}

port.on('message', async (req: TaskRequest) => {
  let res: TaskResponse;
  try {
    await prepareBlsBackend(); // loads once per thread; a forced backend that cannot load fails the task
    const fn = WORKER_TASKS[req.task];
    if (!fn) throw new Error(`unknown task "${req.task}"`);
    res = { id: req.id, ok: true, result: await fn(req.args) };
  } catch (e) {
    res = { id: req.id, ok: false, error: serializeError(e) };
  }
  port.postMessage(res);
});
