import { useId, useState } from 'react';
import { useApp } from '../../app/store.ts';
import { ConfirmDialog } from '../../components/ConfirmDialog.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { sealShareSecretId } from '../../../src-shared/ceremonies/seal.ts';
import { handoffsSoFar } from './handoffs.ts';
import { actionWithCode, useSecretExport } from '../../components/SecretExport.tsx';
import { sealView } from './view.ts';
import { BackupCheckForm } from '../../components/BackupCheckForm.tsx';
import { backupCheckOf, backupFileOf } from '../../app/backup-check.ts';

type Choice = 'package' | 'backup' | 'file' | null;

/** A new passphrase, twice; `ok` once it is long enough and both agree. */
function NewPassphrase({
  id,
  label,
  pass,
  pass2,
  setPass,
  setPass2,
}: {
  id: string;
  label: string;
  pass: string;
  pass2: string;
  setPass(v: string): void;
  setPass2(v: string): void;
}) {
  const differ = pass2.length > 0 && pass !== pass2;
  return (
    <>
      <label htmlFor={`${id}-p1`}>{label} (at least 12 characters)</label>
      <input id={`${id}-p1`} type="password" autoComplete="new-password" value={pass} onChange={(e) => setPass(e.target.value)} />
      <label htmlFor={`${id}-p2`}>Passphrase again</label>
      <input
        id={`${id}-p2`}
        type="password"
        autoComplete="new-password"
        value={pass2}
        onChange={(e) => setPass2(e.target.value)}
        aria-invalid={differ}
        aria-describedby={differ ? `${id}-p-err` : undefined}
      />
      {differ && (
        <p id={`${id}-p-err`} className="field-error">
          The two passphrases differ.
        </p>
      )}
    </>
  );
}

/**
 * Once an encrypted backup of the share was written, the next task is to prove it opens; again
 * whenever the re-check falls due. Nothing when the share has no backup or it was checked lately.
 */
export function ShareBackupCheck({ view, primary = true }: { view: CeremonyView; primary?: boolean }) {
  const backupChecks = useApp((s) => s.backupChecks);
  // Stays on screen once checked, so the member sees the answer after the reminder clears.
  const [checked, setChecked] = useState(false);
  const share = sealView(view).share;
  if (!share) return null;
  const secretId = sealShareSecretId(view.id, share.version);
  const check = backupCheckOf(backupChecks, secretId);
  if (!check || !(check.due || checked)) return null;
  const file = backupFileOf(check);
  return <BackupCheckForm key={file ?? ''} secretId={secretId} file={file} primary={primary} onChecked={() => setChecked(true)} />;
}

/**
 * Getting the share to the key server machine. The share never crosses the API: each choice
 * is one explicit action in main, and each says plainly what it exposes.
 */
