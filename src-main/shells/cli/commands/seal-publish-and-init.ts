import { readFileSync } from 'node:fs';
import { basename, dirname, resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { networkConfig, withCeremonyNetwork } from '../../../core/ceremonies/seal/network.ts';
import { joinCheckCode } from '../../../core/ceremonies/seal/rotation.ts';
import { addr } from '../../../core/ceremonies/seal/values.ts';
import type { Command } from '../command.ts';
import {
  CONFIG_OPTIONS,
  networkOf,
  readDkgFile,
  sealCeremonies,
  sealCore,
  stateOf,
  unsignedText,
  writeDkgFile,
  createCommitteeThroughTransactions,
  writeInvitationBeside,
} from './seal-cli-support.ts';

/**
 * `ceremony seal publish-and-init -c dkg.yaml`: seal-committee-cli's coordinator step. Publishes
 * the committee package and calls init_committee (two transactions, each signed with the
 * coordinator's vault account or, with --unsigned, printed for offline signing), then writes
 * COMMITTEE_PKG, COMMITTEE_ID and COORDINATOR_ADDRESS into the file and the invitation bundle
 * next to it. Re-run it after `seal submit-signature` to go on.
 */
export const sealPublishAndInitCommand: Command = {
  usage: '-c <dkg.yaml> [--address 0x…] [--bytecode dump.json] [--network N] [--unsigned] [--json]',
  description:
    'Reads NETWORK, THRESHOLD and MEMBERS from the file. --bytecode is the JSON printed by\n' +
    "`sui move build --dump-bytecode-as-base64` in seal's move/committee (not needed on a rehearsal,\n" +
    'e.g. --network rehearsal:<folder>). Signs with the vault account --address (default: COORDINATOR_ADDRESS\n' +
    'in the file, or the only wallet account); --unsigned prints the transaction bytes and digest instead.',
  options: { ...CONFIG_OPTIONS, bytecode: { type: 'string' }, unsigned: { type: 'boolean' } },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const y = f.yaml;
    if (y.isRotation())
      throw new CeremonyError(
        'cli/usage',
        `${f.path} is a key rotation config (it has KEY_SERVER_OBJ_ID): start it with \`ceremony seal init-rotation -c ${f.path}\`.`,
      );
    const network = networkOf(ctx, f);
    const threshold = y.threshold();
    const members = y.members();
    const existingId = y.has('COMMITTEE_ID') ? y.committeeId() : null;
    const core = await sealCore(ctx);
    const same = (s: ReturnType<typeof sealCeremonies>[number]['state']) =>
      s.role === 'coordinator' &&
      s.committee.network === network &&
      s.committee.threshold === threshold &&
      s.committee.members.map((m) => m.address).join() === members.join() &&
      (existingId === null || s.committee.committeeId === existingId);
    let found = sealCeremonies(ctx.dataDir).find((c) => same(c.state));
    if (!found && existingId) {
      return {
        data: { skipped: true, committeePkg: y.committeePkg(), committeeId: existingId },
        text: `${f.path} already has COMMITTEE_ID ${existingId}: nothing to do (publish-and-init runs once per committee).`,
      };
    }
    if (!found) {
      let coordinator =
        typeof ctx.options.address === 'string' ? addr(ctx.options.address) : y.has('COORDINATOR_ADDRESS') ? y.coordinatorAddress() : null;
      if (!coordinator) {
        const accounts = await core.wallet.accounts();
        if (accounts.length !== 1)
          throw new CeremonyError(
            'cli/usage',
            "Give the coordinator's address with --address (its key must be in the wallet unless you use --unsigned).",
          );
        coordinator = accounts[0]!.address;
      }
      const bytecode = typeof ctx.options.bytecode === 'string' ? readFileSync(resolve(ctx.cwd, ctx.options.bytecode), 'utf8') : undefined;
      const params = {
        network,
        threshold,
        members: members.map((address) => ({ address })),
        coordinatorAddress: coordinator,
        ...(bytecode ? { bytecodeDump: bytecode } : {}),
      };
      const v = await core.engine.create(
        'seal',
        `Seal committee (${basename(dirname(f.path))})`,
        networkConfig(network).kind === 'rehearsal',
        params,
      );
      found = { id: v.id, state: stateOf(ctx.dataDir, v.id) };
    }
    const id = found.id;
    const unsigned = await createCommitteeThroughTransactions(core, ctx, id);
    if (unsigned) return { data: { ceremonyId: id, unsigned }, text: unsignedText(unsigned, f.path) };
    const s = stateOf(ctx.dataDir, id);
    if (!s.committee.committeeId)
      throw new CeremonyError('seal/not-created', 'The committee could not be created; run `ceremony show ' + id + '` for the last error.');
    y.setPublishAndInit({
      committeePkg: s.committee.packageId!,
      committeeId: s.committee.committeeId,
      coordinatorAddress: s.committee.coordinatorAddress,
    });
    writeDkgFile(f, withCeremonyNetwork(y.toString(), networkConfig(network)));
    const invPath = writeInvitationBeside(core, f, id);
    return {
      data: {
        ceremonyId: id,
        committeePkg: s.committee.packageId,
        committeeId: s.committee.committeeId,
        coordinatorAddress: s.committee.coordinatorAddress,
        invitation: invPath,
        /** The code every member compares before registering (`genkey-and-register --committee-code`). */
        checkCode: joinCheckCode(s),
      },
      text: [
        `COMMITTEE_PKG: ${s.committee.packageId}`,
        `COMMITTEE_ID: ${s.committee.committeeId}`,
        `COORDINATOR_ADDRESS: ${s.committee.coordinatorAddress}`,
        `Written to ${f.path}; invitation bundle: ${invPath}`,
        `Committee check code: ${joinCheckCode(s)}`,
        'Next: send dkg.yaml (or the invitation bundle) to every member and announce Phase 1 (registration) with this code:',
        'each member compares it before registering (genkey-and-register --committee-code).',
      ].join('\n'),
    };
  },
};
