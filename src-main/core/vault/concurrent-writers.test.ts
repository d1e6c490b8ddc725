import { existsSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writerSecret } from './concurrent-writer.fixture.ts';
import { TEST_SCRYPT } from './kdf.ts';
import { lockPath, vaultPaths } from './layout.ts';
import { tempDataDir } from './test-support.ts';
import { Vault } from './vault.ts';
import { startTs } from '../testing/ts-child.ts';

const PASS = 'concurrent writers passphrase';
const PER_WRITER = 50;

/** Starts a writer process and resolves once it has unlocked the vault and waits for "go". */
async function startWriter(dataDir: string, name: string) {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'concurrent-writer.fixture.ts');
  const p = await startTs(child, [dataDir, PASS, name, String(PER_WRITER)]);
  let out = '';
  let err = '';
  p.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const ready = new Promise<void>((resolve, reject) => {
    p.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out.includes('ready\n')) resolve();
    });
    p.on('exit', () => reject(new Error(`writer ${name} exited before it was ready: ${err}`)));
  });
  const done = new Promise<void>((resolve, reject) =>
    p.on('exit', (code) =>
      code === 0 && out.includes('done\n') ? resolve() : reject(new Error(`writer ${name} failed (${code}): ${err}`)),
    ),
  );
  return { ready, done, go: () => p.stdin.write('go\n') };
}

describe('two processes writing one vault at once', () => {
  it(`lose nothing (2 x ${PER_WRITER} puts)`, async () => {
    const dataDir = tempDataDir();
    const v = await Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS, kdf: TEST_SCRYPT });
    const writers = await Promise.all(['a', 'b'].map((name) => startWriter(dataDir, name)));
    await Promise.all(writers.map((w) => w.ready));
    for (const w of writers) w.go();
    await Promise.all(writers.map((w) => w.done));

    const ids = v.list().map((m) => m.id);
    expect(ids).toHaveLength(2 * PER_WRITER);
    for (const name of ['a', 'b']) {
      for (let i = 0; i < PER_WRITER; i++) expect(await v.get(`w${name}-${i}`)).toEqual(writerSecret(name, i));
    }
    expect(existsSync(lockPath(vaultPaths(dataDir)))).toBe(false);
  });
});
