import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { recordReportHtml } from '../../../core/record/report-html.ts';
import type { Command } from '../command.ts';
import { readRecordArg, verdictText } from './record-verify.ts';

/**
 * `ceremony record report <file> --html OUT`: the record as a self-contained HTML page for
 * auditors (print it to PDF from a browser). The report is written for a refused record too,
 * with what was altered at the top; the exit code is that of `record verify`.
 */
export const recordReportCommand: Command = {
  usage: '<ceremony-record.json> --html <report.html>',
  options: { html: { type: 'string' } },
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const out = ctx.options['html'];
    if (typeof out !== 'string' || !out) throw new CeremonyError('cli/missing-option', 'Say where to write the report: --html report.html');
    const { path, verdict } = readRecordArg(ctx);
    const target = resolve(ctx.cwd, out);
    if (existsSync(target))
      throw new CeremonyError('cli/file-exists', `${target} already exists; choose a new file name (it is never written over).`);
    writeFileAtomic(target, recordReportHtml(verdict, path));
    return {
      data: { file: path, report: target, ok: verdict.ok },
      text: `${verdictText(path, verdict)}\nReport:      ${target}`,
      exitCode: verdict.ok ? 0 : 1,
    };
  },
};
