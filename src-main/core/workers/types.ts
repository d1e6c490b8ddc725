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
  /**
   * `transfer`: buffers in `args` moved to the worker instead of copied (the caller's views of
   * them become empty); a task hands buffers back the same way with `transferring`.
   */
  run<R>(task: string, args: unknown, transfer?: readonly ArrayBuffer[]): Promise<R>;
}

/** A task result whose listed buffers are moved, not copied, back to the caller. */
export class TransferringResult<T> {
  constructor(
    readonly value: T,
    readonly transfer: readonly ArrayBuffer[],
  ) {}
}

export function transferring<T>(value: T, transfer: readonly ArrayBuffer[]): T {
  // Typed as its value: the pool and the inline runner unwrap it before the caller sees it.
  return new TransferringResult(value, transfer) as unknown as T;
}

export function unwrapResult(r: unknown): { value: unknown; transfer: ArrayBuffer[] } {
  return r instanceof TransferringResult ? { value: r.value, transfer: [...(r.transfer as ArrayBuffer[])] } : { value: r, transfer: [] };
}
