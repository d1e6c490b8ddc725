import { useId, useState, type ReactNode } from 'react';
import { useApp } from '../app/store.ts';
import { ApiError, bridge } from '../bridge.ts';
import type { CallInput, CallName, CallOutput } from '../../src-shared/api/contract.ts';

type Pending = { label: string; message: string; retry(code: string): Promise<void> };

/**
 * The call's input with or without the one-time code. Each call carries the code where its
 * schema has it (a vault call at the top, a ceremony action inside the action's input); a code
 * put anywhere else would be dropped by the schema and the export refused again.
 */
export type WithCode<N extends CallName> = (confirmCode: string | undefined) => CallInput<N>;

/** For a ceremony action that writes a secret file: the code goes into the action's own input. */
export function actionWithCode(id: string, action: string, input: Record<string, unknown> = {}): WithCode<'ceremonies.act'> {
  return (confirmCode) => ({ id, action, input: confirmCode === undefined ? input : { ...input, confirmCode } });
}

/**
 * Runs a call that writes a secret file. Main asks the person where it goes, not this page: in
 * the desktop app a native dialog; on the loopback host the first call is refused with
 * `export/code-required` and the host prints a one-time code on its terminal, which the person
 * types here (the page cannot read the terminal). Returns `run` and the code form to render.
 */
export function useSecretExport(): {
  run<N extends CallName>(label: string, name: N, input: WithCode<N>, done: (out: CallOutput<N>) => void | Promise<void>): Promise<void>;
  codeForm: ReactNode;
} {
  const id = useId();
  const notify = useApp((s) => s.notify);
  const busy = useApp((s) => s.busy);
  const [pending, setPending] = useState<Pending | null>(null);
  const [code, setCode] = useState('');

  const attempt = async <N extends CallName>(
    label: string,
    name: N,
    input: WithCode<N>,
    done: (out: CallOutput<N>) => void | Promise<void>,
    confirmCode?: string,
  ) => {
    useApp.setState({ busy: label, progress: null });
    try {
      const out = await bridge.call(name, input(confirmCode));
      setPending(null);
      await done(out);
    } catch (e) {
      if (e instanceof ApiError && e.code === 'export/code-required') {
        setCode('');
        setPending({ label, message: e.message, retry: (c) => attempt(label, name, input, done, c) });
      } else {
        setPending(null);
        notify('error', e instanceof Error ? e.message : String(e));
      }
    } finally {
      useApp.setState({ busy: null, progress: null });
    }
  };

  const codeForm = pending && (
    <form
      className="form"
      aria-labelledby={`${id}-h`}
      onSubmit={(e) => {
        e.preventDefault();
        void pending.retry(code.trim());
      }}
    >
      <h3 id={`${id}-h`}>Confirm with the code from the terminal</h3>
      <p className="warn-box">{pending.message}</p>
      <label htmlFor={`${id}-code`}>One-time code</label>
      <input id={`${id}-code`} autoComplete="off" spellCheck={false} value={code} onChange={(e) => setCode(e.target.value)} />
      <div className="row">
        <button type="submit" className="btn btn--primary" disabled={Boolean(busy) || !code.trim()}>
          Confirm and write the file
        </button>
        <button type="button" className="btn" onClick={() => setPending(null)}>
          Cancel
        </button>
      </div>
    </form>
  );
  return { run: attempt, codeForm };
}
