import { basename } from 'node:path';
import { bytesToBase64 } from '../../encoding/base64.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import { BACKUP_FILE_EXTENSION, type VaultService, type VaultStatusReport, type SecretMeta } from '../../vault/index.ts';
import type { VaultStatus, SecretInfo } from '../../../../src-shared/api/vault.ts';
import type { Handlers } from '../dispatch.ts';
import { decodeFile } from './ceremonies.ts';

const BACKENDS: Record<string, string> = {
  'secret-service': 'Secret Service (GNOME Keyring / KWallet)',
  'macos-keychain': 'macOS Keychain',
  'windows-credential-manager': 'Windows Credential Manager',
  memory: 'in-memory keychain (tests)',
  passphrase: 'passphrase (scrypt)',
};

export function toStatus(r: VaultStatusReport, dataDir: string): VaultStatus {
  return {
    state: r.problem && r.state !== 'unlocked' && r.kind === 'keychain' ? 'unavailable' : r.state,
    kind: r.kind,
    backend: r.backend ? (BACKENDS[r.backend] ?? r.backend) : null,
    secretCount: r.count,
    dataDir,
    problem: r.problem?.message ?? null,
  };
}

export function toInfo(m: SecretMeta): SecretInfo {
  return { id: m.id, label: m.label, kind: m.kind, ceremonyId: m.ceremonyId, createdAt: m.createdAt, fingerprint: m.fingerprint };
}

type VaultHandlers = Pick<
  Handlers,
  'vault.status' | 'vault.init' | 'vault.unlock' | 'vault.lock' | 'vault.list' | 'vault.exportBackup' | 'vault.importBackup'
>;

export function vaultHandlers(vault: VaultService, dataDir: string, changed: () => void): VaultHandlers {
  const status = async (p: Promise<VaultStatusReport>) => {
    const s = toStatus(await p, dataDir);
    changed();
    return s;
  };
  return {
    'vault.status': async () => toStatus(await vault.status(), dataDir),
    'vault.init': (input) => status(vault.init(input)),
    'vault.unlock': ({ passphrase }) => status(vault.unlock(passphrase)),
    'vault.lock': () => status(vault.lock()),
    'vault.list': async () => (await vault.list()).map(toInfo),
    'vault.exportBackup': async ({ secretId, passphrase, path }) => {
      const v = await vault.unlockedVault();
      const meta = v.meta(secretId);
      if (!meta) throw new CeremonyError('vault/not-found', `The vault holds no secret "${secretId}".`, { id: secretId });
      const name = `${meta.label.replace(/[^A-Za-z0-9._-]+/g, '-')}${BACKUP_FILE_EXTENSION}`;
      if (path) {
        const written = await vault.exportBackupToFile(secretId, path, passphrase);
        return { name: basename(written.path), path: written.path, base64: null, fingerprint: written.fingerprint };
      }
      // The backup is encrypted under the passphrase: it may travel to the renderer for download.
      const bytes = await v.exportBackup(secretId, passphrase);
      return { name, path: null, base64: bytesToBase64(bytes), fingerprint: meta.fingerprint };
    },
    'vault.importBackup': async ({ base64, passphrase }) => {
      const v = await vault.unlockedVault();
      try {
        const meta = await v.importBackup(decodeFile({ name: 'backup', base64 }), passphrase);
        changed();
        return toInfo(meta);
      } catch (e) {
        if (isCeremonyError(e)) throw e;
        throw new CeremonyError('vault/backup-not-a-backup', 'That file is not a Ceremony secret backup.');
      }
    },
  };
}
