// Test helper (only *.test.ts files import this): looks for vault secrets in API replies.
import { BACKUP_MAGIC, decodeBackup } from '../vault/backup.ts';
import { findSecret } from '../vault/test-support.ts';
import type { CallReply } from '../../../src-shared/api/contract.ts';

export interface KnownSecret {
  id: string;
  bytes: Uint8Array;
}

function strings(v: unknown, out: string[] = []): string[] {
  if (typeof v === 'string') out.push(v);
  else if (Array.isArray(v)) for (const x of v) strings(x, out);
  else if (v && typeof v === 'object') for (const x of Object.values(v)) strings(x, out);
  return out;
}

/** Every byte string a reply's text value could decode to (base64, base64url, hex). */
function decodings(s: string): Buffer[] {
  const out: Buffer[] = [];
  const t = s.trim().replace(/^0x/, '');
  if (t.length >= 16 && /^[A-Za-z0-9+/_-]+={0,2}$/.test(t)) out.push(Buffer.from(t.replace(/-/g, '+').replace(/_/g, '/'), 'base64'));
  if (t.length >= 16 && t.length % 2 === 0 && /^[0-9a-fA-F]+$/.test(t)) out.push(Buffer.from(t, 'hex'));
  return out;
}

/**
 * Problems found in `replies`: any secret raw, hex or base64 (every alignment) in the JSON text or
 * inside any decoded text value, and any vault backup at all (a backup is secret-derived bytes
 * even encrypted); backups are also opened with `passphrases` and their contents searched.
 */
export async function scanReplies(
  replies: readonly CallReply[],
  secrets: readonly KnownSecret[],
  passphrases: readonly string[],
): Promise<string[]> {
  const problems: string[] = [];
  const text = JSON.stringify(replies);
  const blobs = strings(replies).flatMap(decodings);
  // One haystack of every decoded value (a 16-byte separator keeps secrets from spanning two).
  const decoded = Buffer.concat(blobs.flatMap((b) => [b, Buffer.alloc(16)]));
  for (const s of secrets) {
    for (const hit of findSecret(text, s.bytes)) problems.push(`${s.id}: ${hit} in a reply`);
    for (const hit of findSecret(decoded, s.bytes)) problems.push(`${s.id}: ${hit} inside a decoded reply value`);
  }
  for (const b of blobs) {
    const at = b.indexOf(Buffer.from(BACKUP_MAGIC));
    if (at < 0) continue;
    problems.push('a vault backup in a reply');
    for (const p of passphrases) {
      const opened = await decodeBackup(new Uint8Array(b.subarray(at)), p).catch(() => null);
      if (!opened) continue;
      const raw = Buffer.from(JSON.stringify(opened, (_k, v: unknown) => (v instanceof Uint8Array ? Buffer.from(v).toString('hex') : v)));
      for (const s of secrets) if (findSecret(raw, s.bytes).length) problems.push(`${s.id}: in a decryptable backup in a reply`);
    }
  }
  return problems;
}
