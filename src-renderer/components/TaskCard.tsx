import type { ReactNode } from 'react';

export interface TaskButton {
  label: string;
  onClick(): void;
  disabled?: boolean;
}

/**
 * The one task of this moment: a heading that says what to do, a few sentences, and ONE
 * primary button. Secondary ways (a second button, a link) are plain buttons beside it.
 */
export function TaskCard({
  title,
  children,
  primary,
  secondary,
  tone = 'task',
}: {
  title: string;
  children?: ReactNode;
  primary?: TaskButton;
  secondary?: TaskButton[];
  tone?: 'task' | 'stop' | 'done' | 'wait';
}) {
  return (
    <div className={`task task--${tone}`}>
      <h3 className="task__title">{title}</h3>
      {children}
      {(primary || Boolean(secondary?.length)) && (
        <div className="task__buttons">
          {primary && (
            <button type="button" className="btn btn--primary" disabled={primary.disabled} onClick={primary.onClick}>
              {primary.label}
            </button>
          )}
          {secondary?.map((b) => (
            <button key={b.label} type="button" className="btn" disabled={b.disabled} onClick={b.onClick}>
              {b.label}
            </button>
          ))}
        </div>
      )}
    </div>
  );
}
