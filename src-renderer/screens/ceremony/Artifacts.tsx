import { useState } from 'react';
import { useApp } from '../../app/store.ts';
import { bridge } from '../../bridge.ts';
import { saveArtifact } from '../../app/save-artifact.ts';
import { CheckCode } from '../../components/CheckCode.tsx';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { DriveInfo } from '../../../src-shared/api/bundles.ts';

function size(n: number): string {
  return n < 1024 ? `${n} B` : n < 1024 * 1024 ? `${(n / 1024).toFixed(1)} KB` : `${(n / 1024 / 1024).toFixed(1)} MB`;
}

/** Files this install produced for others: save each, or copy it straight onto a USB drive. */
export function Artifacts({ view }: { view: CeremonyView }) {
  const run = useApp((s) => s.run);
  const notify = useApp((s) => s.notify);
  const [drives, setDrives] = useState<DriveInfo[] | null>(null);
  if (!view.artifacts.length) return null;

  const save = (artifactId: string) =>
    saveArtifact(
      view.id,
      view.artifacts.find((x) => x.id === artifactId)!,
    );
  const toDrive = async (artifactId: string, path: string) => {
    const w = await run('Copying to the drive', 'bundles.exportToFolder', { ceremonyId: view.id, artifactId, path });
    if (w) notify('success', `Copied to ${w.path}`);
  };

  return (
    <section className="panel" aria-labelledby="files-h">
      <h2 id="files-h">Files to send</h2>
      <p className="muted small">Each file carries a check code; the person who receives it sees the same code after importing.</p>
      <ul className="files">
        {view.artifacts.map((a) => (
          <li key={a.id} className="file">
            <div>
              <span className="mono">{a.name}</span> <span className="muted small">({size(a.bytes)})</span>
              <div className="small">{a.description}</div>
              <CheckCode code={a.checkCode} label={`${a.name} check code`} />
            </div>
            <div className="file__actions">
              <button type="button" className="btn btn--small" onClick={() => void save(a.id)}>
                Save…
              </button>
              <button
                type="button"
                className="btn btn--small"
                onClick={async () => setDrives((await bridge.call('drives.list', {}).catch(() => [])) ?? [])}
                aria-expanded={drives !== null}
              >
                Copy to USB drive
              </button>
              {drives !== null && (
                <div className="drive-menu" role="group" aria-label="USB drives">
                  {drives.length === 0 ? (
                    <span className="muted small">No USB drive found. Insert one, or use Save….</span>
                  ) : (
                    drives.map((d) => (
                      <button key={d.path} type="button" className="btn btn--small" onClick={() => void toDrive(a.id, d.path)}>
                        {d.label}
                      </button>
                    ))
                  )}
                </div>
              )}
            </div>
          </li>
        ))}
      </ul>
    </section>
  );
}
