import type { Handlers } from '../dispatch.ts';
import { SuiWallet } from '../../wallet/sui-wallet.ts';

type WalletHandlers = Pick<
  Handlers,
  'wallet.accounts' | 'wallet.importFile' | 'wallet.generate' | 'wallet.describeTransaction' | 'wallet.signTransaction'
>;

export function walletHandlers(wallet: SuiWallet): WalletHandlers {
  return {
    'wallet.accounts': () => wallet.accounts(),
    'wallet.importFile': ({ path, address, label }) => wallet.importFile(path, address, label),
    'wallet.generate': ({ label }) => wallet.generate(label),
    'wallet.describeTransaction': async ({ transaction }) => SuiWallet.describe(await SuiWallet.transactionBytes(transaction)),
    'wallet.signTransaction': ({ address, transaction }) => wallet.signTransaction(address, transaction),
  };
}
