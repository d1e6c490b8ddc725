/**
 * The one error type the core throws for anything a user or a peer can cause.
 *
 * `code` is stable and machine-readable (tests and the API match on it); `message` is one
 * human sentence that says what happened, whose input caused it and, where possible, what
 * to do next. `details` carries public data only (ids, sender names, check codes), never a
 * secret: errors travel to the renderer, the CLI and logs.
 *
 * Programming errors (violated invariants) stay plain `Error`s so they are not mistaken for
 * user-facing conditions.
 */
export class CeremonyError extends Error {
  override readonly name = 'CeremonyError';
  constructor(
    readonly code: string,
    message: string,
    readonly details: Readonly<Record<string, string | number | boolean | null>> = {},
  ) {
    super(message);
  }
}

export function isCeremonyError(e: unknown, code?: string): e is CeremonyError {
  return e instanceof CeremonyError && (code === undefined || e.code === code);
}
