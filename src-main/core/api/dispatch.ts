import type { z } from 'zod';
import { calls, isCallName, type CallName, type CallOutput, type CallReply, type Calls } from '../../../src-shared/api/contract.ts';
import { isCeremonyError } from '../errors.ts';

/** One handler per call of the contract; inputs arrive already validated. */
export type Handlers = {
  [N in CallName]: (input: z.output<Calls[N]['input']>) => Promise<CallOutput<N>> | CallOutput<N>;
};

export type Dispatch = (name: unknown, input: unknown) => Promise<CallReply>;

export interface DispatchLog {
  internalError(call: string, error: unknown): void;
}

/**
 * The boundary every transport (Electron IPC, loopback HTTP) goes through: unknown calls and
 * invalid inputs are refused, handler errors become `{code, message}`, and outputs are parsed
 * through the contract's output schema, which drops any key the contract does not declare.
 */
export function createDispatch(
  handlers: Handlers,
  log: DispatchLog = { internalError: (c, e) => console.error(`[api] ${c} failed:`, e) },
): Dispatch {
  return async (name, input) => {
    if (!isCallName(name))
      return { ok: false, error: { code: 'api/unknown-call', message: `Unknown call "${String(name).slice(0, 64)}".`, details: {} } };
    const def = calls[name];
    const parsed = def.input.safeParse(input ?? {});
    if (!parsed.success) {
      const i = parsed.error.issues[0];
      return {
        ok: false,
        error: {
          code: 'api/invalid-input',
          message: i ? `${i.path.join('.') || 'input'}: ${i.message}` : 'Invalid input.',
          details: { call: name },
        },
      };
    }
    try {
      const handler = handlers[name] as (i: unknown) => unknown;
      const value = await handler(parsed.data);
      const out = def.output.safeParse(value);
      if (!out.success) {
        log.internalError(
          name,
          new Error(`output does not match the contract: ${out.error.issues[0]?.path.join('.')} ${out.error.issues[0]?.message}`),
        );
        return { ok: false, error: { code: 'api/internal', message: 'Something went wrong inside the app (see the log).', details: {} } };
      }
      return { ok: true, value: out.data };
    } catch (e) {
      if (isCeremonyError(e)) return { ok: false, error: { code: e.code, message: e.message, details: { ...e.details } } };
      log.internalError(name, e);
      return { ok: false, error: { code: 'api/internal', message: 'Something went wrong inside the app (see the log).', details: {} } };
    }
  };
}
