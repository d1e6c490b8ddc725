import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../errors.ts';
import { TEST_SCRYPT } from './kdf.ts';
import { MemoryKeychain } from './memory-keychain.ts';
import type { SecretKind } from './meta.ts';
import { VaultService } from './service.ts';
import { findSecret, listFiles, randomSecret, tempDataDir } from './test-support.ts';

/**
 * Acceptance 3: no secret byte string appears in plain form anywhere in the data folder,
 * nor in any value the vault returns for the API. "Plain form" = the raw bytes, hex in
 * either case, base64 and base64url at every alignment (test-support secretForms).
 * The DEK itself (readable here because the test owns the in-memory keychain) and the
 * passphrases are searched for too.
 */

const KINDS: SecretKind[] = ['seal.dkg-keys', 'seal.share', 'frost.key-package', 'sui.key', 'comm.key'];
const VAULT_PASS = 'vault passphrase for scan';
const BACKUP_PASS = 'backup passphrase for scan';

describe('no plaintext secret anywhere', () => {
  for (const kind of ['keychain', 'passphrase'] as const) {
    it(`${kind} vault: data folder and every API result are free of secret bytes`, async () => {
      const dataDir = tempDataDir();
      const keychain = new MemoryKeychain();
      const svc = new VaultService({ dataDir, keychain, kdf: TEST_SCRYPT });
      const responses: unknown[] = [];
      const record = <T>(v: T): T => (responses.push(v), v);
      const errors: CeremonyError[] = [];
      const recordError = async (p: Promise<unknown>) =>
        p.then(
          () => expect.unreachable('should have failed'),
          (e) => {
            expect(e).toBeInstanceOf(CeremonyError);
            errors.push(e as CeremonyError);
          },
        );

      record(await svc.status());
      record(await svc.init(kind === 'keychain' ? { kind } : { kind, passphrase: VAULT_PASS }));
      const vault = await svc.unlockedVault();

      // Several random secrets of various sizes, plus a few with structure (all-zero-free, ASCII-ish).
      const secrets: Uint8Array[] = [];
      for (let i = 0; i < 10; i++) {
        const s =
          i < 8 ? randomSecret(16 + 8 * i) : new TextEncoder().encode(`suiprivkey1${Buffer.from(randomSecret(24)).toString('hex')}`);
        secrets.push(s);
        const meta = record(
          await vault.put(
            {
              id: `s/${i}`,
              label: `Secret number ${i}`,
              kind: KINDS[i % KINDS.length]!,
              ceremonyId: i % 2 ? `cer-${i}` : null,
              publicKey: i % 3 ? randomSecret(32) : undefined,
            },
            s,
          ),
        );
        record(
          await vault
            .put({ id: `s/${i}`, label: `Secret number ${i}`, kind: meta.kind, ceremonyId: meta.ceremonyId, publicKey: undefined }, s)
            .catch((e) => (errors.push(e), null)),
        );
        await recordError(vault.put({ id: `s/${i}`, label: 'other', kind: meta.kind, ceremonyId: null }, s));
      }
      record(await svc.list());
      record(await svc.status());
      // Backups written INTO the data folder so the scan covers them too.
      for (const i of [0, 3, 9]) record(await svc.exportBackupToFile(`s/${i}`, join(dataDir, `backup-${i}.ceremony-backup`), BACKUP_PASS));
      record(await svc.inspectBackupFile(join(dataDir, 'backup-3.ceremony-backup')));
      record(await svc.delete('s/3'));
      record(await svc.importBackupFromFile(join(dataDir, 'backup-3.ceremony-backup'), BACKUP_PASS));
      await recordError(svc.importBackupFromFile(join(dataDir, 'backup-3.ceremony-backup'), BACKUP_PASS));
      await recordError(svc.importBackupFromFile(join(dataDir, 'backup-0.ceremony-backup'), 'wrong backup passphrase'));
      if (kind === 'passphrase') {
        record(await svc.changePassphrase(VAULT_PASS, 'changed ' + VAULT_PASS));
        record(await svc.lock());
        await recordError(svc.unlock('nope nope nope'));
        await recordError(svc.list());
        record(await svc.unlock('changed ' + VAULT_PASS));
      }
      record(await svc.delete('s/5'));
      record(await svc.lock());
      record(await svc.status());

      const st = await svc.status();
      const dek = st.keychain ? await keychain.read(st.keychain.service, st.keychain.account) : null;
      const needles = dek ? [...secrets, dek] : secrets;
      const texts = [VAULT_PASS, 'changed ' + VAULT_PASS, BACKUP_PASS].map((t) => new TextEncoder().encode(t));

      const files = listFiles(dataDir);
      // header, index, 9 secrets (10 - 1 deleted), 3 backups, and the record of backups written and checked
      expect(files.length).toBe(2 + 9 + 3 + 1);
      expect(files.some((f) => f.endsWith('backup-checks.json'))).toBe(true);
      for (const f of files) {
        const content = readFileSync(f);
        for (const [n, s] of needles.entries()) expect(findSecret(content, s), `secret #${n} in ${f}`).toEqual([]);
        for (const t of texts) expect(content.indexOf(Buffer.from(t)), `a passphrase in ${f}`).toBe(-1);
      }

      const api = JSON.stringify(responses) + JSON.stringify(errors.map((e) => ({ code: e.code, message: e.message, details: e.details })));
      expect(errors.length).toBeGreaterThanOrEqual(kind === 'passphrase' ? 14 : 12);
      expect(responses.length).toBeGreaterThanOrEqual(25);
      for (const [n, s] of needles.entries()) expect(findSecret(api, s), `secret #${n} in an API response`).toEqual([]);
      for (const t of texts) expect(api).not.toContain(new TextDecoder().decode(t));
    });
  }

  it('the scanner itself finds secrets in every form it claims to (so the scan above can fail)', () => {
    const s = randomSecret(33);
    const b = Buffer.from(s);
    expect(findSecret(Buffer.concat([Buffer.from('xx'), b, Buffer.from('yy')]), s)).toContain('raw bytes');
    expect(findSecret(`{"v":"${b.toString('hex')}"}`, s).length).toBeGreaterThan(0);
    expect(findSecret(b.toString('hex').toUpperCase(), s).length).toBeGreaterThan(0);
    for (const pad of [0, 1, 2]) {
      const blob = Buffer.concat([Buffer.alloc(pad, 0x41), b, Buffer.from('tail')]);
      expect(findSecret(blob.toString('base64'), s).length, `base64 at alignment ${pad}`).toBeGreaterThan(0);
      expect(findSecret(blob.toString('base64url'), s).length, `base64url at alignment ${pad}`).toBeGreaterThan(0);
    }
    expect(findSecret(randomSecret(64).toString(), s)).toEqual([]);
  });
});
