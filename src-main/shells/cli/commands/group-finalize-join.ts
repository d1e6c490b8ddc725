import type { Command } from '../command.ts';
import { runGroupSteps } from './group-cli.ts';

/**
 * `ceremony group finalize-join [FILES…]`: the newcomer imports the approvals and sealed
 * contributions, rebuilds its share, checks it against the group commitments (the group key
 * must not change) and writes its "joined" notice for every member.
 */
export const groupFinalizeJoinCommand: Command = {
  usage: '[FILES or FOLDERS…] [--group ID] [--out DIR] [--json]',
  options: { group: { type: 'string' }, out: { type: 'string' } },
  positionals: { min: 0, max: 1000 },
  run: (ctx) =>
    runGroupSteps(ctx, async (core, id) => {
      await core.engine.act(id, 'finalize-join', {});
      return ['Combined your share and announced the join'];
    }),
};
