import { useEffect, useRef, type ReactNode } from 'react';
import { useConnectWallet, useCurrentWallet, useDisconnectWallet, useWallets } from '@mysten/dapp-kit';
import { useApp } from '../app/store.ts';
import { VAULT_WALLET_NAME } from './vault-wallet.ts';

/**
 * Keeps dapp-kit connected to the vault wallet exactly while the vault is unlocked (its
 * accounts are only readable then). One attempt per unlock, so a failure cannot loop; the
 * Wallet settings offer a retry. Until that attempt settles it shows `fallback` instead of its
 * children, so a signing screen never says the vault has no key while the accounts are on their way.
 */
export function VaultWalletConnector({ children, fallback }: { children: ReactNode; fallback: ReactNode }) {
  const unlocked = useApp((s) => s.vault?.state === 'unlocked');
  const wallet = useWallets().find((w) => w.name === VAULT_WALLET_NAME);
  const { isConnected } = useCurrentWallet();
  const { mutate: connect, isError: connectFailed } = useConnectWallet();
  const { mutate: disconnect } = useDisconnectWallet();
  const attempted = useRef(false);

  useEffect(() => {
    if (!wallet) return;
    if (!unlocked) {
      attempted.current = false;
      if (isConnected) disconnect();
      return;
    }
    if (!isConnected && !attempted.current) {
      attempted.current = true;
      connect({ wallet, silent: true });
    }
  }, [wallet, unlocked, isConnected, connect, disconnect]);
  const settling = Boolean(wallet) && unlocked && !isConnected && !connectFailed;
  return settling ? fallback : children;
}
