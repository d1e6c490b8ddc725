import { listNames } from './names.ts';

/**
 * "Waiting for: Bob, Carol (to register)": who the step waits on, by name. Nothing is shown
 * when nobody is awaited; `what` says what they have not done yet.
 */
export function WaitingFor({ names, what, children }: { names: readonly string[]; what: string; children?: React.ReactNode }) {
  if (names.length === 0) return null;
  return (
    <p className="waiting" role="status">
      <strong>Waiting for:</strong> {listNames(names)} <span className="muted">({what})</span>
      {children}
    </p>
  );
}
