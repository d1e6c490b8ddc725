import type { ReactNode } from 'react';

/**
 * The one disclosure that holds everything a member does not need to act: long hex, partial
 * keys, facts, the full file list, the activity log, CLI commands and Move calls. Closed by
 * default; the main view stays short and readable (anchors: Sparrow's "Show details").
 */
export function TechnicalDetails({ children, summary = 'Technical details' }: { children: ReactNode; summary?: string }) {
  return (
    <details className="tech-details">
      <summary>{summary}</summary>
      <div className="tech-details__body">{children}</div>
    </details>
  );
}
