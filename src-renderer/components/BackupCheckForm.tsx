import { useId, useState } from 'react';
import { useApp } from '../app/store.ts';
import { backupCheckFieldOf } from '../app/backup-check.ts';
import type { BackupProof } from '../../src-shared/api/vault.ts';

/**
 * "Check the backup opens": the member types the backup's passphrase again; main reads the file
 * (by path: its bytes never come to this page), opens it in memory and checks it holds the
 * secret the vault holds. The answer is public: the fingerprint, in Technical details.
 */
export function BackupCheckForm({
  secretId,
  file,
  what = 'your share',
  primary = true,
  onChecked,
}: {
  secretId: string;
  /** Where the backup was last written or checked; null when unknown (the member says where it is). */
  file: string | null;
  /** What the backup holds, in words: "your share", "“comm key”". */
  what?: string;
  /** False where the screen's one primary button belongs to another task (the check is then offered beside it). */
  primary?: boolean;
  onChecked?(proof: BackupProof): void;
}) {
  const id = useId();
  const attempt = useApp((s) => s.attempt);
  const busy = useApp((s) => s.busy);
  const nativeDialogs = useApp((s) => s.info?.nativeDialogs ?? false);
  const announce = useApp((s) => s.announce);
  const [path, setPath] = useState(file ?? '');
  const [editPath, setEditPath] = useState(file === null);
  const [pass, setPass] = useState('');
  const [problem, setProblem] = useState<{ field: 'file' | 'passphrase'; message: string } | null>(null);
  const [proof, setProof] = useState<BackupProof | null>(null);

  if (proof) {
    return (
      // Its fingerprint is the vault's own (main compared them): nothing for the person to compare, so none shown.
      // One paragraph as the box itself (a paragraph inside it left an empty line under the text).
      <p className="alert alert--success" role="status">
        Backup checked: it opens and holds {what}. Check it again by{' '}
        {new Date(proof.recheckDue).toLocaleDateString(undefined, { dateStyle: 'long' })}.
      </p>
    );
  }

  const fileErr = problem?.field === 'file' ? problem.message : null;
  const passErr = problem?.field === 'passphrase' ? problem.message : null;
  return (
    <form
      className="form"
      aria-labelledby={`${id}-h`}
      onSubmit={async (e) => {
        e.preventDefault();
        setProblem(null);
        const r = await attempt('Checking the backup', 'vault.proveBackup', { path, passphrase: pass, secretId });
        setPass('');
        if (!r.ok) {
          const field = backupCheckFieldOf(r.code);
          if (field === 'file') setEditPath(true);
          return setProblem({ field, message: r.message });
        }
        setProof(r.value);
        announce('Backup checked: it opens.');
        onChecked?.(r.value);
      }}
    >
      <h3 id={`${id}-h`}>Check the backup opens</h3>
      <p className="small form-note">
        Type the backup's passphrase again. Ceremony opens the backup in memory, checks it holds {what}, and writes nothing.
      </p>
      {editPath ? (
        <>
          <label htmlFor={`${id}-f`}>Where the backup file is now</label>
          <input
            id={`${id}-f`}
            className="mono"
            value={path}
            onChange={(e) => setPath(e.target.value)}
            aria-invalid={Boolean(fileErr)}
            aria-describedby={fileErr ? `${id}-f-err` : undefined}
          />
          {nativeDialogs && (
            <button
              type="button"
              className="btn btn--small"
              onClick={async () => {
                const r = await attempt('Choosing the backup', 'app.pickOpenPath', { title: 'The backup to check' });
                if (r.ok && r.value.path) setPath(r.value.path);
              }}
            >
              Choose the file…
            </button>
          )}
        </>
      ) : (
        <p className="small">
          {/* The name is enough to recognise it; the whole path is in "Done so far" above and in the tooltip. */}
          File:{' '}
          <span className="mono break" title={path}>
            {path.split(/[\\/]/).pop()}
          </span>{' '}
          <button type="button" className="btn btn--small" onClick={() => setEditPath(true)}>
            It is somewhere else
          </button>
        </p>
      )}
      {fileErr && (
        <p id={`${id}-f-err`} className="field-error">
          {fileErr}
        </p>
      )}
      <label htmlFor={`${id}-p`}>Backup passphrase</label>
      <input
        id={`${id}-p`}
        type="password"
        autoComplete="off"
        value={pass}
        onChange={(e) => setPass(e.target.value)}
        aria-invalid={Boolean(passErr)}
        aria-describedby={passErr ? `${id}-p-err` : undefined}
      />
      {passErr && (
        <p id={`${id}-p-err`} className="field-error">
          {passErr}
        </p>
      )}
      <button type="submit" className={primary ? 'btn btn--primary' : 'btn'} disabled={Boolean(busy) || !pass || !path}>
        Check the backup opens
      </button>
    </form>
  );
}
