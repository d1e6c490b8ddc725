import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';
import { vaultWallet } from './register.ts';

/**
 * After an account is created or imported: the vault gained a secret (refresh its status, and
 * with it the secrets list), and dapp-kit must hear of the account (the wallet's change event),
 * or the screens cannot sign with it.
 */
export async function accountsChanged(): Promise<void> {
  const vault = await bridge.call('vault.status', {}).catch(() => null);
  if (vault) useApp.setState({ vault });
  await vaultWallet()
    .refresh()
    .catch(() => undefined);
}
