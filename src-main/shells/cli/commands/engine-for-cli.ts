import { createApp, type AppCore } from '../../../core/app/create-app.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { CliContext } from '../command.ts';

/**
 * How every CLI command reaches the app core: the same core the desktop app uses, for one data
 * folder (no window, no dialogs), and the vault opened the same way everywhere.
 *
 * Vault: a keychain vault unlocks by itself; a passphrase vault is unlocked with the passphrase
 * in the environment variable CEREMONY_VAULT_PASSPHRASE (never on the command line, where other
 * users could see it). Commands that start work in a fresh data folder may create the vault: a
 * passphrase vault when that variable is set, else a keychain vault.
 */
export const PASSPHRASE_ENV = 'CEREMONY_VAULT_PASSPHRASE';

type CoreFactory = (dataDir: string) => Promise<AppCore>;
const defaultFactory: CoreFactory = (dataDir) => createApp({ dataDir, shell: 'cli' });
let factory: CoreFactory = defaultFactory;

/** Tests run commands in-process against an in-memory keychain. */
export function setCliCoreFactory(f: CoreFactory | null): void {
  factory = f ?? defaultFactory;
}

/** The core without touching the vault (listing and showing ceremonies need no secret). */
export function cliCore(dataDir: string): Promise<AppCore> {
  return factory(dataDir);
}

export interface OpenOptions {
  /** Create the vault when the data folder has none (else: a clear error). */
  createVault?: boolean;
  /** The command's own option that would create the vault, named in the error (e.g. `--create-vault`). */
  createOption?: string;
}

/** The core with an unlocked vault. */
export async function unlockedCliCore(ctx: CliContext, opts: OpenOptions = {}): Promise<AppCore> {
  const core = await factory(ctx.dataDir);
  const passphrase = ctx.env[PASSPHRASE_ENV];
  const status = await core.vault.status();
  if (!status.initialized) {
    if (!opts.createVault) {
      const or = opts.createOption ? `, add ${opts.createOption},` : '';
      throw new CeremonyError(
        'cli/no-vault',
        `There is no vault in ${ctx.dataDir} yet: run \`ceremony vault init\`${or} or set it up in the app (Vault and settings).`,
      );
    }
    await core.vault.init(passphrase ? { kind: 'passphrase', passphrase } : { kind: 'keychain' });
    ctx.io.err(`ceremony: created a ${passphrase ? 'passphrase' : 'keychain'} vault in ${ctx.dataDir}`);
    return core;
  }
  if (status.kind === 'passphrase' && status.state !== 'unlocked') {
    if (!passphrase)
      throw new CeremonyError(
        'vault/locked',
        `The vault in ${ctx.dataDir} is protected by a passphrase: put it in the environment variable ${PASSPHRASE_ENV}.`,
      );
    await core.vault.unlock(passphrase);
  } else if (status.problem) {
    throw new CeremonyError(status.problem.code, status.problem.message);
  }
  return core;
}
