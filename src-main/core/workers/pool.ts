import { availableParallelism } from 'node:os';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { Worker } from 'node:worker_threads';
import { CeremonyError } from '../errors.ts';
import { isErrorCode } from '../../../src-shared/api/errors.ts';
import type { TaskRequest, TaskResponse } from './protocol.ts';
import type { TaskRunner } from './types.ts';

export interface WorkerPoolOptions {
  /** Number of worker threads (default: the machine's available parallelism). */
  size?: number;
  /**
   * Worker entry module. Default: worker-entry.ts/.js beside this file. The Electron build passes
   * the URL of its bundled worker entry here.
   */
  entry?: URL;
}

interface Job {
  request: TaskRequest;
  resolve: (v: unknown) => void;
  reject: (e: Error) => void;
}

interface Slot {
  worker: Worker;
  job: Job | undefined;
}

/**
 * How to start a worker. A bundled build points at its plain-JavaScript entry. When this module
 * runs from TypeScript sources (the CLI and tests run through tsx), the worker needs tsx too, but
 * Node 20 applies neither `--import tsx` nor `register()` hooks to a worker's own ESM entry. tsx's
 * CommonJS hook does work there: a one-line bootstrap installs it and `require`s the .ts entry
 * (tsx compiles it; ESM-only dependencies load through Node's require(esm), on by default since
 * 20.19). Absolute paths make this independent of the working directory.
 */
function workerSource(entry: URL | undefined): { source: string | URL; eval: boolean } {
  if (entry) return { source: entry, eval: false };
  if (!import.meta.url.endsWith('.ts')) return { source: new URL('./worker-entry.js', import.meta.url), eval: false };
  const tsxCjs = createRequire(import.meta.url).resolve('tsx/cjs');
  const tsEntry = fileURLToPath(new URL('./worker-entry.ts', import.meta.url));
  return { source: `require(${JSON.stringify(tsxCjs)}); require(${JSON.stringify(tsEntry)});`, eval: true };
}

/**
 * A small generic pool of worker threads running named tasks (see registry.ts). Workers start on
 * first use and are unreferenced while idle, so a forgotten pool never keeps the process alive;
 * call `close()` to stop them. A crashed worker fails its task and is replaced.
 */
export class WorkerPool implements TaskRunner {
  readonly concurrency: number;
  private readonly source: { source: string | URL; eval: boolean };
  private readonly slots: Slot[] = [];
  private readonly queue: Job[] = [];
  private nextId = 1;
  private closed = false;

  constructor(options: WorkerPoolOptions = {}) {
    this.concurrency = Math.max(1, Math.floor(options.size ?? availableParallelism()));
    this.source = workerSource(options.entry);
  }

  run<R>(task: string, args: unknown, transfer: readonly ArrayBuffer[] = []): Promise<R> {
    if (this.closed) return Promise.reject(new Error('worker pool is closed'));
    return new Promise<R>((resolve, reject) => {
      this.queue.push({ request: { id: this.nextId++, task, args, transfer }, resolve: resolve as (v: unknown) => void, reject });
      this.dispatch();
    });
  }

  /** Starts all workers now (loading modules takes a few hundred ms) instead of on first use. */
  async warmUp(): Promise<void> {
    await Promise.all(Array.from({ length: this.concurrency }, () => this.run('pool.echo', {})));
  }

  async close(): Promise<void> {
    this.closed = true;
    for (const job of this.queue.splice(0)) job.reject(new Error('worker pool closed'));
    await Promise.all(this.slots.splice(0).map((s) => s.worker.terminate()));
  }

  private dispatch(): void {
    while (this.queue.length > 0) {
      let slot = this.slots.find((s) => !s.job);
      if (!slot) {
        if (this.slots.length >= this.concurrency) return;
        slot = this.spawn();
      }
      const job = this.queue.shift()!;
      slot.job = job;
      slot.worker.ref();
      const { transfer, ...request } = job.request;
      slot.worker.postMessage(request, [...(transfer ?? [])]);
    }
  }

  private spawn(): Slot {
    const worker = new Worker(this.source.source, { eval: this.source.eval });
    const slot: Slot = { worker, job: undefined };
    worker.on('message', (res: TaskResponse) => {
      const job = slot.job;
      if (!job || job.request.id !== res.id) return;
      slot.job = undefined;
      worker.unref();
      if (res.ok) job.resolve(res.result);
      else {
        const e = res.error;
        job.reject(
          // A worker's CeremonyError comes back as one; a code that is not listed cannot be a
          // CeremonyError (and must not throw here, or the task would never settle).
          e.code !== undefined && isErrorCode(e.code)
            ? new CeremonyError(e.code, e.message, e.details ?? {})
            : Object.assign(new Error(`worker task "${job.request.task}" failed: ${e.message}`), { name: e.name, workerStack: e.stack }),
        );
      }
      this.dispatch();
    });
    const fail = (err: Error) => {
      const i = this.slots.indexOf(slot);
      if (i >= 0) this.slots.splice(i, 1);
      const job = slot.job;
      slot.job = undefined;
      job?.reject(new Error(`worker thread failed while running "${job.request.task}": ${err.message}`));
      if (!this.closed) this.dispatch();
    };
    worker.on('error', fail);
    worker.on('exit', (code) => {
      if (this.slots.includes(slot)) fail(new Error(`exited with code ${code}`));
    });
    worker.unref();
    this.slots.push(slot);
    return slot;
  }
}
