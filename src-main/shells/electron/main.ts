/**
 * The Electron shell: a window, the IPC transport of the API, native dialogs. Everything
 * else lives in the core (src-main/core), which this file only wires up.
 */
import { app, BrowserWindow, clipboard, dialog, ipcMain, type IpcMainInvokeEvent } from 'electron';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createApp, type ShellCapabilities } from '../../core/app/create-app.ts';
import { productProtocols } from '../../core/app/protocols.ts';
import { testProtocol } from '../../core/engine/testing/testproto.ts';
import { IPC_CALL_CHANNEL, IPC_EVENT_CHANNEL } from '../../../src-shared/api/contract.ts';
import { APP_ORIGIN, registerSchemePrivileges, serveRenderer } from './renderer-protocol.ts';
import { hardenApp, hardenSession } from './hardening.ts';
import { runCliAndExit } from './cli-mode.ts';

const here = fileURLToPath(new URL('.', import.meta.url));

// The command line (`Ceremony --cli …`) runs before anything of the window's: no single-instance
// lock (it may run while the window is open), no window, no IPC.
if (process.argv.includes('--cli')) await runCliAndExit();

if (!app.requestSingleInstanceLock()) app.quit();
app.setName('Ceremony');
if (process.env.CEREMONY_DATA_DIR) app.setPath('userData', process.env.CEREMONY_DATA_DIR);
registerSchemePrivileges();
hardenApp();

let window: BrowserWindow | null = null;

/** IPC is accepted only from our own top-level frame on our own origin (VS Code's validatedIpcMain). */
function trustedSender(event: IpcMainInvokeEvent): boolean {
  const frame = event.senderFrame;
  if (!frame || frame.parent !== null || !window || event.sender !== window.webContents) return false;
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  return frame.url.startsWith(APP_ORIGIN + '/') || (devUrl !== undefined && !app.isPackaged && frame.url.startsWith(devUrl));
}

const capabilities: ShellCapabilities = {
  async pickFolder(title: string) {
    const r = await dialog.showOpenDialog(window!, { title, properties: ['openDirectory', 'createDirectory'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  async pickSavePath(title: string, defaultName: string) {
    const r = await dialog.showSaveDialog(window!, { title, defaultPath: defaultName });
    return r.canceled ? null : (r.filePath ?? null);
  },
  async pickOpenPath(title: string) {
    const r = await dialog.showOpenDialog(window!, { title, properties: ['openFile', 'showHiddenFiles'] });
    return r.canceled ? null : (r.filePaths[0] ?? null);
  },
  // A share copied for pasting into a key server's environment: written by main (the renderer
  // never sees it) and cleared after the delay if the clipboard still holds it.
  async copySecretToClipboard(text: string, clearAfterMs: number) {
    await clipboard.writeText(text);
    setTimeout(() => {
      void clipboard.readText().then((now) => {
        if (now === text) clipboard.clear();
      });
    }, clearAfterMs).unref();
  },
  // A secret file: the person picks the place in a native dialog and confirms, in a native box
  // naming the secret, that it may be written there (the renderer can neither choose nor skip this).
  secretExport: {
    async destination({ what, fileName }) {
      const saved = await dialog.showSaveDialog(window!, { title: `Save ${fileName}`, defaultPath: fileName });
      if (saved.canceled || !saved.filePath) return null;
      const r = await dialog.showMessageBox(window!, {
        type: 'warning',
        title: 'Write a secret to a file?',
        message: `Write ${what} to ${saved.filePath}?`,
        detail:
          'Anyone who can read this file holds the secret. It is written readable by you only (mode 0600); move it where it belongs, then delete it.',
        buttons: ['Cancel', 'Write the file'],
        defaultId: 0,
        cancelId: 0,
        noLink: true,
      });
      return r.response === 1 ? saved.filePath : null;
    },
  },
  // Signing with a vault key is confirmed in a native dialog the renderer cannot fake or skip.
  async confirmSigning(account, tx) {
    const r = await dialog.showMessageBox(window!, {
      type: 'question',
      title: 'Sign a Sui transaction',
      message: `Sign with ${account.label} (${account.address})?`,
      detail: [`Transaction digest: ${tx.digest}`, '', ...tx.lines].join('\n'),
      buttons: ['Cancel', 'Sign'],
      defaultId: 0,
      cancelId: 0,
      noLink: true,
    });
    return r.response === 1;
  },
};

async function start(): Promise<void> {
  await app.whenReady();
  hardenSession();
  serveRenderer(join(here, '../renderer'));
  // The engine's test protocol is enabled only for end-to-end test runs of the desktop app.
  const protocols =
    process.env.CEREMONY_ENABLE_TEST_PROTOCOL === '1' && !app.isPackaged ? [...productProtocols(), testProtocol] : productProtocols();
  const core = await createApp({ dataDir: app.getPath('userData'), shell: 'electron', version: app.getVersion(), capabilities, protocols });

  ipcMain.handle(IPC_CALL_CHANNEL, async (event, msg: unknown) => {
    if (!trustedSender(event))
      return { ok: false, error: { code: 'api/untrusted-sender', message: 'Refused: not the app window.', details: {} } };
    const { name, input } = (msg ?? {}) as { name?: unknown; input?: unknown };
    return core.dispatch(name, input);
  });
  core.bus.subscribe((event, payload) => window?.webContents.send(IPC_EVENT_CHANNEL, { event, payload }));

  window = new BrowserWindow({
    width: 1200,
    height: 820,
    minWidth: 800,
    minHeight: 600,
    title: 'Ceremony',
    show: false,
    webPreferences: {
      preload: join(here, '../preload/index.cjs'),
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      webviewTag: false,
      spellcheck: false,
      devTools: !app.isPackaged,
    },
  });
  window.once('ready-to-show', () => window?.show());
  window.on('closed', () => (window = null));
  const devUrl = process.env.ELECTRON_RENDERER_URL;
  await window.loadURL(devUrl && !app.isPackaged ? devUrl : `${APP_ORIGIN}/index.html`);

  app.on('second-instance', () => {
    if (window?.isMinimized()) window.restore();
    window?.focus();
  });
  app.on('window-all-closed', () => {
    void core.close().finally(() => app.quit());
  });
}

start().catch((e) => {
  dialog.showErrorBox('Ceremony could not start', e instanceof Error ? e.message : String(e));
  app.exit(1);
});
