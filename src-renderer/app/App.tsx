import { Suspense, useEffect, useRef } from 'react';
import { useApp } from './store.ts';
import { routeHash } from './route.ts';
import { ScreenBoundary } from './ScreenBoundary.tsx';
import { Home } from '../screens/Home.tsx';
import { CeremonyScreen } from '../screens/CeremonyScreen.tsx';
import { NewCeremony } from '../screens/NewCeremony.tsx';
import { VaultScreen } from '../screens/VaultScreen.tsx';
import { Notices } from '../components/Notices.tsx';
import { BusyBar } from '../components/BusyBar.tsx';
import { SignConfirmDialog } from '../wallet/SignConfirmDialog.tsx';

export function App() {
  const route = useApp((s) => s.route);
  const current = useApp((s) => s.current);
  const vault = useApp((s) => s.vault);
  const mainRef = useRef<HTMLElement>(null);

  // Move focus to the new page's heading so keyboard and screen-reader users land on it.
  useEffect(() => {
    const h1 = mainRef.current?.querySelector('h1');
    if (h1 instanceof HTMLElement) h1.focus();
  }, [route, current?.id]);

  const rehearsal = route.name === 'ceremony' && current?.rehearsal;
  return (
    <>
      <a href="#main" className="skip-link" onClick={(e) => (e.preventDefault(), mainRef.current?.focus())}>
        Skip to content
      </a>
      {rehearsal && (
        <div className="rehearsal-banner" role="note">
          {/* Only Seal runs on a ledger; a FROST or group rehearsal makes a key and nothing else. */}
          {current.protocol === 'seal'
            ? 'Rehearsal: nothing here is real. Keys and transactions exist only on the rehearsal ledger.'
            : 'Rehearsal: nothing here is real. The key made here is for practice only.'}
        </div>
      )}
      <header className="topbar">
        <a href="#/" className="brand">
          Ceremony
        </a>
        <nav aria-label="Main">
          <ul>
            <li>
              <a href="#/" aria-current={route.name === 'home' || route.name === 'ceremony' ? 'page' : undefined}>
                Ceremonies
              </a>
            </li>
            <li>
              <a href="#/vault" aria-current={route.name === 'vault' ? 'page' : undefined}>
                Vault and settings
                {vault && vault.state !== 'unlocked' && (
                  <span className="tag tag--warn">{vault.state === 'uninitialized' ? 'set up' : vault.state}</span>
                )}
              </a>
            </li>
          </ul>
        </nav>
      </header>
      <BusyBar />
      <main id="main" ref={mainRef} tabIndex={-1}>
        {/* A ceremony family's screens load when first shown (ceremonies/registry.ts). */}
        <ScreenBoundary page={routeHash(route)}>
          <Suspense fallback={<p aria-busy="true">Loading…</p>}>
            {route.name === 'home' && <Home />}
            {route.name === 'ceremony' && <CeremonyScreen id={route.id} />}
            {route.name === 'new' && <NewCeremony protocol={route.protocol} />}
            {route.name === 'vault' && <VaultScreen />}
          </Suspense>
        </ScreenBoundary>
      </main>
      <Notices />
      <SignConfirmDialog />
    </>
  );
}
