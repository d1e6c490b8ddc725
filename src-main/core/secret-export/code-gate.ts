import { mkdirSync, existsSync } from 'node:fs';
import { join, extname, basename } from 'node:path';
import { randomInt, timingSafeEqual } from 'node:crypto';
import { CeremonyError } from '../errors.ts';
import type { SecretExportGate, SecretExportRequest } from './gate.ts';

/** No 0/O, 1/I/L: read off a terminal and typed by a person. */
const ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
const TTL_MS = 5 * 60_000;

export interface CodeGateOptions {
  /** `ceremony-exports/` beside the data folder. */
  exportDir: string;
  /** Shows the code on the host's terminal (never to the renderer). */
  announce(request: { what: string; path: string; code: string }): void;
  now?: () => number;
}

function newCode(): string {
  let s = '';
  for (let i = 0; i < 8; i++) s += ALPHABET[randomInt(ALPHABET.length)];
  return `${s.slice(0, 4)}-${s.slice(4)}`;
}

function sameCode(a: string, b: string): boolean {
  const x = Buffer.from(a.trim().toUpperCase().replace(/\s+/g, ''));
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** A name in `dir` that does not exist yet: `name`, `name-2.ext`, `name-3.ext`, ... (nothing is overwritten). */
function freshPath(dir: string, fileName: string): string {
  const ext = extname(fileName);
  const stem = basename(fileName, ext);
  for (let i = 1; ; i++) {
    const p = join(dir, i === 1 ? fileName : `${stem}-${i}${ext}`);
    if (!existsSync(p)) return p;
  }
}

/**
 * The loopback host's confirmation: the first request for an export prints a one-time code on
 * the host's terminal and refuses with `export/code-required`; the person types the code into
 * the app and the same request then succeeds, once. A code is bound to what is exported and
 * where, valid for five minutes and for one attempt (a wrong code voids it), so a page that
 * cannot read the terminal cannot export anything.
 */
export function oneTimeCodeGate(opts: CodeGateOptions): SecretExportGate {
  const now = opts.now ?? Date.now;
  const pending = new Map<string, { code: string; expires: number; path: string }>();
  return {
    async destination(req: SecretExportRequest) {
      const safeName = basename(req.fileName).replace(/[^A-Za-z0-9._-]+/g, '-') || 'export';
      const key = `${req.what}\n${safeName}`;
      if (req.code === undefined) {
        const code = newCode();
        // The terminal names the file this code writes: the first free name now (a second export
        // of the same file goes to name-2.ext, not over the first).
        const path = freshPath(opts.exportDir, safeName);
        pending.set(key, { code, expires: now() + TTL_MS, path });
        opts.announce({ what: req.what, path, code });
        throw new CeremonyError(
          'export/code-required',
          `To write ${req.what}, type the one-time code printed on the terminal where Ceremony runs.`,
          { what: req.what, fileName: safeName },
        );
      }
      const p = pending.get(key);
      pending.delete(key);
      if (!p || p.expires < now())
        throw new CeremonyError('export/code-expired', 'That code has expired or was already used; ask for a new one.', { what: req.what });
      if (!sameCode(req.code, p.code))
        throw new CeremonyError('export/code-wrong', 'That is not the code printed on the terminal; ask for a new one.', {
          what: req.what,
        });
      mkdirSync(opts.exportDir, { recursive: true, mode: 0o700 });
      // Written where the terminal said, unless a file appeared there since (never overwritten).
      return existsSync(p.path) ? freshPath(opts.exportDir, safeName) : p.path;
    },
  };
}
