import { useEffect, useState } from 'react';
import { useApp } from '../app/store.ts';

/**
 * Shows what is running, with progress when main reports it (slow crypto, chain waits), and
 * after a few seconds how long it has run, so a long step (processing DKG messages) visibly
 * advances even when main reports only its start and end.
 */
export function BusyBar() {
  const busy = useApp((s) => s.busy);
  const progress = useApp((s) => s.progress);
  const [elapsed, setElapsed] = useState(0);
  useEffect(() => {
    if (!busy) return;
    const start = Date.now();
    const t = setInterval(() => setElapsed(Math.floor((Date.now() - start) / 1000)), 1000);
    return () => {
      clearInterval(t);
      setElapsed(0);
    };
  }, [busy]);
  if (!busy) return null;
  const pct = progress && progress.total > 0 ? Math.round((100 * progress.done) / progress.total) : null;
  return (
    <div className="busy" role="status" aria-live="polite">
      <span className="spinner" aria-hidden="true" />
      <span>
        {busy}
        {progress ? ` — ${progress.label}` : '…'}
      </span>
      {pct !== null && <progress max={100} value={pct} aria-label={`${busy}: ${pct}%`} />}
      {elapsed >= 3 && (
        <span className="muted small" aria-hidden="true">
          {elapsed} s
        </span>
      )}
    </div>
  );
}
