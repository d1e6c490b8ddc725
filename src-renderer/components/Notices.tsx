import { useApp } from '../app/store.ts';

/** Errors are announced assertively, other notices politely. */
export function Notices() {
  const notices = useApp((s) => s.notices);
  const dismiss = useApp((s) => s.dismiss);
  const announcement = useApp((s) => s.announcement);
  return (
    <>
      <div className="notices" role="region" aria-label="Notifications">
        {notices.map((n) => (
          <div key={n.id} className={`alert alert--${n.kind}`} role={n.kind === 'error' ? 'alert' : 'status'}>
            <span>{n.text}</span>
            <button type="button" className="btn btn--small btn--ghost" onClick={() => dismiss(n.id)} aria-label="Dismiss notification">
              ✕
            </button>
          </div>
        ))}
      </div>
      <div className="visually-hidden" aria-live="polite" data-testid="announcement">
        {announcement}
      </div>
    </>
  );
}
