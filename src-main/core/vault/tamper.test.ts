import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { indexPath, secretPath, vaultPaths } from './layout.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import { expectCode, randomSecret, tempDataDir } from './test-support.ts';
import { Vault } from './vault.ts';

// An attacker (or a bad disk) with write access to the data folder, but not to the keychain.

async function twoSecrets() {
  const dataDir = tempDataDir();
  const keychain = new MemoryKeychain();
  const vault = await Vault.init({ dataDir, kind: 'keychain', keychain });
  await vault.put({ id: 'alice', label: 'share of alice', kind: 'seal.share', ceremonyId: 'c1' }, randomSecret());
  await vault.put({ id: 'bob', label: 'share of bob', kind: 'seal.share', ceremonyId: 'c1' }, randomSecret());
  const p = vaultPaths(dataDir);
  return { dataDir, keychain, vault, p, fileA: secretPath(p, 'alice'), fileB: secretPath(p, 'bob') };
}

function editJson(path: string, edit: (o: Record<string, unknown>) => void): void {
  const o = JSON.parse(readFileSync(path, 'utf8'));
  edit(o);
  writeFileSync(path, JSON.stringify(o));
}

describe('tampering is detected with a specific error', () => {
  it('a flipped ciphertext bit: vault/secret-tampered', async () => {
    const { vault, fileA } = await twoSecrets();
    editJson(fileA, (o) => {
      const ct = Buffer.from(o.ciphertext as string, 'base64');
      ct[0]! ^= 0x80;
      o.ciphertext = ct.toString('base64');
    });
    await expectCode(vault.get('alice'), 'vault/secret-tampered');
    expect(await vault.get('bob')).toHaveLength(32);
  });

  it("another secret's file swapped in (AAD binds the id): vault/secret-tampered", async () => {
    const { vault, fileA, fileB } = await twoSecrets();
    copyFileSync(fileB, fileA);
    await expectCode(vault.get('alice'), 'vault/secret-tampered');
  });

  it("a swapped file relabelled with the victim's exact metadata still fails (AAD), not just the metadata check", async () => {
    const { vault, fileA, fileB } = await twoSecrets();
    const metaA = JSON.parse(readFileSync(fileA, 'utf8')).meta;
    copyFileSync(fileB, fileA);
    editJson(fileA, (o) => {
      o.meta = metaA;
    });
    await expectCode(vault.get('alice'), 'vault/secret-tampered');
  });

  it('relabelling a secret in its file (index unchanged): vault/secret-tampered', async () => {
    const { vault, fileA } = await twoSecrets();
    editJson(fileA, (o) => {
      (o.meta as Record<string, unknown>).label = 'old share, safe to publish';
    });
    await expectCode(vault.get('alice'), 'vault/secret-tampered');
  });

  it('a secret file from another vault: vault/secret-tampered', async () => {
    const { vault, fileA } = await twoSecrets();
    const other = await twoSecrets();
    copyFileSync(other.fileA, fileA);
    await expectCode(vault.get('alice'), 'vault/secret-tampered');
  });

  it('index edits (relabel, drop or add an entry): vault/corrupt-index', async () => {
    for (const edit of [
      (o: Record<string, unknown>) => ((o.entries as Record<string, unknown>[])[0]!.label = 'renamed'),
      (o: Record<string, unknown>) => (o.entries as unknown[]).pop(),
      (o: Record<string, unknown>) => (o.entries as unknown[]).push({ ...(o.entries as Record<string, unknown>[])[0], id: 'zed' }),
      (o: Record<string, unknown>) => (o.mac = Buffer.alloc(32).toString('base64')),
    ]) {
      const { vault, p } = await twoSecrets();
      editJson(indexPath(p, 0), edit);
      await expectCode(() => vault.list(), 'vault/corrupt-index');
      await expectCode(vault.get('alice'), 'vault/corrupt-index');
    }
  });

  it('an index from another vault, or none at all while secrets exist: vault/corrupt-index on open', async () => {
    const a = await twoSecrets();
    const b = await twoSecrets();
    copyFileSync(indexPath(b.p, 0), indexPath(a.p, 0));
    await expectCode(Vault.open({ dataDir: a.dataDir, keychain: a.keychain }), 'vault/corrupt-index');
    rmSync(indexPath(a.p, 0));
    await expectCode(Vault.open({ dataDir: a.dataDir, keychain: a.keychain }), 'vault/corrupt-index');
  });

  it('damaged or missing secret files: vault/corrupt-secret', async () => {
    const { vault, fileA, fileB } = await twoSecrets();
    writeFileSync(fileA, '{"format":"ceremony-vault-secret", trunc');
    await expectCode(vault.get('alice'), 'vault/corrupt-secret');
    rmSync(fileB);
    await expectCode(vault.get('bob'), 'vault/corrupt-secret');
  });

  it('header edits: key check value -> vault/keychain-key-mismatch; garbage -> vault/corrupt-header; future version -> vault/unsupported-version', async () => {
    const { dataDir, keychain, p } = await twoSecrets();
    const original = readFileSync(p.header, 'utf8');
    editJson(p.header, (o) => (o.dekCheck = Buffer.alloc(16, 7).toString('base64')));
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/keychain-key-mismatch');
    writeFileSync(p.header, original.slice(0, 40));
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/corrupt-header');
    writeFileSync(p.header, original.replace('"version": 1', '"version": 3'));
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/unsupported-version');
    // Version 2 (a renewed data key) must name its key generation.
    writeFileSync(p.header, original.replace('"version": 1', '"version": 2'));
    await expectCode(Vault.open({ dataDir, keychain }), 'vault/corrupt-header');
    writeFileSync(p.header, original);
    expect((await Vault.open({ dataDir, keychain })).list()).toHaveLength(2);
  });
});
