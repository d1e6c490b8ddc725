import type { ReactNode } from 'react';

/**
 * The row that ends an action form: the submit button (off while the app is busy or the input is
 * not ready) and the button that closes the form without acting.
 */
export function FormButtons({
  label,
  busy,
  disabled,
  cancel,
  cancelLabel = 'Cancel',
}: {
  label: ReactNode;
  busy: boolean;
  disabled?: boolean;
  cancel(): void;
  cancelLabel?: string;
}) {
  return (
    <div className="row">
      <button className="btn btn--primary" type="submit" disabled={busy || disabled}>
        {label}
      </button>
      <button className="btn" type="button" onClick={cancel}>
        {cancelLabel}
      </button>
    </div>
  );
}
