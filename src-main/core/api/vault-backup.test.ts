/**
 * Restoring a backup through the API: the renderer inspects the chosen file first
 * (`vault.inspectBackup`, no passphrase), so a damaged file or hostile KDF parameters are refused
 * before anyone is asked for the passphrase (issue 15).
 */
import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from './dispatch.ts';
import { vaultHandlers } from './handlers/vault.ts';
import { BACKUP_MAGIC, encodeBackup } from '../vault/backup.ts';
import { TEST_SCRYPT } from '../vault/kdf.ts';
import { MemoryKeychain } from '../vault/memory-keychain.ts';
import { VaultService } from '../vault/service.ts';
import { randomSecret, tempDataDir } from '../vault/test-support.ts';

const PASS = 'backup passphrase 42';
const META = {
  id: 'comm',
  label: 'comm key',
  kind: 'comm.key',
  ceremonyId: null,
  createdAt: '2025-01-01T00:00:00.000Z',
  fingerprint: '0'.repeat(32),
  fingerprintSource: 'vault-mac' as const,
};

/** The backup with its JSON header re-encoded after `edit`, as a forger would write it. */
function withKdf(file: Uint8Array, kdf: Record<string, unknown>): Uint8Array {
  const at = BACKUP_MAGIC.length + 2;
  const len = Buffer.from(file).readUInt32BE(at);
  const h = JSON.parse(Buffer.from(file.subarray(at + 4, at + 4 + len)).toString('utf8')) as Record<string, unknown>;
  h.kdf = kdf;
  const hb = Buffer.from(JSON.stringify(h), 'utf8');
  const lenBuf = Buffer.alloc(4);
  lenBuf.writeUInt32BE(hb.length);
  return new Uint8Array(Buffer.concat([file.subarray(0, at), lenBuf, hb, file.subarray(at + 4 + len)]));
}

async function api() {
  const svc = new VaultService({ dataDir: tempDataDir(), keychain: new MemoryKeychain(), kdf: TEST_SCRYPT });
  await svc.init({ kind: 'keychain' });
  const d = createDispatch(vaultHandlers(svc, '/d', () => undefined) as Handlers, { internalError: () => undefined });
  return { svc, d };
}

const b64 = (b: Uint8Array) => Buffer.from(b).toString('base64');

describe('vault.inspectBackup: the file is checked when it is chosen, before any passphrase', () => {
  it('describes a good backup without its passphrase (what it holds, its KDF cost)', async () => {
    const { d } = await api();
    const file = await encodeBackup(META, randomSecret(32), PASS, { kdf: TEST_SCRYPT });
    const r = await d('vault.inspectBackup', { base64: b64(file) });
    expect(r).toMatchObject({ ok: true, value: { id: 'comm', label: 'comm key', kind: 'comm.key', kdf: 'scrypt N=2^10 r=8 p=1' } });
  });

  it('refuses hostile KDF parameters and files that are not backups, each with its own code, with no passphrase given', async () => {
    const { d } = await api();
    const file = await encodeBackup(META, randomSecret(32), PASS, { kdf: TEST_SCRYPT });
    const costly = await d('vault.inspectBackup', { base64: b64(withKdf(file, { alg: 'scrypt', N: 2 ** 19, r: 8, p: 16 })) });
    expect(costly).toMatchObject({ ok: false, error: { code: 'vault/kdf-too-costly' } });
    expect(JSON.stringify(costly)).toContain('no passphrase is needed');
    const bomb = await d('vault.inspectBackup', { base64: b64(withKdf(file, { alg: 'scrypt', N: 2 ** 30, r: 8, p: 1 })) });
    expect(bomb).toMatchObject({ ok: false, error: { code: 'vault/backup-malformed' } });
    const text = await d('vault.inspectBackup', { base64: b64(new TextEncoder().encode('hello')) });
    expect(text).toMatchObject({ ok: false, error: { code: 'vault/backup-not-a-backup' } });
  });
});
