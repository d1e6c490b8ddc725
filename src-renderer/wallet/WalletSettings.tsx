import { useCallback, useEffect, useState } from 'react';
import { useApp } from '../app/store.ts';
import { bridge } from '../bridge.ts';
import { CopyButton } from '../components/CopyButton.tsx';
import { shortHex } from '../components/ShortHex.tsx';
import type { WalletAccount } from '../../src-shared/api/wallet.ts';
import { accountsChanged } from './accounts-changed.ts';

/**
 * Settings → Wallet: the Sui accounts whose keys the vault holds, importing a key from a file
 * (main reads the file: the key never passes through this window), and creating an account.
 */
export function WalletSettings() {
  const run = useApp((s) => s.run);
  const notify = useApp((s) => s.notify);
  const announce = useApp((s) => s.announce);
  const info = useApp((s) => s.info);
  const [accounts, setAccounts] = useState<WalletAccount[] | null>(null);
  const [path, setPath] = useState('');
  const [address, setAddress] = useState('');
  const [importLabel, setImportLabel] = useState('');
  const [newLabel, setNewLabel] = useState('');

  const reload = useCallback(async () => {
    setAccounts(await bridge.call('wallet.accounts', {}).catch(() => []));
    await accountsChanged();
  }, []);
  useEffect(() => {
    void bridge.call('wallet.accounts', {}).then(setAccounts, () => setAccounts([]));
  }, []);

  const importPath = async (p: string) => {
    const a = await run('Importing the key', 'wallet.importFile', {
      path: p,
      ...(address.trim() ? { address: address.trim() } : {}),
      ...(importLabel.trim() ? { label: importLabel.trim() } : {}),
    });
    if (!a) return;
    setPath('');
    setAddress('');
    setImportLabel('');
    notify('success', `Imported ${a.label} (${shortHex(a.address)}).`);
    announce(`Account ${a.label} imported.`);
    await reload();
  };
  const pickAndImport = async () => {
    const r = await run('Choosing the key file', 'app.pickOpenPath', {
      title: 'Sui key file (sui.keystore, or a file holding suiprivkey1…)',
    });
    if (r?.path) await importPath(r.path);
  };

  return (
    <section className="panel" aria-labelledby="wallet-h">
      <h2 id="wallet-h">Wallet</h2>
      <p className="muted small">
        Sui accounts that sign this computer's ceremony transactions. Their keys stay in the vault; this window only sees addresses. You can
        always sign elsewhere instead (for example with <code>sui keytool sign</code>) and import the signature.
      </p>
      {accounts === null ? (
        <p aria-busy="true">Loading accounts…</p>
      ) : accounts.length === 0 ? (
        <p className="empty">No Sui account in the vault yet.</p>
      ) : (
        <table className="roster">
          <caption className="visually-hidden">Sui accounts in the vault</caption>
          <thead>
            <tr>
              <th scope="col">Account</th>
              <th scope="col">Address</th>
              <th scope="col">Key type</th>
            </tr>
          </thead>
          <tbody>
            {accounts.map((a) => (
              <tr key={a.address}>
                <th scope="row">{a.label}</th>
                <td>
                  <span className="mono small break">{a.address}</span> <CopyButton value={a.address} label={`address of ${a.label}`} />
                </td>
                <td>{a.scheme}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}

      <h3>Import a key</h3>
      <form
        className="form"
        onSubmit={(e) => {
          e.preventDefault();
          if (info?.nativeDialogs) void pickAndImport();
          else if (path.trim()) void importPath(path.trim());
        }}
      >
        <p className="small form-note" id="import-key-help">
          A <code>sui.keystore</code> file (from <code>~/.sui/sui_config/</code>) or a text file holding one <code>suiprivkey1…</code> key.
          The app reads the file itself; the key is not shown here.
        </p>
        {!info?.nativeDialogs && (
          <>
            <label htmlFor="wallet-path">Path of the key file on this computer</label>
            <input
              id="wallet-path"
              type="text"
              className="mono"
              spellCheck={false}
              autoComplete="off"
              value={path}
              onChange={(e) => setPath(e.target.value)}
              aria-describedby="import-key-help"
            />
          </>
        )}
        <label htmlFor="wallet-address">Address to import (only for a keystore with several keys; optional)</label>
        <input
          id="wallet-address"
          type="text"
          className="mono"
          spellCheck={false}
          autoComplete="off"
          value={address}
          onChange={(e) => setAddress(e.target.value)}
        />
        <label htmlFor="wallet-import-label">Name for the account (optional)</label>
        <input id="wallet-import-label" type="text" maxLength={100} value={importLabel} onChange={(e) => setImportLabel(e.target.value)} />
        <button className="btn" type="submit" disabled={!info?.nativeDialogs && !path.trim()}>
          {info?.nativeDialogs ? 'Choose the key file and import…' : 'Import the key'}
        </button>
      </form>

      <h3>Create a new account</h3>
      <form
        className="form"
        onSubmit={async (e) => {
          e.preventDefault();
          const a = await run('Creating the account', 'wallet.generate', { label: newLabel.trim() });
          if (!a) return;
          setNewLabel('');
          // The whole address is in the accounts list above (with its copy button); the notice stays short.
          notify('success', `Created ${a.label} (${shortHex(a.address)}). Fund it before it sends transactions.`);
          announce(`Account ${a.label} created.`);
          await reload();
        }}
      >
        <label htmlFor="wallet-new-label">Name for the new account</label>
        <input id="wallet-new-label" type="text" maxLength={100} value={newLabel} onChange={(e) => setNewLabel(e.target.value)} />
        <button className="btn" type="submit" disabled={!newLabel.trim()}>
          Create account
        </button>
      </form>
    </section>
  );
}
