import { PROTOCOL_CATALOG } from '../../../../src-shared/ceremonies/catalog.ts';
import type { Command } from '../command.ts';
import { cliCore } from './engine-for-cli.ts';

/** `ceremony show <id>`: one ceremony as the ceremony screen shows it. */
export const showCommand: Command = {
  usage: '<id> [--json]',
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const core = await cliCore(ctx.dataDir);
    const v = core.engine.view(ctx.args[0]!);
    const lines = [
      `${v.title} (${v.id})`,
      `${PROTOCOL_CATALOG[v.protocol].title}, you are the ${v.role}${v.rehearsal ? ' — REHEARSAL' : ''}`,
      `Phase ${v.phase} of 3 (${v.phases.find((p) => p.state === 'current')?.name ?? 'done'}), ${v.status}`,
      `Now: ${v.headline}`,
      '',
      'Participants:',
      ...v.participants.map(
        (p) => `  ${p.label}${p.tags.length ? ` (${p.tags.join(', ')})` : ''}: ${p.status}${p.checkCode ? `  [${p.checkCode}]` : ''}`,
      ),
    ];
    if (v.facts.length) lines.push('', ...v.facts.map((f) => `${f.label}: ${f.value}`));
    if (v.next.length) lines.push('', 'Next steps:', ...v.next.map((a) => `  ${a.label}: ${a.description}`));
    if (v.artifacts.length) lines.push('', 'Files:', ...v.artifacts.map((a) => `  ${a.name} (${a.bytes} bytes) check code ${a.checkCode}`));
    lines.push('', `Journal: ${v.journalIntact ? 'intact' : 'DOES NOT VERIFY'}, ${v.activity.length} entries`);
    return { data: v, text: lines.join('\n'), exitCode: v.journalIntact ? 0 : 1 };
  },
};
