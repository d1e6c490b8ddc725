import { describeKdfParams, VaultService } from '../../../core/vault/index.ts';
import type { Command } from '../command.ts';

/**
 * `ceremony vault status [--json]`: what kind of vault the data folder has, where its key
 * lives, whether it can be unlocked, how many secrets it holds. Public facts only.
 *
 * Exits 0 whenever it could look (including "no vault yet" and "keychain unavailable",
 * which it reports); a damaged vault header or index is an error (exit 1).
 * For a keychain vault it reads the key from the keychain to prove it is there, then forgets it.
 */
export const vaultStatusCommand: Command = {
  usage: '[--json]',
  description:
    'A keychain vault is unlocked by reading its key from the OS keychain; a passphrase vault is reported as locked ' +
    '(this command never asks for the passphrase). Exit status 0 even when there is no vault yet.',
  async run(ctx) {
    const service = new VaultService({ dataDir: ctx.dataDir });
    const status = await service.status();
    await service.lock();
    const data = { dataDir: ctx.dataDir, ...status };
    const lines = [`Data folder: ${ctx.dataDir}`];
    if (!status.initialized) {
      lines.push(`Vault:       not initialized (no vault in ${status.vaultDir} yet)`);
      lines.push('             Create one from the app (keychain, or passphrase on a machine without a keychain).');
      return { data, text: lines.join('\n') };
    }
    lines.push(`Vault:       ${status.vaultDir}`);
    if (status.kind === 'keychain') {
      lines.push(`Kind:        keychain (${status.backend}, service "${status.keychain!.service}", account "${status.keychain!.account}")`);
    } else {
      lines.push(`Kind:        passphrase (${describeKdfParams(status.kdf!)})`);
    }
    lines.push(`State:       ${status.state}`);
    lines.push(`Secrets:     ${status.count}${status.state === 'unlocked' ? '' : ' (from the index, not verified while locked)'}`);
    if (status.problem) lines.push(`Problem:     ${status.problem.message} [${status.problem.code}]`);
    return { data, text: lines.join('\n') };
  },
};
