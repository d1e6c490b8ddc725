import type { WalletAccount } from '../../../src-shared/api/wallet.ts';

/** The vault's Sui accounts offered as suggestions for an address field (`list={id}`). */
export function AccountsDatalist({ id, accounts }: { id: string; accounts: WalletAccount[] }) {
  return (
    <datalist id={id}>
      {accounts.map((a) => (
        <option key={a.address} value={a.address}>
          {a.label}
        </option>
      ))}
    </datalist>
  );
}
