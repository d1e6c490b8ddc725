import { resolve } from 'node:path';
import { rehearseFrost } from '../../../core/rehearsal/frost.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { readInputFile, requireString } from './frost-cli-core.ts';

function intOption(v: unknown, name: string): number {
  const n = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : NaN;
  if (!Number.isInteger(n)) throw new CeremonyError('cli/bad-value', `--${name} needs a whole number.`);
  return n;
}

/**
 * `ceremony rehearse frost`: a whole FROST DKG and threshold signing on this machine, every
 * message going through real bundles between one data folder per member.
 */
export const rehearseFrostCommand: Command = {
  usage: '--suite S --members N --threshold T --message FILE --out DIR [--signers 1,3 …] [--json]',
  description:
    "Writes DIR/group-public-key.hex, DIR/signature.hex (the suite's standard encoding), DIR/message and DIR/member-<i>.toml (frost-client configs, " +
    'mode 0600, secrets in clear), and one data folder per member under DIR/members. Rehearsal vaults use an in-memory keychain: nothing is added to ' +
    'the OS keychain, and the vaults in DIR/members cannot be opened after the run (the TOML files are the only copies of the shares). ' +
    '--signers picks who signs (1-based member numbers, default the first T); repeat it for more signings of the same group.',
  options: {
    suite: { type: 'string' },
    members: { type: 'string' },
    threshold: { type: 'string' },
    message: { type: 'string' },
    out: { type: 'string' },
    signers: { type: 'string', multiple: true },
  },
  async run(ctx) {
    const usage = 'ceremony rehearse frost --suite S --members N --threshold T --message FILE --out DIR';
    const suite = requireString(ctx, 'suite', usage);
    const members = intOption(ctx.options.members, 'members');
    const threshold = intOption(ctx.options.threshold, 'threshold');
    const message = readInputFile(ctx, requireString(ctx, 'message', usage), 'message', 60_000);
    const out = resolve(ctx.cwd, requireString(ctx, 'out', usage));
    const raw = ctx.options.signers;
    const signerSets = (Array.isArray(raw) ? (raw as string[]) : []).map((s) =>
      s.split(',').map((x) => {
        if (!/^\s*\d+\s*$/.test(x))
          throw new CeremonyError('cli/bad-value', `--signers takes member numbers separated by commas, like 1,3 (got "${s}").`);
        return Number(x);
      }),
    );
    const r = await rehearseFrost({ suite, members, threshold, message, out, signerSets });
    const lines = [
      `REHEARSAL: FROST ${r.suite}, any ${threshold} of ${members}, every message over bundles.`,
      `Group public key: ${r.groupKey}`,
      ...r.signatures.map((s) => `Signature by members ${s.signers.join(', ')}: ${s.signature}`),
      `Files in ${out}:`,
      ...r.files.map((f) => `  ${f}`),
    ];
    return { data: { ...r, out, rehearsal: true }, text: lines.join('\n') };
  },
};
