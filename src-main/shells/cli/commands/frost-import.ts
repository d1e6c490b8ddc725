import { parseFrostClientConfig } from '../../../core/formats/frost/config-toml.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { CREATE_VAULT_OPTION, frostCore, readInputFile } from './frost-cli-core.ts';

/** `ceremony frost import <frost-client.toml> [--group KEY]`: frost-client groups into the vault. */
export const frostImportCommand: Command = {
  usage: '<credentials.toml> [--group GROUPKEY] [--create-vault] [--json]',
  description:
    'Each [group.<key>] becomes a FROST group here (sign, refresh, repair over bundles). The key package and the communication key move into the vault; ' +
    'the TOML file itself is not changed (it still holds them in clear: delete it when you no longer need it).',
  positionals: { min: 1, max: 1 },
  options: { group: { type: 'string' }, ...CREATE_VAULT_OPTION },
  async run(ctx) {
    const toml = new TextDecoder().decode(readInputFile(ctx, ctx.args[0]!, 'frost-client config', 5_000_000));
    const cfg = parseFrostClientConfig(toml);
    const wanted = typeof ctx.options.group === 'string' ? [ctx.options.group.toLowerCase()] : Object.keys(cfg.groups);
    if (!wanted.length)
      throw new CeremonyError('frost/import-no-group', 'This frost-client config holds no group yet (run a DKG with frost-client first).');
    const core = await frostCore(ctx);
    try {
      const imported: { id: string; groupKey: string; description: string }[] = [];
      for (const group of wanted) {
        const v = await core.engine.create('frost', 'frost-client group', false, { mode: 'import', toml, group });
        imported.push({ id: v.id, groupKey: v.facts.find((f) => f.label === 'Group public key')!.value, description: v.title });
      }
      return {
        data: { imported },
        text: imported.map((g) => `Imported "${g.description}" (group key ${g.groupKey}) as ceremony ${g.id}`).join('\n'),
      };
    } finally {
      await core.close();
    }
  },
};
