import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { clockTime, startPoller } from './poller.ts';

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

function deferred() {
  let resolve!: (v: number) => void;
  const p = new Promise<number>((r) => (resolve = r));
  return { p, resolve };
}

describe('startPoller', () => {
  it('ticks at once, then every interval after the previous tick settled', async () => {
    const results: number[] = [];
    let n = 0;
    const poller = startPoller({ tick: async () => ++n, intervalMs: 5000, onResult: (r) => results.push(r), onError: () => undefined });
    await vi.advanceTimersByTimeAsync(0);
    expect(results).toEqual([1]);
    await vi.advanceTimersByTimeAsync(4999);
    expect(results).toEqual([1]);
    await vi.advanceTimersByTimeAsync(1);
    expect(results).toEqual([1, 2]);
    poller.stop();
    await vi.advanceTimersByTimeAsync(20_000);
    expect(results).toEqual([1, 2]);
  });

  it('never overlaps a slow tick, and pollNow joins the running one', async () => {
    const d = deferred();
    const tick = vi.fn(() => d.p);
    const results: number[] = [];
    const poller = startPoller({ tick, intervalMs: 1000, onResult: (r) => results.push(r), onError: () => undefined });
    await vi.advanceTimersByTimeAsync(10_000);
    expect(tick).toHaveBeenCalledTimes(1);
    const joined = poller.pollNow();
    expect(tick).toHaveBeenCalledTimes(1);
    d.resolve(7);
    await joined;
    expect(results).toEqual([7]);
    poller.stop();
  });

  it('skips ticks while paused, and reports errors without stopping', async () => {
    let paused = true;
    let n = 0;
    const errors: string[] = [];
    const results: number[] = [];
    const poller = startPoller({
      tick: async () => {
        if (++n === 1) throw new Error('node unreachable');
        return n;
      },
      intervalMs: 1000,
      paused: () => paused,
      onResult: (r) => results.push(r),
      onError: (e) => errors.push((e as Error).message),
    });
    await vi.advanceTimersByTimeAsync(3000);
    expect(n).toBe(0);
    paused = false;
    await vi.advanceTimersByTimeAsync(1000);
    expect(errors).toEqual(['node unreachable']);
    await vi.advanceTimersByTimeAsync(1000);
    expect(results).toEqual([2]);
    poller.stop();
  });

  it('a forced poll runs even while paused; nothing is reported after stop', async () => {
    const d = deferred();
    const results: number[] = [];
    const poller = startPoller({
      tick: () => d.p,
      intervalMs: 1000,
      paused: () => true,
      onResult: (r) => results.push(r),
      onError: () => undefined,
    });
    const p = poller.pollNow();
    expect(poller.running).toBe(true);
    poller.stop();
    d.resolve(1);
    await p;
    expect(results).toEqual([]);
  });
});

describe('clockTime', () => {
  it('formats hh:mm:ss on a 24-hour clock', () => {
    expect(clockTime(new Date(2025, 0, 1, 9, 5, 3))).toBe('09:05:03');
    expect(clockTime(new Date(2025, 0, 1, 23, 59, 59))).toBe('23:59:59');
  });
});
