import { homedir } from 'node:os';
import { join } from 'node:path';

export const APP_NAME = 'Ceremony';

/**
 * The app data folder, the same place Electron's `app.getPath('userData')` gives for our
 * product name, so the CLI, the loopback host and the desktop app share one vault and one
 * set of ceremonies. `CEREMONY_DATA_DIR` overrides (tests, rehearsals, portable installs).
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.CEREMONY_DATA_DIR) return env.CEREMONY_DATA_DIR;
  const home = env.HOME ?? homedir();
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', APP_NAME);
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), APP_NAME);
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), APP_NAME);
}
