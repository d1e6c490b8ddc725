/**
 * Type test, checked by `tsc -p tsconfig.node.json` (npm run typecheck), never run: an action
 * handler's input type comes from its schema, so a handler written for another input, a handler
 * missing from the table, or one for an action the table does not list fails the type check.
 * Each `@ts-expect-error` below fails the build if the error it expects goes away.
 */
import { z } from 'zod';
import { defineActions } from './protocol.ts';
import type { FROST_ACTIONS } from '../../../src-shared/ceremonies/frost.ts';
import type { GROUP_ACTIONS } from '../../../src-shared/ceremonies/group.ts';

type S = { n: number };
const SCHEMAS = { bump: z.object({ by: z.number().int() }).strict(), reset: z.object({}).strict() } as const;

// The input is inferred from the schema: `i.by` is a number.
export const ok = defineActions<S, unknown, typeof SCHEMAS>(SCHEMAS, {
  bump: (s, i) => ({ state: { n: s.n + i.by }, summary: 'bumped' }),
  reset: () => ({ state: { n: 0 }, summary: 'reset' }),
});

export const drifted = defineActions<S, unknown, typeof SCHEMAS>(SCHEMAS, {
  // @ts-expect-error the handler expects `{ by: string }`, the schema parses to `{ by: number }`
  bump: (s, i: { by: string }) => ({ state: { n: s.n + i.by.length }, summary: 'bumped' }),
  reset: () => ({ state: { n: 0 }, summary: 'reset' }),
});

// @ts-expect-error `reset` has a schema but no handler
export const missing = defineActions<S, unknown, typeof SCHEMAS>(SCHEMAS, {
  bump: (s, i) => ({ state: { n: s.n + i.by }, summary: 'bumped' }),
});

export const unknownName = defineActions<S, unknown, typeof SCHEMAS>(SCHEMAS, {
  bump: (s, i) => ({ state: { n: s.n + i.by }, summary: 'bumped' }),
  reset: () => ({ state: { n: 0 }, summary: 'reset' }),
  // @ts-expect-error `undo` is not an action of the table
  undo: () => ({ state: { n: 0 }, summary: 'undone' }),
});

// The real tables: a FROST or group handler written against another input fails too.
type G = { g: true };
type FrostHandlers = Parameters<typeof defineActions<G, unknown, typeof FROST_ACTIONS>>[1];
type GroupHandlers = Parameters<typeof defineActions<G, unknown, typeof GROUP_ACTIONS>>[1];
// @ts-expect-error sign-request takes `{ signers, message, … }`, not `{ session }`
export const frostDrift: FrostHandlers['sign-request'] = (_s, i: { session: number }) => ({
  state: { g: true },
  summary: String(i.session),
});
// @ts-expect-error approve-join's epoch is a number, not a string
export const groupDrift: GroupHandlers['approve-join'] = (_s, i: { epoch: string; identityCheckCode: string }) => ({
  state: { g: true },
  summary: i.epoch,
});