export function ShareHandoff({ view }: { view: CeremonyView }) {
  const id = useId();
  const info = useApp((s) => s.info);
  const run = useApp((s) => s.run);
  const secretExport = useSecretExport();
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  const announce = useApp((s) => s.announce);
  const [choice, setChoice] = useState<Choice>(null);
  const [pass, setPass] = useState('');
  const [pass2, setPass2] = useState('');
  const [format, setFormat] = useState<'env' | 'dkg-yaml'>('env');
  const [understood, setUnderstood] = useState(false);
  const [confirmCopy, setConfirmCopy] = useState(false);
  const backupChecks = useApp((s) => s.backupChecks);
  const [otherWays, setOtherWays] = useState(false);
  // Before processing there is no share to hand over.
  const share = sealView(view).share;
  if (!share) return null;
  // The share's vault id names its version (MASTER_SHARE_V<version>).
  const secretId = sealShareSecretId(view.id, share.version);
  const version = share.version;
  const envNames = share.envNames;
  const handedOff = handoffsSoFar(share.handoffs);
  const whereNote =
    info?.shell === 'electron'
      ? 'You choose where in a save dialog, then confirm.'
      : 'It goes into the ceremony-exports folder beside the data folder, once you type the one-time code Ceremony prints on its terminal.';
  const canCopy = info?.shell === 'electron' && view.next.some((a) => a.action === 'copy-share');
  // Offered once the key server's config is known (finalized, or a rotation processed).
  const canPackage = view.next.some((a) => a.action === 'export-key-server-package');
  const passOk = pass.length >= 12 && pass === pass2;
  // A backup written and not yet shown to open is the one task: the other ways wait behind a link.
  const checkDue = backupCheckOf(backupChecks, secretId)?.due === true;
  const choose = (c: Choice) => {
    setChoice(choice === c ? null : c);
    setPass('');
    setPass2('');
  };

  const act = async (label: string, action: string, input: Record<string, unknown>) => {
    const v = await run(label, 'ceremonies.act', { id: view.id, action, input });
    if (v) {
      useApp.getState().showView(v);
      setChoice(null);
    }
    return v;
  };

  return (
    <section className="panel" aria-labelledby={`${id}-h`}>
      <h2 id={`${id}-h`}>Hand the share to your key server</h2>
      {envNames.length > 1 ? (
        <p>
          Your new share is in this computer's vault, next to your share of the current version. While the rotation switches over, your key
          server needs both: <code>{envNames.join(' and ')}</code>. Choose how to move them; each way is one explicit step.
        </p>
      ) : (
        <p>
          Your share is in this computer's vault. Your key server needs it as <code>{envNames[0]}</code>. Choose how to move it; each way is
          one explicit step.
        </p>
      )}
      {handedOff &&
        // A backup keeps the share safe but starts no key server (main does not tick the step for
        // it): said plainly, in a calm colour, so "done so far" is not read as "done".
        (share.handoffs.every((h) => h.method === 'backup') ? (
          <p className="alert alert--info">
            So far: {handedOff}. That backup keeps your share safe; your key server still needs the share itself.
          </p>
        ) : (
          <p className="alert alert--success">Done so far: {handedOff}</p>
        ))}
      <ShareBackupCheck view={view} />

      {checkDue && !otherWays && choice === null ? (
        <p>
          <button type="button" className="btn btn--small" onClick={() => setOtherWays(true)}>
            Hand the share over another way
          </button>
        </p>
      ) : (
        <div className="choices" role="group" aria-label="Ways to hand the share over">
          {canPackage && (
            <button type="button" className="btn" aria-expanded={choice === 'package'} onClick={() => choose('package')}>
              Encrypted package for your key-server operator (recommended when someone else runs the key server)
            </button>
          )}
          <button type="button" className="btn" aria-expanded={choice === 'backup'} onClick={() => choose('backup')}>
            Encrypted backup file (for you to keep)
          </button>
          <button type="button" className="btn" aria-expanded={choice === 'file'} onClick={() => choose('file')}>
            Plain file for the key server (0600)
          </button>
          {canCopy && (
            <button type="button" className="btn" onClick={() => setConfirmCopy(true)}>
              Copy to the clipboard (60 s)
            </button>
          )}
        </div>
      )}

      {choice === 'package' && (
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            await secretExport.run(
              'Writing the key-server package',
              'ceremonies.act',
              actionWithCode(view.id, 'export-key-server-package', { passphrase: pass }),
              (v) => {
                setPass('');
                setPass2('');
                useApp.getState().showView(v);
                setChoice(null);
                notify('success', 'Package written (readable only by you): see "Done so far" for where. Give the passphrase separately.');
                announce('Key-server package written.');
              },
            );
          }}
        >
          <p>
            Give the file to the operator, and the passphrase separately (a call, in person). They open it with{' '}
            <code>npx ceremony seal open-package &lt;file&gt; &lt;new folder&gt;</code>.
          </p>
          <p className="small form-note">
            It holds {envNames.join(' and ')}, key-server-config.yaml and instructions for the operator, encrypted. {whereNote}
          </p>
          <NewPassphrase id={`${id}-k`} label="Passphrase for the package" {...{ pass, pass2, setPass, setPass2 }} />
          <button type="submit" className="btn btn--primary" disabled={Boolean(busy) || !passOk}>
            Write the encrypted package
          </button>
        </form>
      )}

      {choice === 'backup' && (
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            await secretExport.run(
              'Encrypting the share',
              'vault.exportBackup',
              (confirmCode) => ({ secretId, passphrase: pass, confirmCode }),
              async (r) => {
                setPass('');
                setPass2('');
                if (r.path) {
                  await act('Recording the backup', 'note-share-backup', { path: r.path });
                  await useApp.getState().loadBackupChecks();
                  // Where it went is in "So far" on the screen; the notice keeps to what to do next.
                  notify('success', 'Encrypted share written ("So far" says where). Keep the passphrase apart from the file.');
                  announce('Encrypted share backup written.');
                }
              },
            );
          }}
        >
          <p className="small form-note">
            The vault's passphrase-protected backup format. Restore it on the key server machine's Ceremony app (Vault and settings →
            Restore), or keep it as your backup. Anyone with the file <strong>and</strong> the passphrase holds your share.
          </p>
          {envNames.length > 1 && (
            <p className="small form-note">
              This backs up the new share, MASTER_SHARE_V{version}. The share of the current version is already in your vault (and wherever
              you keep its backup).
            </p>
          )}
          <p className="small form-note">{whereNote}</p>
          <NewPassphrase id={id} label="Passphrase for the file" {...{ pass, pass2, setPass, setPass2 }} />
          <button type="submit" className="btn btn--primary" disabled={Boolean(busy) || !passOk}>
            Write the encrypted share
          </button>
        </form>
      )}

      {choice === 'file' && (
        <form
          className="form"
          onSubmit={async (e) => {
            e.preventDefault();
            await secretExport.run(
              'Writing the share file',
              'ceremonies.act',
              actionWithCode(view.id, 'export-share-file', { format }),
              (v) => {
                useApp.getState().showView(v);
                setChoice(null);
                setUnderstood(false);
                notify(
                  'success',
                  'Share written (readable only by you): see "Done so far" for where. Move it to the key server, then delete it.',
                );
              },
            );
          }}
        >
          <p className="warn-box">
            This file holds your {envNames.length > 1 ? 'shares' : 'share'} <strong>unencrypted</strong>. Anyone who reads it can act as
            your key server. It is written readable by your user only (mode 0600); move it to the key server machine over a safe channel and
            delete it here.
          </p>
          <fieldset>
            <legend>Format</legend>
            <label className="choice">
              <input type="radio" name={`${id}-fmt`} checked={format === 'env'} onChange={() => setFormat('env')} />
              <span>
                An environment file:{' '}
                {envNames.map((n, i) => (
                  <span key={n}>
                    {i > 0 && ' and '}
                    <code>{n}=0x…</code>
                  </span>
                ))}{' '}
                (for <code>CONFIG_PATH=key-server-config.yaml … cargo run --bin key-server</code>)
              </span>
            </label>
            <label className="choice">
              <input type="radio" name={`${id}-fmt`} checked={format === 'dkg-yaml'} onChange={() => setFormat('dkg-yaml')} />
              <span>The full dkg.yaml with MASTER_SHARE_V{version}, as seal-committee-cli writes it</span>
            </label>
          </fieldset>
          <p className="small form-note">{whereNote} An existing file is never overwritten.</p>
          <label className="choice">
            <input type="checkbox" checked={understood} onChange={(e) => setUnderstood(e.target.checked)} />
            <span>I understand the file holds my secret share in plain text.</span>
          </label>
          <button type="submit" className="btn btn--primary" disabled={Boolean(busy) || !understood}>
            Write the share file
          </button>
        </form>
      )}
      {secretExport.codeForm}

      <ConfirmDialog
        open={confirmCopy}
        title="Copy the share to the clipboard?"
        body="Your share will be on the clipboard for 60 seconds, then cleared. Any program that reads the clipboard in that time sees it. Paste it only into your key server's configuration."
        confirmLabel="Copy the share"
        onCancel={() => setConfirmCopy(false)}
        onConfirm={async () => {
          setConfirmCopy(false);
          if (await act('Copying the share', 'copy-share', {}))
            notify('info', 'The share is on the clipboard; it will be cleared in 60 seconds.');
        }}
      />
    </section>
  );
}
