export { createInlineRunner } from './inline.ts';
export { WorkerPool, type WorkerPoolOptions } from './pool.ts';
export { WORKER_TASKS } from './registry.ts';
export type { TaskFn, TaskRunner, TaskTable } from './types.ts';
