import { existsSync, openSync, closeSync, readdirSync, writeSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { writeFileAtomic } from '../fsx/atomic.ts';
import { encodeBackup } from './backup.ts';
import { crashSecret } from './crash-child.fixture.ts';
import { TEST_SCRYPT } from './kdf.ts';
import { fileGeneration, secretPath, vaultPaths } from './layout.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import { expectCode, randomSecret, tempDataDir } from './test-support.ts';
import type { WriteFileFn } from './vault.ts';
import { readVaultStatus, Vault } from './vault.ts';
import { startTs } from '../testing/ts-child.ts';

const PASS = 'crash test passphrase';

/**
 * A writer that "crashes" on its n-th call (1-based): like a process killed inside
 * writeFileAtomic, it leaves a half-written temp file next to the target and never renames
 * it. Every other call is the real atomic write.
 */
function crashOnWrite(n: number): WriteFileFn & { calls: number } {
  const fn = ((path, data, opts) => {
    fn.calls++;
    if (fn.calls === n) {
      const bytes = typeof data === 'string' ? Buffer.from(data) : Buffer.from(data);
      const fd = openSync(join(dirname(path), `.${basename(path)}.crash.tmp`), 'w', 0o600);
      writeSync(fd, bytes.subarray(0, bytes.length >> 1));
      closeSync(fd);
      throw new Error('simulated crash during write');
    }
    writeFileAtomic(path, data, opts);
  }) as WriteFileFn & { calls: number };
  fn.calls = 0;
  return fn;
}

async function seeded() {
  const dataDir = tempDataDir();
  const keychain = new MemoryKeychain();
  const v = await Vault.init({ dataDir, kind: 'keychain', keychain });
  const old = randomSecret();
  await v.put({ id: 'old', label: 'old', kind: 'sui.key', ceremonyId: null }, old);
  return { dataDir, keychain, old };
}

const reopen = (dataDir: string, keychain: MemoryKeychain) => Vault.open({ dataDir, keychain });

describe('an interrupted write leaves the previous state readable', () => {
  it('crash while writing the secret file of a put', async () => {
    const { dataDir, keychain, old } = await seeded();
    const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(1) });
    await expect(v.put({ id: 'new', label: 'new', kind: 'comm.key', ceremonyId: null }, randomSecret())).rejects.toThrow('simulated crash');
    const after = await reopen(dataDir, keychain);
    expect(after.list().map((m) => m.id)).toEqual(['old']);
    expect(await after.get('old')).toEqual(old);
    const s = randomSecret();
    await after.put({ id: 'new', label: 'new', kind: 'comm.key', ceremonyId: null }, s);
    expect(await after.get('new')).toEqual(s);
  });

  it('crash between the secret file and the index (the commit): not stored; a retry with other bytes wins', async () => {
    const { dataDir, keychain, old } = await seeded();
    const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(2) });
    await expect(v.put({ id: 'new', label: 'new', kind: 'comm.key', ceremonyId: null }, randomSecret())).rejects.toThrow('simulated crash');
    expect(existsSync(secretPath(vaultPaths(dataDir), 'new'))).toBe(true); // the uncommitted leftover
    const after = await reopen(dataDir, keychain);
    expect(after.has('new')).toBe(false);
    expect(after.list().map((m) => m.id)).toEqual(['old']);
    expect(await after.get('old')).toEqual(old);
    const s = randomSecret();
    await after.put({ id: 'new', label: 'new', kind: 'comm.key', ceremonyId: null }, s);
    expect(await (await reopen(dataDir, keychain)).get('new')).toEqual(s);
  });

  it('delete of an uncommitted leftover erases it and reports false', async () => {
    const { dataDir, keychain } = await seeded();
    const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(2) });
    await expect(v.put({ id: 'tmp', label: 'tmp', kind: 'comm.key', ceremonyId: null }, randomSecret())).rejects.toThrow();
    const after = await reopen(dataDir, keychain);
    expect(await after.delete('tmp')).toBe(false);
    expect(existsSync(secretPath(vaultPaths(dataDir), 'tmp'))).toBe(false);
  });

  it('crash during a delete (index write): the secret is still there and readable', async () => {
    const { dataDir, keychain, old } = await seeded();
    const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(1) });
    await expect(v.delete('old')).rejects.toThrow('simulated crash');
    expect(await (await reopen(dataDir, keychain)).get('old')).toEqual(old);
  });

  it('crash while changing the passphrase: the old passphrase still opens the vault, the new one does not', async () => {
    const dataDir = tempDataDir();
    const v0 = await Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS, kdf: TEST_SCRYPT });
    const s = randomSecret();
    await v0.put({ id: 'k', label: 'k', kind: 'sui.key', ceremonyId: null }, s);
    const v = await Vault.open({ dataDir, writeFile: crashOnWrite(1) });
    await expect(v.changePassphrase(PASS, 'the next passphrase')).rejects.toThrow('simulated crash');
    const after = await Vault.open({ dataDir });
    await expectCode(after.unlock('the next passphrase'), 'vault/wrong-passphrase');
    await after.unlock(PASS);
    expect(await after.get('k')).toEqual(s);
  });

  it('crash while importing a backup: nothing half-imported; the retry succeeds', async () => {
    const { dataDir, keychain } = await seeded();
    const s = randomSecret();
    const meta = {
      id: 'imp',
      label: 'imp',
      kind: 'seal.share',
      ceremonyId: 'c',
      createdAt: new Date().toISOString(),
      fingerprint: 'ab'.repeat(16),
      fingerprintSource: 'public-key' as const,
    };
    const file = await encodeBackup(meta, s, 'backup passphrase', { kdf: TEST_SCRYPT });
    for (const n of [1, 2]) {
      const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(n) });
      await expect(v.importBackup(file, 'backup passphrase')).rejects.toThrow('simulated crash');
      expect((await reopen(dataDir, keychain)).has('imp')).toBe(false);
    }
    const v = await reopen(dataDir, keychain);
    expect(await v.importBackup(file, 'backup passphrase')).toEqual(meta);
    expect(await v.get('imp')).toEqual(s);
  });

  it('crash while creating a passphrase vault: no vault, and creating it again works', async () => {
    for (const n of [1, 2]) {
      const dataDir = tempDataDir();
      await expect(
        Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS, kdf: TEST_SCRYPT, writeFile: crashOnWrite(n) }),
      ).rejects.toThrow('simulated crash');
      expect(readVaultStatus(dataDir).initialized).toBe(false);
      const v = await Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS, kdf: TEST_SCRYPT });
      expect(v.list()).toEqual([]);
    }
  });

  it('half-written temp files left by a crash are ignored', async () => {
    const { dataDir, keychain } = await seeded();
    const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(1) });
    await expect(v.put({ id: 'n', label: 'n', kind: 'comm.key', ceremonyId: null }, randomSecret())).rejects.toThrow();
    expect(readdirSync(vaultPaths(dataDir).secretsDir).some((f) => f.endsWith('.tmp'))).toBe(true);
    expect(readVaultStatus(dataDir).count).toBe(1);
    expect((await reopen(dataDir, keychain)).list()).toHaveLength(1);
  });
});

