import { lazy, Suspense, type ReactNode } from 'react';

const WalletProviders = lazy(async () => ({ default: (await import('./WalletProviders.tsx')).WalletProviders }));

/**
 * dapp-kit around the part of a screen that signs (useVaultSigner): dapp-kit and the Sui SDK it
 * brings load with the first such screen, not before Home paints; `fallback` shows until they have
 * loaded and the vault wallet is connected (its accounts known).
 */
export function WalletScope({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  return (
    <Suspense fallback={fallback}>
      <WalletProviders fallback={fallback}>{children}</WalletProviders>
    </Suspense>
  );
}
