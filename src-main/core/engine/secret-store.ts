import type { SecretSpec } from './protocol.ts';

/**
 * What the engine needs from the vault. The vault implements it; tests may use the in-memory
 * one. Ids are global (the engine prefixes them with the ceremony id).
 */
export interface SecretStore {
  has(id: string): Promise<boolean>;
  get(id: string): Promise<Uint8Array>;
  /** Persists durably before resolving. Idempotent for identical bytes; refuses to overwrite different ones. */
  put(id: string, spec: SecretSpec & { ceremonyId: string | null }, secret: Uint8Array): Promise<void>;
}

export class MemorySecretStore implements SecretStore {
  readonly secrets = new Map<string, { spec: SecretSpec & { ceremonyId: string | null }; bytes: Uint8Array }>();
  async has(id: string): Promise<boolean> {
    return this.secrets.has(id);
  }
  async get(id: string): Promise<Uint8Array> {
    const s = this.secrets.get(id);
    if (!s) throw new Error(`no secret ${id}`);
    return s.bytes.slice();
  }
  async put(id: string, spec: SecretSpec & { ceremonyId: string | null }, secret: Uint8Array): Promise<void> {
    const existing = this.secrets.get(id);
    if (existing && Buffer.compare(existing.bytes, secret) !== 0) throw new Error(`secret ${id} exists with different bytes`);
    this.secrets.set(id, { spec, bytes: secret.slice() });
  }
}
