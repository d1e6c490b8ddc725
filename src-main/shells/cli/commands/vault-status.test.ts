import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { explainMissingKeychain, KEYCHAIN_ABSENT, uniqueKeychainService } from '../../../core/vault/test-support.ts';
import { MemoryKeychain, NapiKeychain, TEST_SCRYPT, Vault } from '../../../core/vault/index.ts';
import { runCli } from '../test-support.ts';

// The real-keychain cases follow the vault's convention: run under a Secret Service (see
// src-main/core/vault/test-support.ts), or set CEREMONY_TEST_KEYCHAIN=absent.

const service = uniqueKeychainService('cli');
const created: string[] = [];
afterAll(async () => {
  if (KEYCHAIN_ABSENT) return;
  for (const account of created) await new NapiKeychain().remove(service, account).catch(() => false);
});

const run = (...argv: string[]) => runCli(argv);

const dir = () => mkdtempSync(join(tmpdir(), 'cli-vault-'));

describe('ceremony vault status', () => {
  it('no vault yet: exit 0 and says so, in text and JSON', async () => {
    const d = dir();
    const text = await run('vault', 'status', '--data-dir', d);
    expect(text.code).toBe(0);
    expect(text.out).toContain('not initialized');
    expect(text.out).toContain(`Data folder: ${d}`);
    const json = await run('vault', 'status', '--json', '--data-dir', d);
    expect(json.code).toBe(0);
    expect(JSON.parse(json.out)).toMatchObject({
      dataDir: d,
      initialized: false,
      kind: null,
      backend: null,
      state: 'uninitialized',
      count: 0,
      problem: null,
    });
  });

  it('passphrase vault: locked (never prompts), kind, KDF and count', async () => {
    const d = dir();
    const v = await Vault.init({ dataDir: d, kind: 'passphrase', passphrase: 'cli test passphrase', kdf: TEST_SCRYPT });
    await v.put({ id: 'a', label: 'a', kind: 'seal.share', ceremonyId: 'c' }, new Uint8Array(32).fill(7));
    const text = await run('vault', 'status', '--data-dir', d);
    expect(text.code).toBe(0);
    expect(text.out).toMatch(/Kind: +passphrase \(scrypt N=2\^10 r=8 p=1\)/);
    expect(text.out).toMatch(/State: +locked/);
    expect(text.out).toMatch(/Secrets: +1 /);
    const json = JSON.parse((await run('vault', 'status', '--json', '--data-dir', d)).out);
    expect(json).toMatchObject({ kind: 'passphrase', backend: 'passphrase', state: 'locked', count: 1, kdf: TEST_SCRYPT, problem: null });
  });

  if (KEYCHAIN_ABSENT) {
    it('CEREMONY_TEST_KEYCHAIN=absent: a keychain vault is reported with the keychain-unavailable problem, exit 0', async () => {
      const d = dir();
      await Vault.init({ dataDir: d, kind: 'keychain', keychain: new MemoryKeychain(), keychainService: service });
      const r = await run('vault', 'status', '--json', '--data-dir', d);
      expect(r.code).toBe(0);
      expect(JSON.parse(r.out)).toMatchObject({ kind: 'keychain', state: 'locked', problem: { code: 'vault/keychain-unavailable' } });
    });
  } else {
    it('keychain vault through the real OS keychain: unlocked, backend, count; a missing entry is reported', async () => {
      const d = dir();
      const keychain = new NapiKeychain();
      const v = await Vault.init({ dataDir: d, kind: 'keychain', keychain, keychainService: service }).catch(explainMissingKeychain);
      const loc = v.status().keychain!;
      created.push(loc.account);
      await v.put({ id: 'k', label: 'k', kind: 'sui.key', ceremonyId: null }, new Uint8Array(33).fill(1));
      const text = await run('vault', 'status', '--data-dir', d);
      expect(text.code).toBe(0);
      expect(text.out).toContain(`Kind:        keychain (${keychain.name}, service "${service}", account "${loc.account}")`);
      expect(text.out).toMatch(/State: +unlocked/);
      const json = JSON.parse((await run('vault', 'status', '--json', '--data-dir', d)).out);
      expect(json).toMatchObject({ kind: 'keychain', backend: keychain.name, state: 'unlocked', count: 1, problem: null });
      await keychain.remove(loc.service, loc.account);
      const missing = JSON.parse((await run('vault', 'status', '--json', '--data-dir', d)).out);
      expect(missing).toMatchObject({ state: 'locked', count: 1, problem: { code: 'vault/keychain-entry-missing' } });
    });
  }

  it('a damaged vault header: exit 1 with a one-line error (and a JSON error object)', async () => {
    const d = dir();
    await Vault.init({ dataDir: d, kind: 'passphrase', passphrase: 'cli test passphrase', kdf: TEST_SCRYPT });
    writeFileSync(join(d, 'vault', 'vault.json'), '{"format":"ceremony-vault"');
    const r = await run('vault', 'status', '--data-dir', d);
    expect(r.code).toBe(1);
    expect(r.err.split('\n')).toHaveLength(1);
    expect(r.err).toMatch(/^ceremony: The vault header .* is damaged/);
    const j = await run('vault', 'status', '--json', '--data-dir', d);
    expect(j.code).toBe(1);
    expect(JSON.parse(j.out)).toMatchObject({ ok: false, error: { code: 'vault/corrupt-header' } });
  });
});
