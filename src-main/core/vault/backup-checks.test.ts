import { mkdirSync, statSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  backupChecks,
  DEFAULT_RECHECK_DAYS,
  readBackupChecks,
  updateBackupChecks,
  withRecord,
  type BackupChecksFile,
} from './backup-checks.ts';
import type { SecretMeta } from './meta.ts';
import { expectCode, tempDataDir } from './test-support.ts';

const DAY = 24 * 60 * 60 * 1000;
const meta = (id: string, fingerprint: string): SecretMeta => ({
  id,
  label: `label of ${id}`,
  kind: 'seal.share',
  ceremonyId: 'c1',
  createdAt: '2026-01-01T00:00:00.000Z',
  fingerprint,
  fingerprintSource: 'public-key',
});

describe('the record of backup checks', () => {
  it('starts empty at the default period, is written 0600 and read back', async () => {
    const dataDir = tempDataDir();
    expect(readBackupChecks(dataDir)).toEqual({ recheckDays: DEFAULT_RECHECK_DAYS, records: [] });
    await updateBackupChecks(dataDir, (f) =>
      withRecord({ ...f, recheckDays: 30 }, meta('a', 'a'.repeat(32)), (r) => ({
        ...r,
        provedAt: '2026-02-01T00:00:00.000Z',
        provedPath: '/usb/a',
      })),
    );
    const file = join(dataDir, 'vault', 'backup-checks.json');
    if (process.platform !== 'win32') expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readBackupChecks(dataDir)).toMatchObject({ recheckDays: 30, records: [{ id: 'a', provedPath: '/usb/a', exportPath: null }] });
  });

  it('refuses a damaged record with its own code', async () => {
    const dataDir = tempDataDir();
    mkdirSync(join(dataDir, 'vault'), { recursive: true });
    writeFileSync(
      join(dataDir, 'vault', 'backup-checks.json'),
      '{"format":"ceremony-backup-checks","version":1,"recheckDays":0,"records":[]}',
    );
    await expectCode(() => readBackupChecks(dataDir), 'vault/corrupt-backup-checks');
    writeFileSync(join(dataDir, 'vault', 'backup-checks.json'), 'not json');
    await expectCode(() => readBackupChecks(dataDir), 'vault/corrupt-backup-checks');
  });

  it('reminds only of secrets the vault still holds, under the fingerprint the backup was of', () => {
    const t0 = Date.parse('2026-02-01T00:00:00.000Z');
    let f: BackupChecksFile = { recheckDays: 10, records: [] };
    f = withRecord(f, meta('kept', 'b'.repeat(32)), (r) => ({ ...r, provedAt: new Date(t0).toISOString(), provedPath: '/usb/kept' }));
    f = withRecord(f, meta('replaced', 'c'.repeat(32)), (r) => ({ ...r, exportedAt: new Date(t0).toISOString(), exportPath: '/usb/old' }));
    f = withRecord(f, meta('deleted', 'd'.repeat(32)), (r) => ({ ...r, exportedAt: new Date(t0).toISOString(), exportPath: '/usb/gone' }));
    // 'replaced' is now another secret under the same id (another fingerprint): its old backup says nothing about it.
    const vault = [meta('kept', 'b'.repeat(32)), meta('replaced', 'e'.repeat(32)), meta('never', 'f'.repeat(32))];
    expect(backupChecks(f, vault, new Date(t0 + 9 * DAY)).map((c) => [c.id, c.due])).toEqual([['kept', false]]);
    expect(backupChecks(f, vault, new Date(t0 + 10 * DAY)).map((c) => [c.id, c.due, c.label])).toEqual([['kept', true, 'label of kept']]);
  });
});
