import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { subscribeToEvents, useApp } from './app/store.ts';
import './styles/app.css';

// The wallet (dapp-kit and the Sui SDK) loads with the first transaction to sign
// (components/TransactionPanel.tsx), and each ceremony family with its first screen, so Home paints first.
subscribeToEvents();
void useApp.getState().refresh();
useApp.getState().navigate(useApp.getState().route);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
