import { describe, expect, it } from 'vitest';
import type { BackupCheck } from '../../src-shared/api/vault.ts';
import { backupCheckFieldOf, backupCheckOf, backupFileOf, dueBackupChecks } from './backup-check.ts';

const check = (id: string, o: Partial<BackupCheck> = {}): BackupCheck => ({
  id,
  label: id,
  fingerprint: '0'.repeat(32),
  exportedAt: '2026-01-01T00:00:00.000Z',
  exportPath: `/usb/${id}.ceremony-backup`,
  provedAt: null,
  provedPath: null,
  recheckDue: null,
  due: true,
  ...o,
});

describe('backup checks in the renderer', () => {
  it('finds the due ones and the file to open (the last proven, else the last written)', () => {
    const checks = {
      recheckDays: 90,
      checks: [check('a'), check('b', { due: false, provedAt: '2026-01-02T00:00:00.000Z', provedPath: '/usb/moved.ceremony-backup' })],
    };
    expect(dueBackupChecks(checks).map((c) => c.id)).toEqual(['a']);
    expect(dueBackupChecks(null)).toEqual([]);
    expect(backupFileOf(backupCheckOf(checks, 'a'))).toBe('/usb/a.ceremony-backup');
    expect(backupFileOf(backupCheckOf(checks, 'b'))).toBe('/usb/moved.ceremony-backup');
    expect(backupFileOf(backupCheckOf(checks, 'none'))).toBeNull();
  });

  it('puts a wrong passphrase next to the passphrase and a bad or missing file next to the file', () => {
    expect(backupCheckFieldOf('vault/wrong-passphrase')).toBe('passphrase');
    for (const code of ['vault/backup-tampered', 'vault/backup-not-found', 'vault/backup-other-secret', 'vault/backup-truncated'])
      expect(backupCheckFieldOf(code), code).toBe('file');
  });
});
