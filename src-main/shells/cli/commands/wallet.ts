import { resolve } from 'node:path';
import type { Command } from '../command.ts';
import { unlockedCliCore } from './engine-for-cli.ts';

/** `ceremony wallet list|import|new`: the Sui accounts whose keys are in the vault. */
export const walletListCommand: Command = {
  usage: '[--json]',
  async run(ctx) {
    const accounts = await (await unlockedCliCore(ctx)).wallet.accounts();
    return {
      data: accounts,
      text: accounts.length ? accounts.map((a) => `${a.address}  ${a.scheme}  ${a.label}`).join('\n') : 'No Sui account in the vault.',
    };
  },
};

export const walletImportCommand: Command = {
  usage: '<file> [--address 0x…] [--label NAME] [--json]',
  description:
    'The key is read from the file (never from the command line, which shells keep in history). A keystore with several accounts needs --address.',
  positionals: { min: 1, max: 1 },
  options: { address: { type: 'string' }, label: { type: 'string' } },
  async run(ctx) {
    const core = await unlockedCliCore(ctx);
    const a = await core.wallet.importFile(
      resolve(ctx.cwd, ctx.args[0]!),
      ctx.options.address as string | undefined,
      ctx.options.label as string | undefined,
    );
    return { data: a, text: `Imported ${a.address} (${a.scheme}) as "${a.label}".` };
  },
};

export const walletNewCommand: Command = {
  usage: '--label NAME [--json]',
  options: { label: { type: 'string' } },
  async run(ctx) {
    const core = await unlockedCliCore(ctx);
    const a = await core.wallet.generate(String(ctx.options.label ?? 'Sui account'));
    return { data: a, text: `Created ${a.address} ("${a.label}"). Fund it with SUI before it sends transactions.` };
  },
};
