import { spawnSync } from 'node:child_process';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { NapiKeychain } from './napi-keychain.ts';
import {
  expectCode,
  explainMissingKeychain,
  KEYCHAIN_ABSENT,
  randomSecret,
  snapshot,
  tempDataDir,
  uniqueKeychainService,
} from './test-support.ts';
import { Vault } from './vault.ts';

// The REAL OS keychain through @napi-rs/keyring (Secret Service on Linux). How CI runs it
// headless, and what CEREMONY_TEST_KEYCHAIN=absent means: see test-support.ts.

const service = uniqueKeychainService('vault');
const created: string[] = [];

afterAll(async () => {
  // Leave no test entries behind in the keyring, whatever happened above.
  if (KEYCHAIN_ABSENT) return;
  const kc = new NapiKeychain();
  for (const account of created) await kc.remove(service, account).catch(() => false);
});

async function realVault() {
  const dataDir = tempDataDir('vault-real-');
  const keychain = new NapiKeychain();
  const vault = await Vault.init({ dataDir, kind: 'keychain', keychain, keychainService: service }).catch(explainMissingKeychain);
  created.push(vault.status().keychain!.account);
  return { dataDir, keychain, vault };
}

describe('real OS keychain', () => {
  if (KEYCHAIN_ABSENT) {
    it('CEREMONY_TEST_KEYCHAIN=absent: a keychain vault cannot be created and says so clearly; nothing is written', async () => {
      const dataDir = tempDataDir('vault-absent-');
      const e = await expectCode(
        Vault.init({ dataDir, kind: 'keychain', keychain: new NapiKeychain(), keychainService: service }),
        'vault/keychain-unavailable',
      );
      expect(e.message).toMatch(/passphrase vault/);
      expect(Vault.status(dataDir).initialized).toBe(false);
    });
  } else {
    it('round trip: the key is stored in and read back from the OS keychain', async () => {
      const { dataDir, keychain, vault } = await realVault();
      const st = vault.status();
      expect(st).toMatchObject({ kind: 'keychain', backend: keychain.name, state: 'unlocked' });
      if (process.platform === 'linux') expect(st.backend).toBe('secret-service');
      const secrets = [randomSecret(32), randomSecret(64), randomSecret(200)];
      for (const [i, s] of secrets.entries())
        await vault.put({ id: `real/${i}`, label: `real ${i}`, kind: 'frost.key-package', ceremonyId: 'real' }, s);
      vault.lock();

      // A fresh process-like open: new backend object, key read from the keychain.
      const reopened = await Vault.open({ dataDir, keychain: new NapiKeychain() });
      expect(reopened.unlocked).toBe(true);
      for (const [i, s] of secrets.entries()) expect(await reopened.get(`real/${i}`)).toEqual(s);
      const dek = await keychain.read(service, st.keychain!.account);
      expect(dek).toHaveLength(32);

      reopened.lock();
      await reopened.unlock();
      expect(reopened.list()).toHaveLength(3);
    });

    it('a missing keychain entry gives vault/keychain-entry-missing and loses nothing', async () => {
      const { dataDir, keychain, vault } = await realVault();
      await vault.put({ id: 'x', label: 'x', kind: 'comm.key', ceremonyId: null }, randomSecret());
      const account = vault.status().keychain!.account;
      const snap = snapshot(dataDir);
      expect(await keychain.remove(service, account)).toBe(true);
      expect(await keychain.read(service, account)).toBeNull();
      await expectCode(Vault.open({ dataDir, keychain }), 'vault/keychain-entry-missing');
      await expectCode(Vault.init({ dataDir, kind: 'keychain', keychain, keychainService: service }), 'vault/already-initialized');
      expect(snapshot(dataDir)).toEqual(snap);
      expect(await keychain.read(service, account)).toBeNull();
    });
  }

  if (process.platform === 'linux') {
    it('Linux without a session bus: vault/keychain-unavailable, never a silent fallback (child process)', () => {
      const probe = join(dirname(fileURLToPath(import.meta.url)), 'keychain-probe.fixture.ts');
      const r = spawnSync(process.execPath, ['--import', 'tsx', probe, tempDataDir('vault-nobus-')], {
        env: { ...process.env, DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent/ceremony-test-bus' },
        encoding: 'utf8',
        timeout: 30_000,
      });
      expect(r.stderr).toBe('');
      expect(JSON.parse(r.stdout)).toEqual({ code: 'vault/keychain-unavailable', initialized: false, backend: 'secret-service' });
    });
  }
});
