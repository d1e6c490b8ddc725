import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { subscribeToEvents, useApp } from './app/store.ts';
import { registerVaultWallet } from './wallet/register.ts';
import { WalletProviders } from './wallet/WalletProviders.tsx';
import './styles/app.css';

subscribeToEvents();
// Before WalletProvider mounts: dapp-kit reads the wallet registry when it starts.
registerVaultWallet();
void useApp.getState().refresh();
useApp.getState().navigate(useApp.getState().route);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <WalletProviders>
      <App />
    </WalletProviders>
  </StrictMode>,
);
