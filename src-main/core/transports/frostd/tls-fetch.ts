/**
 * A `FrostdFetch` over node:https that also trusts a given CA certificate. Node's global fetch
 * only trusts the bundled public roots (plus NODE_EXTRA_CA_CERTS read at start-up), but a frostd
 * run the way its docs show uses a mkcert or self-signed certificate: pass that certificate (or
 * its CA) as `ca` and the connection is still fully verified, including the host name.
 */
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { FrostdFetch } from './client.ts';

export interface FrostdTlsFetchOptions {
  /** PEM certificate(s) to trust in addition to the public roots. */
  readonly ca?: string | readonly string[];
}

export function frostdTlsFetch(options: FrostdTlsFetchOptions = {}): FrostdFetch {
  const extra = options.ca === undefined ? [] : typeof options.ca === 'string' ? [options.ca] : [...options.ca];
  const ca = [...rootCertificates, ...extra];
  return (url, init) =>
    new Promise((resolve, reject) => {
      const target = new URL(url);
      const body = Buffer.from(init.body, 'utf8');
      const common = { method: init.method, headers: { ...init.headers, 'content-length': String(body.length) }, signal: init.signal };
      const onResponse = (res: IncomingMessage) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', reject);
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          resolve({ status: res.statusCode ?? 0, text: async () => text });
        });
      };
      const req =
        target.protocol === 'https:' ? httpsRequest(target, { ...common, ca }, onResponse) : httpRequest(target, common, onResponse);
      req.on('error', reject);
      req.end(body);
    });
}
