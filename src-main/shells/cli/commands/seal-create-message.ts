import { dirname, join, resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { oldPartyIdOf } from '../../../core/ceremonies/seal/rotation.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import type { Command } from '../command.ts';
import { CONFIG_OPTIONS, fileAddress, findMember, readDkgFile, sealCore, stateOf } from './seal-cli-support.ts';

/** A share value as people paste it (hex, or a MASTER_SHARE_V<k>= line); anything else is a file path. */
const SHARE_VALUE = /^(?:(?:export\s+)?MASTER_SHARE_V\d+\s*=\s*)?(?:0x)?[0-9a-fA-F]{64}$/;

/**
 * `ceremony seal create-message -c dkg.yaml [--old-share …]`: after everyone registered, creates
 * this member's DKG message and writes message_<P>.json next to dkg.yaml (and the message
 * bundle), to send to the coordinator. In a key rotation only CONTINUING members deal: their
 * share of the current version comes from the vault by itself, or from `--old-share` (the
 * MASTER_SHARE_V<k> value, or a file holding it: an env file or a dkg.yaml), checked against
 * the member's on-chain partial key first. Joining members run `ceremony seal init-state`.
 */
export const sealCreateMessageCommand: Command = {
  usage: '-c <dkg.yaml> [--old-share <0x… | file>] [--address 0x…] [--json]',
  description:
    "Key rotation, continuing member: --old-share gives MASTER_SHARE_V<current version> when this install's vault does\n" +
    'not hold it (it was made on another machine). It is checked against your partial key on chain before use.',
  options: { ...CONFIG_OPTIONS, 'old-share': { type: 'string', short: 'o' } },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const core = await sealCore(ctx);
    const found = findMember(ctx.dataDir, f.yaml.committeeId(), fileAddress(ctx, f));
    if (!found)
      throw new CeremonyError(
        'seal/not-joined',
        `This install has not joined the committee of ${f.path}: run \`ceremony seal genkey-and-register\` first.`,
      );
    const s0 = stateOf(ctx.dataDir, found.id);
    if (s0.role !== 'member') throw new Error('not a member');
    const oldShare = ctx.options['old-share'];
    if (s0.committee.oldCommitteeId && s0.rotation && oldPartyIdOf(s0.rotation, s0.address) === null) {
      throw new CeremonyError(
        'seal/joining-member',
        `You join the committee in this rotation, so you deal no message${typeof oldShare === 'string' ? ' and have no old share to give' : ''}: run \`ceremony seal init-state -c ${f.path}\` instead.`,
      );
    }
    if (typeof oldShare === 'string') {
      if (!s0.committee.oldCommitteeId)
        throw new CeremonyError('cli/usage', '--old-share is only for key rotations; a fresh committee deals fresh shares.');
      const value = oldShare.trim();
      if (!s0.message)
        await core.engine.act(found.id, 'import-old-share', SHARE_VALUE.test(value) ? { value } : { path: resolve(ctx.cwd, value) });
    }
    if (!s0.message) await core.engine.act(found.id, 'create-message', {});
    const s = stateOf(ctx.dataDir, found.id);
    if (s.role !== 'member' || !s.message) throw new Error('no message after create-message');
    const json = core.engine.readArtifact(found.id, SEAL_ARTIFACTS.messageJson);
    const bundle = core.engine.readArtifact(found.id, SEAL_ARTIFACTS.messageBundle);
    const dir = dirname(f.path);
    const jsonPath = join(dir, json.name);
    const bundlePath = join(dir, bundle.name);
    writeFileAtomic(jsonPath, json.bytes);
    writeFileAtomic(bundlePath, bundle.bytes);
    const rotation = s.rotation
      ? ` (dealt with your share of version ${s.rotation.fromVersion}, ${s.oldShare?.source === 'imported' ? 'imported' : 'from the vault'})`
      : '';
    return {
      data: {
        ceremonyId: found.id,
        partyId: s.partyId,
        file: jsonPath,
        bundle: bundlePath,
        checkCode: s.message.checkCode,
        oldShare: s.oldShare?.source ?? null,
      },
      text: `Wrote ${jsonPath} (and ${bundlePath}); message check code ${s.message.checkCode}${rotation}.\nNext: send it to the coordinator and wait for the message set (Phase 3).`,
    };
  },
};
