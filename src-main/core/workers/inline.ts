import { type TaskRunner, type TaskTable, unwrapResult } from './types.ts';

/** Runs tasks on the calling thread, one at a time (tests, small committees, no worker support). */
export function createInlineRunner(tasks: TaskTable): TaskRunner {
  return {
    concurrency: 1,
    async run<R>(task: string, args: unknown): Promise<R> {
      const fn = tasks[task];
      if (!fn) throw new Error(`unknown task "${task}"`);
      return unwrapResult(await fn(args)).value as R;
    },
  };
}
