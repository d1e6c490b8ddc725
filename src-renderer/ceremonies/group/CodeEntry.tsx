import { useId, useState, type ReactNode } from 'react';
import { useApp } from '../../app/store.ts';
import { bridge } from '../../bridge.ts';
import type { TaskButton } from '../../components/TaskCard.tsx';

/** "123456789012", "1234 5678 9012" → "1234-5678-9012"; null until 12 digits are there. */
export function normalizeCode(typed: string): string | null {
  const digits = typed.replace(/[\s-]/g, '');
  return /^\d{12}$/.test(digits) ? `${digits.slice(0, 4)}-${digits.slice(4, 8)}-${digits.slice(8)}` : null;
}

/**
 * A code another person reads out, typed here and checked by main (which alone knows the right
 * one: it is not on this screen). A refusal sits under the field with what to do.
 */
export function CodeEntry({
  ceremonyId,
  label,
  action,
  input,
  field,
  button,
  secondary,
  children,
}: {
  ceremonyId: string;
  /** What the step is called when it goes through ("Roster code checked"). */
  label: string;
  action: string;
  /** The action's other input; the typed code goes under `field`. */
  input: Record<string, unknown>;
  field: { name: string; label: string };
  button: string;
  secondary?: TaskButton;
  children?: ReactNode;
}) {
  const id = useId();
  const busy = useApp((s) => Boolean(s.busy));
  const [typed, setTyped] = useState('');
  const [error, setError] = useState<string | null>(null);
  const submit = async () => {
    const code = normalizeCode(typed);
    if (!code) {
      setError('A code has 12 digits, like 1234-5678-9012. Type all of them.');
      return;
    }
    setError(null);
    useApp.setState({ busy: label });
    try {
      const next = await bridge.call('ceremonies.act', { id: ceremonyId, action, input: { ...input, [field.name]: code } });
      useApp.getState().showView(next);
      useApp.getState().announce(`${label}. ${next.headline}`);
    } catch (e) {
      setError(e instanceof Error ? e.message : String(e));
    } finally {
      useApp.setState({ busy: null });
    }
  };
  return (
    <form
      className="form code-entry"
      onSubmit={(e) => {
        e.preventDefault();
        void submit();
      }}
    >
      {children}
      <label htmlFor={`${id}-code`}>{field.label}</label>
      <input
        id={`${id}-code`}
        className="code-entry__input mono"
        type="text"
        inputMode="numeric"
        autoComplete="off"
        spellCheck={false}
        placeholder="____-____-____"
        value={typed}
        aria-invalid={error !== null}
        aria-describedby={error ? `${id}-err` : undefined}
        onChange={(e) => {
          setTyped(e.target.value);
          setError(null);
        }}
      />
      {error && (
        <p className="field-error" id={`${id}-err`} role="alert">
          {error}
        </p>
      )}
      <div className="task__buttons">
        <button type="submit" className="btn btn--primary" disabled={busy || typed.trim() === ''}>
          {button}
        </button>
        {secondary && (
          <button type="button" className="btn" disabled={secondary.disabled} onClick={secondary.onClick}>
            {secondary.label}
          </button>
        )}
      </div>
    </form>
  );
}
