/** Messages between the pool and a worker thread (structured-cloned). */
export interface TaskRequest {
  id: number;
  task: string;
  args: unknown;
  /** Buffers moved with the request (not part of the message: its postMessage transfer list). */
  transfer?: readonly ArrayBuffer[];
}

export interface SerializedError {
  name: string;
  message: string;
  code?: string;
  details?: Record<string, string | number | boolean | null>;
  stack?: string;
}

export type TaskResponse = { id: number; ok: true; result: unknown } | { id: number; ok: false; error: SerializedError };
