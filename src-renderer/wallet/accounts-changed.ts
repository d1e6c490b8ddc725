import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';

/** The vault wallet once the wallet has loaded (register.ts); before that no one listens to it. */
let loadedWallet: { refresh(): Promise<unknown> } | null = null;

export function walletLoaded(wallet: { refresh(): Promise<unknown> }): void {
  loadedWallet = wallet;
}

/**
 * After an account is created or imported: the vault gained a secret (refresh its status, and
 * with it the secrets list), and dapp-kit must hear of the account (the wallet's change event),
 * or the screens cannot sign with it.
 */
export async function accountsChanged(): Promise<void> {
  const vault = await bridge.call('vault.status', {}).catch(() => null);
  if (vault) useApp.setState({ vault });
  await loadedWallet?.refresh().catch(() => undefined);
}
