import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app/App.tsx';
import { subscribeToEvents, useApp } from './app/store.ts';
import './styles/app.css';

subscribeToEvents();
void useApp.getState().refresh();
useApp.getState().navigate(useApp.getState().route);

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>,
);
