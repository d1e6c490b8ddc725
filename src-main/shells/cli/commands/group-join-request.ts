import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { groupCore, readInput, splitList, summaryText, writeNewFiles } from './group-cli.ts';

/**
 * `ceremony group join-request`: a newcomer reads a member's group information file, creates
 * identity keys under a new moniker and writes a signed join request naming the members
 * (at least the threshold) it asks to approve. Hand the request to them and read them your
 * identity code.
 */
export const groupJoinRequestCommand: Command = {
  usage: '--group-info FILE --moniker NAME --approvers A,B,… [--url URL] [--exchange DIR] [--out DIR] [--json]',
  options: {
    'group-info': { type: 'string' },
    moniker: { type: 'string' },
    approvers: { type: 'string' },
    url: { type: 'string' },
    exchange: { type: 'string' },
    out: { type: 'string' },
  },
  async run(ctx) {
    const o = ctx.options;
    if (typeof o['group-info'] !== 'string' || typeof o.moniker !== 'string')
      throw new CeremonyError('api/invalid-input', 'Give the group information file (--group-info) and your new moniker (--moniker).');
    const quorum = splitList(o.approvers, 'the approving members (--approvers)');
    const core = await groupCore(ctx, { createVault: true });
    try {
      const f = readInput(o['group-info']);
      const joined = await core.engine.join(
        f.name,
        f.bytes,
        {
          moniker: o.moniker,
          url: typeof o.url === 'string' ? o.url : undefined,
          exchangeFolder: typeof o.exchange === 'string' ? resolve(o.exchange) : undefined,
        },
        'group',
      );
      const before = core.engine.view(joined.id);
      await core.engine.act(joined.id, 'request-join', { quorum });
      const written = writeNewFiles(core, joined.id, before, typeof o.out === 'string' ? o.out : ctx.cwd);
      const v = core.engine.view(joined.id);
      return { data: { id: v.id, files: written, view: v }, text: summaryText(v, written) };
    } finally {
      await core.close();
    }
  },
};
