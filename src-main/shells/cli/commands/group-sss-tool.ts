import { randomBytes } from 'node:crypto';
import { basename, resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { importTrustServerOperator, runSssToolCommand, SSS_TOOL_WEAKER } from '../../../core/ceremonies/group/sss-tool-operator.ts';
import { SSS_TOOL_COMMANDS, SSS_TOOL_STEP_HELP, type SssToolCommand } from '../../../../src-shared/api/group-sss.ts';
import type { CliContext, Command } from '../command.ts';
import { groupCore, readInput } from './group-cli.ts';

/**
 * `ceremony group sss-tool <command>`: the trust-server's sss-tool, for an operator of a group run
 * in sss-tool compatible mode, with the state in the vault instead of plaintext files. stdout
 * carries exactly what sss-tool prints (so its lines can be pasted to operators running the real
 * tool and theirs pasted here); notes go to stderr.
 */
const str = (ctx: CliContext, name: string) => (typeof ctx.options[name] === 'string' ? ctx.options[name] : undefined);

export const groupSssToolCommand: Command = {
  usage: `<${SSS_TOOL_COMMANDS.join('|')}> [--moniker M] [--m M] [--pub-datas JSON] [--partial-shares JSON] [--pubkey B64] [--quorum JSON]`,
  description:
    'Same flags and the same stdout as sss-tool, so operators with the app and operators with sss-tool run one genesis\n' +
    'and one join together. Seed, group commitment and share live in the vault (one operator per data folder);\n' +
    '`ceremony group publish --private --out DIR` writes the private.sss/shared.sss sss-tool would have written.\n' +
    SSS_TOOL_STEP_HELP.map((h) => `${h.step} = ${h.command}`).join('\n') +
    '\n' +
    SSS_TOOL_WEAKER,
  options: {
    moniker: { type: 'string' },
    m: { type: 'string' },
    'pub-datas': { type: 'string' },
    'partial-shares': { type: 'string' },
    pubkey: { type: 'string' },
    quorum: { type: 'string' },
  },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const cmd = ctx.args[0]!;
    if (!(SSS_TOOL_COMMANDS as readonly string[]).includes(cmd))
      throw new CeremonyError(
        'group/sss-tool-unknown-command',
        `sss-tool has no command "${cmd}"; it has ${SSS_TOOL_COMMANDS.join(', ')}.`,
      );
    const core = await groupCore(ctx, { createVault: cmd === 'initialize' });
    try {
      const flags = Object.fromEntries(
        Object.entries({
          moniker: str(ctx, 'moniker'),
          m: str(ctx, 'm'),
          pubDatas: str(ctx, 'pub-datas'),
          partialShares: str(ctx, 'partial-shares'),
          pubkey: str(ctx, 'pubkey'),
          quorum: str(ctx, 'quorum'),
        }).filter(([, v]) => v !== undefined),
      );
      const r = await runSssToolCommand(await core.vault.unlockedVault(), cmd as SssToolCommand, flags, (n) => randomBytes(n));
      if (r.note) ctx.io.err(r.note);
      return { data: { stdout: r.stdout }, text: r.stdout };
    } finally {
      await core.close();
    }
  },
};

/**
 * `ceremony group import-trust-server --private private.sss --shared shared.sss`: an existing
 * sss-tool operator into the vault (the files are read, checked and not kept); `--shared` alone for
 * a newcomer, who in sss-tool copies the group's shared.sss by hand before `init-new` (run
 * `group sss-tool initialize` first).
 */
export const groupImportTrustServerCommand: Command = {
  usage: '[--private private.sss] --shared shared.sss [--json]',
  options: { private: { type: 'string' }, shared: { type: 'string' } },
  async run(ctx) {
    const read = (p: string) => readInput(resolve(ctx.cwd, p));
    const shared = str(ctx, 'shared');
    if (!shared)
      throw new CeremonyError('group/sss-tool-missing-flag', 'Give the group\u2019s shared.sss with --shared.', { flag: 'shared' });
    const priv = str(ctx, 'private');
    const core = await groupCore(ctx, { createVault: priv !== undefined });
    try {
      const r = await importTrustServerOperator(await core.vault.unlockedVault(), {
        privateSss: priv ? read(priv) : null,
        sharedSss: read(shared),
      });
      if (priv)
        ctx.io.err(
          `Imported ${r.moniker} into the vault; ${basename(priv)} holds the seed and share in plaintext: delete that copy once the trust-server no longer needs it.`,
        );
      return { data: { info: r.info }, text: r.info.join('\n') };
    } finally {
      await core.close();
    }
  },
};
