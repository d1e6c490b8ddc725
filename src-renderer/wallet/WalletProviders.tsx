import { useState, type ReactNode } from 'react';
import { QueryClient, QueryClientProvider } from '@tanstack/react-query';
import { SuiClientProvider, WalletProvider } from '@mysten/dapp-kit';
import { offlineClients } from './offline-client.ts';
import { registerVaultWallet } from './register.ts';
import { VAULT_WALLET_NAME } from './vault-wallet.ts';
import { VaultWalletConnector } from './VaultWalletConnector.tsx';

/**
 * dapp-kit, loaded with the first screen that signs (components/SigningPanel.tsx), configured to stay off the network:
 * - every network's client refuses requests (offline-client.ts);
 * - no Slush web wallet (it would open a popup to my.slush.app), no burner wallet;
 * - no auto-connect from remembered state and no persisted state (storage null): the
 *   VaultWalletConnector connects the vault wallet when the vault is unlocked;
 * - no theme: dapp-kit would inject an inline <style>, which the CSP forbids, and the app
 *   does not use dapp-kit's UI components anyway.
 */
export function WalletProviders({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  // Before WalletProvider mounts: dapp-kit reads the wallet registry when its store is created.
  useState(registerVaultWallet);
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { retry: false, networkMode: 'always' }, mutations: { retry: false, networkMode: 'always' } },
      }),
  );
  const [networks] = useState(() => offlineClients());
  return (
    <QueryClientProvider client={queryClient}>
      <SuiClientProvider networks={networks} defaultNetwork="rehearsal">
        <WalletProvider
          autoConnect={false}
          storage={null}
          theme={null}
          preferredWallets={[VAULT_WALLET_NAME]}
          walletFilter={(w) => w.name === VAULT_WALLET_NAME}
        >
          <VaultWalletConnector fallback={fallback}>{children}</VaultWalletConnector>
        </WalletProvider>
      </SuiClientProvider>
    </QueryClientProvider>
  );
}
