import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { repoRoot } from '../../core/testing/vectors.ts';
import { commands } from './commands/index.ts';

/**
 * `ceremony --help` must start in a fraction of a second (the `cli` benchmark times it): the
 * catalogue lists the commands and a command's module loads only when it runs. This runs the
 * entry as its own process with a module hook that writes down every module Node loads.
 */
function modulesLoadedBy(args: string[]): string[] {
  const dir = mkdtempSync(join(tmpdir(), 'cli-loads-'));
  const log = join(dir, 'loaded.txt');
  writeFileSync(log, '');
  writeFileSync(
    join(dir, 'hooks.mjs'),
    "import { appendFileSync } from 'node:fs';\n" +
      'export async function load(url, context, next) {\n' +
      "  appendFileSync(process.env.CEREMONY_TEST_LOADED, url + '\\n');\n" +
      '  return next(url, context);\n' +
      '}\n',
  );
  writeFileSync(join(dir, 'register.mjs'), "import { register } from 'node:module';\nregister('./hooks.mjs', import.meta.url);\n");
  const r = spawnSync(
    process.execPath,
    ['--import', 'tsx', '--import', join(dir, 'register.mjs'), join(repoRoot, 'src-main/shells/cli/entry.ts'), ...args],
    { cwd: repoRoot, encoding: 'utf8', env: { ...process.env, CEREMONY_TEST_LOADED: log, CEREMONY_DATA_DIR: dir } },
  );
  expect(r.status, r.stderr).toBe(0);
  return readFileSync(log, 'utf8').split('\n').filter(Boolean);
}

const HEAVY = [
  '/src-main/core/app/',
  '/src-main/core/engine/',
  '/src-main/core/ceremonies/',
  '/src-main/core/transports/',
  '/node_modules/@mysten/',
  '/node_modules/@noble/',
  '/node_modules/@chainsafe/',
  '/node_modules/mcl-wasm/',
];

describe('the CLI loads a command only when it runs', () => {
  it('`ceremony --help` loads no command module, no crypto, no Sui SDK and no engine', () => {
    const loaded = modulesLoadedBy(['--help']);
    expect(loaded.some((u) => u.endsWith('/src-main/shells/cli/main.ts'))).toBe(true);
    expect(loaded.filter((u) => HEAVY.some((h) => u.includes(h)) || u.includes('/src-main/core/crypto/'))).toEqual([]);
    expect(loaded.filter((u) => /\/shells\/cli\/commands\/(?!index|seal-commands|frost-commands|group-commands)/.test(u))).toEqual([]);
  });

  it('`ceremony --version` loads the BLS12-381 backend it names, and no command, Sui SDK or engine', () => {
    const loaded = modulesLoadedBy(['--version']);
    expect(loaded.some((u) => u.includes('/src-main/core/crypto/bls-backend/select.ts'))).toBe(true);
    expect(loaded.filter((u) => HEAVY.some((h) => u.includes(h)) && !u.includes('/@noble/'))).toEqual([]);
  });

  it('a command loads its module when it runs', () => {
    const loaded = modulesLoadedBy(['vault', 'status', '--json']);
    expect(loaded.some((u) => u.endsWith('/src-main/shells/cli/commands/vault-status.ts'))).toBe(true);
    expect(loaded.some((u) => u.endsWith('/src-main/shells/cli/commands/seal-validate.ts'))).toBe(false);
  });

  it('every catalogue entry names a distinct command whose module loads', async () => {
    const paths = commands.map((c) => c.path.join(' '));
    expect(new Set(paths).size).toBe(paths.length);
    for (const entry of commands) {
      const command = await entry.load();
      expect(typeof command.run, entry.path.join(' ')).toBe('function');
      expect(typeof command.usage).toBe('string');
    }
  });
});
