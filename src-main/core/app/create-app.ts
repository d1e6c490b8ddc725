import { buildInfo } from '../build-info.ts';
import { join } from 'node:path';
import { CeremonyFolder } from '../engine/folder.ts';
import { Engine } from '../engine/engine.ts';
import type { Protocol, ProtocolName } from '../engine/protocol.ts';
import { vaultSecretStore } from '../vault/engine-secret-store.ts';
import { createDispatch, type Dispatch, type Handlers } from '../api/dispatch.ts';
import { EventBus } from '../api/events.ts';
import { ceremonyHandlers, decodeFile } from '../api/handlers/ceremonies.ts';
import { vaultHandlers } from '../api/handlers/vault.ts';
import { groupSssHandlers } from '../api/handlers/group-sss.ts';
import { walletHandlers } from '../api/handlers/wallet.ts';
import { SuiWallet, type ConfirmSigning } from '../wallet/sui-wallet.ts';
import { parseBundle } from '../bundles/codec.ts';
import { headerView } from '../bundles/view.ts';
import { CeremonyError } from '../errors.ts';
import { VaultService, type KeychainBackend, type ScryptParams } from '../vault/index.ts';
import { productProtocols } from './protocols.ts';
import { createSealServices, type SealServices } from '../ceremonies/seal/services.ts';
import type { SealState } from '../ceremonies/seal/state.ts';
import { registerFunds } from '../ceremonies/seal/register-funds.ts';
import { checkKeyServerUrl } from '../ceremonies/seal/key-server-reach.ts';
import { checkCeremonyKeyServers } from '../ceremonies/seal/key-server-health.ts';
import { previewSealRotation } from '../ceremonies/seal/rotation.ts';
import { frostAppServices } from '../ceremonies/frost/index.ts';
import { previewFrostClientFile } from '../ceremonies/frost/frost-client-file.ts';
import { prepareBlsBackend } from '../crypto/bls-backend/select.ts';
import { PresetDestinations, type SecretExportGate } from '../secret-export/gate.ts';

/** What a shell can do natively (Electron dialogs); the loopback host has none. */
export interface ShellCapabilities {
  pickFolder?(title: string): Promise<string | null>;
  pickSavePath?(title: string, defaultName: string): Promise<string | null>;
  pickOpenPath?(title: string): Promise<string | null>;
  /** Native confirmation before a vault key signs a transaction (Electron); without it the renderer confirms. */
  confirmSigning?: ConfirmSigning;
  /** Desktop only: puts a secret (a Seal share) on the clipboard and clears it after `clearAfterMs`. */
  copySecretToClipboard?(text: string, clearAfterMs: number): Promise<void>;
  /**
   * Where a secret file goes, asked of the person (Electron: native save dialog and confirmation;
   * loopback: `ceremony-exports/` and a one-time code on the terminal). Default for the command
   * line: the path the command was given (`AppCore.exportTo`).
   */
  secretExport?: SecretExportGate;
}

export interface AppOptions {
  dataDir: string;
  shell: 'electron' | 'loopback' | 'cli';
  version?: string;
  capabilities?: ShellCapabilities;
  /** Default: the OS keychain. */
  keychain?: KeychainBackend;
  kdf?: ScryptParams;
  /** The vault's clock (secret creation times, backup checks and their reminders); tests advance it. */
  now?: () => Date;
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protocols?: readonly Protocol<any, any>[];
  services?: Partial<Record<ProtocolName, unknown>>;
}

export interface AppCore {
  dispatch: Dispatch;
  bus: EventBus;
  engine: Engine;
  vault: VaultService;
  wallet: SuiWallet;
  /** Command line and scripts only: the next secret export goes to `path` (the person named it there). */
  exportTo(path: string): void;
  close(): Promise<void>;
}

/**
 * The composition root shared by every shell: vault, engine, protocols, API handlers and
 * events, for one data folder.
 */
