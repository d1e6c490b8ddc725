import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { groupCore, readInput, splitList, summaryText, writeNewFiles } from './group-cli.ts';

/**
 * `ceremony group init`: the first step of every genesis operator.
 *
 *   coordinator  --moniker alice --members alice,bob,carol --threshold 2   → group-invitation.ceremony
 *   operator     --moniker bob --invitation group-invitation.ceremony      → register-bob.ceremony
 *
 * Identity keys are created in the vault. The files to hand on are written to --out (default:
 * the current folder), or dropped in --exchange, a folder every operator can reach.
 */
export const groupInitCommand: Command = {
  usage:
    '--moniker NAME (--members A,B,C --threshold M | --invitation FILE) [--url URL] [--exchange DIR] [--title TEXT] [--rehearsal] [--out DIR] [--json]',
  description:
    "The coordinator lists every operator's moniker (agreed beforehand) and the threshold M (2 ≤ M ≤ N). Each other operator joins with the " +
    'invitation file and their own moniker. --url is your trust-server base URL (for peers_list.txt). A passphrase vault is used when ' +
    'CEREMONY_VAULT_PASSPHRASE is set.',
  options: {
    moniker: { type: 'string' },
    members: { type: 'string' },
    threshold: { type: 'string' },
    invitation: { type: 'string' },
    url: { type: 'string' },
    exchange: { type: 'string' },
    title: { type: 'string' },
    rehearsal: { type: 'boolean' },
    out: { type: 'string' },
  },
  async run(ctx) {
    const o = ctx.options;
    if (typeof o.moniker !== 'string') throw new CeremonyError('api/invalid-input', 'Give your moniker with --moniker.');
    const common = {
      moniker: o.moniker,
      url: typeof o.url === 'string' ? o.url : undefined,
      exchangeFolder: typeof o.exchange === 'string' ? resolve(o.exchange) : undefined,
    };
    const core = await groupCore(ctx, { createVault: true });
    try {
      let view;
      if (typeof o.invitation === 'string') {
        if (o.members !== undefined || o.threshold !== undefined)
          throw new CeremonyError('api/invalid-input', '--members and --threshold come from the invitation; leave them out.');
        const f = readInput(o.invitation);
        view = await core.engine.join(f.name, f.bytes, common, 'group');
      } else {
        const members = splitList(o.members, "the operators' monikers (--members)");
        const threshold = Number(o.threshold);
        if (!Number.isInteger(threshold))
          throw new CeremonyError('api/invalid-input', 'Give the threshold M with --threshold (an integer).');
        view = await core.engine.create('group', typeof o.title === 'string' ? o.title : 'Quorum group', o.rehearsal === true, {
          ...common,
          members,
          threshold,
        });
      }
      const written = writeNewFiles(core, view.id, null, typeof o.out === 'string' ? o.out : ctx.cwd);
      const v = core.engine.view(view.id);
      return { data: { id: v.id, view: v, files: written }, text: summaryText(v, written) };
    } finally {
      await core.close();
    }
  },
};
