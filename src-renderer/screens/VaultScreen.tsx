import { useEffect, useState } from 'react';
import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';
import { readFiles } from '../app/files.ts';
import type { SecretInfo } from '../../src-shared/api/vault.ts';
import { WalletSettings } from '../wallet/WalletSettings.tsx';
import { useSecretExport } from '../components/SecretExport.tsx';
import { BackupCheckForm } from '../components/BackupCheckForm.tsx';
import { backupFileOf, dueBackupChecks } from '../app/backup-check.ts';
import { MAX_RECHECK_DAYS } from '../../src-shared/api/vault.ts';

function Setup() {
  const run = useApp((s) => s.run);
  const [mode, setMode] = useState<'keychain' | 'passphrase'>('keychain');
  const [pass, setPass] = useState('');
  const [again, setAgain] = useState('');
  const mismatch = mode === 'passphrase' && again.length > 0 && pass !== again;
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        const s = await run(
          'Creating the vault',
          'vault.init',
          mode === 'keychain' ? { kind: 'keychain' } : { kind: 'passphrase', passphrase: pass },
        );
        if (s) useApp.setState({ vault: s });
      }}
    >
      <fieldset>
        <legend>Where should the vault key live?</legend>
        <label className="choice">
          <input type="radio" name="kind" checked={mode === 'keychain'} onChange={() => setMode('keychain')} />
          <span>
            <strong>This computer's keychain</strong> (recommended). The key is kept by your operating system and unlocked with your login.
          </span>
        </label>
        <label className="choice">
          <input type="radio" name="kind" checked={mode === 'passphrase'} onChange={() => setMode('passphrase')} />
          <span>
            <strong>A passphrase</strong>, for a machine without a keychain (for example an air-gapped live USB). You type it each time you
            open the app; if you lose it, the shares in the vault are lost.
          </span>
        </label>
      </fieldset>
      {mode === 'passphrase' && (
        <>
          <label htmlFor="vp1">Passphrase (at least 12 characters)</label>
          <input id="vp1" type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
          <label htmlFor="vp2">Passphrase again</label>
          <input
            id="vp2"
            type="password"
            autoComplete="new-password"
            value={again}
            onChange={(e) => setAgain(e.target.value)}
            aria-invalid={mismatch}
            aria-describedby={mismatch ? 'vp-err' : undefined}
          />
          {mismatch && (
            <p id="vp-err" className="field-error">
              The two passphrases differ.
            </p>
          )}
        </>
      )}
      <button className="btn btn--primary" type="submit" disabled={mode === 'passphrase' && (pass.length < 12 || pass !== again)}>
        Create the vault
      </button>
    </form>
  );
}

function Unlock() {
  const run = useApp((s) => s.run);
  const [pass, setPass] = useState('');
  return (
    <form
      className="form"
      onSubmit={async (e) => {
        e.preventDefault();
        const s = await run('Unlocking', 'vault.unlock', { passphrase: pass });
        setPass('');
        if (s) useApp.setState({ vault: s });
      }}
    >
      <label htmlFor="unlock-pass">Vault passphrase</label>
      <input id="unlock-pass" type="password" autoComplete="current-password" value={pass} onChange={(e) => setPass(e.target.value)} />
      <button className="btn btn--primary" type="submit" disabled={!pass}>
        Unlock
      </button>
    </form>
  );
}

function Backup({ secret, onDone }: { secret: SecretInfo; onDone(): void }) {
  const notify = useApp((s) => s.notify);
  const secretExport = useSecretExport();
  const [pass, setPass] = useState('');
  // Main writes the backup (0600) where the person confirms; the bytes never come to this page.
  return (
    <>
      <form
        className="form form--inline"
        onSubmit={async (e) => {
          e.preventDefault();
          await secretExport.run(
            'Encrypting the backup',
            'vault.exportBackup',
            (confirmCode) => ({ secretId: secret.id, passphrase: pass, confirmCode }),
            (r) => {
              setPass('');
              if (r.path) {
                notify(
                  'success',
                  `Backup of “${secret.label}” written to ${r.path}. Keep the passphrase separately, then check the backup opens.`,
                );
                void useApp.getState().loadBackupChecks();
                onDone();
              }
            },
          );
        }}
      >
        <label htmlFor={`bk-${secret.id}`}>Backup passphrase for “{secret.label}” (at least 12 characters)</label>
        <input id={`bk-${secret.id}`} type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
        <button className="btn" type="submit" disabled={pass.length < 12}>
          Save encrypted backup
        </button>
      </form>
      {secretExport.codeForm}
    </>
  );
}

