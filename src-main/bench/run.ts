import { availableParallelism } from 'node:os';
import { runCliBench } from './cli.ts';
import { costliestMember, runSealBench, SEAL_SIZES } from './seal.ts';
import { runSealImportBench } from './seal-import.ts';
import { WorkerPool } from '../core/workers/pool.ts';

/**
 * `npm run bench [-- <suite>...] [--sizes 16,64] [--workers N] [--no-cache] [--runs N] [--json]`
 * Suites: seal (the DKG's crypto), seal-import (a real message set through the app's API; by
 * default at n=256 only), cli (the built `ceremony --help` start-up; needs `npm run build`).
 * Without a suite name every suite runs.
 */
const SUITES = ['seal', 'seal-import', 'cli'] as const;
const SEAL_IMPORT_SIZES: readonly [number, number][] = SEAL_SIZES.filter(([n]) => n === 256);

async function main(argv: string[]): Promise<number> {
  const names: string[] = [];
  let sizes = SEAL_SIZES;
  let importSizes = SEAL_IMPORT_SIZES;
  let workers = availableParallelism();
  let cache = true;
  let json = false;
  let runs = 10;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    if (a === '--sizes') {
      const wanted = new Set(argv[++i]!.split(',').map(Number));
      sizes = SEAL_SIZES.filter(([n]) => wanted.has(n));
      importSizes = sizes;
    } else if (a === '--workers') workers = Number(argv[++i]);
    else if (a === '--no-cache') cache = false;
    else if (a === '--runs') runs = Number(argv[++i]);
    else if (a === '--json') json = true;
    else if (a.startsWith('-')) {
      console.error(`unknown option ${a}`);
      return 2;
    } else names.push(a);
  }
  if (!Number.isInteger(runs) || runs < 1) {
    console.error('--runs takes a whole number of runs, 1 or more');
    return 2;
  }
  const unknown = names.filter((n) => !(SUITES as readonly string[]).includes(n));
  if (unknown.length) {
    console.error(`unknown suite ${unknown.join(', ')}; suites: ${SUITES.join(', ')}`);
    return 2;
  }
  const run = names.length ? names : [...SUITES];
  const log = json ? () => {} : (l: string) => console.log(l);
  log(`ceremony benchmark — node ${process.version}, ${availableParallelism()} cores available, ${workers} worker threads`);
  const results: Record<string, unknown> = {};
  if (run.includes('seal')) results.seal = await runSealBench({ sizes, workers, cache, log });
  if (run.includes('seal-import')) {
    log('');
    log(
      'Seal message set through the app (rehearsal ledger, one coordinator install and one member install, the API calls the screens make).',
    );
    const pool = new WorkerPool({ size: workers });
    try {
      const rows = [];
      for (const [n, t] of importSizes) rows.push(...(await runSealImportBench(n, t, costliestMember(n), pool, cache, log)));
      results['seal-import'] = rows;
    } finally {
      await pool.close();
    }
  }
  if (run.includes('cli')) results.cli = runCliBench({ runs, log });
  if (json) console.log(JSON.stringify(results, (_k, v: unknown) => (typeof v === 'bigint' ? v.toString() : v), 2));
  return 0;
}

process.exitCode = await main(process.argv.slice(2));
