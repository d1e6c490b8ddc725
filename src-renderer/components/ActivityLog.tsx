import type { ActivityEntry } from '../../src-shared/api/ceremonies.ts';

function time(iso: string): string {
  const d = new Date(iso);
  return d.toLocaleString(undefined, { dateStyle: 'medium', timeStyle: 'short' });
}

/** The journal, newest first. The hash chain is verified in main; we show its state. */
export function ActivityLog({ entries, intact }: { entries: ActivityEntry[]; intact: boolean }) {
  return (
    <section aria-labelledby="activity-h" className="panel">
      <h2 id="activity-h">Activity</h2>
      {!intact && (
        <p className="alert alert--error" role="alert">
          The journal of this ceremony does not verify: a line was changed or removed outside the app.
        </p>
      )}
      {/* A scrolling list must be reachable by keyboard (axe scrollable-region-focusable). */}
      <ol className="activity" reversed tabIndex={0} aria-label={`Activity, ${entries.length} entries, newest first`}>
        {entries.map((e) => (
          <li key={e.seq}>
            <time dateTime={e.at}>{time(e.at)}</time> <span>{e.summary}</span>
          </li>
        ))}
      </ol>
    </section>
  );
}
