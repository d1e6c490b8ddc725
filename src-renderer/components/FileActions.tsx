import { useState } from 'react';
import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';
import { saveArtifact } from '../app/save-artifact.ts';
import type { ArtifactView } from '../../src-shared/api/ceremonies.ts';
import type { DriveInfo } from '../../src-shared/api/bundles.ts';

/** Save one of a ceremony's files, or copy it straight onto a USB drive. */
export function FileActions({ ceremonyId, artifact, primary = false }: { ceremonyId: string; artifact: ArtifactView; primary?: boolean }) {
  const run = useApp((s) => s.run);
  const notify = useApp((s) => s.notify);
  const [drives, setDrives] = useState<DriveInfo[] | null>(null);
  const toDrive = async (path: string) => {
    const w = await run('Copying to the drive', 'bundles.exportToFolder', { ceremonyId, artifactId: artifact.id, path });
    if (w) notify('success', `Copied to ${w.path}`);
  };
  return (
    <div className="file__actions">
      <button
        type="button"
        className={primary ? 'btn btn--small btn--primary' : 'btn btn--small'}
        onClick={() => void saveArtifact(ceremonyId, artifact)}
      >
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
              <button key={d.path} type="button" className="btn btn--small" onClick={() => void toDrive(d.path)}>
                {d.label}
              </button>
            ))
          )}
        </div>
      )}
    </div>
  );
}
