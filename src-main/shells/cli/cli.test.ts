import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { ed25519Signer, encodeBundle } from '../../core/bundles/codec.ts';
import { repoRoot } from '../../core/testing/vectors.ts';
import { runCli } from './test-support.ts';

/**
 * Runs the `ceremony` command's entry as its own process, for what only a process shows (exit
 * status, stderr without a stack trace, the commit of this checkout). The package.json bin is its
 * build (out/main/cli.js, which the end-to-end tests run); unit tests run before the build, so
 * they run the same entry from sources. Each start costs about a second, so the other tests call
 * `main` in-process (`ceremony`).
 */
function ceremonyProcess(args: string[], env: Record<string, string> = {}) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(repoRoot, 'src-main/shells/cli/entry.ts'), ...args], {
    cwd: repoRoot,
    encoding: 'utf8',
    env: { ...process.env, CEREMONY_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-')), ...env },
  });
  return { code: r.status, out: r.stdout, err: r.stderr };
}

/** `ceremony <args>` in-process, in a fresh data folder unless `env` names one. */
function ceremony(args: string[], env: Record<string, string> = {}) {
  return runCli(args, { CEREMONY_DATA_DIR: mkdtempSync(join(tmpdir(), 'cli-')), ...env });
}

function bundleFile(): string {
  const dir = mkdtempSync(join(tmpdir(), 'cli-b-'));
  const { bytes } = encodeBundle(
    {
      protocol: 'frost',
      ceremonyId: 'frost-0011223344',
      phase: 2,
      step: 'round1',
      sender: { id: 'alice', label: 'Alice' },
      createdAt: '2026-11-21T12:00:00.000Z',
      rehearsal: false,
      payloadType: 'application/json',
      payload: new TextEncoder().encode('{"x":1}'),
    },
    ed25519Signer(ed25519.utils.randomSecretKey()),
  );
  const p = join(dir, 'round1.ceremony');
  writeFileSync(p, bytes);
  return p;
}

describe('ceremony CLI', () => {
  it('--help lists the commands and exits 0', () => {
    const r = ceremonyProcess(['--help']);
    expect(r.code).toBe(0);
    for (const c of ['vault status', 'list', 'show', 'bundle inspect']) expect(r.out).toContain(c);
    // Each global option once (--version was listed twice).
    for (const o of ['--version', '--json', '--data-dir', '--help']) expect(r.out.split(o).length - 1).toBe(1);
  });

  it('--version names the version, the commit of this checkout and the BLS12-381 backend (blst where its native module loads)', async () => {
    const head = spawnSync('git', ['-C', repoRoot, 'rev-parse', 'HEAD'], { encoding: 'utf8' }).stdout.trim();
    const pkg = JSON.parse(readFileSync(join(repoRoot, 'package.json'), 'utf8')) as { version: string };
    const r = ceremonyProcess(['--version']);
    expect(r.code).toBe(0);
    expect(r.out).toContain(`ceremony ${pkg.version} (commit ${head}`);
    expect(r.out).toMatch(/BLS12-381 backend: blst, arithmetic on mcl\)$/m);
    expect(JSON.parse((await ceremony(['--version', '--json'])).out)).toMatchObject({
      version: pkg.version,
      commit: expect.stringMatching(new RegExp(`^${head}`)),
      blsBackend: 'blst',
      blsArithmetic: 'mcl',
    });
  });

  it('bundle inspect: a good bundle prints its header, check code and a valid signature', async () => {
    const r = await ceremony(['bundle', 'inspect', bundleFile()]);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/Check code:\s+\d{4}-\d{4}-\d{4}/);
    expect(r.out).toContain('Signature:   valid');
    expect(r.out).toContain('Alice');
    const j = await ceremony(['bundle', 'inspect', bundleFile(), '--json']);
    expect(JSON.parse(j.out)).toMatchObject({ valid: true, header: { protocol: 'frost', step: 'round1' } });
  });

  it('bundle inspect: a tampered bundle is described, its signature reported invalid, exit 1', async () => {
    const p = bundleFile();
    const doc = JSON.parse(readFileSync(p, 'utf8'));
    doc.header.sender.label = 'Mallory';
    writeFileSync(p, JSON.stringify(doc));
    const r = await ceremony(['bundle', 'inspect', p]);
    expect(r.code).toBe(1);
    expect(r.out).toContain('Signature:   INVALID');
    expect(JSON.parse((await ceremony(['bundle', 'inspect', p, '--json'])).out)).toMatchObject({
      valid: false,
      problem: { code: 'bundle/bad-signature' },
    });
  });

  it('errors are one line on stderr with no stack trace, and non-zero', async () => {
    const notABundle = join(mkdtempSync(join(tmpdir(), 'cli-')), 'x.txt');
    writeFileSync(notABundle, 'hello');
    for (const args of [
      ['bundle', 'inspect', notABundle],
      ['bundle', 'inspect', '/nonexistent/file'],
      ['show', 'seal-0000000000'],
      ['frobnicate'],
      ['bundle', 'inspect'],
    ]) {
      const r = await ceremony(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^ceremony: /);
      expect(r.err).not.toMatch(/^\s+at .+:\d+/m);
    }
    // As its own process too: the exit status and stderr the person's shell sees.
    for (const args of [['bundle', 'inspect', '/nonexistent/file'], ['frobnicate']]) {
      const r = ceremonyProcess(args);
      expect(r.code, args.join(' ')).not.toBe(0);
      expect(r.err.trim().split('\n')).toHaveLength(1);
      expect(r.err).toMatch(/^ceremony: /);
    }
    const j = await ceremony(['show', 'seal-0000000000', '--json']);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, error: { code: 'engine/not-found' } });
  });

  it('list on an empty data folder', async () => {
    const r = await ceremony(['list', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toEqual([]);
  });
});

describe('ceremony vault init', () => {
  it('creates a passphrase vault from the environment, refuses a second one, and the vault opens', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'cli-vi-'));
    const env = { CEREMONY_DATA_DIR: dataDir };
    expect((await ceremony(['vault', 'init', '--passphrase'], env)).err).toMatch(/CEREMONY_VAULT_PASSPHRASE/);
    const r = await ceremony(['vault', 'init', '--passphrase', '--json'], { ...env, CEREMONY_VAULT_PASSPHRASE: 'a long test passphrase' });
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out)).toMatchObject({ kind: 'passphrase', state: 'unlocked' });
    expect((await ceremony(['vault', 'init'], env)).code).toBe(1);
    expect((await ceremony(['wallet', 'list'], env)).err).toMatch(/CEREMONY_VAULT_PASSPHRASE/);
    expect((await ceremony(['wallet', 'list'], { ...env, CEREMONY_VAULT_PASSPHRASE: 'a long test passphrase' })).out).toContain(
      'No Sui account',
    );
    expect((await ceremony(['wallet', 'list'], { ...env, CEREMONY_VAULT_PASSPHRASE: 'wrong passphrase!!' })).err).toMatch(/passphrase/i);
  });
});

describe('global options before the command', () => {
  it('`ceremony --data-dir D list` and `ceremony --json --data-dir=D list` find the command', async () => {
    const d = mkdtempSync(join(tmpdir(), 'cli-g-'));
    expect(JSON.parse((await ceremony(['--json', '--data-dir', d, 'list'])).out)).toEqual([]);
    expect((await ceremony([`--data-dir=${d}`, 'list'])).out).toContain(`No ceremonies in ${d}`);
    expect((await ceremony(['--data-dir', d, 'nope'])).err).toContain('unknown command "nope"');
  });
});