describe('an interrupted key renewal (every delete renews the data key) leaves the old or the new key generation whole', () => {
  /** A vault holding "old" (to delete) and "keep". */
  async function twoSecrets() {
    const { dataDir, keychain, old } = await seeded();
    const keep = randomSecret();
    await (await reopen(dataDir, keychain)).put({ id: 'keep', label: 'keep', kind: 'comm.key', ceremonyId: null }, keep);
    return { dataDir, keychain, old, keep };
  }
  const strays = (dataDir: string, generation: number) => {
    const p = vaultPaths(dataDir);
    return [...readdirSync(p.dir), ...readdirSync(p.secretsDir)].filter((f) => {
      const g = fileGeneration(f);
      return g !== null && g !== generation;
    });
  };

  it('a crash at any write before the header names the new key: the old state, whole; the next delete clears what was left', async () => {
    // The renewal writes "keep" under the new key, the new index, then the header (the commit).
    for (const n of [1, 2, 3]) {
      const { dataDir, keychain, old, keep } = await twoSecrets();
      const v = await Vault.open({ dataDir, keychain, writeFile: crashOnWrite(n) });
      await expect(v.delete('old')).rejects.toThrow('simulated crash');
      const after = await reopen(dataDir, keychain);
      expect(after.status().keychain!.account).toBe(`vault-${after.status().vaultId}`);
      expect(after.list().map((m) => m.id)).toEqual(['keep', 'old']);
      expect(await after.get('old')).toEqual(old);
      expect(await after.get('keep')).toEqual(keep);
      expect(await after.delete('old')).toBe(true);
      expect(await (await reopen(dataDir, keychain)).get('keep')).toEqual(keep);
      expect(strays(dataDir, 1)).toEqual([]);
      expect(keychain.size).toBe(1); // the new key of the interrupted renewal is gone too
    }
  });

  it('interrupted after the commit (the old key could not be removed): the new state, whole; the next delete removes the old key', async () => {
    const { dataDir, keychain, keep } = await twoSecrets();
    const v = await reopen(dataDir, keychain);
    const oldAccount = v.status().keychain!.account;
    const remove = keychain.remove.bind(keychain);
    keychain.remove = async (service, account) => {
      if (account === oldAccount) throw new Error('simulated crash while removing the old key');
      return remove(service, account);
    };
    await expect(v.delete('old')).rejects.toThrow('simulated crash');
    keychain.remove = remove;
    const after = await reopen(dataDir, keychain);
    expect(after.list().map((m) => m.id)).toEqual(['keep']);
    expect(await after.get('keep')).toEqual(keep);
    expect(strays(dataDir, 1)).toEqual([]); // files go before the key
    expect(await keychain.read('Ceremony', oldAccount)).not.toBeNull();
    expect(await after.delete('nothing-here')).toBe(false);
    expect(await keychain.read('Ceremony', oldAccount)).toBeNull();
    expect(keychain.size).toBe(1);
  });
});

