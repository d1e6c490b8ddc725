import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { cliCore, PASSPHRASE_ENV } from './engine-for-cli.ts';

/**
 * `ceremony vault init [--passphrase]`: create the vault of a data folder, keyed by the OS
 * keychain, or (explicitly, for machines without one) by the passphrase in
 * CEREMONY_VAULT_PASSPHRASE. Refuses when a vault exists.
 */
export const vaultInitCommand: Command = {
  usage: '[--passphrase] [--json]',
  description: `With --passphrase the passphrase is read from the environment variable ${PASSPHRASE_ENV} (never from the command line). Without a keychain and without --passphrase this fails: there is no plaintext fallback.`,
  options: { passphrase: { type: 'boolean' } },
  async run(ctx) {
    const core = await cliCore(ctx.dataDir);
    if ((await core.vault.status()).initialized) throw new CeremonyError('vault/exists', `${ctx.dataDir} already has a vault.`);
    let status;
    if (ctx.options.passphrase === true) {
      const passphrase = ctx.env[PASSPHRASE_ENV];
      if (!passphrase)
        throw new CeremonyError('cli/missing-passphrase', `Put the new vault's passphrase in the environment variable ${PASSPHRASE_ENV}.`);
      status = await core.vault.init({ kind: 'passphrase', passphrase });
    } else {
      status = await core.vault.init({ kind: 'keychain' });
    }
    if (status.problem) throw new CeremonyError(status.problem.code, status.problem.message);
    const data = { dataDir: ctx.dataDir, kind: status.kind, backend: status.backend, state: status.state };
    return { data, text: `Created a ${status.kind} vault in ${status.vaultDir} (${status.backend}).` };
  },
};
