import { MAX_RECORD_BYTES } from '../../../core/record/format.ts';
import { verifyRecord, type RecordVerdict } from '../../../core/record/verify.ts';
import type { Command, CliContext } from '../command.ts';
import { readFileArgument } from './file-argument.ts';

/** Reads a record file named on the command line (refusing a huge one before reading it). */
export function readRecordArg(ctx: CliContext): { path: string; verdict: RecordVerdict } {
  const { path, bytes } = readFileArgument(ctx, MAX_RECORD_BYTES);
  return { path, verdict: verifyRecord(bytes) };
}

/** The verdict for a terminal: what was altered first, then who signed, who did not, and the codes. */
export function verdictText(path: string, v: RecordVerdict): string {
  const b = v.body;
  const label = (id: string) => {
    const r = b?.roster.find((x) => x.id === id);
    return r?.label ? `${r.label} (${id})` : id;
  };
  const lines = [`File:        ${path}`];
  lines.push(v.ok ? 'Verdict:     VALID: every signature verifies and covers the record as it is' : 'Verdict:     REFUSED');
  for (const p of v.problems) lines.push(`  - ${p.message}`);
  if (b) {
    lines.push(`Ceremony:    ${b.ceremony.protocol} ${b.ceremony.kind} ${b.ceremony.id}${b.ceremony.rehearsal ? ' (REHEARSAL)' : ''}`);
    lines.push(`Record hash: ${v.recordHash}`);
    lines.push(
      `Signed by:   ${v.signed.length ? v.signed.map((s) => `${label(s.participant)}${s.valid ? '' : ' [INVALID]'}`).join(', ') : 'nobody'}`,
    );
    lines.push(`Not signed:  ${v.notSigned.length ? v.notSigned.map((n) => label(n.participant)).join(', ') : 'everyone signed'}`);
    for (const c of v.codes)
      lines.push(`Code:        ${c.what} ${c.code}, confirmed by ${c.confirmedBy.map(label).join(', ') || 'nobody who signed'}`);
  }
  return lines.join('\n');
}

/**
 * `ceremony record verify <file>`: checks a ceremony record without a vault. Exits 0 only when
 * every signature present verifies over the record as it is; members who did not sign are
 * listed, never a failure.
 */
export const recordVerifyCommand: Command = {
  usage: '<ceremony-record.json> [--json]',
  description:
    'Checks every signature of a ceremony record against the bundle key it lists for its signer, and the file byte for byte. Names what was altered; lists who signed and who did not.',
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { path, verdict } = readRecordArg(ctx);
    const { body: _body, ...data } = verdict;
    return {
      data: { file: path, ...data, ceremony: verdict.body?.ceremony ?? null },
      text: verdictText(path, verdict),
      exitCode: verdict.ok ? 0 : 1,
    };
  },
};
