import { readFileSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { DEFAULT_SCRYPT, TEST_SCRYPT } from './kdf.ts';
import { vaultPaths } from './layout.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import { VaultService } from './service.ts';
import { expectCode, randomSecret, snapshot, tempDataDir } from './test-support.ts';
import { readVaultStatus, Vault } from './vault.ts';

const PASS = 'correct horse battery staple';

async function passVault(dataDir = tempDataDir()) {
  const vault = await Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS, kdf: TEST_SCRYPT });
  return { dataDir, vault };
}

describe('passphrase vault', () => {
  it('is unlocked after creation and records its KDF parameters in the header', async () => {
    const { dataDir, vault } = await passVault();
    expect(vault.status()).toMatchObject({
      kind: 'passphrase',
      backend: 'passphrase',
      state: 'unlocked',
      kdf: TEST_SCRYPT,
      keychain: null,
    });
    const header = JSON.parse(readFileSync(vaultPaths(dataDir).header, 'utf8'));
    expect(header.passphrase.kdf).toEqual(TEST_SCRYPT);
    expect(header.passphrase.salt).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  });

  it('uses the production scrypt cost when none is given (N=2^17, r=8, p=1)', async () => {
    const dataDir = tempDataDir();
    await Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS });
    expect(readVaultStatus(dataDir).kdf).toEqual(DEFAULT_SCRYPT);
    expect(DEFAULT_SCRYPT).toEqual({ alg: 'scrypt', N: 131072, r: 8, p: 1 });
  });

  it('opens locked; a wrong passphrase gives vault/wrong-passphrase and changes nothing; the right one unlocks', async () => {
    const { dataDir, vault } = await passVault();
    const s = randomSecret();
    await vault.put({ id: 'share', label: 'share', kind: 'seal.share', ceremonyId: 'c' }, s);
    const snap = snapshot(dataDir);
    const v2 = await Vault.open({ dataDir });
    expect(v2.status()).toMatchObject({ state: 'locked', count: 1 });
    await expectCode(v2.get('share'), 'vault/locked');
    await expectCode(() => v2.list(), 'vault/locked');
    await expectCode(v2.unlock(), 'vault/locked');
    const e = await expectCode(v2.unlock('correct horse battery stapler'), 'vault/wrong-passphrase');
    expect(e.message).toMatch(/^Wrong passphrase/);
    await expectCode(v2.unlock(''), 'vault/wrong-passphrase');
    await expectCode(v2.unlock(42 as unknown as string), 'vault/locked');
    await expectCode(v2.changePassphrase({} as unknown as string, 'a new passphrase'), 'vault/bad-passphrase');
    expect(v2.unlocked).toBe(false);
    expect(snapshot(dataDir)).toEqual(snap);
    await v2.unlock(PASS);
    expect(await v2.get('share')).toEqual(s);
    v2.lock();
    await expectCode(v2.get('share'), 'vault/locked');
  });

  it('normalises passphrases (NFKC): composed and decomposed accents unlock alike', async () => {
    const dataDir = tempDataDir();
    await Vault.init({ dataDir, kind: 'passphrase', passphrase: 'café crème brûlée', kdf: TEST_SCRYPT });
    const v = await Vault.open({ dataDir });
    await v.unlock('cafe\u0301 cre\u0300me bru\u0302le\u0301e');
    expect(v.unlocked).toBe(true);
  });

  it('refuses short new passphrases and out-of-range KDF parameters', async () => {
    await expectCode(
      Vault.init({ dataDir: tempDataDir(), kind: 'passphrase', passphrase: 'short', kdf: TEST_SCRYPT }),
      'vault/passphrase-too-short',
    );
    await expectCode(
      Vault.init({ dataDir: tempDataDir(), kind: 'passphrase', passphrase: PASS, kdf: { alg: 'scrypt', N: 1000, r: 8, p: 1 } }),
      'vault/bad-kdf-params',
    );
    await expectCode(
      Vault.init({ dataDir: tempDataDir(), kind: 'passphrase', passphrase: PASS, kdf: { alg: 'scrypt', N: 2 ** 24, r: 8, p: 1 } }),
      'vault/bad-kdf-params',
    );
  });

  it('changes the passphrase (and can raise the cost); the old one stops working, secrets stay readable', async () => {
    const { dataDir, vault } = await passVault();
    const s = randomSecret();
    await vault.put({ id: 'k', label: 'k', kind: 'sui.key', ceremonyId: null }, s);
    const secretFiles = snapshot(vaultPaths(dataDir).secretsDir);
    await expectCode(vault.changePassphrase('not it at all', 'new passphrase here'), 'vault/wrong-passphrase');
    await expectCode(vault.changePassphrase(PASS, 'tiny'), 'vault/passphrase-too-short');
    const stronger = { alg: 'scrypt' as const, N: 2 ** 11, r: 8, p: 1 };
    await vault.changePassphrase(PASS, 'new passphrase here', { kdf: stronger });
    expect(vault.unlocked).toBe(true);
    expect(readVaultStatus(dataDir).kdf).toEqual(stronger);
    expect(snapshot(vaultPaths(dataDir).secretsDir)).toEqual(secretFiles);
    const v2 = await Vault.open({ dataDir });
    await expectCode(v2.unlock(PASS), 'vault/wrong-passphrase');
    await v2.unlock('new passphrase here');
    expect(await v2.get('k')).toEqual(s);
  });

  it('a keychain vault has no passphrase to change', async () => {
    const v = await Vault.init({ dataDir: tempDataDir(), kind: 'keychain', keychain: new MemoryKeychain() });
    await expectCode(v.changePassphrase(PASS, 'another passphrase'), 'vault/not-a-passphrase-vault');
  });

  it('tells an altered wrapped key apart from a wrong passphrase', async () => {
    const { dataDir } = await passVault();
    const p = vaultPaths(dataDir).header;
    const h = JSON.parse(readFileSync(p, 'utf8'));
    const wrapped = Buffer.from(h.passphrase.wrappedDek, 'base64');
    wrapped[3]! ^= 0x01;
    h.passphrase.wrappedDek = wrapped.toString('base64');
    writeFileSync(p, JSON.stringify(h));
    const v = await Vault.open({ dataDir });
    await expectCode(v.unlock(PASS), 'vault/corrupt-header');
  });

  it('an edited key check value in a passphrase vault header: vault/corrupt-header', async () => {
    const { dataDir } = await passVault();
    const p = vaultPaths(dataDir).header;
    const h = JSON.parse(readFileSync(p, 'utf8'));
    h.dekCheck = Buffer.alloc(16, 1).toString('base64');
    writeFileSync(p, JSON.stringify(h));
    await expectCode((await Vault.open({ dataDir })).unlock(PASS), 'vault/corrupt-header');
  });

  it('VaultService: locked passphrase vault reports its state; unlock, list and lock through the public API', async () => {
    const { dataDir } = await passVault();
    const svc = new VaultService({ dataDir });
    expect(await svc.status()).toMatchObject({ state: 'locked', kind: 'passphrase', problem: null });
    await expectCode(svc.list(), 'vault/locked');
    await expectCode(svc.unlock('wrong passphrase!'), 'vault/wrong-passphrase');
    expect(await svc.unlock(PASS)).toMatchObject({ state: 'unlocked' });
    expect(await svc.list()).toEqual([]);
    expect(await svc.changePassphrase(PASS, 'a brand new passphrase')).toMatchObject({ state: 'unlocked' });
    expect(await svc.lock()).toMatchObject({ state: 'locked' });
  });
});
