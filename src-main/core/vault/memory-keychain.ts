import type { KeychainBackend } from './keychain.ts';
import { keychainUnavailable } from './keychain.ts';

/**
 * A keychain that lives in process memory. For unit tests and the loopback test host only:
 * its keys vanish with the process, so a vault created on it is unreadable afterwards.
 * `available = false` simulates a machine without a keychain.
 */
export class MemoryKeychain implements KeychainBackend {
  readonly name = 'memory';
  available = true;
  private readonly entries = new Map<string, Uint8Array>();

  private key(service: string, account: string): string {
    return JSON.stringify([service, account]);
  }

  private check(): void {
    if (!this.available) throw keychainUnavailable(this.name, 'simulated: no keychain on this machine');
  }

  async read(service: string, account: string): Promise<Uint8Array | null> {
    this.check();
    const v = this.entries.get(this.key(service, account));
    return v ? v.slice() : null;
  }

  async write(service: string, account: string, secret: Uint8Array): Promise<void> {
    this.check();
    this.entries.get(this.key(service, account))?.fill(0);
    this.entries.set(this.key(service, account), secret.slice());
  }

  async remove(service: string, account: string): Promise<boolean> {
    this.check();
    const k = this.key(service, account);
    const v = this.entries.get(k);
    v?.fill(0);
    return this.entries.delete(k);
  }

  /** Test helper: replace an entry's bytes behind the vault's back. */
  tamper(service: string, account: string, secret: Uint8Array): void {
    this.entries.set(this.key(service, account), secret.slice());
  }

  get size(): number {
    return this.entries.size;
  }
}
