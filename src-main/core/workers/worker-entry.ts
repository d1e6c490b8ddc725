import { setPriority } from 'node:os';
import { parentPort } from 'node:worker_threads';
import { CeremonyError } from '../errors.ts';
import { prepareBlsBackend } from '../crypto/bls-backend/select.ts';
import type { SerializedError, TaskRequest, TaskResponse } from './protocol.ts';
import { WORKER_TASKS } from './registry.ts';
import { unwrapResult } from './types.ts';

/**
 * Worker thread entry: runs one task per request message and posts the result back. Kept a single
 * file with static imports so the Electron build can emit it as one extra entry.
 */
/** Nice value of a worker thread on Linux (0 is the app's own; 19 the lowest priority). */
const WORKER_NICE = 10;
const port = parentPort;
if (!port) throw new Error('worker-entry must run in a worker thread');

// Below the main thread: with both cores busy checking a message set, the main thread (the
// window's IPC, progress) otherwise waited up to 100 ms for a core. On Linux a nice value is per
// thread and `setPriority(0, …)` sets the calling thread's; elsewhere it would lower the whole app.
if (process.platform === 'linux') {
  try {
    setPriority(0, WORKER_NICE);
  } catch {
    // Not allowed in some sandboxes: the workers then run at the app's priority, as before.
  }
}

function serializeError(e: unknown): SerializedError {
  if (e instanceof CeremonyError) return { name: e.name, message: e.message, code: e.code, details: { ...e.details } };
  if (e instanceof Error) return { name: e.name, message: e.message, ...(e.stack ? { stack: e.stack } : {}) };
  return { name: 'Error', message: String(e) };
}

port.on('message', async (req: TaskRequest) => {
  let res: TaskResponse;
  let transfer: ArrayBuffer[] = [];
  try {
    await prepareBlsBackend(); // loads once per thread; a forced backend that cannot load fails the task
    const fn = WORKER_TASKS[req.task];
    if (!fn) throw new Error(`unknown task "${req.task}"`);
    const out = unwrapResult(await fn(req.args));
    res = { id: req.id, ok: true, result: out.value };
    transfer = out.transfer;
  } catch (e) {
    res = { id: req.id, ok: false, error: serializeError(e) };
  }
  port.postMessage(res, transfer);
});
