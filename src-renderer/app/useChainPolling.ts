import { useCallback, useEffect, useRef, useState } from 'react';
import { bridge } from '../bridge.ts';
import { useApp } from './store.ts';
import { startPoller, type Poller } from './poller.ts';

export interface ChainPolling {
  /** When the last poll succeeded; null before the first one. */
  lastUpdated: Date | null;
  /** The last poll's error sentence, cleared by the next success. */
  error: string | null;
  checking: boolean;
  intervalMs: number;
  checkNow(): void;
}

/**
 * While `enabled`, runs the protocol's chain-poll action (`refresh`, which commits nothing when
 * the chain did not change) every few seconds and puts the fresh view into the store. Polls
 * quietly: no busy bar, and skipped while another operation runs, so buttons do not flicker
 * and a person's action never waits behind a poll.
 */
export function useChainPolling(ceremonyId: string, enabled: boolean, opts: { action?: string; intervalMs?: number } = {}): ChainPolling {
  const action = opts.action ?? 'refresh';
  const intervalMs = opts.intervalMs ?? 5000;
  const [lastUpdated, setLastUpdated] = useState<Date | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [checking, setChecking] = useState(false);
  const poller = useRef<Poller | null>(null);

  useEffect(() => {
    if (!enabled) return;
    const p = startPoller({
      tick: async () => {
        setChecking(true);
        try {
          return await bridge.call('ceremonies.act', { id: ceremonyId, action, input: {} });
        } finally {
          setChecking(false);
        }
      },
      intervalMs,
      paused: () => useApp.getState().busy !== null,
      onResult: (view, at) => {
        const s = useApp.getState();
        if (!s.busy) s.showView(view);
        setLastUpdated(at);
        setError(null);
      },
      onError: (e) => setError(e instanceof Error ? e.message : String(e)),
    });
    poller.current = p;
    return () => {
      p.stop();
      poller.current = null;
    };
  }, [ceremonyId, enabled, action, intervalMs]);

  const checkNow = useCallback(() => void poller.current?.pollNow(), []);
  return { lastUpdated, error, checking, intervalMs, checkNow };
}
