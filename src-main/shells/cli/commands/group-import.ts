import type { Command } from '../command.ts';
import { groupCore, importInputs, pickGroup, summaryText, writeNewFiles } from './group-cli.ts';

/** `ceremony group import FILES…`: take in other members' files (e.g. a newcomer's "joined" notice) and show where the group stands. */
export const groupImportCommand: Command = {
  usage: 'FILES or FOLDERS… [--group ID] [--out DIR] [--json]',
  options: { group: { type: 'string' }, out: { type: 'string' } },
  positionals: { min: 1, max: 1000 },
  async run(ctx) {
    const core = await groupCore(ctx);
    try {
      const id = pickGroup(core, typeof ctx.options.group === 'string' ? ctx.options.group : undefined);
      const before = core.engine.view(id);
      const summaries = await importInputs(core, id, ctx.args);
      const written = typeof ctx.options.out === 'string' ? writeNewFiles(core, id, before, ctx.options.out) : [];
      const v = core.engine.view(id);
      const accepted = summaries.reduce((n, s) => n + s.accepted, 0);
      return {
        data: { id, imported: summaries, files: written, view: v },
        text: `Imported ${accepted} file(s).\n${summaryText(v, written)}`,
      };
    } finally {
      await core.close();
    }
  },
};
