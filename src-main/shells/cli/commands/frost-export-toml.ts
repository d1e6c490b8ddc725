import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { exportFrostClientToml, type GroupState } from '../../../core/ceremonies/frost/index.ts';
import { CeremonyFolder } from '../../../core/engine/folder.ts';
import { CeremonyError } from '../../../core/errors.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import type { Command } from '../command.ts';
import { frostCore, requireString } from './frost-cli-core.ts';

/** `ceremony frost export-toml <ceremony> --out FILE`: a member's frost-client config for a group. */
export const frostExportTomlCommand: Command = {
  usage: '<ceremony-id> --out FILE [--server-url HOST:PORT] [--force] [--json]',
  description:
    "For using the same share with frost-client and frostd. The file holds your key package and communication key IN CLEAR (frost-client's format): " +
    'it is written with mode 0600 and never overwrites a file unless --force is given. Keep it on an encrypted disk and delete it when done.',
  positionals: { min: 1, max: 1 },
  options: { out: { type: 'string' }, 'server-url': { type: 'string' }, force: { type: 'boolean' } },
  async run(ctx) {
    const out = resolve(ctx.cwd, requireString(ctx, 'out', 'where to write the frost-client TOML'));
    if (existsSync(out) && ctx.options.force !== true)
      throw new CeremonyError('cli/file-exists', `${out} already exists; choose another file or add --force.`);
    const core = await frostCore(ctx);
    try {
      const id = ctx.args[0]!;
      const folder = new CeremonyFolder(join(ctx.dataDir, 'ceremonies'), id);
      const st = folder.readState<GroupState>();
      if (st.meta.protocol !== 'frost' || st.protocolState.kind !== 'group')
        throw new CeremonyError('frost/not-a-group', `Ceremony ${id} is not a FROST group.`);
      const vault = await core.vault.unlockedVault();
      const serverUrl = typeof ctx.options['server-url'] === 'string' ? ctx.options['server-url'] : undefined;
      const text = await exportFrostClientToml(
        st.protocolState,
        { has: async (n) => vault.has(`${id}/${n}`), read: (n) => vault.get(`${id}/${n}`) },
        serverUrl ? { serverUrl } : {},
      );
      writeFileAtomic(out, text, { mode: 0o600 });
      const key = st.protocolState.group!.verifyingKey;
      return {
        data: { file: out, groupKey: key },
        text: `Wrote ${out} (group ${key}).\nIt holds your key package in clear: keep it safe and delete it when you no longer need it.`,
      };
    } finally {
      await core.close();
    }
  },
};
