import { monitorEventLoopDelay } from 'node:perf_hooks';

/**
 * Watches the main thread's event loop for the longest stall. Two witnesses, the larger wins:
 * Node's `monitorEventLoopDelay` and a 2 ms interval of our own. The histogram only samples from
 * its first tick, so a block that starts right after `enable()` went unseen (a 1 s block read as
 * 8 ms): `watchEventLoop` returns once both witnesses have ticked.
 */
export async function watchEventLoop(): Promise<{ stop(): number }> {
  const histogram = monitorEventLoopDelay({ resolution: 5 });
  histogram.enable();
  let last = performance.now();
  let longest = 0;
  const interval = setInterval(() => {
    const now = performance.now();
    longest = Math.max(longest, now - last - 2);
    last = now;
  }, 2);
  await new Promise((resolve) => setTimeout(resolve, 25));
  longest = 0;
  histogram.reset();
  return {
    stop() {
      clearInterval(interval);
      histogram.disable();
      return Math.max(longest, histogram.max / 1e6);
    },
  };
}
