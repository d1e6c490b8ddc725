import { resolve } from 'node:path';
import { bytesToHex, randomBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../core/errors.ts';
import { openFrostClientGroup } from '../../../core/formats/frost/config-toml.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { FrostdSignCoordinator, FrostdSignParticipant, runFrostdSession } from '../../../core/transports/frostd/index.ts';
import type { Command } from '../command.ts';
import {
  COMMON_ONLINE_OPTIONS,
  connect,
  loadOperatorConfig,
  positiveInt,
  progress,
  readFileOption,
  resolveMembers,
  stringOption,
  timeoutOption,
  usage,
  type OperatorConfig,
} from './frost-online-common.ts';

/**
 * `ceremony frost online-sign`: a FROST signing through a frostd relay with frost-client users.
 *
 *   coordinator  --coordinate --signers me,Bob --message FILE [--signature-out FILE] [-r]
 *                (frost-client `coordinator`); add --sign to sign as well, in the same process;
 *                RedPallas groups always sign rerandomized, as frost-client does; -r asks for it
 *                with Ed25519; the randomizer and randomized key are printed with the signature;
 *   signer       --sign (--expect-message FILE | --yes) [--session ID]
 *                (frost-client `participant`): it signs only the message in FILE, or with --yes
 *                whatever the coordinator sends, printing it.
 *
 * The group comes from the config (`--group <group key>`, or the only group there).
 */
export const frostOnlineSignCommand: Command = {
  usage:
    '--config FILE [--group KEY] [--server HOST:PORT] (--coordinate --signers A,B --message FILE [--signature-out FILE] [--rerandomized] [--sign] | --sign (--expect-message FILE | --yes) [--session ID]) [--json]',
  description:
    'The server defaults to the group\'s server_url. Signers are contact names, hex keys or "me"; the threshold comes from your key package. ' +
    'Options: --timeout-min N (per phase, default 20), --ca FILE (trust the relay certificate in FILE), --poll-ms N (default 2000).',
  options: {
    ...COMMON_ONLINE_OPTIONS,
    group: { type: 'string', short: 'g' },
    coordinate: { type: 'boolean' },
    sign: { type: 'boolean' },
    signers: { type: 'string' },
    message: { type: 'string', short: 'm' },
    'signature-out': { type: 'string', short: 'o' },
    rerandomized: { type: 'boolean', short: 'r' },
    'expect-message': { type: 'string' },
    yes: { type: 'boolean' },
    session: { type: 'string' },
  },
  async run(ctx) {
    const op = loadOperatorConfig(ctx);
    const coordinate = ctx.options.coordinate === true;
    const signs = ctx.options.sign === true;
    if (!coordinate && !signs) throw usage('Say your part: --coordinate (with --signers and --message), --sign, or both.');
    const groupKey = stringOption(ctx, 'group') ?? onlyGroup(op);
    const stored = op.config.groups[groupKey];
    if (!stored) throw new CeremonyError('frost/unknown-group', `The config ${op.path} has no group ${groupKey}.`, { group: groupKey });
    const group = openFrostClientGroup(groupKey, stored);
    const participants = Object.fromEntries(Object.entries(group.participants).map(([id, k]) => [id, bytesToHex(k)]));
    const server = stringOption(ctx, 'server') ?? group.serverUrl;
    if (!server) throw usage('--server HOST:PORT is required (the group has no server_url).');
    const timeoutMs = timeoutOption(ctx);
    const pollIntervalMs = positiveInt(ctx, 'poll-ms', 2000);

    let message: Uint8Array | undefined;
    let expected: Uint8Array | undefined;
    if (coordinate) {
      message = readFileOption(ctx, 'message');
      if (!message) throw usage('--coordinate needs --message FILE: the message to sign.');
      if (!stringOption(ctx, 'signers')) throw usage('--coordinate needs --signers: who signs (contact names, hex keys, or me).');
    } else {
      expected = readFileOption(ctx, 'expect-message');
      if (!expected && ctx.options.yes !== true)
        throw usage(
          'Say what you will sign: --expect-message FILE (only that message), or --yes (whatever the coordinator sends; it is printed).',
        );
    }

    const client = await connect(ctx, server, op);
    const data: Record<string, unknown> = { group: groupKey };
    const lines: string[] = [];
    // When one part fails (e.g. the coordinator times out), the other stops too.
    const stop = new AbortController();
    const guard = <T>(p: Promise<T>) =>
      p.catch((e: unknown) => {
        stop.abort();
        throw e;
      });
    try {
      let coordinator: FrostdSignCoordinator | undefined;
      let signer: FrostdSignParticipant | undefined;
      const runs: Promise<unknown>[] = [];
      if (coordinate) {
        coordinator = FrostdSignCoordinator.create(
          {
            publicKeyPackage: group.publicKeyPackage,
            minSigners: group.keyPackage.minSigners,
            participants,
            signers: resolveMembers(stringOption(ctx, 'signers')!, op),
            message: message!,
            contacts: op.contacts,
            timeoutMs,
            ...(ctx.options.rerandomized === true ? { rerandomized: true } : {}),
          },
          { communicationKey: op.key, seed: randomBytes(32) },
        );
        runs.push(
          guard(runFrostdSession(coordinator, client, { pollIntervalMs, signal: stop.signal, onStep: progress(ctx.io, 'coordinator') })),
        );
      }
      if (signs) {
        const startSigner = async () => {
          // A signer that also coordinates joins the very session its coordinator part created.
          const session = coordinator ? await sessionOf(coordinator, stop.signal) : stringOption(ctx, 'session');
          signer = FrostdSignParticipant.create(
            {
              participants,
              contacts: op.contacts,
              ...(session ? { sessionId: session } : {}),
              ...((expected ?? message) ? { expectedMessage: (expected ?? message)! } : {}),
              autoApprove: true,
              timeoutMs,
            },
            { communicationKey: op.key, seed: randomBytes(32), keyPackage: group.keyPackage },
          );
          await runFrostdSession(signer, client, { pollIntervalMs, signal: stop.signal, onStep: progress(ctx.io, 'signer') });
        };
        runs.push(guard(startSigner()));
      }
      await Promise.all(runs);
      if (coordinator) {
        const r = coordinator.result!;
        const out = stringOption(ctx, 'signature-out');
        if (out) writeFileAtomic(resolve(ctx.cwd, out), r.signature);
        Object.assign(data, {
          signature: bytesToHex(r.signature),
          sessionId: r.sessionId,
          signatureFile: out ? resolve(ctx.cwd, out) : null,
          randomizer: r.randomizer ? bytesToHex(r.randomizer) : null,
          verifyingKey: bytesToHex(r.verifyingKey),
        });
        lines.push(`Signature:   ${bytesToHex(r.signature)}`);
        if (r.randomizer)
          lines.push(`Randomizer:  ${bytesToHex(r.randomizer)}`, `Verifies under the randomized key ${bytesToHex(r.verifyingKey)}`);
        if (out) lines.push(`Written to:  ${resolve(ctx.cwd, out)}`);
      }
      if (signer) {
        const req = (signer as FrostdSignParticipant).request!;
        Object.assign(data, {
          signed: {
            messageHex: req.messageHex,
            messageText: req.messageText,
            coordinator: req.coordinator,
            sessionId: (signer as FrostdSignParticipant).sessionId,
          },
        });
        lines.push(
          `Signed for ${req.coordinator}: ${req.messageText !== null ? JSON.stringify(req.messageText) : '(binary)'} (hex ${req.messageHex})`,
        );
      }
    } finally {
      await client.logout().catch(() => undefined);
    }
    return { data, text: lines.join('\n') };
  },
};

function onlyGroup(op: OperatorConfig): string {
  const keys = Object.keys(op.config.groups);
  if (keys.length === 1) return keys[0]!;
  throw usage(
    keys.length === 0
      ? `The config ${op.path} has no group yet.`
      : `The config ${op.path} has ${keys.length} groups; choose one with --group.`,
  );
}

/** The session the coordinator part creates (it does so on its first step). */
async function sessionOf(coordinator: FrostdSignCoordinator, signal: AbortSignal): Promise<string> {
  while (!coordinator.sessionId) {
    if (signal.aborted || coordinator.status === 'failed')
      throw new CeremonyError('frostd/cancelled', 'The signing stopped before its session was created.', {});
    await new Promise((r) => setTimeout(r, 20));
  }
  return coordinator.sessionId;
}
