/**
 * The trust-server's published files (reference: trust-server.md §5):
 *
 *   public_info/public_key.txt  one line: the 32-byte Ed25519 group key as 64 lowercase hex,
 *                               then a newline (check_jwt_token.sh requires ^[0-9a-fA-F]{64}$);
 *   public_info/peers_list.txt  one trust-server base URL per line; get_jwt_token.sh skips blank
 *                               lines and `#` comments and appends /get_jwt after removing a
 *                               trailing slash.
 */
import { CeremonyError } from '../../errors.ts';

const KEY = /^[0-9a-f]{64}$/;

export function formatPublicKeyTxt(groupKeyHex: string): string {
  if (!KEY.test(groupKeyHex)) throw new Error('formatPublicKeyTxt: expected 64 lowercase hex characters');
  return `${groupKeyHex}\n`;
}

/** Reads public_key.txt the way the trust-server's check does; returns the key in lowercase. */
export function parsePublicKeyTxt(text: string): string {
  const line = text.replace(/\r?\n$/, '');
  if (!/^[0-9a-fA-F]{64}$/.test(line))
    throw new CeremonyError(
      'group/bad-public-key-file',
      'public_key.txt must hold exactly one line of 64 hex characters (the group key).',
      {},
    );
  return line.toLowerCase();
}

/** A trust-server base URL: http(s), no credentials, query or fragment, no whitespace. */
export function validatePeerUrl(url: string, who = 'a member'): string {
  let u: URL;
  try {
    u = new URL(url);
  } catch {
    throw new CeremonyError(
      'group/bad-peer-url',
      `The server address of ${who} ("${url.slice(0, 100)}") is not a URL; use e.g. https://trust.example.org/.`,
      { field: 'url' },
    );
  }
  if ((u.protocol !== 'https:' && u.protocol !== 'http:') || u.username || u.password || u.search || u.hash || /\s/.test(url))
    throw new CeremonyError(
      'group/bad-peer-url',
      `The server address of ${who} ("${url.slice(0, 100)}") must be a plain http(s) base URL without credentials, query or fragment.`,
      { field: 'url' },
    );
  return url;
}

export function formatPeersList(urls: readonly string[]): string {
  const unique = [...new Set(urls.map((u) => validatePeerUrl(u)))];
  return unique.map((u) => `${u}\n`).join('');
}

/** Reads peers_list.txt as get_jwt_token.sh does (skipping blanks and # comments). */
export function parsePeersList(text: string): string[] {
  const out: string[] = [];
  for (const raw of text.split(/\r?\n/)) {
    const line = raw.trim();
    if (!line || line.startsWith('#')) continue;
    out.push(validatePeerUrl(line));
  }
  return out;
}
