import { app, dialog, session, shell, type WebContents } from 'electron';
import { isAppUrl } from './app-url.ts';
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
    const ok = ours(details.url) || details.url.startsWith('devtools://');
    callback({ cancel: !ok });
  });
}

function ours(url: string): boolean {
  return isAppUrl(url, APP_ORIGIN, process.env.ELECTRON_RENDERER_URL, app.isPackaged);
}

export function hardenWebContents(contents: WebContents): void {
  contents.on('will-navigate', (event, url) => {
    if (!ours(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!ours(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
  contents.setWindowOpenHandler(({ url }) => {
    // Only https links, and only once the person has seen the address and agreed.
    if (/^https:\/\//.test(url)) {
      void dialog
        .showMessageBox({
          type: 'question',
          buttons: ['Open in browser', 'Cancel'],
          defaultId: 1,
          cancelId: 1,
          message: 'Open this link in your web browser?',
          detail: url,
        })
        .then((r) => (r.response === 0 ? shell.openExternal(url) : undefined));
    }
    return { action: 'deny' };
  });
}

export function hardenApp(): void {
  app.on('web-contents-created', (_e, contents) => hardenWebContents(contents));
}
