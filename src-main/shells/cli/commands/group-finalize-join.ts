import type { Command } from '../command.ts';
import { groupCore, importInputs, pickGroup, summaryText, writeNewFiles } from './group-cli.ts';

/**
 * `ceremony group finalize-join [FILES…]`: the newcomer imports the approvals and sealed
 * contributions, rebuilds its share, checks it against the group commitments (the group key
 * must not change) and writes its "joined" notice for every member.
 */
export const groupFinalizeJoinCommand: Command = {
  path: ['group', 'finalize-join'],
  summary: 'As a newcomer, combine the approvers\' contributions into your share and announce the join',
  usage: '[FILES or FOLDERS…] [--group ID] [--out DIR] [--json]',
  options: { group: { type: 'string' }, out: { type: 'string' } },
  positionals: { min: 0, max: 1000 },
  async run(ctx) {
    const core = await groupCore(ctx);
    try {
      const id = pickGroup(core, typeof ctx.options.group === 'string' ? ctx.options.group : undefined);
      const before = core.engine.view(id);
      await importInputs(core, id, ctx.args);
      await core.engine.act(id, 'finalize-join', {});
      const written = writeNewFiles(core, id, before, typeof ctx.options.out === 'string' ? ctx.options.out : ctx.cwd);
      const v = core.engine.view(id);
      return { data: { id, files: written, view: v }, text: summaryText(v, written) };
    } finally {
      await core.close();
    }
  },
};
