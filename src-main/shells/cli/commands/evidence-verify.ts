import { CeremonyError } from '../../../core/errors.ts';
import { type EvidenceReport, MAX_EVIDENCE_BYTES, verifyEvidenceFile } from '../../../core/ceremonies/evidence-verify.ts';
import type { Command } from '../command.ts';
import { readFileArgument } from './file-argument.ts';

function who(p: EvidenceReport['accused']): string {
  if (!p) return '(unknown)';
  const where = p.partyId !== undefined ? `party ${p.partyId}` : p.id;
  return `${p.name || '(no name)'} (${where}${p.address ? `, ${p.address}` : ''})`;
}

/**
 * `ceremony evidence verify <file>`: re-runs the check an evidence file says the accused failed,
 * with no vault and no network. Exits 0 only when the evidence is VERIFIED.
 */
export const evidenceVerifyCommand: Command = {
  usage: '<file> [--json]',
  description:
    'Checks that the accused signed the message in the file and that it fails the named check (for a bad share, with the ' +
    "accuser's complaint). Compare the accused's signing key it prints with the committee on chain.",
  positionals: { min: 1, max: 1 },
  async run(ctx) {
    const { path, size, bytes } = readFileArgument(ctx, MAX_EVIDENCE_BYTES);
    if (size > MAX_EVIDENCE_BYTES)
      throw new CeremonyError('cli/file-too-large', `${path} is larger than any evidence file (${size} bytes).`);
    const r = await verifyEvidenceFile(bytes);
    const lines = [
      `File:       ${path}`,
      ...(r.committeeId ? [`Committee:  ${r.committeeId} (${r.protocol})`] : []),
      ...(r.accused ? [`Accused:    ${who(r.accused)}`] : []),
      ...(r.accuser ? [`Accuser:    ${who(r.accuser)}`] : []),
      ...(r.check ? [`Check:      ${r.check}`] : []),
      r.verified ? `VERIFIED:   ${r.finding}` : `REFUSED:    ${r.finding}`,
    ];
    if (r.verified && r.accusedSigningPk) {
      lines.push(
        `The accused's signing key is ${r.accusedSigningPk}:`,
        r.protocol === 'frost'
          ? `compare it with ${r.accused?.name || 'their'} bundle key in the group's roster (\`ceremony show\`).`
          : `compare it with ${r.accused?.name || 'their'} registered signing key in the committee on chain.`,
      );
    }
    return { data: { file: path, ...r }, text: lines.join('\n'), exitCode: r.verified ? 0 : 1 };
  },
};
