import { isDamagedCeremony } from '../../../../src-shared/api/ceremonies.ts';
import { PROTOCOL_CATALOG } from '../../../../src-shared/ceremonies/catalog.ts';
import type { Command } from '../command.ts';
import { cliCore } from './engine-for-cli.ts';

/** `ceremony list`: the ceremonies in the data folder. */
export const listCommand: Command = {
  usage: '[--json]',
  async run(ctx) {
    const core = await cliCore(ctx.dataDir);
    const list = core.engine.listAll();
    if (!list.length) return { data: list, text: `No ceremonies in ${ctx.dataDir}.` };
    const text = list
      .map((c) =>
        isDamagedCeremony(c)
          ? `${c.id}  DAMAGED: ${c.problem}`
          : `${c.id}  ${c.title}  [${PROTOCOL_CATALOG[c.protocol].title}, ${c.role}${c.rehearsal ? ', rehearsal' : ''}]  phase ${c.phase}, ${c.status}: ${c.headline}`,
      )
      .join('\n');
    return { data: list, text };
  },
};
