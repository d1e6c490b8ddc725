import { join, resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { sssGroupKey, type SssToolState } from '../../../core/crypto/group/sss-tool.ts';
import { loadSssToolState, sssToolFiles } from '../../../core/ceremonies/group/sss-tool-vault.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import type { CliContext, Command, CommandResult } from '../command.ts';
import { fact, groupCore, pickGroup } from './group-cli.ts';

/**
 * `ceremony group publish --out DIR [--private]`: writes public_key.txt and peers_list.txt (for
 * the trust-server's public_info/) and shared.sss; with --private also private.sss, this
 * operator's share in the PLAINTEXT layout sss-tool reads. Keep that file offline.
 */
export const groupPublishCommand: Command = {
  usage: '--out DIR [--group ID] [--private] [--json]',
  options: { group: { type: 'string' }, out: { type: 'string' }, private: { type: 'boolean' } },
  async run(ctx) {
    if (typeof ctx.options.out !== 'string') throw new CeremonyError('api/invalid-input', 'Give the folder to write into with --out.');
    const folder = resolve(ctx.cwd, ctx.options.out);
    const core = await groupCore(ctx);
    try {
      // A data folder holding an sss-tool compatible operator (and no group ceremony) publishes from the vault.
      const sss = core.engine.list().some((c) => c.protocol === 'group') ? null : await loadSssToolState(await core.vault.unlockedVault());
      if (sss) return publishSssTool(ctx, sss, folder, ctx.options.private === true);
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

/** sss-tool compatible mode: public_key.txt and shared.sss, and with --private the private.sss sss-tool itself would hold (0600). */
function publishSssTool(ctx: CliContext, s: SssToolState, folder: string, withPrivate: boolean): CommandResult {
  if (!s.commitment)
    throw new CeremonyError(
      'group/sss-tool-no-commitment',
      'This sss-tool operator has no group commitment yet (run init-common, or import shared.sss).',
    );
  const key = Buffer.from(sssGroupKey(s.commitment)).toString('hex');
  const f = sssToolFiles(s);
  writeFileAtomic(join(folder, 'public_key.txt'), `${key}\n`);
  writeFileAtomic(join(folder, 'shared.sss'), f.sharedSss);
  const files = [join(folder, 'public_key.txt'), join(folder, 'shared.sss')];
  if (withPrivate) {
    writeFileAtomic(join(folder, 'private.sss'), f.privateSss, { mode: 0o600 });
    files.push(join(folder, 'private.sss'));
    ctx.io.err(
      'private.sss holds your seed and share in plaintext (as sss-tool reads it): move it to the trust-server and keep no other copy online.',
    );
  }
  f.privateSss.fill(0);
  return { data: { groupKey: key, files }, text: `Wrote ${files.join(', ')}\nGroup key: ${key}` };
}
