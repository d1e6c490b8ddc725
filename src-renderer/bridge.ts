import type {
  CallInput,
  CallName,
  CallOutput,
  CallReply,
  CeremonyBridge,
  EventName,
  EventPayload,
  PreloadBridge,
} from '../src-shared/api/contract.ts';
import type { ApiErrorShape } from '../src-shared/api/common.ts';

/** An error from main: a stable code and one human sentence. */
export class ApiError extends Error {
  readonly code: string;
  readonly details: ApiErrorShape['details'];
  constructor(e: ApiErrorShape) {
    super(e.message);
    this.code = e.code;
    this.details = e.details ?? {};
  }
}

declare global {
  interface Window {
    /** Set by the Electron preload. Absent when the UI is served by the loopback host. */
    ceremony?: PreloadBridge;
  }
}

const TOKEN_KEY = 'ceremony.token';

/** The loopback host puts its per-run token in the URL fragment; keep it for this tab only. */
function loopbackToken(): string {
  const m = /(?:^|[#&])token=([A-Za-z0-9_-]+)/.exec(window.location.hash);
  if (m) {
    sessionStorage.setItem(TOKEN_KEY, m[1]!);
    history.replaceState(null, '', window.location.pathname + window.location.search);
    return m[1]!;
  }
  return sessionStorage.getItem(TOKEN_KEY) ?? '';
}

function httpBridge(): CeremonyBridge {
  const token = loopbackToken();
  const listeners = new Map<string, Set<(p: unknown) => void>>();
  let source: EventSource | null = null;
  const connect = () => {
    if (source) return;
    source = new EventSource(`/api/events?token=${encodeURIComponent(token)}`);
    source.onmessage = (m: MessageEvent<string>) => {
      const { event, payload } = JSON.parse(m.data) as { event: string; payload: unknown };
      for (const l of listeners.get(event) ?? []) l(payload);
    };
  };
  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      let res: Response;
      try {
        res = await fetch(`/api/call/${name}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json', 'X-Ceremony-Token': token },
          body: JSON.stringify(input),
        });
      } catch {
        throw new ApiError({ code: 'app/disconnected', message: 'The app is not reachable (was it closed?).', details: {} });
      }
      if (res.status === 401)
        throw new ApiError({
          code: 'app/unauthorized',
          message: 'This page is not authorised: open the address the app printed, including its token.',
          details: {},
        });
      const reply = (await res.json()) as CallReply<CallOutput<N>>;
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.value;
    },
    on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) {
      connect();
      const set = listeners.get(event) ?? new Set();
      set.add(listener as (p: unknown) => void);
      listeners.set(event, set);
      return () => set.delete(listener as (p: unknown) => void);
    },
  };
}

function electronBridge(inner: PreloadBridge): CeremonyBridge {
  return {
    async call<N extends CallName>(name: N, input: CallInput<N>): Promise<CallOutput<N>> {
      const reply = (await inner.call(name, input)) as CallReply<CallOutput<N>>;
      if (!reply.ok) throw new ApiError(reply.error);
      return reply.value;
    },
    on: <E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void) => inner.on(event, listener as (p: unknown) => void),
  };
}

export const bridge: CeremonyBridge = window.ceremony ? electronBridge(window.ceremony) : httpBridge();
