/**
 * The one error type the core throws for anything a user or a peer can cause.
 *
 * `code` is stable and machine-readable (tests and the API match on it) and one of the closed
 * lists in src-shared/api/errors.ts; `message` is one
 * human sentence that says what happened, whose input caused it and, where possible, what
 * to do next. `details` carries public data only (ids, sender names, check codes), never a
 * secret: errors travel to the renderer, the CLI and logs.
 *
 * Programming errors (violated invariants) stay plain `Error`s so they are not mistaken for
 * user-facing conditions.
 */
import { isErrorCode, type ErrorCode } from '../../src-shared/api/errors.ts';

export class CeremonyError extends Error {
  override readonly name = 'CeremonyError';
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean | null>> = {},
  ) {
    super(message);
  }
}

export function isCeremonyError(e: unknown, code?: ErrorCode): e is CeremonyError {
  return e instanceof CeremonyError && (code === undefined || e.code === code);
}

/**
 * A code read back from somewhere untyped (a worker's reply, a persisted state): it must be one
 * of the listed codes, and an unlisted one is a programming error, not something to pass on.
 */
export function listedCode(code: string): ErrorCode {
  if (!isErrorCode(code)) throw new Error(`"${code}" is not a listed error code (src-shared/api/errors.ts)`);
  return code;
}