/**
 * The reminder: every backup written but never opened again, or checked longer ago than the
 * period, with the check itself (a checked one stays, showing its answer).
 */
function BackupReminders() {
  const backupChecks = useApp((s) => s.backupChecks);
  const [checked, setChecked] = useState<ReadonlySet<string>>(new Set());
  const shown = (backupChecks?.checks ?? []).filter((c) => c.due || checked.has(c.id));
  if (!shown.length) return null;
  const due = dueBackupChecks(backupChecks).length;
  return (
    <section className="panel" aria-labelledby="bc-h">
      <h2 id="bc-h">Check your backups</h2>
      {due > 0 && (
        <p>
          {due === 1 ? 'One backup has' : `${due} backups have`} not been checked for {backupChecks!.recheckDays} days, or not since it was
          written. Check that each still opens, so you know you can restore it.
        </p>
      )}
      {shown.map((c, i) => (
        <div key={`${c.id}:${backupFileOf(c) ?? ''}`}>
          <h3>{c.label}</h3>
          <BackupCheckForm
            secretId={c.id}
            file={backupFileOf(c)}
            what={`“${c.label}”`}
            primary={i === 0}
            onChecked={() => setChecked((s) => new Set([...s, c.id]))}
          />
        </div>
      ))}
    </section>
  );
}

/** How often the app asks for a backup check (days, default 90). */
function RecheckPeriod() {
  const backupChecks = useApp((s) => s.backupChecks);
  const attempt = useApp((s) => s.attempt);
  const notify = useApp((s) => s.notify);
  const [days, setDays] = useState('');
  const [problem, setProblem] = useState<string | null>(null);
  if (!backupChecks) return null;
  const value = days === '' ? String(backupChecks.recheckDays) : days;
  const n = Number(value);
  const valid = Number.isInteger(n) && n >= 1 && n <= MAX_RECHECK_DAYS;
  return (
    <form
      className="form form--inline"
      onSubmit={async (e) => {
        e.preventDefault();
        const r = await attempt('Saving the period', 'vault.setRecheckDays', { days: n });
        if (!r.ok) return setProblem(r.message);
        setProblem(null);
        setDays('');
        useApp.setState({ backupChecks: r.value });
        notify('success', `Backups will be checked every ${r.value.recheckDays} days.`);
      }}
    >
      <label htmlFor="recheck-days">Remind me to check each backup every (days)</label>
      <input
        id="recheck-days"
        type="number"
        min={1}
        max={MAX_RECHECK_DAYS}
        value={value}
        onChange={(e) => setDays(e.target.value)}
        aria-invalid={!valid || Boolean(problem)}
        aria-describedby={!valid || problem ? 'recheck-days-err' : undefined}
      />
      {(!valid || problem) && (
        <p id="recheck-days-err" className="field-error">
          {problem ?? `Type a whole number of days from 1 to ${MAX_RECHECK_DAYS}.`}
        </p>
      )}
      <button className="btn" type="submit" disabled={!valid || n === backupChecks.recheckDays}>
        Save
      </button>
    </form>
  );
}

