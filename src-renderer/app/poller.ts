/**
 * A polling loop that never overlaps itself: the next tick is scheduled only after the previous
 * one settled, skipped (not queued) while `paused()` says so, and stopped for good by `stop()`.
 * Kept free of React so its timing can be tested with fake timers.
 */
export interface PollerOptions<T> {
  tick(): Promise<T>;
  intervalMs: number;
  /** Checked before each tick; a paused tick is skipped and retried after the interval. */
  paused?(): boolean;
  onResult(result: T, at: Date): void;
  onError(error: unknown, at: Date): void;
  now?(): Date;
}

export interface Poller {
  /** Runs a tick now (unless one is running), then continues on the interval. */
  pollNow(): Promise<void>;
  stop(): void;
  readonly running: boolean;
}

export function startPoller<T>(opts: PollerOptions<T>): Poller {
  const now = opts.now ?? (() => new Date());
  let timer: ReturnType<typeof setTimeout> | null = null;
  let inFlight: Promise<void> | null = null;
  let stopped = false;

  const schedule = () => {
    if (stopped) return;
    if (timer) clearTimeout(timer);
    timer = setTimeout(() => void run(false), opts.intervalMs);
  };
  const run = (force: boolean): Promise<void> => {
    if (stopped) return Promise.resolve();
    if (inFlight) return inFlight;
    if (!force && opts.paused?.()) {
      schedule();
      return Promise.resolve();
    }
    inFlight = (async () => {
      try {
        const r = await opts.tick();
        if (!stopped) opts.onResult(r, now());
      } catch (e) {
        if (!stopped) opts.onError(e, now());
      } finally {
        inFlight = null;
        schedule();
      }
    })();
    return inFlight;
  };
  void run(false);
  return {
    pollNow: () => run(true),
    stop() {
      stopped = true;
      if (timer) clearTimeout(timer);
      timer = null;
    },
    get running() {
      return inFlight !== null;
    },
  };
}

/** "14:02:09": 24-hour clock with seconds, as the "last updated" line shows it. */
export function clockTime(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${p(d.getHours())}:${p(d.getMinutes())}:${p(d.getSeconds())}`;
}
