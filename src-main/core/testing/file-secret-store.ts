import { existsSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { createHash } from 'node:crypto';
import { writeFileAtomic } from '../fsx/atomic.ts';
import type { SecretStore } from '../engine/secret-store.ts';
import type { SecretSpec } from '../engine/protocol.ts';

/**
 * TESTS ONLY: a secret store that survives process kills, with secrets in plain files. The
 * product uses the encrypted vault; this exists so engine crash tests do not depend on it.
 */
export class PlainFileSecretStore implements SecretStore {
  constructor(private readonly dir: string) {}
  private path(id: string): string {
    return join(this.dir, 'test-secrets', createHash('sha256').update(id).digest('hex') + '.json');
  }
  async has(id: string): Promise<boolean> {
    return existsSync(this.path(id));
  }
  async get(id: string): Promise<Uint8Array> {
    const { hex } = JSON.parse(readFileSync(this.path(id), 'utf8')) as { hex: string };
    return new Uint8Array(Buffer.from(hex, 'hex'));
  }
  /** What the vault's delete does (Seal's cleanup and restart retire DKG keys this way). */
  async delete(id: string): Promise<void> {
    rmSync(this.path(id), { force: true });
  }
  async put(id: string, spec: SecretSpec & { ceremonyId: string | null }, secret: Uint8Array): Promise<void> {
    if (existsSync(this.path(id))) {
      const old = await this.get(id);
      if (Buffer.compare(old, secret) !== 0) throw new Error(`secret ${id} exists with different bytes`);
      return;
    }
    writeFileAtomic(this.path(id), JSON.stringify({ id, label: spec.label, hex: Buffer.from(secret).toString('hex') }), { mode: 0o600 });
  }
}
