import { useApp } from '../app/store.ts';

/** Shows what is running, with progress when main reports it (slow crypto, chain waits). */
export function BusyBar() {
  const busy = useApp((s) => s.busy);
  const progress = useApp((s) => s.progress);
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
    </div>
  );
}
