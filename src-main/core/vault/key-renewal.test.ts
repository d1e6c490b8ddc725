/**
 * Deleting a secret renews the vault's data key (issue 15): erasing a file cannot be trusted to
 * destroy its blocks, and a copy of the data folder keeps it whole, so what makes the erased
 * secret unreadable is that its key is gone.
 */
import { cpSync, existsSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { open as aeadOpen } from './aead.ts';
import { TEST_SCRYPT } from './kdf.ts';
import { deriveVaultKeys } from './keys.ts';
import { indexPath, secretPath, vaultPaths } from './layout.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import type { PutSecretInput } from './meta.ts';
import { parseSecretFile, secretAad } from './secret-file.ts';
import { expectCode, randomSecret, tempDataDir } from './test-support.ts';
import { Vault } from './vault.ts';

const SERVICE = 'ceremony-unit';
const PASS = 'renewal test passphrase';

const input = (id: string): PutSecretInput => ({ id, label: `secret ${id}`, kind: 'comm.key', ceremonyId: null });

/** A vault holding a, b and c; c is the one to erase. */
async function threeSecrets(kind: 'keychain' | 'passphrase') {
  const dataDir = tempDataDir();
  const keychain = new MemoryKeychain();
  const vault =
    kind === 'keychain'
      ? await Vault.init({ dataDir, kind, keychain, keychainService: SERVICE })
      : await Vault.init({ dataDir, kind, passphrase: PASS, kdf: TEST_SCRYPT });
  const secrets = { a: randomSecret(), b: randomSecret(64), c: randomSecret() };
  for (const [id, s] of Object.entries(secrets)) await vault.put(input(id), s);
  return { dataDir, keychain, vault, secrets, p: vaultPaths(dataDir) };
}

/** Decrypts a secret file of this data folder with a given data key; undefined when that key cannot. */
function openWith(dek: Uint8Array, path: string, id: string, vaultId: string): Uint8Array | undefined {
  const file = parseSecretFile(readFileSync(path, 'utf8'), path, id);
  return aeadOpen(deriveVaultKeys(dek, vaultId).secretEnc, file.sealed, secretAad(vaultId, file.meta));
}

const copyOf = (dataDir: string) => {
  const to = tempDataDir('vault-copy-');
  cpSync(dataDir, to, { recursive: true });
  return to;
};

describe('deleting a secret renews the data key', () => {
  it('keychain vault: the old key is gone and decrypts none of the remaining files; the others read back', async () => {
    const { dataDir, keychain, vault, secrets, p } = await threeSecrets('keychain');
    const before = vault.status();
    const oldDek = (await keychain.read(SERVICE, before.keychain!.account))!;
    expect(openWith(oldDek, secretPath(p, 'a', 0), 'a', before.vaultId!)).toEqual(secrets.a); // the probe works

    expect(await vault.delete('c')).toBe(true);

    const after = vault.status();
    expect(after.keychain!.account).not.toBe(before.keychain!.account);
    expect(await keychain.read(SERVICE, before.keychain!.account)).toBeNull(); // the old key left the keychain
    expect(keychain.size).toBe(1);
    // Only the new generation's files are left, and the old key opens none of them.
    for (const id of ['a', 'b']) {
      expect(existsSync(secretPath(p, id, 0))).toBe(false);
      expect(openWith(oldDek, secretPath(p, id, 1), id, before.vaultId!)).toBeUndefined();
    }
    expect(existsSync(indexPath(p, 0))).toBe(false);
    expect(readdirSync(p.secretsDir).sort()).toEqual(
      [secretPath(p, 'a', 1), secretPath(p, 'b', 1)].map((f) => f.slice(p.secretsDir.length + 1)).sort(),
    );
    // What is left reads back, here and in a fresh open.
    const reopened = await Vault.open({ dataDir, keychain });
    expect(reopened.list().map((m) => m.id)).toEqual(['a', 'b']);
    expect(await reopened.get('a')).toEqual(secrets.a);
    expect(await reopened.get('b')).toEqual(secrets.b);
    expect(await vault.get('b')).toEqual(secrets.b);
    await expectCode(reopened.get('c'), 'vault/not-found');
  });

  it('keychain vault: a copy of the folder from before the delete cannot be opened, nor its erased secret decrypted, with the new keychain entry', async () => {
    const { dataDir, keychain, vault, p } = await threeSecrets('keychain');
    const copy = copyOf(dataDir);
    const { vaultId, keychain: oldLoc } = vault.status();
    expect(await vault.delete('c')).toBe(true);
    const newLoc = vault.status().keychain!;
    const newDek = (await keychain.read(SERVICE, newLoc.account))!;

    // The copy names the old entry, which is gone.
    await expectCode(Vault.open({ dataDir: copy, keychain }), 'vault/keychain-entry-missing');
    // Pointed at the new entry, the copy refuses the key (it is not the copy's key)…
    const header = join(copy, 'vault', 'vault.json');
    writeFileSync(header, readFileSync(header, 'utf8').replace(oldLoc!.account, newLoc.account));
    await expectCode(Vault.open({ dataDir: copy, keychain }), 'vault/keychain-key-mismatch');
    // …and the new key does not decrypt the erased secret's file in the copy.
    const copied = secretPath(vaultPaths(copy), 'c', 0);
    expect(existsSync(copied)).toBe(true);
    expect(openWith(newDek, copied, 'c', vaultId!)).toBeUndefined();
    expect(existsSync(secretPath(p, 'c', 0)) || existsSync(secretPath(p, 'c', 1))).toBe(false);
  });

  it('passphrase vault: the new key is wrapped under the same passphrase; the old key decrypts none of the remaining files', async () => {
    const { dataDir, vault, secrets } = await threeSecrets('passphrase');
    const copy = copyOf(dataDir); // holds the old key, wrapped under the same passphrase
    expect(await vault.delete('c')).toBe(true);
    expect(vault.status().kdf).toEqual(TEST_SCRYPT);

    const reopened = await Vault.open({ dataDir });
    await expectCode(reopened.unlock('not the passphrase'), 'vault/wrong-passphrase');
    await reopened.unlock(PASS);
    expect(reopened.list().map((m) => m.id)).toEqual(['a', 'b']);
    expect(await reopened.get('a')).toEqual(secrets.a);
    expect(await reopened.get('b')).toEqual(secrets.b);

    // The old copy opens with the passphrase (the limit the README states), but its key cannot
    // read the renewed file of "a" put in place of its own.
    const old = await Vault.open({ dataDir: copy });
    await old.unlock(PASS);
    cpSync(secretPath(vaultPaths(dataDir), 'a', 1), secretPath(vaultPaths(copy), 'a', 0));
    await expectCode(old.get('a'), 'vault/secret-tampered');
  });

  it('a delete of an id that is not stored renews nothing', async () => {
    const { vault, keychain } = await threeSecrets('keychain');
    const account = vault.status().keychain!.account;
    expect(await vault.delete('missing')).toBe(false);
    expect(vault.status().keychain!.account).toBe(account);
    expect(keychain.size).toBe(1);
  });

  it('re-putting a stored secret after a renewal is still a no-op (its vault-mac fingerprint came from the old key)', async () => {
    const { vault, secrets } = await threeSecrets('keychain');
    const meta = vault.meta('a')!;
    expect(meta.fingerprintSource).toBe('vault-mac');
    await vault.delete('c');
    expect(await vault.put(input('a'), secrets.a)).toEqual(meta);
    await expectCode(vault.put(input('a'), randomSecret()), 'vault/id-conflict');
  });
});

describe('another process renewed the key', () => {
  it('keychain vault: a second handle follows the new key on its next operation', async () => {
    const { dataDir, keychain, vault, secrets } = await threeSecrets('keychain');
    const other = await Vault.open({ dataDir, keychain });
    expect(await vault.delete('c')).toBe(true);
    // list/has/meta cannot await the keychain: they say so until an async call catches up.
    await expectCode(() => other.list(), 'vault/key-renewed');
    expect(await other.get('a')).toEqual(secrets.a);
    expect(other.list().map((m) => m.id)).toEqual(['a', 'b']);
    const d = randomSecret();
    await other.put(input('d'), d);
    expect(await vault.get('d')).toEqual(d);
    expect(await other.delete('a')).toBe(true);
    expect(await vault.get('d')).toEqual(d);
    expect(keychain.size).toBe(1);
  });

  it('passphrase vault: a second unlocked handle follows at once; after a passphrase change elsewhere it must unlock again', async () => {
    const { dataDir, vault, secrets } = await threeSecrets('passphrase');
    const other = await Vault.open({ dataDir });
    await other.unlock(PASS);
    expect(await vault.delete('c')).toBe(true);
    expect(other.list().map((m) => m.id)).toEqual(['a', 'b']);
    expect(await other.get('b')).toEqual(secrets.b);
    await vault.changePassphrase(PASS, 'the next passphrase');
    expect(await other.get('a')).toEqual(secrets.a); // same key: reads go on
    const e = await expectCode(other.delete('b'), 'vault/locked');
    expect(e.message).toContain('changed by another Ceremony program');
    await other.unlock('the next passphrase');
    expect(await other.delete('b')).toBe(true);
    expect(await vault.get('a')).toEqual(secrets.a);
    const fresh = await Vault.open({ dataDir });
    await fresh.unlock('the next passphrase');
    expect(fresh.list().map((m) => m.id)).toEqual(['a']);
  });
});
