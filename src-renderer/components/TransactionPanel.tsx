import { lazy, type ReactNode } from 'react';
import { WalletScope } from '../wallet/WalletScope.tsx';

/** A transaction a ceremony prepared and waits to have signed (the protocol's pending transaction). */
export interface PendingTransaction {
  /** What it does, in a word the protocol chose ("register", "propose", …). */
  purpose: string;
  /** Base64 BCS TransactionData, gas resolved. */
  txBytes: string;
  digest: string;
  sender: string;
  /** The `tx-<purpose>.json` file for signing elsewhere. */
  artifact: { id: string; name: string } | null;
  /** The ceremony's network (e.g. "testnet", "rehearsal"), for the wallet-standard chain. */
  network: string;
}

export interface TransactionPanelProps {
  ceremonyId: string;
  tx: PendingTransaction;
  submitAction?: string;
  heading?: string;
  intro?: ReactNode;
  footer?: ReactNode;
  rehearsal: boolean;
  elsewhereOpen?: boolean;
  noKeyHint?: ReactNode;
}

// The panel signs through dapp-kit: it loads with the wallet, when a transaction first waits.
const SigningPanel = lazy(async () => ({ default: (await import('./SigningPanel.tsx')).SigningPanel }));

/** A pending transaction to sign (SigningPanel.tsx), with the wallet it needs. */
export function TransactionPanel(props: TransactionPanelProps) {
  return (
    <WalletScope
      fallback={
        <section className="panel panel--tx" aria-busy="true">
          <h2>{props.heading ?? `Transaction to sign: ${props.tx.purpose}`}</h2>
          <p>Opening the wallet…</p>
        </section>
      }
    >
      <SigningPanel {...props} />
    </WalletScope>
  );
}
