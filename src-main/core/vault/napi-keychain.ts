import { AsyncEntry } from '@napi-rs/keyring';
import { wipe } from './bytes.ts';
import type { KeychainBackend } from './keychain.ts';
import { keychainUnavailable } from './keychain.ts';

/**
 * The OS keychain through @napi-rs/keyring (the Rust `keyring` crate): Secret Service over
 * D-Bus on Linux and the BSDs, the macOS Keychain, the Windows Credential Manager.
 *
 * On Linux we PIN the store to Secret Service. The crate's default falls back to the kernel
 * keyutils keyring when no Secret Service answers; that keyring lives in the login session
 * and is emptied at logout or reboot, so a DEK put there would silently disappear and take
 * the vault with it. Without a Secret Service we want the clear "keychain unavailable"
 * error instead, so the user can choose a passphrase vault.
 *
 * The async entry points run on the libuv thread pool, so a slow D-Bus call or an unlock
 * prompt never blocks the main process's event loop.
 */
export function osKeychainName(platform: NodeJS.Platform = process.platform): string {
  if (platform === 'darwin') return 'macos-keychain';
  if (platform === 'win32') return 'windows-credential-manager';
  return 'secret-service';
}

function reason(e: unknown): string {
  const msg = e instanceof Error ? e.message : String(e);
  // One line, bounded: platform messages are public, but can be long D-Bus traces.
  return msg.split('\n')[0]!.slice(0, 300);
}

export class NapiKeychain implements KeychainBackend {
  readonly name: string;

  constructor(platform: NodeJS.Platform = process.platform) {
    this.name = osKeychainName(platform);
  }

  private entry(service: string, account: string): AsyncEntry {
    try {
      return new AsyncEntry(service, account, { linux: { store: 'secret-service' } });
    } catch (e) {
      // The constructor already connects to D-Bus on Linux; a missing session bus fails here.
      throw keychainUnavailable(this.name, reason(e));
    }
  }

  async read(service: string, account: string): Promise<Uint8Array | null> {
    const entry = this.entry(service, account);
    let raw: number[] | null;
    try {
      raw = await entry.getSecret();
    } catch (e) {
      throw keychainUnavailable(this.name, reason(e));
    }
    if (raw === null) return null;
    const out = Uint8Array.from(raw);
    wipe(raw);
    return out;
  }

  async write(service: string, account: string, secret: Uint8Array): Promise<void> {
    const entry = this.entry(service, account);
    try {
      await entry.setSecret(secret);
    } catch (e) {
      throw keychainUnavailable(this.name, reason(e));
    }
  }

  async remove(service: string, account: string): Promise<boolean> {
    const entry = this.entry(service, account);
    try {
      return await entry.deleteCredential();
    } catch (e) {
      throw keychainUnavailable(this.name, reason(e));
    }
  }
}
