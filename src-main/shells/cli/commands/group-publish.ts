import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { fact, groupCore, pickGroup } from './group-cli.ts';

/**
 * `ceremony group publish --out DIR [--private]`: writes public_key.txt and peers_list.txt (for
 * the trust-server's public_info/) and shared.sss; with --private also private.sss, this
 * operator's share in the PLAINTEXT layout sss-tool reads. Keep that file offline.
 */
export const groupPublishCommand: Command = {
  path: ['group', 'publish'],
  summary: 'Write public_key.txt, peers_list.txt and shared.sss (and with --private, private.sss) for the trust-server',
  usage: '--out DIR [--group ID] [--private] [--json]',
  options: { group: { type: 'string' }, out: { type: 'string' }, private: { type: 'boolean' } },
  async run(ctx) {
    if (typeof ctx.options.out !== 'string') throw new CeremonyError('api/invalid-input', 'Give the folder to write into with --out.');
    const folder = resolve(ctx.cwd, ctx.options.out);
    const core = await groupCore(ctx);
    try {
      const id = pickGroup(core, typeof ctx.options.group === 'string' ? ctx.options.group : undefined);
      const v = await core.engine.act(id, 'export-trust-server', { folder, includePrivate: ctx.options.private === true });
      const last = v.facts.find((f) => f.label === 'Last export')?.value ?? '';
      const files = ['public_key.txt', 'peers_list.txt', 'shared.sss', ...(ctx.options.private === true ? ['private.sss'] : [])].map((f) =>
        resolve(folder, f),
      );
      const warn =
        ctx.options.private === true
          ? '\nprivate.sss holds your share in plaintext (as sss-tool reads it): move it to the trust-server and keep no other copy online.'
          : '';
      return {
        data: { id, groupKey: fact(v, 'Group key'), files },
        text: `Wrote ${last}\nGroup key: ${fact(v, 'Group key')}${v.rehearsal ? ' (REHEARSAL: do not publish)' : ''}${warn}`,
      };
    } finally {
      await core.close();
    }
  },
};
