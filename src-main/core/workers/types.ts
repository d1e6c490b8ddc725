/**
 * A task is a named pure function from structured-cloneable arguments to a structured-cloneable
 * result. The same task runs in-thread (tests, small inputs) or in a worker thread, so protocol
 * code depends only on this interface, never on threads.
 */
// eslint-disable-next-line @typescript-eslint/no-explicit-any
export type TaskFn = (args: any) => unknown;
export type TaskTable = Readonly<Record<string, TaskFn>>;

export interface TaskRunner {
  /** How many tasks run at the same time; callers split work into about this many pieces. */
  readonly concurrency: number;
  run<R>(task: string, args: unknown): Promise<R>;
}
