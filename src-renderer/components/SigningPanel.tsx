import { useEffect, useId, useState, type ReactNode } from 'react';
import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';
import { saveArtifact } from '../app/save-artifact.ts';
import { useVaultSigner } from '../wallet/useVaultSigner.ts';
import { SigningRefusedError } from '../wallet/vault-wallet.ts';
import { WalletProviders } from '../wallet/WalletProviders.tsx';
import type { DescribedTransaction } from '../../src-shared/api/wallet.ts';
import { CopyButton } from './CopyButton.tsx';
import { ShortHex } from './ShortHex.tsx';
import { suiAmount } from './sui-amount.ts';
import { FilePicker, pickedText } from './FilePicker.tsx';
import type { TransactionPanelProps } from './TransactionPanel.tsx';

/** The panel inside dapp-kit's providers; `opening` shows until the vault wallet is connected. */
export function WalletSigningPanel({ opening, ...props }: TransactionPanelProps & { opening: ReactNode }) {
  return (
    <WalletProviders fallback={opening}>
      <SigningPanel {...props} />
    </WalletProviders>
  );
}

/**
 * Signs a pending transaction: with the vault account of its sender, through dapp-kit's
 * useSignTransaction and the vault wallet (which confirms first), or elsewhere (save the
 * unsigned file, sign with `sui keytool sign`, paste or import the signature). Either way the
 * signature goes to the protocol's `submit-signature` action; main checks it is for this
 * transaction and this sender before anything is submitted.
 */
function SigningPanel(props: TransactionPanelProps) {
  const { ceremonyId, tx } = props;
  const submitAction = props.submitAction ?? 'submit-signature';
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const notify = useApp((s) => s.notify);
  const announce = useApp((s) => s.announce);
  const { accountFor, sign } = useVaultSigner();
  const [described, setDescribed] = useState<DescribedTransaction | null>(null);
  const [describeError, setDescribeError] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [signature, setSignature] = useState('');
  const headingId = useId();
  const sigId = useId();

  useEffect(() => {
    let live = true;
    bridge.call('wallet.describeTransaction', { transaction: tx.txBytes }).then(
      (d) => live && (setDescribed(d), setDescribeError(null)),
      (e: Error) => live && setDescribeError(e.message),
    );
    return () => {
      live = false;
    };
  }, [tx.txBytes]);

  const account = accountFor(tx.sender);

  const submit = async (sig: string) => {
    const view = await run('Submitting the signed transaction', 'ceremonies.act', {
      id: ceremonyId,
      action: submitAction,
      input: { signature: sig.trim() },
    });
    if (view) {
      setSignature('');
      useApp.getState().showView(view);
      announce(`Signature accepted. ${view.headline}`);
    }
  };

  const signWithVault = async () => {
    setSigning(true);
    let sig: string | null = null;
    try {
      sig = await sign(tx.sender, tx.txBytes, tx.network);
    } catch (e) {
      if (e instanceof SigningRefusedError) announce('Signing cancelled; nothing was sent.');
      else notify('error', e instanceof Error ? e.message : String(e));
    } finally {
      setSigning(false);
    }
    if (sig) await submit(sig);
  };

  const keytool = `sui keytool sign --address ${tx.sender} --data "$(jq -r .txBytes ${tx.artifact?.name ?? `tx-${tx.purpose}.json`})"`;

  return (
    <section className="panel panel--tx" aria-labelledby={headingId}>
      <h2 id={headingId}>{props.heading ?? `Transaction to sign: ${tx.purpose}`}</h2>
      {props.rehearsal && <p className="tag tag--rehearsal tx-rehearsal">Rehearsal transaction: it goes to the rehearsal ledger only</p>}
      {props.intro}
      <dl className="facts">
        <div className="facts__row">
          <dt>Signed by</dt>
          <dd>
            {account ? <strong>{account.label ?? 'your vault account'}</strong> : <span>the sender</span>}{' '}
            <ShortHex value={tx.sender} label="sender address" />
          </dd>
        </div>
        {described && (
          <div className="facts__row">
            <dt>Fee</dt>
            <dd>at most {suiAmount(described.gasBudgetMist)}</dd>
          </div>
        )}
      </dl>
      {describeError && (
        <p className="alert alert--error" role="alert">
          This transaction cannot be decoded: {describeError}
        </p>
      )}
      <details className="tech-details">
        <summary>Technical details: what the transaction does</summary>
        <div className="tech-details__body">
          {described ? (
            <ol className="tx-lines" aria-label="What the transaction does">
              {described.lines.map((l, i) => (
                <li key={i} className="mono small break">
                  {l}
                </li>
              ))}
            </ol>
          ) : (
            !describeError && <p aria-busy="true">Decoding the transaction…</p>
          )}
          <dl className="facts">
            <div className="facts__row">
              <dt>Sender</dt>
              <dd>
                <span className="mono break small">{tx.sender}</span>
              </dd>
            </div>
            <div className="facts__row">
              <dt>Digest</dt>
              <dd>
                <span className="mono break small">{tx.digest}</span>
                <CopyButton value={tx.digest} label="transaction digest" />
              </dd>
            </div>
          </dl>
        </div>
      </details>

      {account ? (
        <div className="row">
          <button type="button" className="btn btn--primary" disabled={Boolean(busy) || signing} onClick={() => void signWithVault()}>
            Sign with {account.label ?? tx.sender.slice(0, 10) + '…'}
          </button>
          <span className="muted small">You will see the transaction again before it is signed.</span>
        </div>
      ) : (
        (props.noKeyHint ?? (
          <p className="small">
            Your vault holds no key for this sender. Import it under <a href="#/vault">Vault and settings → Wallet</a>, or sign elsewhere.
          </p>
        ))
      )}

      <details className="sign-elsewhere" open={props.elsewhereOpen ?? !account}>
        <summary>Sign elsewhere (another computer, a hardware wallet, the Sui CLI)</summary>
        <ol className="steps">
          <li>
            Save the unsigned transaction. It holds the transaction bytes, their digest and the sender; nothing secret.{' '}
            {tx.artifact ? (
              <button type="button" className="btn btn--small" onClick={() => void saveArtifact(ceremonyId, tx.artifact!)}>
                Save {tx.artifact.name}…
              </button>
            ) : null}
          </li>
          <li>
            Sign it as the sender, for example:
            <pre className="command mono small break">{keytool}</pre>
            <CopyButton value={keytool} label="signing command" />
          </li>
          <li>
            <form
              className="form form--inline"
              onSubmit={(e) => {
                e.preventDefault();
                if (signature.trim()) void submit(signature);
              }}
            >
              <label htmlFor={sigId}>Signature: the base64 signature, or everything the signing command printed</label>
              <textarea
                id={sigId}
                rows={3}
                className="mono small"
                spellCheck={false}
                value={signature}
                onChange={(e) => setSignature(e.target.value)}
              />
              <div className="row">
                <FilePicker label="Import signature file…" testId="signature-file" onPick={(f) => f && setSignature(pickedText(f))} />
                <button type="submit" className="btn" disabled={!signature.trim() || Boolean(busy)}>
                  Submit signature
                </button>
              </div>
            </form>
          </li>
        </ol>
      </details>
      {props.footer}
    </section>
  );
}
