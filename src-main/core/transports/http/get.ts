/**
 * One GET to a server someone else runs (a committee member's key server): the request headers
 * given, no redirect followed (a redirect is an answer like any other), at most `timeoutMs`, and
 * at most `maxBytes` of the body read (the rest is dropped: a health check never needs more).
 */
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { whyNot } from './probe.ts';

export type GetAnswer =
  | { answered: true; status: number; headers: Record<string, string>; body: string }
  /** Nothing answered: why, in words ("nothing is listening at …", "no answer within 3 s"). */
  | { answered: false; detail: string };

export function httpGet(url: URL, headers: Record<string, string>, timeoutMs: number, maxBytes = 64 * 1024): Promise<GetAnswer> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (a: GetAnswer) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req.destroy();
      resolve(a);
    };
    // A fresh connection each time (agent: false): a kept-alive socket to a server that went down since answers nothing new.
    const req = send(url, { method: 'GET', agent: false, headers: { accept: 'application/json, */*', ...headers } }, (res) => {
      const chunks: Buffer[] = [];
      let size = 0;
      const answer = () => {
        const h: Record<string, string> = {};
        for (const [k, v] of Object.entries(res.headers)) if (v !== undefined) h[k] = Array.isArray(v) ? v.join(', ') : v;
        finish({ answered: true, status: res.statusCode ?? 0, headers: h, body: Buffer.concat(chunks).toString('utf8') });
      };
      res.on('data', (c: Buffer) => {
        if (size < maxBytes) chunks.push(c.subarray(0, maxBytes - size));
        size += c.length;
        if (size >= maxBytes) answer();
      });
      res.on('end', answer);
      res.on('error', answer);
    });
    const timer = setTimeout(() => {
      const e: NodeJS.ErrnoException = new Error('timed out');
      e.code = 'ETIMEDOUT';
      req.destroy(e);
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ answered: false, detail: whyNot(e, url.host, timeoutMs) }));
    req.end();
  });
}
