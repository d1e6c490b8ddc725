import { lazy, Suspense, type ReactNode } from 'react';

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

// The panel signs through dapp-kit: it loads with the wallet (and the Sui SDK) when a transaction first waits.
const WalletSigningPanel = lazy(async () => ({ default: (await import('./SigningPanel.tsx')).WalletSigningPanel }));

/** A pending transaction to sign (SigningPanel.tsx), with the wallet it needs. */
export function TransactionPanel(props: TransactionPanelProps) {
  const opening = <p aria-busy="true">Opening the wallet…</p>;
  return (
    <Suspense fallback={opening}>
      <WalletSigningPanel {...props} opening={opening} />
    </Suspense>
  );
}
