/**
 * Issue 17, item 4: a backup that is proven. `vault.proveBackup` opens a backup file in main's
 * memory with the passphrase typed again and checks it holds the vault's own secret; a proof is
 * recorded, and the reminder (`vault.backupChecks`) says when the backup should be checked again,
 * by the vault's injected clock.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { createDispatch, type Handlers } from './dispatch.ts';
import { vaultHandlers } from './handlers/vault.ts';
import { encodeBackup } from '../vault/backup.ts';
import { TEST_SCRYPT } from '../vault/kdf.ts';
import { MemoryKeychain } from '../vault/memory-keychain.ts';
import { VaultService } from '../vault/service.ts';
import { findSecret, listFiles, randomSecret, snapshot, tempDataDir } from '../vault/test-support.ts';

const PASS = 'backup passphrase 42';
const DAY = 24 * 60 * 60 * 1000;
const T0 = Date.parse('2026-03-01T10:00:00.000Z');

async function setup() {
  const dataDir = tempDataDir();
  const clock = { t: T0 };
  const svc = new VaultService({ dataDir, keychain: new MemoryKeychain(), kdf: TEST_SCRYPT, now: () => new Date(clock.t) });
  await svc.init({ kind: 'keychain' });
  const v = await svc.unlockedVault();
  const share = randomSecret(32);
  const other = randomSecret(32);
  await v.put({ id: 'seal/c1/master-share-v1', label: 'Seal share', kind: 'seal.share', ceremonyId: 'c1' }, share);
  await v.put({ id: 'comm', label: 'comm key', kind: 'comm.key', ceremonyId: null }, other);
  let changes = 0;
  const d = createDispatch(vaultHandlers(svc, dataDir, () => void changes++) as Handlers, { internalError: () => undefined });
  const out = tempDataDir('backups-');
  const backup = join(out, 'share.ceremony-backup');
  await svc.exportBackupToFile('seal/c1/master-share-v1', backup, PASS);
  return { dataDir, clock, svc, v, d, share, other, out, backup, changes: () => changes };
}

type Reply = { ok: true; value: unknown } | { ok: false; error: { code: string; message: string } };
const prove = async (d: Awaited<ReturnType<typeof setup>>['d'], input: Record<string, unknown>) =>
  (await d('vault.proveBackup', input)) as Reply;

async function checks(d: Awaited<ReturnType<typeof setup>>['d']) {
  const r = (await d('vault.backupChecks', {})) as Reply;
  if (!r.ok) throw new Error(JSON.stringify(r));
  return r.value as { recheckDays: number; checks: { id: string; due: boolean; provedAt: string | null; recheckDue: string | null }[] };
}

describe('vault.proveBackup: the backup opens and holds the vault’s own secret', () => {
  it('passes a good backup, returns public data only, records the proof and writes no plaintext', async () => {
    const w = await setup();
    const fingerprint = w.v.meta('seal/c1/master-share-v1')!.fingerprint;
    const before = snapshot(w.dataDir);
    w.clock.t = T0 + 3_600_000;
    const r = await prove(w.d, { path: w.backup, passphrase: PASS, secretId: 'seal/c1/master-share-v1' });
    expect(r).toEqual({
      ok: true,
      value: {
        id: 'seal/c1/master-share-v1',
        label: 'Seal share',
        fingerprint,
        path: w.backup,
        provedAt: new Date(T0 + 3_600_000).toISOString(),
        recheckDue: new Date(T0 + 3_600_000 + 90 * DAY).toISOString(),
      },
    });
    expect(findSecret(JSON.stringify(r), w.share)).toEqual([]);
    // The only file that changed is the record of checks; nothing anywhere holds the share in clear.
    const after = snapshot(w.dataDir);
    const changed = Object.keys(after).filter((f) => after[f] !== before[f]);
    expect(changed).toEqual([join(w.dataDir, 'vault', 'backup-checks.json')]);
    for (const f of [...listFiles(w.dataDir), ...listFiles(w.out)]) expect(findSecret(readFileSync(f), w.share), f).toEqual([]);
    const record = JSON.parse(readFileSync(changed[0]!, 'utf8')) as { records: Record<string, unknown>[] };
    expect(record.records).toEqual([
      expect.objectContaining({
        id: 'seal/c1/master-share-v1',
        fingerprint,
        provedPath: w.backup,
        provedAt: new Date(T0 + 3_600_000).toISOString(),
      }),
    ]);
    expect((await checks(w.d)).checks).toEqual([expect.objectContaining({ id: 'seal/c1/master-share-v1', due: false })]);
    expect(w.changes()).toBe(1);
  });

  it('refuses a wrong passphrase (vault/wrong-passphrase) and records nothing', async () => {
    const w = await setup();
    const before = snapshot(w.dataDir);
    const r = await prove(w.d, { path: w.backup, passphrase: 'not the passphrase at all' });
    expect(r).toMatchObject({ ok: false, error: { code: 'vault/wrong-passphrase' } });
    expect(snapshot(w.dataDir)).toEqual(before);
    expect((await checks(w.d)).checks).toEqual([expect.objectContaining({ provedAt: null, due: true })]);
  });

  it('refuses a backup with one byte of its ciphertext body flipped (vault/backup-tampered) and records nothing', async () => {
    const w = await setup();
    const file = readFileSync(w.backup);
    // The body is the last 32 + 16 bytes (secret, then the GCM tag); flip a byte of the encrypted secret.
    file[file.length - 16 - 5]! ^= 0x01;
    const damaged = join(w.out, 'damaged.ceremony-backup');
    writeFileSync(damaged, file);
    const before = snapshot(w.dataDir);
    const r = await prove(w.d, { path: damaged, passphrase: PASS });
    expect(r).toMatchObject({ ok: false, error: { code: 'vault/backup-tampered' } });
    expect(JSON.stringify(r)).toContain('write a new backup');
    expect(snapshot(w.dataDir)).toEqual(before);
    // The good copy still passes: the refusal was about the flipped byte.
    expect(await prove(w.d, { path: w.backup, passphrase: PASS })).toMatchObject({ ok: true });
  });

  it('refuses a backup of another secret (vault/backup-other-secret), and a missing file (vault/backup-not-found)', async () => {
    const w = await setup();
    const comm = join(w.out, 'comm.ceremony-backup');
    await w.svc.exportBackupToFile('comm', comm, PASS);
    // Another secret of this vault, while the share is the one being checked.
    expect(await prove(w.d, { path: comm, passphrase: PASS, secretId: 'seal/c1/master-share-v1' })).toMatchObject({
      ok: false,
      error: { code: 'vault/backup-other-secret' },
    });
    // The share's id and public metadata but other bytes (another vault's secret under the same name).
    const meta = w.v.meta('seal/c1/master-share-v1')!;
    const impostor = join(w.out, 'impostor.ceremony-backup');
    writeFileSync(impostor, await encodeBackup(meta, randomSecret(32), PASS, { kdf: TEST_SCRYPT }));
    expect(await prove(w.d, { path: impostor, passphrase: PASS })).toMatchObject({
      ok: false,
      error: { code: 'vault/backup-other-secret' },
    });
    // A secret this vault does not hold.
    const stranger = join(w.out, 'stranger.ceremony-backup');
    writeFileSync(stranger, await encodeBackup({ ...meta, id: 'elsewhere' }, randomSecret(32), PASS, { kdf: TEST_SCRYPT }));
    expect(await prove(w.d, { path: stranger, passphrase: PASS })).toMatchObject({
      ok: false,
      error: { code: 'vault/backup-other-secret' },
    });
    expect(await prove(w.d, { path: join(w.out, 'gone.ceremony-backup'), passphrase: PASS })).toMatchObject({
      ok: false,
      error: { code: 'vault/backup-not-found' },
    });
    expect((await checks(w.d)).checks.every((c) => c.provedAt === null && c.due)).toBe(true);
  });
});

describe('the re-check reminder follows the injected clock and the configured period', () => {
  it('is due before the first proof, not after it, and due again once the period has passed; a new period moves it', async () => {
    const w = await setup();
    // Backed up, never proven: due.
    expect(await checks(w.d)).toEqual({
      recheckDays: 90,
      checks: [expect.objectContaining({ id: 'seal/c1/master-share-v1', provedAt: null, recheckDue: null, due: true })],
    });
    expect(await prove(w.d, { path: w.backup, passphrase: PASS })).toMatchObject({ ok: true });
    w.clock.t = T0 + 89 * DAY;
    expect((await checks(w.d)).checks[0]).toMatchObject({ due: false, recheckDue: new Date(T0 + 90 * DAY).toISOString() });
    w.clock.t = T0 + 90 * DAY + 1;
    expect((await checks(w.d)).checks[0]).toMatchObject({ due: true });

    // A longer period: not due any more; a shorter one: due sooner.
    expect(await w.d('vault.setRecheckDays', { days: 365 })).toMatchObject({
      ok: true,
      value: { recheckDays: 365, checks: [{ due: false }] },
    });
    w.clock.t = T0 + 20 * DAY;
    expect((await checks(w.d)).checks[0]).toMatchObject({ due: false });
    expect(await w.d('vault.setRecheckDays', { days: 14 })).toMatchObject({
      ok: true,
      value: { recheckDays: 14, checks: [{ due: true, recheckDue: new Date(T0 + 14 * DAY).toISOString() }] },
    });
    expect(await w.d('vault.setRecheckDays', { days: 0 })).toMatchObject({ ok: false, error: { code: 'api/invalid-input' } });
    expect((await checks(w.d)).recheckDays).toBe(14);

    // Checking again starts a new period; writing a new backup makes it unproven (due) again.
    expect(await prove(w.d, { path: w.backup, passphrase: PASS })).toMatchObject({ ok: true });
    expect((await checks(w.d)).checks[0]).toMatchObject({ due: false, recheckDue: new Date(T0 + 34 * DAY).toISOString() });
    await w.svc.exportBackupToFile('seal/c1/master-share-v1', join(w.out, 'second.ceremony-backup'), PASS);
    expect((await checks(w.d)).checks[0]).toMatchObject({ due: true, provedAt: null });
  });
});
