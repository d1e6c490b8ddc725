import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { CONFIG_OPTIONS, fileAddress, findMember, readDkgFile, sealCore, stateOf } from './seal-cli-support.ts';

/**
 * `ceremony seal init-state -c dkg.yaml`: seal-committee-cli's step for a member JOINING in a
 * key rotation. It checks that every member registered with the keys on chain; a joining member
 * deals nothing, so no message is written. Then wait for the coordinator's message set.
 */
export const sealInitStateCommand: Command = {
  usage: '-c <dkg.yaml> [--address 0x…] [--json]',
  options: { ...CONFIG_OPTIONS },
  async run(ctx) {
    const f = readDkgFile(ctx);
    if (!f.yaml.isRotation())
      throw new CeremonyError(
        'cli/usage',
        `${f.path} is not a key rotation config: in a fresh committee every member runs \`ceremony seal create-message\`.`,
      );
    const core = await sealCore(ctx);
    const found = findMember(ctx.dataDir, f.yaml.committeeId(), fileAddress(ctx, f));
    if (!found)
      throw new CeremonyError(
        'seal/not-joined',
        `This install has not joined the committee of ${f.path}: run \`ceremony seal genkey-and-register\` first.`,
      );
    await core.engine.act(found.id, 'init-state', {});
    const s = stateOf(ctx.dataDir, found.id);
    if (s.role !== 'member') throw new Error('not a member');
    return {
      data: { ceremonyId: found.id, partyId: s.partyId, initialized: s.initialized, messagesNeeded: s.rotation?.oldThreshold ?? null },
      text: `Initialised as a joining member (party ${s.partyId}): you deal nothing, so no message is written.\nNext: wait for the coordinator's message set (${s.rotation?.oldThreshold ?? 'the'} messages from continuing members), then run \`ceremony seal process-all-and-propose -c ${f.path}\`.`,
    };
  },
};