export async function createApp(opts: AppOptions): Promise<AppCore> {
  // Load the BLS12-381 backend now (a forced mcl is WebAssembly, loaded asynchronously), so a
  // backend forced by CEREMONY_CRYPTO_BACKEND that cannot load fails at start-up, not mid-step.
  const blsBackend = await prepareBlsBackend();
  const bus = new EventBus();
  const vault = new VaultService({ dataDir: opts.dataDir, keychain: opts.keychain, kdf: opts.kdf, ...(opts.now ? { now: opts.now } : {}) });
  const protocols = opts.protocols ?? productProtocols();
  const caps = opts.capabilities ?? {};
  const wallet = new SuiWallet(vault, caps.confirmSigning);
  const secretExport = caps.secretExport ?? (opts.shell === 'cli' ? new PresetDestinations() : undefined);
  const seal = createSealServices({
    vault,
    wallet,
    ...(secretExport ? { secretExport } : {}),
    ...(caps.copySecretToClipboard ? { copySecretToClipboard: caps.copySecretToClipboard } : {}),
    ...(opts.kdf ? { packageKdf: opts.kdf } : {}),
  });
  // The coordinator's install may also hold ceremonies of its committee joined from dkg.yaml (an
  // install cannot join its own invitation): the coordinator's own member ceremony, which encrypts
  // API credentials to the coordinator ceremony's key, and a relay for an air-gapped member. Both
  // take the committee's name as their title, which dkg.yaml cannot carry.
  const localCoordinator = (committeeId: string) => {
    for (const c of engine.list()) {
      if (c.protocol !== 'seal' || c.role !== 'coordinator') continue;
      const s = new CeremonyFolder(join(opts.dataDir, 'ceremonies'), c.id).readState<{
        committee?: { committeeId?: string | null };
        credentialsKey?: string | null;
        committeeName?: string | null;
      }>().protocolState;
      if (s.committee?.committeeId === committeeId) return s;
    }
    return null;
  };
  const localCoordinatorCredentialsKey = (committeeId: string): string | null => localCoordinator(committeeId)?.credentialsKey ?? null;
  const localCommitteeName = (committeeId: string): string | null => localCoordinator(committeeId)?.committeeName ?? null;
  // Tests may replace parts of the Seal services (an inline runner, a rehearsal ledger).
  const sealForEngine: SealServices = {
    ...seal,
    localCoordinatorCredentialsKey,
    localCommitteeName,
    ...(opts.services?.seal as object | undefined),
  };
  const engine = new Engine({
    dataDir: opts.dataDir,
    secrets: vaultSecretStore(vault),
    protocols,
    services: {
      ...opts.services,
      seal: sealForEngine,
      // The frostd relay (a mkcert/self-signed relay's CA in CEREMONY_FROSTD_CA_FILE) and the FROST address book.
      frost: frostAppServices({
        dataDir: opts.dataDir,
        vault,
        frostd: { caFile: process.env.CEREMONY_FROSTD_CA_FILE },
        ...(secretExport ? { secretExport } : {}),
        override: opts.services?.frost,
      }),
    },
    onChange: (id) => {
      if (id) bus.emit('ceremony.changed', { id });
      bus.emit('ceremonies.changed', {});
    },
    onProgress: (p) => bus.emit('progress', p),
    tasks: sealForEngine.runner,
  });
  const handlers: Handlers = {
    'app.info': () => ({
      name: 'Ceremony',
      version: opts.version ?? buildInfo().version,
      commit: buildInfo().commit,
      blsBackend,
      shell: opts.shell,
      platform: process.platform,
      dataDir: opts.dataDir,
      nativeDialogs: Boolean(caps.pickFolder && caps.pickSavePath),
      protocols: protocols.map((p) => p.name),
    }),
    'app.pickFolder': async ({ title }) => {
      if (!caps.pickFolder) throw new CeremonyError('app/no-dialogs', 'Folder dialogs are only available in the desktop app.');
      return { path: await caps.pickFolder(title) };
    },
    'app.pickSavePath': async ({ title, defaultName }) => {
      if (!caps.pickSavePath) throw new CeremonyError('app/no-dialogs', 'Save dialogs are only available in the desktop app.');
      return { path: await caps.pickSavePath(title, defaultName) };
    },
    'app.pickOpenPath': async ({ title }) => {
      if (!caps.pickOpenPath) throw new CeremonyError('app/no-dialogs', 'Open dialogs are only available in the desktop app.');
      return { path: await caps.pickOpenPath(title) };
    },
    ...walletHandlers(wallet),
    'seal.previewRotation': ({ network, keyServerObjId }) => previewSealRotation(seal, network, keyServerObjId),
    'seal.registerFunds': ({ ceremonyId }) => {
      const state = new CeremonyFolder(join(opts.dataDir, 'ceremonies'), ceremonyId).readState<SealState>();
      if (state.meta.protocol !== 'seal')
        throw new CeremonyError('seal/not-a-member', 'This is not a Seal ceremony: there is nothing to register.', { id: ceremonyId });
      return registerFunds(state.protocolState, sealForEngine);
    },
    'seal.checkKeyServers': async ({ ceremonyId }) => {
      const state = new CeremonyFolder(join(opts.dataDir, 'ceremonies'), ceremonyId).readState<SealState>();
      if (state.meta.protocol !== 'seal')
        throw new CeremonyError('seal/not-finalized', 'This is not a Seal ceremony: it has no key servers to check.', { id: ceremonyId });
      // The engine keeps a ceremony's secrets under "<ceremony id>/<name>" (engine.ts stepContext).
      const readSecret = async (name: string) => (await vault.unlockedVault()).get(`${ceremonyId}/${name}`);
      return checkCeremonyKeyServers(state.protocolState, sealForEngine, readSecret);
    },
    'seal.checkKeyServerUrl': ({ url }) => checkKeyServerUrl(url),
    'frost.previewClientFile': ({ path }) => previewFrostClientFile(path),
    ...vaultHandlers(vault, opts.dataDir, () => bus.emit('vault.changed', {}), secretExport),
    ...groupSssHandlers(vault),
    ...ceremonyHandlers(engine),
    'bundles.inspect': async (f) => headerView(parseBundle(await decodeFile(f))),
  };
  return {
    dispatch: createDispatch(handlers),
    bus,
    engine,
    vault,
    wallet,
    exportTo(path) {
      if (!(secretExport instanceof PresetDestinations))
        throw new CeremonyError('export/not-scripted', 'This app asks the person where to write secret files; a path cannot be preset.');
      secretExport.next(path);
    },
    close: async () => {
      await seal.close();
      await vault.lock();
    },
  };
}
