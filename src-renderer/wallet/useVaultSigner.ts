import { useCallback } from 'react';
import { useAccounts, useSignTransaction } from '@mysten/dapp-kit';
import { walletNetworkOf } from './offline-client.ts';

/**
 * Signing a prepared transaction through dapp-kit and the vault wallet. `accounts` are the
 * vault's connected accounts; `sign` resolves to the signature (base64) or rejects (refused,
 * no such account, vault locked).
 */
export function useVaultSigner() {
  const accounts = useAccounts();
  const { mutateAsync } = useSignTransaction();
  const accountFor = useCallback((address: string) => accounts.find((a) => a.address === address.toLowerCase()) ?? null, [accounts]);
  const sign = useCallback(
    async (address: string, txBytes: string, network: string): Promise<string> => {
      const account = accountFor(address);
      if (!account) throw new Error(`The vault holds no key for ${address}.`);
      const { signature } = await mutateAsync({ transaction: txBytes, account, chain: `sui:${walletNetworkOf(network)}` });
      return signature;
    },
    [accountFor, mutateAsync],
  );
  return { accounts, accountFor, sign };
}
