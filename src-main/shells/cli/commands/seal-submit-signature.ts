import { CeremonyError, listedCode } from '../../../core/errors.ts';
import { addr } from '../../../core/ceremonies/seal/values.ts';
import type { Command } from '../command.ts';
import { CONFIG_OPTIONS, readDkgFile, sealCeremonies, sealCore, signatureArg, stateOf } from './seal-cli-support.ts';

/**
 * `ceremony seal submit-signature -c dkg.yaml --signature …`: the signature of a transaction
 * printed by `--unsigned` and signed elsewhere (`sui keytool sign` output or its suiSignature).
 * It is checked against the pending transaction of this install's ceremony for the file (the
 * right transaction, the right sender) and submitted. Then re-run the step's command to go on.
 */
export const sealSubmitSignatureCommand: Command = {
  usage: '-c <dkg.yaml> --signature <base64 | @file> [--address 0x…] [--json]',
  options: { ...CONFIG_OPTIONS, signature: { type: 'string' } },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const signature = signatureArg(ctx);
    const committeeId = f.yaml.has('COMMITTEE_ID') ? f.yaml.committeeId() : null;
    const address = typeof ctx.options.address === 'string' ? addr(ctx.options.address) : null;
    const core = await sealCore(ctx);
    const candidates = sealCeremonies(ctx.dataDir).filter(
      (c) =>
        c.state.pending?.status === 'unsigned' &&
        (committeeId === null || c.state.committee.committeeId === committeeId || c.state.committee.committeeId === null) &&
        (address === null || c.state.pending.sender === address),
    );
    if (!candidates.length)
      throw new CeremonyError(
        'seal/no-pending-transaction',
        `No transaction of the committee in ${f.path} is waiting for a signature on this install.`,
      );
    if (candidates.length > 1)
      throw new CeremonyError('cli/usage', 'Several transactions wait for a signature; choose the signer with --address.');
    const { id } = candidates[0]!;
    const before = stateOf(ctx.dataDir, id).pending!;
    await core.engine.act(id, 'submit-signature', { signature });
    const after = stateOf(ctx.dataDir, id);
    const last = after.txLog.at(-1);
    if (after.lastTxError && last?.digest === before.digest && !last.ok)
      throw new CeremonyError(listedCode(after.lastTxError.code), after.lastTxError.message);
    return {
      data: { ceremonyId: id, purpose: before.purpose, digest: before.digest, submitted: true },
      text: `Submitted ${before.purpose} (digest ${before.digest}). Run the step's command again to continue.`,
    };
  },
};
