import { CeremonyError } from '../errors.ts';

/**
 * Where the vault's data-encryption key lives when the vault is a keychain vault. The rest
 * of the vault only sees this interface; `NapiKeychain` talks to the OS, `MemoryKeychain`
 * serves unit tests and the loopback test host.
 *
 * Contract:
 * - `read` returns null when there is no entry, and throws `vault/keychain-unavailable`
 *   when the store itself cannot be reached (no D-Bus session, no Secret Service, a locked
 *   keyring whose unlock prompt was dismissed, ...). The two must never be confused: "no
 *   entry" on a working keychain means the key is gone, "unavailable" means try again later.
 * - `write` creates or replaces the entry; `remove` returns whether an entry existed.
 */
export interface KeychainBackend {
  /** Recorded in the vault header: 'secret-service', 'macos-keychain', 'windows-credential-manager', 'memory'. */
  readonly name: string;
  read(service: string, account: string): Promise<Uint8Array | null>;
  write(service: string, account: string, secret: Uint8Array): Promise<void>;
  remove(service: string, account: string): Promise<boolean>;
}

/** The keychain service under which the app stores vault keys; the account is `vault-<vaultId>`. */
export const DEFAULT_KEYCHAIN_SERVICE = 'Ceremony';

export function keychainUnavailable(backend: string, cause: string): CeremonyError {
  return new CeremonyError(
    'vault/keychain-unavailable',
    `The OS keychain (${backend}) is not available: ${cause}. Unlock or start your keyring (on Linux a Secret Service such as gnome-keyring or KWallet), ` +
      'or, on a machine without one (an air-gapped live USB), create a passphrase vault instead.',
    { backend, cause },
  );
}
