import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { KeyServerReach } from '../../../../src-shared/ceremonies/seal.ts';
import { checkKeyServerUrl } from './key-server-reach.ts';

/** A port nothing listens on: taken from the system, then released. */
async function closedPort(): Promise<number> {
  const s = createServer();
  await new Promise<void>((r) => s.listen(0, '127.0.0.1', r));
  const { port } = s.address() as AddressInfo;
  await new Promise<void>((r) => s.close(() => r()));
  return port;
}

describe('seal.checkKeyServerUrl: whether a key server answers now (information only)', () => {
  let server: Server;
  let base: string;
  const seen: string[] = [];
  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push(`${req.method} ${req.url}`);
      if (req.url === '/moved') {
        res.writeHead(302, { location: 'https://elsewhere.example/v1' }).end();
        return;
      }
      if (req.url === '/slow') return; // never answers
      res.writeHead(req.url === '/' ? 200 : 404).end('ok');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  });

  it('a server that answers is reachable, with its status', async () => {
    expect(KeyServerReach.parse(await checkKeyServerUrl(`${base}/`))).toEqual({ reachable: true, status: 200, detail: 'answers with 200' });
    expect(await checkKeyServerUrl(`${base}/v1/service`)).toMatchObject({ reachable: true, status: 404 });
    expect(seen).toContain('GET /');
  });

  it('a redirect to another host is reported, not followed', async () => {
    const before = seen.length;
    const r = await checkKeyServerUrl(`${base}/moved`);
    expect(r).toMatchObject({ reachable: true, status: 302 });
    expect(r.detail).toMatch(/redirect to elsewhere\.example \(not followed\)/);
    expect(seen.length).toBe(before + 1);
  });

  it('a closed port is not reachable, with the reason', async () => {
    const r = await checkKeyServerUrl(`http://127.0.0.1:${await closedPort()}/`);
    expect(r).toMatchObject({ reachable: false, status: null });
    expect(r.detail).toMatch(/connection refused/);
  });

  it('a server that does not answer in time is not reachable', async () => {
    const t0 = Date.now();
    const r = await checkKeyServerUrl(`${base}/slow`, 150);
    expect(r).toEqual({ reachable: false, status: null, detail: 'no answer within 0.15 s' });
    expect(Date.now() - t0).toBeLessThan(2000);
  });

  it('refuses what is not an http(s) URL, with a listed code', async () => {
    await expect(checkKeyServerUrl('ftp://ks.example')).rejects.toMatchObject({ code: 'seal/key-server-url-not-http' });
    await expect(checkKeyServerUrl('seal.example.org')).rejects.toMatchObject({ code: 'seal/key-server-url-not-http' });
  });
});
