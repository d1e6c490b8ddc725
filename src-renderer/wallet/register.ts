import { getWallets } from '@mysten/wallet-standard';
import { bridge } from '../bridge.ts';
import { walletLoaded } from './accounts-changed.ts';
import { useSigningRequest } from './signing-request.ts';
import { VAULT_WALLET_ID, VaultWallet, type VaultWalletBackend } from './vault-wallet.ts';

/** The wallet's link to main: the `wallet.*` calls of the API contract. */
const bridgeBackend: VaultWalletBackend = {
  accounts: () => bridge.call('wallet.accounts', {}),
  describe: (transaction) => bridge.call('wallet.describeTransaction', { transaction }),
  sign: (address, transaction, chain) => bridge.call('wallet.signTransaction', { address, transaction, chain }),
};

let registered: VaultWallet | null = null;

/**
 * Registers the vault wallet with the wallet-standard registry, once (module-level, so hot
 * reloads and StrictMode double effects do not register it twice). Call before WalletProvider
 * mounts: dapp-kit reads the registry when its store is created.
 */
export function registerVaultWallet(): VaultWallet {
  if (registered) return registered;
  const wallets = getWallets();
  const existing = wallets.get().find((w) => (w as { id?: string }).id === VAULT_WALLET_ID);
  if (existing instanceof VaultWallet) {
    walletLoaded(existing);
    return (registered = existing);
  }
  registered = new VaultWallet(bridgeBackend, (account, tx) => useSigningRequest.getState().ask(account, tx));
  wallets.register(registered);
  walletLoaded(registered);
  return registered;
}
