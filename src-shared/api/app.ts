import { z } from 'zod';
import { defineCalls } from './define.ts';
import { Empty } from './common.ts';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** How the UI is hosted: the desktop app, or the loopback host (no Electron on this machine). */
  shell: z.enum(['electron', 'loopback']),
  platform: z.string(),
  dataDir: z.string(),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCalls = defineCalls({
  'app.info': { summary: 'Version and host facts', input: Empty, output: AppInfo },
});
