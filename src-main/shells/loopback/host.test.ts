import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { EventBus } from '../../core/api/events.ts';
import { startLoopbackHost, type LoopbackHost } from './host.ts';

function rawRequest(
  url: string,
  opts: { method?: string; headers?: Record<string, string>; body?: string; fresh?: boolean },
): Promise<{ status: number; body: string; headers: Record<string, string | string[] | undefined> }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method: opts.method ?? 'GET', headers: opts.headers, ...(opts.fresh ? { agent: false } : {}) }, (res) => {
      let body = '';
      res.on('data', (c) => (body += c));
      res.on('end', () => resolve({ status: res.statusCode!, body, headers: res.headers }));
    });
    req.on('error', reject);
    if (opts.body) req.write(opts.body);
    req.end();
  });
}

let host: LoopbackHost | null = null;
afterEach(async () => {
  await host?.close();
  host = null;
});

async function start() {
  const dir = mkdtempSync(join(tmpdir(), 'lb-'));
  mkdirSync(join(dir, 'assets'));
  writeFileSync(join(dir, 'index.html'), '<!doctype html><title>x</title>');
  writeFileSync(join(dir, 'assets', 'a.js'), 'console.log(1)');
  writeFileSync(join(dir, '..', 'secret.txt'), 'outside');
  const calls: unknown[] = [];
  const bus = new EventBus();
  host = await startLoopbackHost({
    rendererDir: dir,
    bus,
    dispatch: async (name, input) => (calls.push([name, input]), { ok: true, value: { echo: name } }),
  });
  return { host, calls, bus };
}

describe('loopback host', () => {
  it('listens on 127.0.0.1 only and puts the token in the URL fragment', async () => {
    const { host } = await start();
    expect(host.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    expect(host.openUrl).toBe(`${host.url}/#token=${host.token}`);
    expect(host.token.length).toBeGreaterThanOrEqual(40);
  });

  it('serves the renderer with a strict CSP and refuses paths outside it', async () => {
    const { host } = await start();
    const index = await rawRequest(`${host.url}/`, {});
    expect(index.status).toBe(200);
    expect(String(index.headers['content-security-policy'])).toContain("script-src 'self'");
    expect((await rawRequest(`${host.url}/assets/a.js`, {})).body).toBe('console.log(1)');
    const escape = await rawRequest(`${host.url}/..%2fsecret.txt`, {});
    expect(escape.body).not.toContain('outside');
  });

  it('answers a malformed percent-escape with 400 (no stack trace) and a body over 64 MiB with 413', async () => {
    const { host, calls } = await start();
    const bad = await rawRequest(`${host.url}/assets/%E0%A4%A`, {});
    expect(bad.status).toBe(400);
    expect(bad.body).not.toMatch(/at |Error/);
    const headers = { 'content-type': 'application/json', 'x-ceremony-token': host.token };
    const big = '"' + 'x'.repeat(65 * 1024 * 1024) + '"';
    // Streamed without a Content-Length (Node's client sends it chunked).
    const chunked = await rawRequest(`${host.url}/api/call/app.info`, { method: 'POST', headers, body: big, fresh: true });
    expect(chunked.status).toBe(413);
    expect(JSON.parse(chunked.body).error.code).toBe('api/request-too-large');
    expect(calls).toHaveLength(0);
  });

  it('requires the per-run token on every call', async () => {
    const { host, calls } = await start();
    const headers = { 'content-type': 'application/json', host: host.url.replace('http://', '') };
    expect((await rawRequest(`${host.url}/api/call/app.info`, { method: 'POST', headers, body: '{}' })).status).toBe(401);
    expect(
      (
        await rawRequest(`${host.url}/api/call/app.info`, {
          method: 'POST',
          headers: { ...headers, 'x-ceremony-token': 'wrong' },
          body: '{}',
        })
      ).status,
    ).toBe(401);
    const ok = await rawRequest(`${host.url}/api/call/app.info`, {
      method: 'POST',
      headers: { ...headers, 'x-ceremony-token': host.token },
      body: '{}',
    });
    expect(JSON.parse(ok.body)).toEqual({ ok: true, value: { echo: 'app.info' } });
    expect((await rawRequest(`${host.url}/api/events?token=nope`, {})).status).toBe(401);
    expect(calls).toHaveLength(1);
  });

  it('refuses a foreign Host header (DNS rebinding) and a cross-origin Origin', async () => {
    const { host, calls } = await start();
    const base = { 'content-type': 'application/json', 'x-ceremony-token': host.token };
    expect(
      (await rawRequest(`${host.url}/api/call/app.info`, { method: 'POST', headers: { ...base, host: 'evil.example:80' }, body: '{}' }))
        .status,
    ).toBe(421);
    expect(
      (
        await rawRequest(`${host.url}/api/call/app.info`, {
          method: 'POST',
          headers: { ...base, origin: 'http://evil.example' },
          body: '{}',
        })
      ).status,
    ).toBe(403);
    expect(
      (
        await rawRequest(`${host.url}/api/call/app.info`, {
          method: 'POST',
          headers: { ...base, 'content-type': 'text/plain' },
          body: '{}',
        })
      ).status,
    ).toBe(415);
    expect(calls).toHaveLength(0);
  });

  it('streams events to an authorised listener', async () => {
    const { host, bus } = await start();
    const got = await new Promise<string>((resolve) => {
      const req = request(`${host.url}/api/events?token=${host.token}`, (res) => {
        let buf = '';
        res.on('data', (c) => {
          buf += c;
          if (buf.includes('ceremony.changed')) {
            resolve(buf);
            req.destroy();
          }
        });
      });
      req.end();
      setTimeout(() => bus.emit('ceremony.changed', { id: 'seal-0011223344' }), 100);
    });
    expect(got).toContain('"id":"seal-0011223344"');
  });
});
