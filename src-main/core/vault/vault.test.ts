import { existsSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { MemoryKeychain } from './memory-keychain.ts';
import { publicKeyFingerprint } from './fingerprint.ts';
import { indexPath, secretPath, vaultPaths } from './layout.ts';
import type { PutSecretInput } from './meta.ts';
import { VaultService } from './service.ts';
import { expectCode, randomSecret, snapshot, tempDataDir } from './test-support.ts';
import type { WriteFileFn } from './vault.ts';
import { readVaultStatus, Vault } from './vault.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';

const SERVICE = 'ceremony-unit';

function input(id: string, extra: Partial<PutSecretInput> = {}): PutSecretInput {
  return { id, label: `secret ${id}`, kind: 'seal.share', ceremonyId: 'cer-1', ...extra };
}

async function keychainVault(dataDir = tempDataDir(), keychain = new MemoryKeychain()) {
  const vault = await Vault.init({ dataDir, kind: 'keychain', keychain, keychainService: SERVICE });
  return { dataDir, keychain, vault };
}

const mode = (p: string) => statSync(p).mode & 0o777;

describe('keychain vault (in-memory keychain)', () => {
  it('creates 0700 folders and 0600 files, records the keychain entry, and starts unlocked', async () => {
    const { dataDir, keychain, vault } = await keychainVault();
    const p = vaultPaths(dataDir);
    const st = vault.status();
    expect(st).toMatchObject({ initialized: true, kind: 'keychain', backend: 'memory', state: 'unlocked', count: 0, vaultDir: p.dir });
    expect(st.keychain).toEqual({ service: SERVICE, account: `vault-${st.vaultId}` });
    expect(keychain.size).toBe(1);
    await vault.put(input('a'), randomSecret());
    if (process.platform !== 'win32') {
      expect(mode(p.dir)).toBe(0o700);
      expect(mode(p.secretsDir)).toBe(0o700);
      expect(mode(p.header)).toBe(0o600);
      expect(mode(indexPath(p, 0))).toBe(0o600);
      expect(mode(secretPath(p, 'a'))).toBe(0o600);
    }
  });

  it('round-trips secrets of every kind, across a fresh open', async () => {
    const { dataDir, keychain, vault } = await keychainVault();
    const kinds = ['seal.dkg-keys', 'seal.share', 'frost.key-package', 'sui.key', 'comm.key'] as const;
    const secrets = new Map<string, Uint8Array>();
    for (const [i, kind] of kinds.entries()) {
      const s = randomSecret(16 + i * 20);
      secrets.set(`k/${kind}`, s);
      const meta = await vault.put(input(`k/${kind}`, { kind, ceremonyId: kind.startsWith('s') ? null : 'c9' }), s);
      expect(meta).toMatchObject({ id: `k/${kind}`, kind });
    }
    const again = await Vault.open({ dataDir, keychain });
    expect(again.unlocked).toBe(true);
    expect(again.list().map((m) => m.id)).toEqual([...secrets.keys()].sort());
    for (const [id, s] of secrets) expect(await again.get(id)).toEqual(s);
    expect(readVaultStatus(dataDir)).toMatchObject({ state: 'locked', count: kinds.length, kind: 'keychain' });
  });

  it('put is idempotent by id and never overwrites a different secret or metadata', async () => {
    let writes = 0;
    const counting: WriteFileFn = (p, d, o) => {
      writes++;
      writeFileAtomic(p, d, o);
    };
    const dataDir = tempDataDir();
    const keychain = new MemoryKeychain();
    let t = 0;
    const vault = await Vault.init({
      dataDir,
      kind: 'keychain',
      keychain,
      writeFile: counting,
      now: () => new Date(1_700_000_000_000 + t++ * 1000),
    });
    const s = randomSecret();
    const first = await vault.put(input('x'), s);
    const before = writes;
    const second = await vault.put(input('x'), s.slice());
    expect(second).toEqual(first);
    expect(writes).toBe(before);
    const snap = snapshot(dataDir);
    await expectCode(vault.put(input('x'), randomSecret()), 'vault/id-conflict');
    await expectCode(vault.put(input('x', { label: 'relabelled' }), s), 'vault/id-conflict');
    await expectCode(vault.put(input('x', { kind: 'sui.key' }), s), 'vault/id-conflict');
    await expectCode(vault.put(input('x', { publicKey: new Uint8Array([1, 2, 3]) }), s), 'vault/id-conflict');
    expect(snapshot(dataDir)).toEqual(snap);
    expect(await vault.get('x')).toEqual(s);
  });

  it('rejects bad ids, metadata and secrets with vault/bad-* errors', async () => {
    const { vault } = await keychainVault();
    for (const id of ['', '../x', 'a/../b', '-lead', 'sp ace', 'x'.repeat(201), 'nul\u0000']) {
      await expectCode(vault.put(input(id), randomSecret()), 'vault/bad-metadata');
    }
    await expectCode(vault.put(input('ok', { label: '' }), randomSecret()), 'vault/bad-metadata');
    await expectCode(vault.put(input('ok', { label: 'bidi \u202e spoof' }), randomSecret()), 'vault/bad-metadata');
    await expectCode(vault.put(input('ok', { kind: 'Seal Share' }), randomSecret()), 'vault/bad-metadata');
    await expectCode(vault.put(input('ok', { ceremonyId: '' }), randomSecret()), 'vault/bad-metadata');
    await expectCode(vault.put(input('ok'), new Uint8Array(0)), 'vault/bad-secret');
    await expectCode(vault.put(input('ok'), new Uint8Array(1024 * 1024 + 1)), 'vault/bad-secret');
    await expectCode(vault.get('missing'), 'vault/not-found');
    expect(vault.list()).toEqual([]);
  });

  it('deletes: gone from the list, file erased, second delete is false', async () => {
    const { dataDir, vault } = await keychainVault();
    await vault.put(input('keep'), randomSecret());
    await vault.put(input('drop'), randomSecret());
    const file = secretPath(vaultPaths(dataDir), 'drop');
    expect(existsSync(file)).toBe(true);
    expect(await vault.delete('drop')).toBe(true);
    expect(existsSync(file)).toBe(false);
    expect(vault.list().map((m) => m.id)).toEqual(['keep']);
    await expectCode(vault.get('drop'), 'vault/not-found');
    expect(await vault.delete('drop')).toBe(false);
  });

  it('locks and unlocks a keychain vault', async () => {
    const { vault } = await keychainVault();
    const s = randomSecret();
    await vault.put(input('a'), s);
    vault.lock();
    expect(vault.status().state).toBe('locked');
    await expectCode(vault.get('a'), 'vault/locked');
    await expectCode(() => vault.list(), 'vault/locked');
    await vault.unlock();
    expect(await vault.get('a')).toEqual(s);
  });

  it('refuses to create a vault over an existing one, leaving every file as it was', async () => {
    const { dataDir, keychain, vault } = await keychainVault();
    await vault.put(input('a'), randomSecret());
    const snap = snapshot(dataDir);
    await expectCode(Vault.init({ dataDir, kind: 'keychain', keychain }), 'vault/already-initialized');
    await expectCode(Vault.init({ dataDir, kind: 'passphrase', passphrase: 'long enough pass' }), 'vault/already-initialized');
    expect(snapshot(dataDir)).toEqual(snap);
    expect(keychain.size).toBe(1);
  });

  it('refuses to create a vault over secret files whose header is gone (they may be the only copy)', async () => {
    const { dataDir, keychain, vault } = await keychainVault();
    await vault.put(input('a'), randomSecret());
    rmSync(vaultPaths(dataDir).header);
    const snap = snapshot(dataDir);
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/not-initialized');
    await expectCode(Vault.init({ dataDir, kind: 'keychain', keychain }), 'vault/orphaned-files');
    expect(snapshot(dataDir)).toEqual(snap);
  });

  it('says clearly when there is no vault yet', async () => {
    const dataDir = tempDataDir();
    expect(readVaultStatus(dataDir)).toMatchObject({ initialized: false, state: 'uninitialized', count: 0, kind: null });
    await expectCode(Vault.open({ dataDir, keychain: new MemoryKeychain() }), 'vault/not-initialized');
  });
});

describe('keychain failures never lose data and never fall back', () => {
  it('no keychain at init: vault/keychain-unavailable, nothing written', async () => {
    const dataDir = tempDataDir();
    const keychain = new MemoryKeychain();
    keychain.available = false;
    const e = await expectCode(Vault.init({ dataDir, kind: 'keychain', keychain }), 'vault/keychain-unavailable');
    expect(e.message).toMatch(/passphrase vault/);
    expect(existsSync(vaultPaths(dataDir).header)).toBe(false);
    expect(readVaultStatus(dataDir).initialized).toBe(false);
  });

  it('keychain unavailable at open: clear error; status reports it with the vault still described', async () => {
    const { dataDir, keychain } = await keychainVault();
    keychain.available = false;
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/keychain-unavailable');
    const report = await new VaultService({ dataDir, keychain }).status();
    expect(report).toMatchObject({ initialized: true, kind: 'keychain', state: 'locked', problem: { code: 'vault/keychain-unavailable' } });
  });

  it('keychain entry missing (keyring reset, other user): vault/keychain-entry-missing, files untouched, no re-init over it', async () => {
    const { dataDir, keychain, vault } = await keychainVault();
    await vault.put(input('a'), randomSecret());
    const st = vault.status();
    const snap = snapshot(dataDir);
    await keychain.remove(st.keychain!.service, st.keychain!.account);
    const e = await expectCode(Vault.open({ dataDir, keychain }), 'vault/keychain-entry-missing');
    expect(e.message).toContain(st.keychain!.account);
    await expectCode(Vault.init({ dataDir, kind: 'keychain', keychain }), 'vault/already-initialized');
    expect(snapshot(dataDir)).toEqual(snap);
  });

  it('a different key in the keychain entry: vault/keychain-key-mismatch', async () => {
    const { dataDir, keychain, vault } = await keychainVault();
    const st = vault.status();
    keychain.tamper(st.keychain!.service, st.keychain!.account, randomSecret(32));
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/keychain-key-mismatch');
  });

  it('init takes the keychain entry back when writing the vault files fails', async () => {
    const dataDir = tempDataDir();
    const keychain = new MemoryKeychain();
    const failing: WriteFileFn = () => {
      throw new Error('disk full');
    };
    await expect(Vault.init({ dataDir, kind: 'keychain', keychain, writeFile: failing })).rejects.toThrow('disk full');
    expect(keychain.size).toBe(0);
    expect(readVaultStatus(dataDir).initialized).toBe(false);
    await Vault.init({ dataDir, kind: 'keychain', keychain });
  });
});

describe('fingerprints', () => {
  it('public-key fingerprints are a function of the public key only, and recomputable', async () => {
    const { vault } = await keychainVault();
    const pk = randomSecret(48);
    const m1 = await vault.put(input('a', { publicKey: pk }), randomSecret());
    expect(m1.fingerprintSource).toBe('public-key');
    expect(m1.fingerprint).toBe(publicKeyFingerprint('seal.share', pk));
    expect(m1.fingerprint).toMatch(/^[0-9a-f]{32}$/);
    const { vault: other } = await keychainVault();
    const m2 = await other.put(input('a', { publicKey: pk }), randomSecret());
    expect(m2.fingerprint).toBe(m1.fingerprint);
  });

  it('vault-mac fingerprints are keyed: not a hash of the secret, stable in a vault, different across vaults', async () => {
    const s = randomSecret();
    const { vault: v1 } = await keychainVault();
    const { vault: v2 } = await keychainVault();
    const a = await v1.put(input('a'), s);
    const b = await v1.put(input('b'), s);
    const c = await v2.put(input('a'), s);
    expect(a.fingerprintSource).toBe('vault-mac');
    expect(a.fingerprint).toBe(b.fingerprint);
    expect(c.fingerprint).not.toBe(a.fingerprint);
    for (const alg of ['sha256', 'sha512', 'sha3-256', 'blake2b512']) {
      expect(createHash(alg).update(s).digest('hex')).not.toContain(a.fingerprint);
    }
  });
});

describe('VaultService (what the renderer API binds)', () => {
  it('has no method that returns secret bytes, and its results are plain public data', async () => {
    const dataDir = tempDataDir();
    const svc = new VaultService({ dataDir, keychain: new MemoryKeychain(), keychainService: SERVICE });
    expect(await svc.status()).toMatchObject({ initialized: false, state: 'uninitialized', problem: null });
    expect(await svc.init({ kind: 'keychain' })).toMatchObject({ state: 'unlocked', count: 0 });
    const v = await svc.unlockedVault();
    await v.put(input('a'), randomSecret());
    const methods = Object.getOwnPropertyNames(VaultService.prototype).filter((n) => n !== 'constructor');
    expect(methods).not.toContain('get');
    expect(await svc.list()).toHaveLength(1);
    expect(await svc.lock()).toMatchObject({ state: 'locked' });
    expect(await svc.status()).toMatchObject({ state: 'unlocked', count: 1 });
    expect(await svc.delete('a')).toEqual({ id: 'a', deleted: true });
    expect(JSON.parse(JSON.stringify(await svc.status()))).toEqual(await svc.status());
    expect(readFileSync(join(dataDir, 'vault', 'vault.json'), 'utf8')).toContain('"kind": "keychain"');
  });
});
