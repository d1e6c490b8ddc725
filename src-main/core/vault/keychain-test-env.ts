// Shared by the tests that use the REAL OS keychain (the vault's and the CLI's). Test-only.
import { randomBytes } from 'node:crypto';
import { isCeremonyError } from '../errors.ts';

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
