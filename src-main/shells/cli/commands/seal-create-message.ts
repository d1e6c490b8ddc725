import { dirname, join } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/protocols/seal.ts';
import type { Command } from '../command.ts';
import { CONFIG_OPTIONS, fileAddress, findMember, readDkgFile, sealCore, stateOf } from './seal-cli-support.ts';

/**
 * `ceremony seal create-message -c dkg.yaml`: after everyone registered, creates this member's DKG
 * message and writes message_<P>.json next to dkg.yaml (and the message bundle), to send to
 * the coordinator.
 */
export const sealCreateMessageCommand: Command = {
  path: ['seal', 'create-message'],
  summary: 'Member: create your DKG message (message_<P>.json next to dkg.yaml)',
  usage: '-c <dkg.yaml> [--address 0x…] [--json]',
  options: { ...CONFIG_OPTIONS },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const core = await sealCore(ctx);
    const found = findMember(ctx.dataDir, f.yaml.committeeId(), fileAddress(ctx, f));
    if (!found) throw new CeremonyError('seal/not-joined', `This install has not joined the committee of ${f.path}: run \`ceremony seal genkey-and-register\` first.`);
    const s0 = stateOf(ctx.dataDir, found.id);
    if (s0.role === 'member' && !s0.message) await core.engine.act(found.id, 'create-message', {});
    const s = stateOf(ctx.dataDir, found.id);
    if (s.role !== 'member' || !s.message) throw new Error('no message after create-message');
    const json = core.engine.readArtifact(found.id, SEAL_ARTIFACTS.messageJson);
    const bundle = core.engine.readArtifact(found.id, SEAL_ARTIFACTS.messageBundle);
    const dir = dirname(f.path);
    const jsonPath = join(dir, json.name);
    const bundlePath = join(dir, bundle.name);
    writeFileAtomic(jsonPath, json.bytes);
    writeFileAtomic(bundlePath, bundle.bytes);
    return {
      data: { ceremonyId: found.id, partyId: s.partyId, file: jsonPath, bundle: bundlePath, checkCode: s.message.checkCode },
      text: `Wrote ${jsonPath} (and ${bundlePath}); message check code ${s.message.checkCode}.\nNext: send it to the coordinator and wait for the message set (Phase 3).`,
    };
  },
};
