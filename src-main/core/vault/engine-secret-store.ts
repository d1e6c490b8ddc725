import type { SecretSpec } from '../engine/protocol.ts';
import type { SecretStore } from '../engine/secret-store.ts';
import type { VaultService } from './service.ts';

/** The engine's view of the vault: secrets by id, persisted before use. */
export function vaultSecretStore(vault: VaultService): SecretStore {
  return {
    has: async (id) => (await vault.unlockedVault()).has(id),
    get: async (id) => (await vault.unlockedVault()).get(id),
    put: async (id, spec: SecretSpec & { ceremonyId: string | null }, secret) => {
      const v = await vault.unlockedVault();
      if (v.has(id)) {
        const old = await v.get(id);
        const same = old.length === secret.length && old.every((b, i) => b === secret[i]);
        old.fill(0);
        if (!same) throw new Error(`vault already holds a different secret under ${id}`);
        return;
      }
      await v.put({ id, label: spec.label, kind: spec.kind, ceremonyId: spec.ceremonyId, publicKey: spec.publicPart }, secret);
    },
  };
}
