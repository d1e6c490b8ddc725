import { useEffect, useState } from 'react';
import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';
import { AddressQr } from '../components/AddressQr.tsx';
import { ShortHex } from '../components/ShortHex.tsx';
import type { WalletAccount } from '../../src-shared/api/wallet.ts';
import { accountsChanged } from '../wallet/accounts-changed.ts';

/**
 * "Get ready", before any invitation exists: a Seal member's coordinator needs their Sui
 * address to put them on the committee, so a member without an account makes one here (or
 * imports the key they have, under Vault and settings) and sends the address. Shown on Home
 * once the vault is unlocked.
 */
export function GetReady({ onAccounts }: { onAccounts(n: number): void }) {
  const run = useApp((s) => s.run);
  const busy = useApp((s) => s.busy);
  const navigate = useApp((s) => s.navigate);
  const [accounts, setAccounts] = useState<WalletAccount[] | null>(null);
  const [name, setName] = useState('');
  useEffect(() => {
    void bridge.call('wallet.accounts', {}).then(setAccounts, () => setAccounts([]));
  }, []);
  useEffect(() => {
    if (accounts) onAccounts(accounts.length);
  }, [accounts, onAccounts]);
  if (!accounts) return null;
  if (accounts.length > 0) {
    return (
      <section className="panel" aria-labelledby="ready-h">
        <h2 id="ready-h">Your Sui address</h2>
        <p>Your coordinator puts this address on the committee; send it to them if you have not yet.</p>
        <ul className="plain-list">
          {accounts.map((a) => (
            <li key={a.address}>
              <strong>{a.label || 'Account'}</strong> <ShortHex value={a.address} label={`${a.label || 'account'} address`} />
              <AddressQr value={a.address} label={`${a.label || 'account'} address`} />
            </li>
          ))}
        </ul>
      </section>
    );
  }
  return (
    <section className="panel" aria-labelledby="ready-h">
      <h2 id="ready-h">Get ready: make your Sui account</h2>
      <p>
        To sit on a Seal committee you need a Sui account: the coordinator puts its address on the committee, and it signs your
        registration. Its key stays in your vault.
      </p>
      <form
        className="form form--inline"
        onSubmit={async (e) => {
          e.preventDefault();
          const a = await run('Creating the account', 'wallet.generate', { label: name.trim() || 'My account' });
          if (a) {
            setAccounts([a]);
            await accountsChanged();
            useApp.getState().announce(`Account created: ${a.label}. Send its address to your coordinator.`);
          }
        }}
      >
        <label htmlFor="ready-name">Name for the account (for you)</label>
        <input id="ready-name" value={name} maxLength={100} onChange={(e) => setName(e.target.value)} placeholder="My account" />
        <div className="row">
          <button type="submit" className="btn btn--primary" disabled={Boolean(busy)}>
            Create my Sui account
          </button>
          <button type="button" className="btn" onClick={() => navigate({ name: 'vault' })}>
            I have a key: import it
          </button>
        </div>
      </form>
    </section>
  );
}
