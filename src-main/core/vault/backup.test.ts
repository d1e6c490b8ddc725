import { existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../errors.ts';
import { BACKUP_MAGIC, decodeBackup, encodeBackup, inspectBackup } from './backup.ts';
import { TEST_SCRYPT } from './kdf.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import type { SecretMeta } from './meta.ts';
import { VaultService } from './service.ts';
import { expectCode, randomSecret, snapshot, tempDataDir } from './test-support.ts';
import { Vault } from './vault.ts';

const BACKUP_PASS = 'backup passphrase 42';

async function vaultWith(id = 'seal/c1/share') {
  const dataDir = tempDataDir();
  const vault = await Vault.init({ dataDir, kind: 'keychain', keychain: new MemoryKeychain() });
  const secret = randomSecret(32);
  const meta = await vault.put(
    { id, label: 'Seal master share v1', kind: 'seal.share', ceremonyId: 'c1', publicKey: randomSecret(96) },
    secret,
  );
  return { dataDir, vault, secret, meta };
}

const META: SecretMeta = {
  id: 'x',
  label: 'x',
  kind: 'comm.key',
  ceremonyId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  fingerprint: '0'.repeat(32),
  fingerprintSource: 'vault-mac',
};

/** A header-length-preserving edit of the JSON header (keeps the file well-formed). */
function editHeader(file: Uint8Array, from: string, to: string): Uint8Array {
  expect(to.length).toBe(from.length);
  const s = Buffer.from(file).toString('latin1');
  const i = s.indexOf(from);
  expect(i).toBeGreaterThan(0);
  return new Uint8Array(Buffer.from(s.slice(0, i) + to + s.slice(i + from.length), 'latin1'));
}

/** Re-encodes the JSON header (fixing its length field), as a forger would. */
function rewriteHeader(file: Uint8Array, edit: (h: Record<string, unknown>) => void): Uint8Array {
  const at = BACKUP_MAGIC.length + 2;
  const len = Buffer.from(file).readUInt32BE(at);
  const h = JSON.parse(Buffer.from(file.subarray(at + 4, at + 4 + len)).toString('utf8'));
  edit(h);
  const hb = Buffer.from(JSON.stringify(h), 'utf8');
  const lenBuf = Buffer.alloc(4);
  lenBuf.writeUInt32BE(hb.length);
  return new Uint8Array(Buffer.concat([file.subarray(0, at), lenBuf, hb, file.subarray(at + 4 + len)]));
}

const BACKUP_CODES = [
  'vault/backup-not-a-backup',
  'vault/backup-unsupported-version',
  'vault/backup-truncated',
  'vault/backup-malformed',
  'vault/wrong-passphrase',
  'vault/backup-tampered',
];

describe('single-secret backup export and import', () => {
  it('round-trips a secret and its metadata into another vault (even of another kind)', async () => {
    const { vault, secret, meta } = await vaultWith();
    const file = await vault.exportBackup(meta.id, BACKUP_PASS, { kdf: TEST_SCRYPT });
    expect(file.subarray(0, BACKUP_MAGIC.length)).toEqual(BACKUP_MAGIC);
    expect(Buffer.from(file).toString('latin1')).toContain('CEREMONY SECRET BACKUP');
    expect(inspectBackup(file)).toMatchObject({ version: 1, meta, kdf: TEST_SCRYPT });
    const target = await Vault.init({ dataDir: tempDataDir(), kind: 'passphrase', passphrase: 'target vault pass', kdf: TEST_SCRYPT });
    const imported = await target.importBackup(file, BACKUP_PASS);
    expect(imported).toEqual(meta);
    expect(target.list()).toEqual([meta]);
    expect(await target.get(meta.id)).toEqual(secret);
  });

  it('the backup is passphrase protected with production cost by default', async () => {
    const { vault, meta } = await vaultWith();
    const file = await vault.exportBackup(meta.id, BACKUP_PASS);
    expect(inspectBackup(file).kdf).toEqual({ alg: 'scrypt', N: 2 ** 17, r: 8, p: 1 });
  });

  it('refuses a wrong passphrase, imports nothing', async () => {
    const { vault, meta } = await vaultWith();
    const file = await vault.exportBackup(meta.id, BACKUP_PASS, { kdf: TEST_SCRYPT });
    const { dataDir, vault: target } = await vaultWith('other');
    const snap = snapshot(dataDir);
    await expectCode(target.importBackup(file, 'backup passphrase 43'), 'vault/wrong-passphrase');
    expect(snapshot(dataDir)).toEqual(snap);
    expect(target.has(meta.id)).toBe(false);
  });

  it('refuses tampered ciphertext and tampered metadata (authenticated), imports nothing', async () => {
    const { vault, meta } = await vaultWith();
    const file = await vault.exportBackup(meta.id, BACKUP_PASS, { kdf: TEST_SCRYPT });
    const { dataDir, vault: target } = await vaultWith('other');
    const snap = snapshot(dataDir);
    const flipped = file.slice();
    flipped[flipped.length - 20]! ^= 0x01;
    await expectCode(target.importBackup(flipped, BACKUP_PASS), 'vault/backup-tampered');
    await expectCode(
      target.importBackup(editHeader(file, 'Seal master share v1', 'Seal master share v2'), BACKUP_PASS),
      'vault/backup-tampered',
    );
    await expectCode(target.importBackup(editHeader(file, '"ceremonyId":"c1"', '"ceremonyId":"c2"'), BACKUP_PASS), 'vault/backup-tampered');
    expect(snapshot(dataDir)).toEqual(snap);
  });

  it('every truncation is vault/backup-truncated (checked before any key derivation)', async () => {
    const file = await encodeBackup(META, randomSecret(40), BACKUP_PASS, { kdf: TEST_SCRYPT });
    for (let n = 1; n < file.length; n++) {
      await expectCode(decodeBackup(file.subarray(0, n), BACKUP_PASS), 'vault/backup-truncated');
    }
  });

  it('not a backup, another version, trailing bytes, KDF bombs: each its own error', async () => {
    const file = await encodeBackup(META, randomSecret(40), BACKUP_PASS, { kdf: TEST_SCRYPT });
    await expectCode(decodeBackup(new Uint8Array(0), BACKUP_PASS), 'vault/backup-not-a-backup');
    await expectCode(decodeBackup(new TextEncoder().encode('{"message":"0x1234"}'), BACKUP_PASS), 'vault/backup-not-a-backup');
    // What a CRLF->LF translation (a "text mode" copy) does to the signature.
    const crAt = BACKUP_MAGIC.indexOf(0x0d);
    const lf = new Uint8Array([...file.subarray(0, crAt), ...file.subarray(crAt + 1)]);
    await expectCode(decodeBackup(lf, BACKUP_PASS), 'vault/backup-not-a-backup');
    const v2 = file.slice();
    v2[BACKUP_MAGIC.length + 1] = 2;
    await expectCode(decodeBackup(v2, BACKUP_PASS), 'vault/backup-unsupported-version');
    const longer = new Uint8Array(file.length + 1);
    longer.set(file);
    await expectCode(decodeBackup(longer, BACKUP_PASS), 'vault/backup-malformed');
    // Hostile headers asking for huge scrypt costs: refused before any allocation.
    for (const kdf of [
      { N: 2 ** 30, r: 8, p: 1 },
      { N: 2 ** 20, r: 32, p: 1 },
      { N: 2 ** 14, r: 8, p: 1000 },
      { N: 1000, r: 8, p: 1 },
    ]) {
      const bomb = rewriteHeader(file, (h) => (h.kdf = { alg: 'scrypt', ...kdf }));
      await expectCode(decodeBackup(bomb, BACKUP_PASS), 'vault/backup-malformed');
    }
    // In range but too costly (82 s and 600 MiB per attempt; 1 GiB): refused on inspection,
    // before any passphrase is asked for. 4x the default work and memory is still read.
    for (const kdf of [
      { N: 2 ** 19, r: 8, p: 16 },
      { N: 2 ** 20, r: 8, p: 4 },
      { N: 2 ** 18, r: 8, p: 4 },
    ]) {
      const costly = rewriteHeader(file, (h) => (h.kdf = { alg: 'scrypt', ...kdf }));
      const e = await expectCode(() => inspectBackup(costly), 'vault/kdf-too-costly');
      expect(e.message).toContain(`N=2^${Math.log2(kdf.N)} r=8 p=${kdf.p}`);
      await expectCode(decodeBackup(costly, BACKUP_PASS), 'vault/kdf-too-costly');
    }
    expect(inspectBackup(rewriteHeader(file, (h) => (h.kdf = { alg: 'scrypt', N: 2 ** 19, r: 8, p: 1 }))).kdf.N).toBe(2 ** 19);
    // A well-formed forgery with a re-encoded header (same KDF) is caught by the AEAD.
    const forged = rewriteHeader(file, (h) => ((h.meta as Record<string, unknown>).label = 'forged label'));
    await expectCode(decodeBackup(forged, BACKUP_PASS), 'vault/backup-tampered');
    await expectCode(
      decodeBackup(editHeader(file, '"format":"ceremony-secret-backup"', '"format":"ceremony-secret-backuq"'), BACKUP_PASS),
      'vault/backup-malformed',
    );
  });

  it('refuses a duplicate id, leaving the existing secret as it was', async () => {
    const { dataDir, vault, secret, meta } = await vaultWith();
    const file = await vault.exportBackup(meta.id, BACKUP_PASS, { kdf: TEST_SCRYPT });
    const snap = snapshot(dataDir);
    const e = await expectCode(vault.importBackup(file, BACKUP_PASS), 'vault/duplicate-id');
    expect(e.details).toEqual({ id: meta.id });
    expect(snapshot(dataDir)).toEqual(snap);
    expect(await vault.get(meta.id)).toEqual(secret);
  });

  it('export needs a real passphrase and an existing id; import needs an unlocked vault', async () => {
    const { vault, meta } = await vaultWith();
    await expectCode(vault.exportBackup(meta.id, 'short'), 'vault/passphrase-too-short');
    await expectCode(vault.exportBackup('nope', BACKUP_PASS), 'vault/not-found');
    const file = await vault.exportBackup(meta.id, BACKUP_PASS, { kdf: TEST_SCRYPT });
    vault.lock();
    await expectCode(vault.importBackup(file, BACKUP_PASS), 'vault/locked');
  });

  it('property: any mutation of a backup yields only a typed backup error (or the original secret when unchanged)', async () => {
    const secret = randomSecret(24);
    const file = await encodeBackup(META, secret, BACKUP_PASS, { kdf: TEST_SCRYPT });
    const mutation = fc.oneof(
      fc.record({ kind: fc.constant('flip' as const), at: fc.nat(file.length - 1), bit: fc.integer({ min: 0, max: 7 }) }),
      fc.record({ kind: fc.constant('set' as const), at: fc.nat(file.length - 1), value: fc.integer({ min: 0, max: 255 }) }),
      fc.record({ kind: fc.constant('cut' as const), at: fc.nat(file.length) }),
      fc.record({ kind: fc.constant('insert' as const), at: fc.nat(file.length), bytes: fc.uint8Array({ minLength: 1, maxLength: 8 }) }),
    );
    await fc.assert(
      fc.asyncProperty(fc.array(mutation, { minLength: 1, maxLength: 3 }), async (muts) => {
        let f = file.slice();
        for (const m of muts) {
          if (m.kind === 'flip') f[Math.min(m.at, f.length - 1)]! ^= 1 << m.bit;
          else if (m.kind === 'set') f[Math.min(m.at, f.length - 1)] = m.value;
          else if (m.kind === 'cut') f = f.slice(0, m.at);
          else f = new Uint8Array([...f.subarray(0, m.at), ...m.bytes, ...f.subarray(m.at)]);
        }
        try {
          const out = await decodeBackup(f, BACKUP_PASS);
          expect(Buffer.from(f).equals(Buffer.from(file))).toBe(true);
          expect(out.secret).toEqual(secret);
        } catch (e) {
          expect(e).toBeInstanceOf(CeremonyError);
          expect(BACKUP_CODES).toContain((e as CeremonyError).code);
        }
      }),
      { numRuns: 150 },
    );
  });
});

describe('backup files through VaultService', () => {
  it('writes a 0600 file, never overwrites one, and imports it back', async () => {
    const out = join(tempDataDir('usb-'), 'comm.ceremony-backup');
    const svc = new VaultService({ dataDir: tempDataDir(), keychain: new MemoryKeychain(), kdf: TEST_SCRYPT });
    await svc.init({ kind: 'keychain' });
    const secret = randomSecret();
    await (await svc.unlockedVault()).put({ id: 'comm', label: 'comm key', kind: 'comm.key', ceremonyId: null }, secret);
    const info = await svc.exportBackupToFile('comm', out, BACKUP_PASS);
    expect(info).toMatchObject({ path: out, id: 'comm', bytes: statSync(out).size });
    if (process.platform !== 'win32') expect(statSync(out).mode & 0o777).toBe(0o600);
    const before = readFileSync(out);
    await expectCode(svc.exportBackupToFile('comm', out, BACKUP_PASS), 'vault/backup-exists');
    expect(readFileSync(out)).toEqual(before);
    expect((await svc.inspectBackupFile(out)).meta.id).toBe('comm');
    await expectCode(svc.importBackupFromFile(out + '.missing', BACKUP_PASS), 'vault/backup-not-found');
    writeFileSync(out + '.big', Buffer.alloc(3 * 1024 * 1024));
    await expectCode(svc.importBackupFromFile(out + '.big', BACKUP_PASS), 'vault/backup-not-a-backup');
    await expectCode(svc.importBackupFromFile(out, BACKUP_PASS), 'vault/duplicate-id');
    expect(await svc.delete('comm')).toEqual({ id: 'comm', deleted: true });
    const imported = await svc.importBackupFromFile(out, BACKUP_PASS);
    expect(imported).toMatchObject({ id: 'comm', kind: 'comm.key', fingerprint: info.fingerprint });
    expect(await (await svc.unlockedVault()).get('comm')).toEqual(secret);
    expect(existsSync(out)).toBe(true);
  });
});
