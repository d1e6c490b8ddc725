import { useEffect, useRef } from 'react';
import { useSigningRequest } from './signing-request.ts';
import { shortHex } from '../components/ShortHex.tsx';
import { suiAmount } from '../components/sui-amount.ts';

/**
 * The renderer's confirmation before the vault wallet signs: who signs, what each command does,
 * and the digest to compare with another tool. Native <dialog> (focus trapped, Escape cancels);
 * focus starts on Cancel so a stray Enter does not sign.
 */
export function SignConfirmDialog() {
  const request = useSigningRequest((s) => s.request);
  const ref = useRef<HTMLDialogElement>(null);
  const cancelRef = useRef<HTMLButtonElement>(null);
  useEffect(() => {
    const d = ref.current;
    if (!d) return;
    if (request && !d.open) {
      d.showModal();
      cancelRef.current?.focus();
    } else if (!request && d.open) d.close();
  }, [request]);
  return (
    <dialog
      ref={ref}
      className="dialog dialog--wide"
      aria-labelledby="sign-title"
      aria-describedby="sign-body"
      onCancel={(e) => (e.preventDefault(), request?.settle(false))}
    >
      {request && (
        <>
          <h2 id="sign-title">Sign this transaction?</h2>
          <div id="sign-body">
            <p>
              Signing with <strong>{request.account.label}</strong> ({shortHex(request.account.address)}); the fee is at most{' '}
              <strong>{suiAmount(request.tx.gasBudgetMist)}</strong>. The key stays in your vault.
            </p>
            <details className="tech-details">
              <summary>Technical details: what the transaction does</summary>
              <div className="tech-details__body">
                <ol className="tx-lines">
                  {request.tx.lines.map((l, i) => (
                    <li key={i} className="mono small break">
                      {l}
                    </li>
                  ))}
                </ol>
                <p className="small">
                  Sender <span className="mono break">{request.account.address}</span>; transaction digest{' '}
                  <span className="mono break">{request.tx.digest}</span>
                </p>
              </div>
            </details>
          </div>
          <div className="dialog__actions">
            <button ref={cancelRef} type="button" className="btn" onClick={() => request.settle(false)}>
              Cancel
            </button>
            <button type="button" className="btn btn--primary" onClick={() => request.settle(true)}>
              Sign
            </button>
          </div>
        </>
      )}
    </dialog>
  );
}
