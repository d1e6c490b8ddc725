import { useState } from 'react';
import { useApp } from '../../app/store.ts';
import type { ImportSummary } from '../../../src-shared/api/bundles.ts';

/** Online mode: imports what the others dropped in the exchange folder (a plain import; no protocol step runs). */
export function PickUp({ ceremonyId, folder, primary }: { ceremonyId: string; folder: string; primary: boolean }) {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => Boolean(s.busy));
  const [summary, setSummary] = useState<ImportSummary | null>(null);
  return (
    <div className="task__buttons">
      <button
        className={primary ? 'btn btn--primary' : 'btn'}
        type="button"
        disabled={busy}
        onClick={async () => {
          const s = await run('Picking up files', 'bundles.importFolder', { ceremonyId, path: folder });
          if (s) {
            setSummary(s);
            useApp.getState().announce(`${s.accepted} new files picked up.`);
            await useApp.getState().openCeremony(ceremonyId);
          }
        }}
      >
        Pick up new files
      </button>
      {summary && (
        <span role="status" className="small">
          {summary.accepted} new, {summary.skipped} already here
          {summary.rejected ? `, ${summary.rejected} refused (see Import for details)` : ''}.
        </span>
      )}
    </div>
  );
}
