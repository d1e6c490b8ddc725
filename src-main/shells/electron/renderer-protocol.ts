import { net, protocol } from 'electron';
import { join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';
import { CONTENT_SECURITY_POLICY } from '../security.ts';

/**
 * The renderer is served from a custom `app://ceremony/` origin instead of file:// (as VS Code
 * does with vscode-file://): a real origin for the sender checks and the CSP, and no file://
 * privileges.
 */
export const APP_SCHEME = 'app';
export const APP_ORIGIN = `${APP_SCHEME}://ceremony`;

export function registerSchemePrivileges(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

export function serveRenderer(rendererDir: string): void {
  const root = resolve(rendererDir);
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url);
    if (url.host !== 'ceremony') return new Response('not found', { status: 404 });
    const rel = normalize(decodeURIComponent(url.pathname)).replace(/^[/\\]+/, '') || 'index.html';
    const file = resolve(root, rel);
    if (!file.startsWith(root + sep)) return new Response('forbidden', { status: 403 });
    const response = await net
      .fetch(pathToFileURL(file).toString())
      .catch(() => net.fetch(pathToFileURL(join(root, 'index.html')).toString()));
    const headers = new Headers(response.headers);
    headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    headers.set('X-Content-Type-Options', 'nosniff');
    return new Response(response.body, { status: response.status, headers });
  });
}
