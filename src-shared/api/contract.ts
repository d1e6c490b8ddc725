import type { z } from 'zod';
import { appCalls } from './app.ts';
import { bundleCalls } from './bundles.ts';
import { ceremonyCalls } from './ceremonies.ts';
import { vaultCalls } from './vault.ts';
import { walletCalls } from './wallet.ts';
import { sealCalls } from './seal.ts';
import { groupSssCalls } from './group-sss.ts';
import { frostCalls } from './frost.ts';
import type { ApiErrorShape } from './common.ts';
import type { EventName, EventPayload } from './events.ts';

/**
 * The whole renderer↔main API. The Electron preload, the loopback host and the renderer
 * bridge are generic over this object: adding a call means adding it here and a handler in
 * src-main/core/api, nothing else.
 */
export const calls = {
  ...appCalls,
  ...vaultCalls,
  ...ceremonyCalls,
  ...bundleCalls,
  ...walletCalls,
  ...sealCalls,
  ...groupSssCalls,
  ...frostCalls,
} as const;

export type Calls = typeof calls;
export type CallName = keyof Calls;
export type CallInput<N extends CallName> = z.input<Calls[N]['input']>;
export type CallOutput<N extends CallName> = z.output<Calls[N]['output']>;

export function isCallName(name: unknown): name is CallName {
  return typeof name === 'string' && Object.prototype.hasOwnProperty.call(calls, name);
}

/** What a transport returns for a call: never throws across the boundary. */
export type CallReply<T = unknown> = { ok: true; value: T } | { ok: false; error: ApiErrorShape };

/** The one object the renderer sees (`window.ceremony`). */
export interface CeremonyBridge {
  call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>>;
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void;
}

/**
 * What the Electron preload exposes as `window.ceremony`. Replies come back as data, not
 * thrown errors: contextBridge keeps only the message of an Error, and we want the code.
 */
export interface PreloadBridge {
  call(name: string, input: unknown): Promise<CallReply>;
  on(event: string, listener: (payload: unknown) => void): () => void;
}

/** Channel names of the Electron transport (preload allow-list). */
export const IPC_CALL_CHANNEL = 'ceremony:call';
export const IPC_EVENT_CHANNEL = 'ceremony:event';

export type { EventName, EventPayload } from './events.ts';
