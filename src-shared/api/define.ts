import type { z } from 'zod';

/**
 * One renderer→main call: its input and output schemas. Main validates every input with
 * `input` and passes every output through `output` (which strips undeclared keys), so a
 * field that is not in the contract can never reach the renderer.
 */
export interface CallDef<I extends z.ZodType = z.ZodType, O extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly input: I;
  readonly output: O;
}

export function defineCalls<const T extends Record<string, CallDef>>(calls: T): T {
  return calls;
}

/** One main→renderer event and its payload schema. */
export interface EventDef<P extends z.ZodType = z.ZodType> {
  readonly summary: string;
  readonly payload: P;
}

export function defineEvents<const T extends Record<string, EventDef>>(events: T): T {
  return events;
}
