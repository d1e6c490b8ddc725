import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { fmt } from './measure.ts';

/**
 * How long the built `ceremony --help` takes to start, next to the floor of any Node program
 * (`node -e 0`) timed in turn in the same run, so the ratio holds when the shared machine's speed
 * drifts. Whole processes, wall time (Node cannot read a child's CPU time).
 */
export interface CliBenchResult {
  runs: number;
  /** Medians over the runs, in milliseconds. */
  helpMs: number;
  floorMs: number;
  /** Median of the per-pair ratios help / floor. */
  ratio: number;
  loadAvg: number;
}

const ROOT = join(import.meta.dirname, '..', '..');
const BUILT_CLI = join(ROOT, 'out', 'main', 'cli.js');

function timeOnce(args: string[]): number {
  const start = performance.now();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  const ms = performance.now() - start;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} exited with ${r.status}: ${r.stderr.toString().split('\n')[0]}`);
  return ms;
}

function median(xs: readonly number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
}

export function runCliBench(o: { runs: number; log: (line: string) => void }): CliBenchResult {
  if (!existsSync(BUILT_CLI)) throw new Error(`${BUILT_CLI} is missing: run \`npm run build\` first (the cli suite times the built CLI)`);
  const help = [BUILT_CLI, '--help'];
  const floor = ['-e', '0'];
  timeOnce(help); // warm-up: the file cache, not the measurement
  timeOnce(floor);
  const helpMs: number[] = [];
  const floorMs: number[] = [];
  for (let i = 0; i < o.runs; i++) {
    helpMs.push(timeOnce(help));
    floorMs.push(timeOnce(floor));
  }
  const result: CliBenchResult = {
    runs: o.runs,
    helpMs: median(helpMs),
    floorMs: median(floorMs),
    ratio: median(helpMs.map((h, i) => h / floorMs[i]!)),
    loadAvg: loadavg()[0]!,
  };
  o.log(`CLI start-up (${o.runs} runs each, in turn; medians; 1-minute load ${result.loadAvg.toFixed(1)})`);
  o.log(`  ceremony --help (out/main/cli.js)  ${fmt(result.helpMs)} ms`);
  o.log(`  node -e 0 (floor)                  ${fmt(result.floorMs)} ms`);
  o.log(`  ratio help / floor                 ${result.ratio.toFixed(2)}×`);
  return result;
}