export function VaultScreen() {
  const vault = useApp((s) => s.vault);
  const info = useApp((s) => s.info);
  const run = useApp((s) => s.run);
  const notify = useApp((s) => s.notify);
  const [secrets, setSecrets] = useState<SecretInfo[]>([]);
  const [backupOf, setBackupOf] = useState<string | null>(null);
  const [restore, setRestore] = useState<{ name: string; base64: string; label: string } | null>(null);
  const [restorePass, setRestorePass] = useState('');

  useEffect(() => {
    if (vault?.state === 'unlocked') void bridge.call('vault.list', {}).then(setSecrets, () => setSecrets([]));
  }, [vault]);

  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Vault and settings</h1>
      </header>
      <section className="panel" aria-labelledby="vs-h">
        <h2 id="vs-h">Vault</h2>
        {vault && (
          <dl className="facts">
            <div className="facts__row">
              <dt>State</dt>
              <dd>
                {{ uninitialized: 'Not set up yet', locked: 'Locked', unlocked: 'Unlocked', unavailable: 'Unavailable' }[vault.state]}
              </dd>
            </div>
            {vault.backend && (
              <div className="facts__row">
                <dt>Key kept by</dt>
                <dd>{vault.backend}</dd>
              </div>
            )}
            <div className="facts__row">
              <dt>Secrets held</dt>
              <dd>{vault.secretCount}</dd>
            </div>
            <div className="facts__row">
              <dt>Data folder</dt>
              <dd className="mono break">{vault.dataDir}</dd>
            </div>
          </dl>
        )}
        {vault?.problem && <p className="alert alert--error">{vault.problem}</p>}
        {vault?.state === 'uninitialized' && <Setup />}
        {vault?.state === 'locked' && vault.kind === 'passphrase' && <Unlock />}
        {vault?.state === 'unlocked' && vault.kind === 'passphrase' && (
          <button
            type="button"
            className="btn"
            onClick={async () => {
              const s = await run('Locking', 'vault.lock', {});
              if (s) useApp.setState({ vault: s });
            }}
          >
            Lock the vault
          </button>
        )}
      </section>

      {vault?.state === 'unlocked' && <BackupReminders />}

      {vault?.state === 'unlocked' && (
        <section className="panel" aria-labelledby="secrets-h">
          <h2 id="secrets-h">Secrets in the vault</h2>
          <p className="muted small">
            Only names and fingerprints are shown here: secret values never leave the vault, except in an encrypted backup you ask for.
          </p>
          {secrets.length === 0 ? (
            <p className="empty">The vault is empty.</p>
          ) : (
            <table className="roster">
              <thead>
                <tr>
                  <th scope="col">Secret</th>
                  <th scope="col">Fingerprint</th>
                  <th scope="col">Backup</th>
                </tr>
              </thead>
              <tbody>
                {secrets.map((s) => (
                  <tr key={s.id}>
                    <th scope="row">
                      {s.label}
                      <div className="muted small">{s.kind}</div>
                    </th>
                    <td className="mono small break">{s.fingerprint}</td>
                    <td>
                      {backupOf === s.id ? (
                        <Backup secret={s} onDone={() => setBackupOf(null)} />
                      ) : (
                        <button type="button" className="btn btn--small" onClick={() => setBackupOf(s.id)}>
                          Back up…
                        </button>
                      )}
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          )}
          <h3>Backup checks</h3>
          <RecheckPeriod />
          <h3>Restore a backup</h3>
          <label className="btn file-btn">
            Choose backup file…
            <input
              type="file"
              className="visually-hidden"
              onChange={async (e) => {
                const input = e.currentTarget;
                const file = input.files?.length ? (await readFiles(input.files))[0]! : null;
                input.value = '';
                setRestore(null);
                setRestorePass('');
                if (!file) return;
                // Main reads the file first: a damaged one, or one whose KDF parameters would cost
                // minutes and gigabytes, is refused now, before the passphrase is asked for.
                const info = await run('Reading the backup', 'vault.inspectBackup', { base64: file.base64 });
                if (info) setRestore({ ...file, label: info.label });
              }}
            />
          </label>
          {restore && (
            <form
              className="form form--inline"
              onSubmit={async (e) => {
                e.preventDefault();
                const r = await run('Restoring', 'vault.importBackup', { base64: restore.base64, passphrase: restorePass });
                setRestorePass('');
                if (r) {
                  notify('success', `Restored “${r.label}”.`);
                  setRestore(null);
                  setSecrets(await bridge.call('vault.list', {}));
                }
              }}
            >
              <label htmlFor="restore-pass">
                Passphrase of {restore.name} (a backup of “{restore.label}”)
              </label>
              <input id="restore-pass" type="password" value={restorePass} onChange={(e) => setRestorePass(e.target.value)} />
              <button className="btn" type="submit" disabled={!restorePass}>
                Restore
              </button>
            </form>
          )}
        </section>
      )}

      {vault?.state === 'unlocked' && <WalletSettings />}

      {info && (
        <section className="panel" aria-labelledby="about-h">
          <h2 id="about-h">About</h2>
          <p>
            Ceremony {info.version} (build {info.commit.slice(0, 12)}, BLS12-381 by {info.blsBackend}) ·{' '}
            {info.shell === 'electron' ? 'desktop app' : 'served on this computer only (loopback)'} · {info.platform}
          </p>
        </section>
      )}
    </>
  );
}