describe('SIGKILL at a random moment (real process)', () => {
  const child = join(dirname(fileURLToPath(import.meta.url)), 'crash-child.fixture.ts');

  async function runUntilKilled(dataDir: string, first: number, acksBeforeKill: number): Promise<{ puts: number[]; dels: number[] }> {
    const p = await startTs(child, [dataDir, PASS, String(first)]);
    return new Promise((resolve, reject) => {
      const puts: number[] = [];
      const dels: number[] = [];
      let buf = '';
      let err = '';
      let killed = false;
      p.stdout.on('data', (d: Buffer) => {
        buf += d.toString();
        let nl;
        while ((nl = buf.indexOf('\n')) >= 0) {
          const line = buf.slice(0, nl);
          buf = buf.slice(nl + 1);
          const [what, n] = line.split(' ');
          if (what === 'put') puts.push(Number(n));
          if (what === 'del') dels.push(Number(n));
        }
        if (!killed && puts.length >= acksBeforeKill) {
          killed = true;
          p.kill('SIGKILL');
        }
      });
      p.stderr.on('data', (d: Buffer) => (err += d.toString()));
      p.on('exit', (_code, signal) => (signal === 'SIGKILL' ? resolve({ puts, dels }) : reject(new Error(`child exited early: ${err}`))));
    });
  }

  it('every acknowledged put is readable, every acknowledged delete is gone, nothing listed is torn', async () => {
    const dataDir = tempDataDir();
    await Vault.init({ dataDir, kind: 'passphrase', passphrase: PASS, kdf: TEST_SCRYPT });
    const acked = new Set<number>();
    const deleted = new Set<number>();
    let next = 0;
    for (const kill of [7, 23, 41]) {
      const { puts, dels } = await runUntilKilled(dataDir, next, kill);
      puts.forEach((i) => acked.add(i));
      dels.forEach((i) => deleted.add(i));
      const v = await Vault.open({ dataDir });
      await v.unlock(PASS);
      const listed = new Set(v.list().map((m) => Number(m.id.slice(1))));
      // The operation after the last acknowledgement was in flight when the kill came: after
      // "put i" with i % 5 === 4 the child deletes s(i-2), so that one may or may not be gone.
      const lastPut = puts.at(-1)!;
      const inFlightDelete = lastPut % 5 === 4 && !dels.includes(lastPut - 2) ? lastPut - 2 : null;
      for (const i of acked) if (!deleted.has(i) && i !== inFlightDelete) expect(listed.has(i), `acknowledged s${i} missing`).toBe(true);
      if (inFlightDelete !== null && !listed.has(inFlightDelete)) deleted.add(inFlightDelete);
      for (const i of deleted) expect(listed.has(i), `deleted s${i} still listed`).toBe(false);
      for (const i of listed) expect(await v.get(`s${i}`)).toEqual(crashSecret(i));
      // What a resumed step does: re-putting the newest stored secret with the same bytes is a no-op.
      const newest = Math.max(...listed);
      const meta = v.meta(`s${newest}`)!;
      expect(await v.put({ id: `s${newest}`, label: `secret ${newest}`, kind: 'comm.key', ceremonyId: null }, crashSecret(newest))).toEqual(
        meta,
      );
      next = Math.max(newest, ...acked) + 1;
    }
    expect(acked.size).toBeGreaterThanOrEqual(41);
  });
});
