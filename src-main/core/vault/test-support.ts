// Helpers for the vault's own tests (not product code; only *.test.ts files import this).
import { mkdtempSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHash, randomBytes } from 'node:crypto';
import { expect } from 'vitest';
import { CeremonyError, isCeremonyError } from '../errors.ts';

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

// ---- the REAL OS keychain (the vault's tests and the CLI's) ----------------------------

/**
 * How the whole suite is run headless on Linux (CI, and any developer machine):
 *
 *   dbus-run-session -- bash -c 'KR=$(mktemp -d) && echo -n ceremony-ci | XDG_DATA_HOME="$KR" gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest run; rc=$?; rm -rf "$KR"; exit $rc'
 *
 * Why each piece:
 * - `dbus-run-session` gives the tests a private session bus that lives exactly as long as
 *   the command (a bus that goes away mid-run locks the keyring under the tests).
 * - `gnome-keyring-daemon --unlock` reads a password on stdin and unlocks the "login"
 *   keyring, CREATING it with that password when it does not exist. If a login keyring
 *   already exists with another password (a developer's real one), the unlock fails and the
 *   daemon falls back to a GUI prompt, which fails headless ("unlock prompt was dismissed").
 *   So the daemon gets a fresh, private `XDG_DATA_HOME`: the keyring is always created
 *   fresh, with a known password, and test entries never touch the user's real keyring.
 *   Only the daemon sees that variable; the tests keep the normal environment.
 * - `--components=secrets`: only the Secret Service (no ssh/pkcs11 agents).
 * - Without a running daemon, D-Bus activation starts one on first use, but its login
 *   keyring is locked or absent and every call fails ("no result found"): the tests would
 *   fail, as they should.
 *
 * A machine that intentionally has no keychain sets CEREMONY_TEST_KEYCHAIN=absent; the
 * real-keychain tests then assert the clear `vault/keychain-unavailable` error instead. Any
 * other situation without a reachable keychain FAILS the tests (never skips them).
 */
export const KEYCHAIN_ABSENT = process.env.CEREMONY_TEST_KEYCHAIN === 'absent';

export const HEADLESS_COMMAND = `dbus-run-session -- bash -c 'KR=$(mktemp -d) && echo -n ceremony-ci | XDG_DATA_HOME="$KR" gnome-keyring-daemon --unlock --components=secrets >/dev/null && npx vitest run; rc=$?; rm -rf "$KR"; exit $rc'`;

/** A keychain service name unique to this test run, so parallel runs never collide. */
export function uniqueKeychainService(label: string): string {
  return `ceremony-test-${label}-${process.pid}-${randomBytes(4).toString('hex')}`;
}

/** Turns "no keychain" into a failure that says how to run the tests. */
export function explainMissingKeychain(e: unknown): never {
  if (isCeremonyError(e, 'vault/keychain-unavailable')) {
    throw new Error(
      `No OS keychain reachable (${e.message}). The vault tests need the real one. On Linux run the suite under a Secret Service:\n  ${HEADLESS_COMMAND}\n` +
        'or, on a machine that deliberately has no keychain, set CEREMONY_TEST_KEYCHAIN=absent.',
    );
  }
  throw e;
}
