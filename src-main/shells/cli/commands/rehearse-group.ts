import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { validateMoniker } from '../../../core/crypto/group/moniker.ts';
import { defaultMonikers, MAX_DEFAULT_MONIKERS, REHEARSAL_PASSPHRASE, runGroupRehearsal } from '../../../core/rehearsal/group.ts';
import type { Command } from '../command.ts';

function intOption(v: unknown, name: string): number {
  const n = Number(v);
  if (typeof v !== 'string' || !Number.isInteger(n)) throw new CeremonyError('api/invalid-input', `Give --${name} as an integer.`);
  return n;
}

/**
 * `ceremony rehearse group`: a whole group life in one process, every operator with its own data
 * folder, files exchanged through DIR/exchange exactly as operators would exchange them:
 * genesis of N operators with threshold M, one join of NEWNAME approved by M members, then an
 * M-of-N FROST signing of a test message by the newcomer and M−1 others. Writes
 * DIR/public_key.txt, DIR/peers_list.txt, DIR/message and DIR/signature.hex, exports every
 * operator's trust-server files and reads them back, and verifies the signature with stock
 * Ed25519 (noble, and openssl when installed).
 */
export const rehearseGroupCommand: Command = {
  usage: '--members N --threshold M --join NEWNAME --out DIR [--monikers A,B,…] [--message TEXT] [--json]',
  description: `Operator data folders go to DIR/operators/<moniker>, each with a passphrase vault (passphrase "${REHEARSAL_PASSPHRASE}", cheap KDF; nothing is added to the OS keychain).`,
  options: {
    members: { type: 'string' },
    threshold: { type: 'string' },
    join: { type: 'string' },
    out: { type: 'string' },
    monikers: { type: 'string' },
    message: { type: 'string' },
  },
  async run(ctx) {
    const o = ctx.options;
    const n = intOption(o.members, 'members');
    const m = intOption(o.threshold, 'threshold');
    if (typeof o.join !== 'string') throw new CeremonyError('api/invalid-input', 'Name the newcomer with --join.');
    if (typeof o.out !== 'string') throw new CeremonyError('api/invalid-input', 'Give the output folder with --out.');
    const newName = validateMoniker(o.join, 'newcomer moniker');
    const monikers = typeof o.monikers === 'string' ? o.monikers.split(',').map((s) => s.trim()) : defaultMonikers(n, newName);
    if (monikers.length !== n)
      throw new CeremonyError(
        'api/invalid-input',
        n > MAX_DEFAULT_MONIKERS
          ? `Give ${n} monikers with --monikers.`
          : `--monikers lists ${monikers.length} names but --members is ${n}.`,
      );
    return runGroupRehearsal({
      out: resolve(ctx.cwd, o.out),
      monikers,
      threshold: m,
      newName,
      ...(typeof o.message === 'string' ? { message: o.message } : {}),
    });
  },
};
