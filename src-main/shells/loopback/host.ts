import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import type { Dispatch } from '../../core/api/dispatch.ts';
import type { EventBus } from '../../core/api/events.ts';
import { CONTENT_SECURITY_POLICY } from '../security.ts';

/**
 * The loopback host: serves the built renderer and the same API as Electron's IPC, over HTTP
 * on 127.0.0.1 only. It runs the app where Electron cannot (this build machine) and is what
 * the end-to-end tests drive.
 *
 * Hardening: a random per-run token is required on every API call (header) and event stream
 * (query); the Host header must be our own address (DNS rebinding); a cross-origin Origin is
 * refused; bodies are capped; static files are confined to the renderer folder.
 */
export interface LoopbackHostOptions {
  dispatch: Dispatch;
  bus: EventBus;
  /** Built renderer (out/renderer). */
  rendererDir: string;
  port?: number;
  token?: string;
}

export interface LoopbackHost {
  url: string;
  /** The URL to open: the token travels in the fragment, which is never sent to a server. */
  openUrl: string;
  token: string;
  close(): Promise<void>;
}

const MAX_BODY = 64 * 1024 * 1024;
const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
  '.ico': 'image/x-icon',
};

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

function send(res: ServerResponse, status: number, body: string | Buffer, type = 'application/json; charset=utf-8'): void {
  res.writeHead(status, {
    'Content-Type': type,
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'no-referrer',
    'Cross-Origin-Opener-Policy': 'same-origin',
    'Cross-Origin-Resource-Policy': 'same-origin',
    ...(type.startsWith('text/html') ? { 'Content-Security-Policy': CONTENT_SECURITY_POLICY, 'X-Frame-Options': 'DENY' } : {}),
  });
  res.end(body);
}

/**
 * A request body over MAX_BODY. It is answered 413 once the client has finished sending (the
 * rest is read and discarded), so the client gets an answer rather than a connection reset.
 * Only callers holding the per-run token get this far.
 */
class BodyTooLarge extends Error {}

function readBody(req: IncomingMessage): Promise<string> {
  return new Promise((resolvePromise, reject) => {
    const chunks: Buffer[] = [];
    let size = Number(req.headers['content-length'] ?? 0) > MAX_BODY ? Infinity : 0;
    req.on('data', (c: Buffer) => {
      size += c.length;
      if (size > MAX_BODY) chunks.length = 0;
      else chunks.push(c);
    });
    req.on('end', () => (size > MAX_BODY ? reject(new BodyTooLarge()) : resolvePromise(Buffer.concat(chunks).toString('utf8'))));
    req.on('error', reject);
  });
}

export async function startLoopbackHost(opts: LoopbackHostOptions): Promise<LoopbackHost> {
  const token = opts.token ?? randomBytes(32).toString('base64url');
  const root = resolve(opts.rendererDir);
  let origin = '';
  const streams = new Set<ServerResponse>();
  const unsubscribe = opts.bus.subscribe((event, payload) => {
    const data = `event: message\ndata: ${JSON.stringify({ event, payload })}\n\n`;
    for (const s of streams) s.write(data);
  });

  const server = createServer(async (req, res) => {
    try {
      const host = req.headers.host ?? '';
      if (host !== origin.replace('http://', '')) return send(res, 421, '{"error":"wrong host"}');
      if (req.headers.origin && req.headers.origin !== origin) return send(res, 403, '{"error":"cross-origin request refused"}');
      const url = new URL(req.url ?? '/', origin);

      if (url.pathname.startsWith('/api/')) {
        if (url.pathname === '/api/events' && req.method === 'GET') {
          if (!sameSecret(url.searchParams.get('token') ?? '', token)) return send(res, 401, '{"error":"token required"}');
          res.writeHead(200, { 'Content-Type': 'text/event-stream', 'Cache-Control': 'no-store', Connection: 'keep-alive' });
          res.write(': connected\n\n');
          streams.add(res);
          req.on('close', () => streams.delete(res));
          return;
        }
        const m = /^\/api\/call\/([A-Za-z0-9.]+)$/.exec(url.pathname);
        if (!m || req.method !== 'POST') return send(res, 404, '{"error":"not found"}');
        if (!sameSecret(String(req.headers['x-ceremony-token'] ?? ''), token)) return send(res, 401, '{"error":"token required"}');
        if (!String(req.headers['content-type'] ?? '').startsWith('application/json')) return send(res, 415, '{"error":"json only"}');
        let input: unknown;
        try {
          input = JSON.parse((await readBody(req)) || '{}');
        } catch (e) {
          if (e instanceof BodyTooLarge) {
            res.setHeader('Connection', 'close');
            return send(
              res,
              413,
              JSON.stringify({
                ok: false,
                error: { code: 'api/request-too-large', message: `The request is larger than ${MAX_BODY / 1024 ** 2} MiB.`, details: {} },
              }),
            );
          }
          return send(
            res,
            400,
            JSON.stringify({ ok: false, error: { code: 'api/invalid-input', message: 'The request body is not JSON.', details: {} } }),
          );
        }
        const reply = await opts.dispatch(m[1], input);
        return send(res, 200, JSON.stringify(reply));
      }

      if (req.method !== 'GET' && req.method !== 'HEAD') return send(res, 405, '{"error":"method not allowed"}');
      let path: string;
      try {
        path = decodeURIComponent(url.pathname);
      } catch {
        return send(res, 400, '{"error":"malformed percent-escape in the path"}');
      }
      const rel = normalize(path).replace(/^[/\\]+/, '');
      let file = resolve(root, rel || 'index.html');
      if (file !== root && !file.startsWith(root + sep)) return send(res, 403, '{"error":"forbidden"}');
      if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html'); // SPA routes
      if (!existsSync(file)) return send(res, 500, 'The renderer is not built: run `npm run build`.', 'text/plain; charset=utf-8');
      return send(res, 200, readFileSync(file), MIME[extname(file)] ?? 'application/octet-stream');
    } catch (e) {
      console.error('[loopback] request failed', e);
      if (!res.headersSent) send(res, 500, '{"error":"internal"}');
    }
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(opts.port ?? 0, '127.0.0.1', () => ok());
  });
  const { port } = server.address() as AddressInfo;
  origin = `http://127.0.0.1:${port}`;
  return {
    url: origin,
    openUrl: `${origin}/#token=${token}`,
    token,
    close: () =>
      new Promise<void>((ok) => {
        unsubscribe();
        for (const s of streams) s.end();
        server.close(() => ok());
        server.closeAllConnections();
      }),
  };
}
