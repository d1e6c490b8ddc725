// Test-only: runs a TypeScript entry as its own Node process without tsx's per-start cost.
import { spawn, spawnSync, type ChildProcessWithoutNullStreams, type SpawnSyncOptionsWithStringEncoding } from 'node:child_process';
import { mkdirSync, readFileSync, renameSync, rmSync } from 'node:fs';
import { basename, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { build, type Plugin } from 'esbuild';
import { repoRoot } from './vectors.ts';

const bundles = new Map<string, Promise<string>>();

/**
 * Each module keeps its own `import.meta.url` (a bundle would otherwise give every module the
 * bundle's): code that finds files beside itself (the worker entry, the repository root, native
 * modules) behaves as it does from sources.
 */
const ownModuleUrl: Plugin = {
  name: 'own-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\.ts$/ }, (args) => ({
      contents: readFileSync(args.path, 'utf8').replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)),
      loader: 'ts',
    }));
  },
};

/**
 * The entry bundled once per test process into one ES module (packages stay imports, resolved
 * from the repository's node_modules). Crash and concurrency tests start dozens of children; under
 * `--import tsx` each start costs about a second of loading hooks and transpiling, the bundle
 * about half of that, which keeps those tests far from their timeouts on a loaded machine.
 */
export function bundledEntry(tsFile: string): Promise<string> {
  let known = bundles.get(tsFile);
  if (!known) {
    known = bundle(tsFile);
    bundles.set(tsFile, known);
  }
  return known;
}

async function bundle(tsFile: string): Promise<string> {
  const dir = join(repoRoot, 'node_modules', '.cache', 'ceremony-test-children');
  mkdirSync(dir, { recursive: true });
  const out = join(dir, `${basename(tsFile, '.ts')}-${process.pid}.mjs`);
  const tmp = `${out}.tmp-${Date.now()}`;
  await build({
    entryPoints: [tsFile],
    bundle: true,
    platform: 'node',
    format: 'esm',
    target: 'node20',
    packages: 'external',
    outfile: tmp,
    logLevel: 'error',
    plugins: [ownModuleUrl],
  });
  renameSync(tmp, out);
  process.once('exit', () => rmSync(out, { force: true }));
  return out;
}

/** `node <bundled tsFile> ...args`, waiting for it (like spawnSync). */
export async function runTsSync(tsFile: string, args: string[], opts: Omit<SpawnSyncOptionsWithStringEncoding, 'encoding'> = {}) {
  return spawnSync(process.execPath, [await bundledEntry(tsFile), ...args], { cwd: repoRoot, ...opts, encoding: 'utf8' });
}

/** `node <bundled tsFile> ...args` with piped stdio, not waiting (like spawn). */
export async function startTs(tsFile: string, args: string[]): Promise<ChildProcessWithoutNullStreams> {
  return spawn(process.execPath, [await bundledEntry(tsFile), ...args], { cwd: repoRoot, stdio: 'pipe' });
}
