import { basename } from 'node:path';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import {
  BACKUP_FILE_EXTENSION,
  describeKdfParams,
  inspectBackup,
  type VaultService,
  type VaultStatusReport,
  type SecretMeta,
} from '../../vault/index.ts';
import type { VaultStatus, SecretInfo } from '../../../../src-shared/api/vault.ts';
import type { Handlers } from '../dispatch.ts';
import { decodeFile } from './ceremonies.ts';
import { requireGate, type SecretExportGate } from '../../secret-export/gate.ts';

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

function notABackupUnlessCeremonyError<T>(fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isCeremonyError(e)) throw e;
    throw new CeremonyError('vault/backup-not-a-backup', 'That file is not a Ceremony secret backup.');
  }
}

type VaultHandlers = Pick<
  Handlers,
  | 'vault.status'
  | 'vault.init'
  | 'vault.unlock'
  | 'vault.lock'
  | 'vault.list'
  | 'vault.exportBackup'
  | 'vault.inspectBackup'
  | 'vault.importBackup'
  | 'vault.proveBackup'
  | 'vault.backupChecks'
  | 'vault.setRecheckDays'
>;

export function vaultHandlers(vault: VaultService, dataDir: string, changed: () => void, secretExport?: SecretExportGate): VaultHandlers {
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
    // The backup never travels to the renderer, not even encrypted: the person chooses where it
    // goes through the shell (secret-export/gate.ts) and main writes it (0600).
    'vault.exportBackup': async ({ secretId, passphrase, confirmCode }) => {
      const v = await vault.unlockedVault();
      const meta = v.meta(secretId);
      if (!meta) throw new CeremonyError('vault/not-found', `The vault holds no secret "${secretId}".`, { id: secretId });
      const name = `${meta.label.replace(/[^A-Za-z0-9._-]+/g, '-')}${BACKUP_FILE_EXTENSION}`;
      const path = await requireGate(secretExport).destination({
        what: `an encrypted backup of the secret "${meta.label}"`,
        fileName: name,
        ...(confirmCode !== undefined ? { code: confirmCode } : {}),
      });
      if (!path) return { name, path: null, fingerprint: meta.fingerprint };
      const written = await vault.exportBackupToFile(secretId, path, passphrase);
      changed(); // a new backup is due for its check
      return { name: basename(written.path), path: written.path, fingerprint: written.fingerprint };
    },
    // Called when the person chooses the file, before the passphrase is asked for: a damaged
    // file or hostile KDF parameters are refused here, with nothing derived. Needs no unlocked vault.
    'vault.inspectBackup': async ({ base64 }) => {
      const bytes = await decodeFile({ name: 'backup', base64 });
      const info = notABackupUnlessCeremonyError(() => inspectBackup(bytes));
      return { ...toInfo(info.meta), exportedAt: info.exportedAt, kdf: describeKdfParams(info.kdf) };
    },
    'vault.importBackup': async ({ base64, passphrase }) => {
      const v = await vault.unlockedVault();
      try {
        const meta = await v.importBackup(await decodeFile({ name: 'backup', base64 }), passphrase);
        changed();
        return toInfo(meta);
      } catch (e) {
        if (isCeremonyError(e)) throw e;
        throw new CeremonyError('vault/backup-not-a-backup', 'That file is not a Ceremony secret backup.');
      }
    },
    // By path: main reads the backup itself, so its bytes never cross to the renderer.
    'vault.proveBackup': async ({ path, passphrase, secretId }) => {
      const proof = await vault.proveBackupFile(path, passphrase, secretId);
      changed();
      return proof;
    },
    'vault.backupChecks': () => vault.backupChecks(),
    'vault.setRecheckDays': async ({ days }) => {
      const r = await vault.setRecheckDays(days);
      changed();
      return r;
    },
  };
}
