import type { CommitteeChain } from '../../transports/sui/chain.ts';
import { openChain } from '../../transports/sui/open-chain.ts';
import type { NetworkConfig } from '../../transports/sui/network.ts';
import type { TaskRunner } from '../../workers/types.ts';
import { WorkerPool } from '../../workers/pool.ts';
import type { SuiWallet } from '../../wallet/sui-wallet.ts';
import { publicKeyFingerprint, type VaultService } from '../../vault/index.ts';
import { CeremonyError } from '../../errors.ts';
import type { SecretExportGate } from '../../secret-export/gate.ts';
import type { ScryptParams } from '../../vault/kdf.ts';

/** What the Seal protocol needs from outside (injected as `services.seal`). */
export interface SealServices {
  /** The committee chain for a network (a real network or a rehearsal ledger folder). */
  openChain(network: NetworkConfig): Promise<CommitteeChain>;
  /** Where message processing runs (a worker pool in the app, inline in tests). */
  runner: TaskRunner;
  /** The app's Sui wallet (vault accounts): to pick a member's default address. Never used to sign silently. */
  wallet?: Pick<SuiWallet, 'accounts'>;
  /** Deletes a vault secret by id (cleanup); succeeds when it is already gone. */
  deleteSecret?(id: string): Promise<void>;
  /** Desktop shell only: puts a secret on the clipboard and clears it after `clearAfterMs`. */
  copySecretToClipboard?(text: string, clearAfterMs: number): Promise<void>;
  /**
   * The credentials key (hex) of a coordinator ceremony for `committeeId` in this same install, or
   * null: a coordinator who is also a member joins its own committee from dkg.yaml (an install
   * cannot join its own invitation bundle), so its member ceremony finds the key next to it.
   */
  localCoordinatorCredentialsKey?(committeeId: string): string | null;
  /**
   * The committee name (for people) a coordinator ceremony for `committeeId` in this same install
   * was given, or null. A ceremony joined there from dkg.yaml (which cannot carry the name: the
   * coordinator's own member ceremony, an air-gapped member's relay) takes it as its title.
   */
  localCommitteeName?(committeeId: string): string | null;
  /** Asks the person where a secret file goes (the share, aggregator-config.yaml); see secret-export/gate.ts. */
  secretExport?: SecretExportGate;
  /**
   * Rotation: a Seal share kept in this install's vault by ANY ceremony (or imported from a
   * backup) whose public key is `partialPk` (its fingerprint is `publicKeyFingerprint('seal.share',
   * partialPk)`), or null. The caller checks G2·share = partialPk before using it.
   */
  findSealShare?(partialPk: Uint8Array): Promise<Uint8Array | null>;
  /** scrypt parameters of the key-server package (the vault's; cheap ones in tests). Default: DEFAULT_SCRYPT. */
  packageKdf?: ScryptParams;
}

export interface SealServiceDeps {
  vault: VaultService;
  wallet: SuiWallet;
  copySecretToClipboard?: (text: string, clearAfterMs: number) => Promise<void>;
  secretExport?: SecretExportGate;
  packageKdf?: ScryptParams;
  /** Default: a worker pool sized to the machine, started on first use. */
  runner?: TaskRunner;
}

/**
 * The product's services: chains are opened once per network and kept (a rehearsal ledger folder
 * is shared by every process that opens it), the pool starts its threads on first use.
 */
export function createSealServices(deps: SealServiceDeps): SealServices & { close(): Promise<void> } {
  const chains = new Map<string, Promise<CommitteeChain>>();
  let pool: WorkerPool | null = null;
  const runner: TaskRunner = deps.runner ?? {
    get concurrency() {
      return (pool ??= new WorkerPool()).concurrency;
    },
    run: (task, args, transfer) => (pool ??= new WorkerPool()).run(task, args, transfer),
  };
  return {
    openChain(network) {
      const key = JSON.stringify(network);
      let c = chains.get(key);
      if (!c) {
        c = openChain(network).then((o) => o.chain);
        c.catch(() => chains.delete(key));
        chains.set(key, c);
      }
      return c;
    },
    runner,
    wallet: deps.wallet,
    async deleteSecret(id) {
      const v = await deps.vault.unlockedVault();
      if (v.has(id)) await v.delete(id);
    },
    ...(deps.copySecretToClipboard ? { copySecretToClipboard: deps.copySecretToClipboard } : {}),
    ...(deps.secretExport ? { secretExport: deps.secretExport } : {}),
    ...(deps.packageKdf ? { packageKdf: deps.packageKdf } : {}),
    async findSealShare(partialPk) {
      const v = await deps.vault.unlockedVault();
      const fingerprint = publicKeyFingerprint('seal.share', partialPk);
      const hit = v.list().find((m) => m.kind === 'seal.share' && m.fingerprint === fingerprint);
      return hit ? v.get(hit.id) : null;
    },
    async close() {
      await pool?.close();
      pool = null;
    },
  };
}

/** The services of a step, or a clear error when the host did not provide them. */
export function sealServices(s: unknown): SealServices {
  const v = s as SealServices | undefined;
  if (!v || typeof v.openChain !== 'function' || !v.runner) {
    throw new CeremonyError('seal/no-services', 'This app was started without the Seal chain services; Seal ceremonies cannot run here.');
  }
  return v;
}
