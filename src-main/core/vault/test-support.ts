// Helpers for the vault's own tests (not product code; only *.test.ts files import this).
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { CeremonyError } from '../errors.ts';

export function tempDataDir(prefix = 'vault-'): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export function randomSecret(n = 32): Uint8Array {
  return new Uint8Array(randomBytes(n));
}

/** Awaits `p` (or calls `fn`) and asserts it fails with a CeremonyError of this code; returns the error. */
export async function expectCode(p: Promise<unknown> | (() => unknown), code: string): Promise<CeremonyError> {
  let error: unknown;
  try {
    await (typeof p === 'function' ? p() : p);
  } catch (e) {
    error = e;
  }
  expect(error, `expected CeremonyError ${code}`).toBeInstanceOf(CeremonyError);
  expect((error as CeremonyError).code).toBe(code);
  expect((error as CeremonyError).message.length).toBeGreaterThan(20);
  return error as CeremonyError;
}

export function listFiles(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) out.push(...listFiles(p));
    else out.push(p);
  }
  return out.sort();
}

/** path -> sha256 of content, for "nothing changed" assertions. */
export function snapshot(dir: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const f of listFiles(dir)) out[f] = createHash('sha256').update(readFileSync(f)).digest('hex');
  return out;
}

/**
 * Every textual form a leaked secret could take: raw bytes, hex (both cases), and base64 /
 * base64url at the three possible alignments inside a longer encoded blob.
 */
export function secretForms(secret: Uint8Array): { raw: Buffer; text: string[] } {
  const raw = Buffer.from(secret);
  const hex = raw.toString('hex');
  const text = [hex, hex.toUpperCase()];
  for (let off = 0; off < 3; off++) {
    const usable = Math.floor((raw.length - off) / 3) * 3;
    if (usable < 12) continue;
    const chunk = raw.subarray(off, off + usable);
    text.push(chunk.toString('base64'), chunk.toString('base64url'));
  }
  return { raw, text };
}

/** Returns a description of every place where any form of `secret` occurs in `haystack`. */
export function findSecret(haystack: Buffer | string, secret: Uint8Array): string[] {
  const { raw, text } = secretForms(secret);
  const buf = typeof haystack === 'string' ? Buffer.from(haystack, 'utf8') : haystack;
  const hits: string[] = [];
  if (buf.indexOf(raw) >= 0) hits.push('raw bytes');
  const s = buf.toString('latin1');
  for (const t of text) if (s.includes(t)) hits.push(`encoded ${t.slice(0, 8)}...`);
  return hits;
}
