/** Wall time and peak resident memory of an async operation. */
export interface Measurement<T> {
  value: T;
  ms: number;
  /** CPU time of the whole process (all threads, user + system) while it ran. */
  cpuMs: number;
  /** Highest RSS seen while it ran (sampled every 10 ms, plus before/after), in MiB. */
  peakRssMiB: number;
}

export async function measure<T>(fn: () => Promise<T> | T): Promise<Measurement<T>> {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, 10);
  const start = performance.now();
  const cpu0 = process.cpuUsage();
  try {
    const value = await fn();
    const ms = performance.now() - start;
    const cpu = process.cpuUsage(cpu0);
    peak = Math.max(peak, process.memoryUsage().rss);
    return { value, ms, cpuMs: (cpu.user + cpu.system) / 1000, peakRssMiB: peak / 2 ** 20 };
  } finally {
    clearInterval(timer);
  }
}

export function fmt(ms: number): string {
  return ms >= 100 ? ms.toFixed(0) : ms.toFixed(1);
}
