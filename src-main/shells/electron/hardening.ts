import { app, session, shell, type WebContents } from 'electron';
import { APP_ORIGIN } from './renderer-protocol.ts';

/**
 * Window and session hardening (Electron security checklist, as Signal and VS Code do it):
 * no navigation away from the app, no new windows, every permission request denied, and
 * external http(s) links opened in the system browser only after the user clicked them.
 */
export function hardenSession(): void {
  const ses = session.defaultSession;
  ses.setPermissionRequestHandler((_wc, _permission, callback) => callback(false));
  ses.setPermissionCheckHandler(() => false);
  ses.setDevicePermissionHandler(() => false);
  // Nothing in the renderer may reach the network directly: the main process talks to Sui.
  ses.webRequest.onBeforeRequest((details, callback) => {
    const ok =
      details.url.startsWith(APP_ORIGIN) ||
      details.url.startsWith('devtools://') ||
      (process.env.ELECTRON_RENDERER_URL !== undefined && details.url.startsWith(process.env.ELECTRON_RENDERER_URL));
    callback({ cancel: !ok });
  });
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!url.startsWith(APP_ORIGIN)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    if (/^https:\/\//.test(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
}

export function hardenApp(): void {
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
}
