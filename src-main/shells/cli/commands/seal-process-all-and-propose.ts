import { existsSync, readdirSync, readFileSync, renameSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { CeremonyError, isCeremonyError } from '../../../core/errors.ts';
import { messagesHashCheckCode } from '../../../core/ceremonies/seal/values.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import type { Command } from '../command.ts';
import type { EventPayload } from '../../../../src-shared/api/events.ts';
import {
  CONFIG_OPTIONS,
  confirmCodeOption,
  fileAddress,
  findMember,
  readDkgFile,
  sealCore,
  signOrPrint,
  stateOf,
  unsignedText,
  writeDkgFile,
  writeKeyServerConfig,
} from './seal-cli-support.ts';

/**
 * A dealer's signed message failed a check and the app saved evidence against it: the file is
 * copied next to dkg.yaml, where a CLI user looks, and the error says where.
 */
function withEvidenceNextTo(e: unknown, core: Awaited<ReturnType<typeof sealCore>>, id: string, folder: string): unknown {
  if (!isCeremonyError(e) || typeof e.details.sender !== 'number' || typeof e.details.evidence !== 'string') return e;
  const path = core.engine.exportArtifact(id, SEAL_ARTIFACTS.evidence(e.details.sender), folder);
  return new CeremonyError(e.code, e.message.replace(`saved as ${e.details.evidence}`, `saved as ${path}`), {
    ...e.details,
    evidence: path,
  });
}

/**
 * `ceremony seal process-all-and-propose -c dkg.yaml [-m dir]`: imports every *.json (and
 * .ceremony message-set bundle) of the messages folder, processes them (as seal-committee-cli, a
 * bad file, two messages from one sender, or in a rotation a joining member's message, refuses the
 * whole run naming the file; a bad or missing message fails naming its sender; nothing is proposed), writes KEY_SERVER_PK, PARTIAL_PKS_V<k> and — as
 * seal-committee-cli does — MASTER_SHARE_V<k> into dkg.yaml (mode 0600; --no-share leaves it
 * out), then proposes on chain. k is 0 for a fresh committee; a key rotation (exactly the
 * current threshold's messages, from continuing members) produces version X+1, checks every
 * dealer against its partial key on chain and the rebuilt key against KEY_SERVER_PK, proposes
 * with propose_for_rotation, and writes key-server-config.yaml (Rotation for continuing members,
 * Active for joining ones) next to dkg.yaml. The outputs are written and the proposal made only
 * once --messages-hash-code says the messages_hash check code matches the coordinator's.
 */
export const sealProcessAllAndProposeCommand: Command = {
  usage: '-c <dkg.yaml> [-m <messages dir>] --messages-hash-code <code> [--no-share] [--address 0x…] [--unsigned] [--json]',
  description:
    'The messages folder defaults to dkg-messages/ next to dkg.yaml. The share stays in the vault either way;\n' +
    'without --no-share it is ALSO written into dkg.yaml (MASTER_SHARE_V<k>, file mode 0600) for seal-committee-cli\n' +
    'compatibility: move it to the key server and remove it from the file afterwards.\n' +
    'Before proposing, compare the messages_hash check code with the one your coordinator announced and give it\n' +
    'with --messages-hash-code: without it the command processes the messages, prints the code to compare and\n' +
    'stops (nothing is proposed or written to dkg.yaml); run it again with the code. A different code is recorded\n' +
    'as "A code differs" and nothing is proposed.',
  options: {
    ...CONFIG_OPTIONS,
    messages: { type: 'string', short: 'm' },
    'messages-hash-code': { type: 'string' },
    'no-share': { type: 'boolean' },
    unsigned: { type: 'boolean' },
  },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const core = await sealCore(ctx);
    const found = findMember(ctx.dataDir, f.yaml.committeeId(), fileAddress(ctx, f));
    if (!found)
      throw new CeremonyError(
        'seal/not-joined',
        `This install has not joined the committee of ${f.path}: run \`ceremony seal genkey-and-register\` first.`,
      );
    const id = found.id;
    let s = stateOf(ctx.dataDir, id);
    if (s.role !== 'member') throw new Error('not a member');
    if (!s.result) {
      const dir = resolve(ctx.cwd, typeof ctx.options.messages === 'string' ? ctx.options.messages : join(dirname(f.path), 'dkg-messages'));
      if (!existsSync(dir) || !statSync(dir).isDirectory())
        throw new CeremonyError('file/not-found', `No messages folder ${dir}: give it with -m.`, { path: dir });
      const files = readdirSync(dir)
        .filter((n) => n.endsWith('.json') || n.endsWith('.ceremony'))
        .sort()
        .map((n) => ({ name: n, bytes: new Uint8Array(readFileSync(join(dir, n))) }));
      // As seal-committee-cli, the folder as it is now is the set: forget what earlier runs
      // imported from files (and refused), then import every file; any refusal stops here.
      await core.engine.act(id, 'clear-message-files', {});
      const summary = await core.engine.importFiles(id, files);
      const refused = summary.outcomes.filter((o) => !o.accepted && o.error?.code !== 'bundle/duplicate');
      if (refused.length)
        throw new CeremonyError(
          'seal/refused-message-files',
          `${refused.map((o) => `${join(dir, o.file)}: ${o.error?.message ?? 'refused'}`).join('; ')}. Nothing was processed or proposed: remove ${refused.map((o) => o.file).join(', ')} from ${dir} (ask the coordinator which message is right) and run this again.`,
          { file: join(dir, refused[0]!.file), files: refused.map((o) => join(dir, o.file)).join(',') },
        );
      // A large set (n = 256 is about 12 MiB) takes a while: say how far the checks are, on stderr.
      const stopProgress = core.bus.subscribe((event, payload) => {
        if (event !== 'progress') return;
        const p = payload as EventPayload<'progress'>;
        // The step's own start and end marks count 0 and 1 of 1; the checks count messages.
        if (p.total > 1) ctx.io.err(`${p.label}: ${p.done} of ${p.total} checked`);
      });
      try {
        await core.engine.act(id, 'process', {});
      } catch (e) {
        throw withEvidenceNextTo(e, core, id, dirname(f.path));
      } finally {
        stopProgress();
      }
    }
    s = stateOf(ctx.dataDir, id);
    if (s.role !== 'member' || !s.result) throw new Error('no result after process');
    // Proposing is final: the code comparison comes before the outputs are written (a rerun after proposing needs none).
    if (!s.proposed && !s.pending) await confirmCodeOption(core, ctx, id, 'messages-hash');
    // The -c file becomes this member's dkg.yaml with the outputs (and the share unless --no-share).
    if (ctx.options['no-share'] === true) {
      writeDkgFile(f, new TextDecoder().decode(core.engine.readArtifact(id, SEAL_ARTIFACTS.dkgYaml).bytes));
    } else {
      const tmp = join(dirname(f.path), `.dkg.yaml.${process.pid}.share`);
      core.exportTo(tmp);
      await core.engine.act(id, 'export-share-file', { format: 'dkg-yaml' });
      renameSync(tmp, f.path);
    }
    const config = writeKeyServerConfig(core, id, dirname(f.path));
    if (!s.proposed && !s.pending) await core.engine.act(id, 'propose', {});
    const r = await signOrPrint(core, ctx, id);
    const code = messagesHashCheckCode(s.result.messagesHash);
    const v = s.result.version;
    const head = [
      `KEY_SERVER_PK: 0x${s.result.keyServerPk}${s.rotation ? ' (unchanged by the rotation: the rebuilt key equals the one on chain)' : ''}`,
      `messages_hash check code: ${code} (the code your coordinator announced)`,
      ctx.options['no-share'] === true
        ? `Outputs (PARTIAL_PKS_V${v}) written to ${f.path} (without the share; it is in the vault).`
        : `Outputs and MASTER_SHARE_V${v} written to ${f.path} (mode 0600): the share is SECRET.`,
      ...(config ? [config] : []),
    ];
    if (r.unsigned)
      return {
        data: { ceremonyId: id, messagesHashCheckCode: code, unsigned: r.unsigned },
        text: [...head, unsignedText(r.unsigned, f.path)].join('\n'),
      };
    return {
      data: {
        ceremonyId: id,
        keyServerPk: `0x${s.result.keyServerPk}`,
        messagesHash: `0x${s.result.messagesHash}`,
        messagesHashCheckCode: code,
        proposed: true,
      },
      text: [
        ...head,
        s.rotation
          ? `Proposed on chain (propose_for_rotation). Next: wait for the coordinator to announce that the rotation to version ${v} is finalized (\`ceremony seal check-committee\`).`
          : 'Proposed on chain. Next: wait for the coordinator to announce KEY_SERVER_OBJ_ID (`ceremony seal check-committee`).',
      ].join('\n'),
    };
  },
};
