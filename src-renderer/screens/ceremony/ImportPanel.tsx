import { useState } from 'react';
import { useApp } from '../../app/store.ts';
import { bridge } from '../../bridge.ts';
import { readFiles } from '../../app/files.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import type { DriveInfo, ImportSummary } from '../../../src-shared/api/bundles.ts';

/**
 * Bring in what others sent: picked files, or a whole USB drive at once, with a clear summary.
 * `codes`: show each bundle's check code in the summary. The member-first screens leave them out
 * (the app checks every bundle on import; the codes are in Technical details).
 */
export function ImportPanel({ ceremonyId, codes = true }: { ceremonyId: string; codes?: boolean }) {
  const run = useApp((s) => s.run);
  const announce = useApp((s) => s.announce);
  // The summary of the last import, until the person takes the next step (then it is history,
  // in the activity log under Technical details).
  const stepsTaken = useApp((s) => s.stepsTaken);
  const [last, setLast] = useState<{ summary: ImportSummary; at: number } | null>(null);
  const summary = last && last.at === stepsTaken ? last.summary : null;
  const [drives, setDrives] = useState<DriveInfo[] | null>(null);

  const done = (s: ImportSummary | undefined) => {
    if (!s) return;
    setLast({ summary: s, at: useApp.getState().stepsTaken });
    announce(`${s.accepted} imported, ${s.rejected} refused, ${s.skipped} skipped.`);
    void useApp.getState().openCeremony(ceremonyId);
  };

  return (
    <section className="panel" aria-labelledby="import-h">
      <h2 id="import-h">Import what others sent</h2>
      <div className="row">
        <label className="btn file-btn">
          Import files…
          <input
            type="file"
            multiple
            className="visually-hidden"
            data-testid="import-files"
            onChange={async (e) => {
              const files = e.target.files ? await readFiles(e.target.files) : [];
              e.target.value = '';
              if (files.length) done(await run('Importing', 'bundles.importFiles', { ceremonyId, files }));
            }}
          />
        </label>
        <button type="button" className="btn" onClick={async () => setDrives(await bridge.call('drives.list', {}).catch(() => []))}>
          Import from USB drive
        </button>
      </div>
      {drives !== null && (
        <div className="drive-menu" role="group" aria-label="USB drives">
          {drives.length === 0 ? (
            <span className="muted small">No USB drive found.</span>
          ) : (
            drives.map((d) => (
              <button
                key={d.path}
                type="button"
                className="btn btn--small"
                onClick={async () => done(await run('Importing the drive', 'bundles.importFolder', { ceremonyId, path: d.path }))}
              >
                {d.label}
              </button>
            ))
          )}
        </div>
      )}
      {summary && (
        <div className="import-summary" role="status">
          <p>
            <strong>{summary.accepted}</strong> imported, <strong>{summary.rejected}</strong> refused, {summary.skipped} skipped (already
            imported, or your own).
          </p>
          <ul>
            {summary.outcomes.map((o, i) => (
              <li
                key={i}
                className={
                  o.accepted ? 'ok' : o.error?.code === 'bundle/duplicate' || o.error?.code === 'bundle/own-bundle' ? 'skip' : 'bad'
                }
              >
                <span className="mono">{o.file}</span>
                {o.header && (
                  <>
                    {' '}
                    from <strong>{o.header.sender.label || o.header.sender.id}</strong> {codes && <CheckCode code={o.header.checkCode} />}
                  </>
                )}
                {o.error && <div className="small">{o.error.message}</div>}
              </li>
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
