import { basename, dirname } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { networkConfig, withCeremonyNetwork } from '../../../core/ceremonies/seal/network.ts';
import type { SealState } from '../../../core/ceremonies/seal/state.ts';
import { joinCheckCode } from '../../../core/ceremonies/seal/rotation.ts';
import { addr } from '../../../core/ceremonies/seal/values.ts';
import { SEAL_FACTS, type SealRotationCreateParams } from '../../../../src-shared/ceremonies/seal.ts';
import type { Command } from '../command.ts';
import {
  actThroughTransactions,
  CONFIG_OPTIONS,
  networkOf,
  readDkgFile,
  sealCeremonies,
  sealCore,
  stateOf,
  unsignedText,
  writeDkgFile,
  writeInvitationBeside,
} from './seal-cli-support.ts';

/**
 * `ceremony seal init-rotation -c dkg.yaml`: seal-committee-cli's rotation coordinator step.
 * Reads KEY_SERVER_OBJ_ID (init-rotation-params) and the NEW committee's THRESHOLD and MEMBERS
 * (init-params); the current committee and its package come from the chain. Refuses before any
 * transaction when the sender is not a current member (the contract requires it) or fewer than
 * the current threshold of current members continue. Then sends init_rotation (signed with the
 * vault account, or printed with --unsigned) and writes the init-rotation section
 * (COMMITTEE_PKG, CURRENT_COMMITTEE_ID, COORDINATOR_ADDRESS, COMMITTEE_ID) and the invitation
 * bundle next to the file.
 */
export const sealInitRotationCommand: Command = {
  usage: '-c <dkg.yaml> [--address 0x…] [--network N] [--unsigned] [--json]',
  description:
    'The sender (--address, else COORDINATOR_ADDRESS in the file, else the only wallet account) must be a member of the\n' +
    'CURRENT committee: the contract refuses init_rotation from anyone else. At least the current threshold of current\n' +
    'members must be in MEMBERS. Re-run it after `seal submit-signature` to go on.',
  options: { ...CONFIG_OPTIONS, unsigned: { type: 'boolean' } },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const y = f.yaml;
    if (!y.isRotation()) {
      throw new CeremonyError(
        'cli/usage',
        `${f.path} has no init-rotation-params.KEY_SERVER_OBJ_ID, so it is not a rotation config; a fresh committee starts with \`ceremony seal publish-and-init\`.`,
      );
    }
    const network = networkOf(ctx, f);
    const keyServerObjId = y.keyServerObjId();
    const threshold = y.threshold();
    const members = y.members();
    const existingId = y.has('COMMITTEE_ID') ? y.committeeId() : null;
    const core = await sealCore(ctx);
    const same = (s: SealState) =>
      s.role === 'coordinator' &&
      s.rotation?.keyServerId === keyServerObjId &&
      s.committee.network === network &&
      s.committee.threshold === threshold &&
      s.committee.members.map((m) => m.address).join() === members.join() &&
      (existingId === null || s.committee.committeeId === existingId);
    let found = sealCeremonies(ctx.dataDir).find((c) => same(c.state));
    if (!found && existingId) {
      return {
        data: { skipped: true, committeeId: existingId },
        text: `${f.path} already has init-rotation.COMMITTEE_ID ${existingId}: nothing to do (init-rotation runs once per rotation).`,
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
            "Give the coordinator's address with --address: a member of the CURRENT committee (its key must be in the wallet unless you use --unsigned).",
          );
        coordinator = accounts[0]!.address;
      }
      const params: SealRotationCreateParams = {
        network,
        keyServerObjId,
        threshold,
        members: members.map((address) => ({ address })),
        coordinatorAddress: coordinator,
      };
      const v = await core.engine.create(
        'seal',
        `Seal key rotation (${basename(dirname(f.path))})`,
        networkConfig(network).kind === 'rehearsal',
        params,
      );
      found = { id: v.id, state: stateOf(ctx.dataDir, v.id) };
    }
    const id = found.id;
    // As upstream: COMMITTEE_PKG, CURRENT_COMMITTEE_ID and COORDINATOR_ADDRESS first, COMMITTEE_ID once it exists.
    const writeSection = (s: SealState) => {
      y.setInitRotation({
        coordinatorAddress: s.committee.coordinatorAddress,
        committeePkg: s.committee.packageId!,
        currentCommitteeId: s.committee.oldCommitteeId!,
        ...(s.committee.committeeId ? { committeeId: s.committee.committeeId } : {}),
      });
      writeDkgFile(f, withCeremonyNetwork(y.toString(), networkConfig(network)));
    };
    writeSection(stateOf(ctx.dataDir, id));
    const unsigned = await actThroughTransactions(core, ctx, id, (s) => (s.committee.committeeId ? null : 'init-rotation'), 4);
    if (unsigned) return { data: { ceremonyId: id, unsigned }, text: unsignedText(unsigned, f.path) };
    const s = stateOf(ctx.dataDir, id);
    if (!s.committee.committeeId)
      throw new CeremonyError(
        'seal/not-created',
        `The rotation committee could not be created; run \`ceremony show ${id}\` for the last error.`,
      );
    writeSection(s);
    const invPath = writeInvitationBeside(core, f, id);
    const view = core.engine.view(id);
    const fact = (label: string) => view.facts.find((x) => x.label === label)?.value ?? '';
    return {
      data: {
        ceremonyId: id,
        committeePkg: s.committee.packageId,
        currentCommitteeId: s.committee.oldCommitteeId,
        committeeId: s.committee.committeeId,
        coordinatorAddress: s.committee.coordinatorAddress,
        keyServerObjId,
        fromVersion: s.rotation!.fromVersion,
        toVersion: s.rotation!.toVersion,
        invitation: invPath,
        /** The one code every member compares before registering (`genkey-and-register --committee-code`). */
        checkCode: joinCheckCode(s),
      },
      text: [
        `COMMITTEE_PKG: ${s.committee.packageId}`,
        `CURRENT_COMMITTEE_ID: ${s.committee.oldCommitteeId}`,
        `COMMITTEE_ID: ${s.committee.committeeId}`,
        `COORDINATOR_ADDRESS: ${s.committee.coordinatorAddress}`,
        `Key rotation: ${fact(SEAL_FACTS.rotation)}`,
        `Continuing: ${fact(SEAL_FACTS.continuingMembers)}; leaving: ${fact(SEAL_FACTS.leavingMembers)}; joining: ${fact(SEAL_FACTS.joiningMembers)}`,
        `Written to ${f.path}; invitation bundle: ${invPath}`,
        `Check code to announce: ${joinCheckCode(s)} (the committee check code; it names the committee being replaced, so it covers the rotation)`,
        'Next: send dkg.yaml (or the invitation bundle) to every member of the new committee and announce Phase 1 (registration) with',
        'this code: each member compares it before registering (genkey-and-register --committee-code).',
      ].join('\n'),
    };
  },
};
