import { useApp } from '../app/store.ts';
import { CeremonyCard } from './CeremonyCard.tsx';
import { useState } from 'react';
import { GetReady } from './GetReady.tsx';
import { JoinFromFile } from './JoinFromFile.tsx';

export function Home() {
  const ceremonies = useApp((s) => s.ceremonies);
  const vault = useApp((s) => s.vault);
  const navigate = useApp((s) => s.navigate);
  const vaultReady = vault?.state === 'unlocked';
  // Without a Sui account, making one is the task; the invitation comes after the coordinator has the address.
  const [accounts, setAccounts] = useState<number | null>(null);
  return (
    <>
      <header className="page-header">
        <h1 tabIndex={-1}>Ceremonies</h1>
        <div className="page-header__actions">
          {/* Joining from an invitation (below) is a member's primary action; starting one is the coordinator's. */}
          <button type="button" className="btn" disabled={!vaultReady} onClick={() => navigate({ name: 'new', protocol: null })}>
            New ceremony
          </button>
        </div>
      </header>

      {vault && !vaultReady && (
        <section className="callout" aria-labelledby="vault-needed-h">
          <h2 id="vault-needed-h">
            {vault.state === 'uninitialized'
              ? 'First, set up your vault'
              : vault.state === 'locked'
                ? 'Your vault is locked'
                : 'Your vault is not available'}
          </h2>
          <p>
            {vault.state === 'uninitialized'
              ? 'Your key shares will be kept in an encrypted vault on this computer. Set it up once before taking part in a ceremony.'
              : vault.state === 'locked'
                ? 'Unlock it with your passphrase to continue.'
                : vault.problem}
          </p>
          <button type="button" className="btn btn--primary" onClick={() => navigate({ name: 'vault' })}>
            {vault.state === 'uninitialized' ? 'Set up the vault' : 'Open the vault settings'}
          </button>
        </section>
      )}

      {vaultReady && <GetReady onAccounts={setAccounts} />}
      {vaultReady && <JoinFromFile primary={accounts !== 0} />}

      <section aria-labelledby="list-h">
        <h2 id="list-h">On this computer</h2>
        {ceremonies.length === 0 ? (
          <p className="empty">No ceremonies yet. Start one, or join one with the invitation file your coordinator sent you.</p>
        ) : (
          <ul className="cards">
            {ceremonies.map((c) => (
              <CeremonyCard key={c.id} c={c} />
            ))}
          </ul>
        )}
      </section>
    </>
  );
}
