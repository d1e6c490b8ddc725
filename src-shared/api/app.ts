import { z } from 'zod';
import { defineCalls } from './define.ts';
import { Empty, ProtocolId } from './common.ts';

export const AppInfo = z.object({
  name: z.string(),
  version: z.string(),
  /** The git commit this build was made from (`-dirty` when the tree had changes; 'unknown' outside a checkout). */
  commit: z.string(),
  /** Which BLS12-381 implementation decodes and checks points on this machine (blst, mcl or noble). */
  blsBackend: z.enum(['blst', 'mcl', 'noble']),
  /** How the UI is hosted: the desktop app, or the loopback host (no Electron on this machine). */
  shell: z.enum(['electron', 'loopback', 'cli']),
  platform: z.string(),
  dataDir: z.string(),
  /** Native folder and save dialogs exist (Electron); the loopback host has none. */
  nativeDialogs: z.boolean(),
  /** Ceremony families this install runs. */
  protocols: z.array(ProtocolId),
});
export type AppInfo = z.infer<typeof AppInfo>;

export const appCalls = defineCalls({
  'app.info': { summary: 'Version and host facts', input: Empty, output: AppInfo },
  'app.pickFolder': {
    summary: 'Native folder dialog (desktop app only)',
    input: z.object({ title: z.string().max(200) }),
    output: z.object({ path: z.string().nullable() }),
  },
  'app.pickOpenPath': {
    summary: 'Native open-file dialog (desktop app only); main reads the file itself',
    input: z.object({ title: z.string().max(200) }),
    output: z.object({ path: z.string().nullable() }),
  },
  'app.pickSavePath': {
    summary: 'Native save dialog (desktop app only)',
    input: z.object({ title: z.string().max(200), defaultName: z.string().max(255) }),
    output: z.object({ path: z.string().nullable() }),
  },
});
