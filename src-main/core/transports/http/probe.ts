/**
 * Whether an http(s) URL answers now: one GET, the body never read, no redirect followed (a
 * redirect is reported with where it points), at most `timeoutMs`. For information on screens;
 * nothing depends on the answer.
 */
import { request as httpRequest, type ClientRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';

export interface ProbeResult {
  reachable: boolean;
  /** The HTTP status, when something answered. */
  status: number | null;
  /** What answered, or why nothing did, in words. */
  detail: string;
}

/** Words for the usual reasons a connection fails; the system's message otherwise. */
export function whyNot(e: NodeJS.ErrnoException, host: string, timeoutMs: number): string {
  switch (e.code) {
    case 'ETIMEDOUT':
      return `no answer within ${timeoutMs / 1000} s`;
    case 'ECONNREFUSED':
      return `nothing is listening at ${host} (connection refused)`;
    case 'ENOTFOUND':
    case 'EAI_AGAIN':
      return `the name ${host.replace(/:\d+$/, '')} cannot be looked up`;
    case 'ECONNRESET':
      return 'the connection was closed before an answer';
    case 'EHOSTUNREACH':
    case 'ENETUNREACH':
      return `${host} cannot be reached from this computer`;
    default:
      return e.message;
  }
}

function answered(res: IncomingMessage, url: URL): ProbeResult {
  const status = res.statusCode ?? 0;
  const location = res.headers.location;
  if (status >= 300 && status < 400 && location) {
    let to: URL | null;
    try {
      to = new URL(location, url);
    } catch {
      to = null;
    }
    const where = to && to.host !== url.host ? ` to ${to.host}` : '';
    return { reachable: true, status, detail: `answers with ${status}, a redirect${where} (not followed)` };
  }
  return { reachable: true, status, detail: `answers with ${status}` };
}

export function probeUrl(url: URL, timeoutMs: number): Promise<ProbeResult> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let done = false;
    const finish = (r: ProbeResult, req?: ClientRequest) => {
      if (done) return;
      done = true;
      clearTimeout(timer);
      req?.destroy();
      resolve(r);
    };
    const req = send(url, { method: 'GET', headers: { accept: '*/*' } }, (res) => {
      res.resume();
      finish(answered(res, url), req);
    });
    const timer = setTimeout(() => {
      const e: NodeJS.ErrnoException = new Error('timed out');
      e.code = 'ETIMEDOUT';
      req.destroy(e);
    }, timeoutMs);
    req.on('error', (e: NodeJS.ErrnoException) => finish({ reachable: false, status: null, detail: whyNot(e, url.host, timeoutMs) }));
    req.end();
  });
}
