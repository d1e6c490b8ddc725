import { createApp, type AppCore } from '../../../core/app/create-app.ts';

/** The same core the desktop app uses, for one data folder (no window, no dialogs). */
export function cliCore(dataDir: string): Promise<AppCore> {
  return createApp({ dataDir, shell: 'cli' });
}
