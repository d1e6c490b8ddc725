import { randomBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../core/errors.ts';
import { resolveFrostSuite } from '../../../core/crypto/frost/suites.ts';
import { FrostdDkgRunner, runFrostdSession } from '../../../core/transports/frostd/index.ts';
import { frostClientServerUrl } from '../../../core/ceremonies/frost/frost-client-toml.ts';
import type { Command } from '../command.ts';
import {
  COMMON_ONLINE_OPTIONS,
  connect,
  loadOperatorConfig,
  positiveInt,
  progress,
  resolveMembers,
  saveOperatorConfig,
  stringOption,
  timeoutOption,
  usage,
} from './frost-online-common.ts';

/**
 * `ceremony frost online-dkg`: a FROST DKG through a frostd relay, in the same session as
 * frost-client users (`frost-client dkg`). The operator's identity is a frost-client TOML
 * config; the new group is written into it exactly as frost-client writes it.
 *
 * Creating and joining are separate, explicit switches (frost-client's `-S` does both jobs and
 * trips people up): `--create --participants Bob,Carol` makes the session; `--join` finds the
 * one session with you in it (optionally `--participants` to insist on the members, or
 * `--session ID`). Everyone gives the same `--threshold`; a mismatch stops the run before any
 * share is sent and says whose threshold differs.
 */
function positiveIntOrZero(v: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw usage(`--pacing-ms must be a whole number of milliseconds, not "${v}".`);
  return n;
}

export const frostOnlineDkgCommand: Command = {
  usage:
    '--config FILE --server HOST:PORT --threshold T (--create --participants A,B,… | --join [--participants …] [--session ID]) [--json]',
  description:
    'Members are contact names from the config, 64-digit hex communication keys, or "me". The group is written into the config ' +
    '(as frost-client does). Options: --description TEXT, --suite ed25519 (default), --timeout-min N (per phase, default 20), ' +
    '--ca FILE (trust the relay certificate in FILE, e.g. mkcert or self-signed), --poll-ms N (default 2000), ' +
    '--pacing-ms N (pause before the echo and round-2 messages so frost-client members have read the previous round; default 2500).',
  options: {
    ...COMMON_ONLINE_OPTIONS,
    threshold: { type: 'string', short: 't' },
    create: { type: 'boolean' },
    join: { type: 'boolean' },
    participants: { type: 'string' },
    session: { type: 'string' },
    description: { type: 'string', short: 'd' },
    suite: { type: 'string' },
    'pacing-ms': { type: 'string' },
  },
  async run(ctx) {
    const op = loadOperatorConfig(ctx);
    const create = ctx.options.create === true;
    const join = ctx.options.join === true;
    if (create === join) throw usage('Say whether you create the session (--create --participants …) or join it (--join).');
    const server = stringOption(ctx, 'server');
    if (!server) throw usage('--server HOST:PORT is required (the frostd relay).');
    const threshold = positiveInt(ctx, 'threshold');
    const listed = stringOption(ctx, 'participants');
    if (create && !listed) throw usage('--create needs --participants: the other members (contact names or hex keys).');
    const participants = listed ? resolveMembers(listed, op) : undefined;
    const suite = resolveFrostSuite(stringOption(ctx, 'suite') ?? 'ed25519').id;
    const sessionId = stringOption(ctx, 'session');
    const description = stringOption(ctx, 'description') ?? 'FROST group made with ceremony';
    const runner = FrostdDkgRunner.create(
      {
        suite,
        threshold,
        role: create ? 'creator' : 'joiner',
        ...(participants ? { participants } : {}),
        contacts: op.contacts,
        ...(sessionId ? { sessionId } : {}),
        timeoutMs: timeoutOption(ctx),
        pacingMs: stringOption(ctx, 'pacing-ms') === undefined ? 2500 : positiveIntOrZero(stringOption(ctx, 'pacing-ms')!),
      },
      { communicationKey: op.key, seed: randomBytes(32) },
    );
    const client = await connect(ctx, server, op);
    // The group is saved as soon as part 3 is done; a creator may then still wait for the
    // members' confirmations before it closes the session.
    let saved = false;
    const save = () => {
      if (saved || !runner.result) return;
      const { key, group } = runner.frostClientGroup(description, frostClientServerUrl(server));
      saveOperatorConfig(op, { ...op.config, groups: { ...op.config.groups, [key]: group } });
      saved = true;
      if (runner.status === 'running')
        ctx.io.err(`DKG: group ${key} written to ${op.path}; waiting for the members to confirm before closing the session`);
    };
    const report = progress(ctx.io, 'DKG');
    try {
      await runFrostdSession(runner, client, {
        pollIntervalMs: positiveInt(ctx, 'poll-ms', 2000),
        onStep: (r) => {
          report(r);
          save();
        },
      });
    } finally {
      await client.logout().catch(() => undefined);
    }
    const result = runner.result;
    if (!result) throw new CeremonyError('frostd/dkg-not-done', 'The DKG ended without a result.', {});
    save();
    const key = result.groupKey;
    const members = Object.entries(result.participants).map(([identifier, pubkey]) => {
      const hex = Buffer.from(pubkey).toString('hex');
      return { identifier, pubkey: hex, name: hex === op.me ? 'me' : (op.contacts[hex] ?? null) };
    });
    const unconfirmed = runner.unconfirmed ?? [];
    const data = {
      groupKey: key,
      suite,
      threshold,
      sessionId: result.sessionId,
      identifier: result.keyPackage.identifier,
      members,
      config: op.path,
      /** The creator closed its session (a joiner: false). */
      sessionClosed: runner.toJSON().closed,
      unconfirmed: unconfirmed.map((k) => op.contacts[k] ?? k),
    };
    const lines = [
      `Group created: ${key}`,
      `Threshold:     ${threshold} of ${members.length}`,
      `Your id:       ${result.keyPackage.identifier}`,
      `Written to:    ${op.path}`,
    ];
    if (unconfirmed.length)
      lines.push(
        `Note:          ${data.unconfirmed.join(', ')} did not confirm (frost-client does not); the session was closed after giving them time to read their last messages.`,
      );
    return { data, text: lines.join('\n') };
  },
};
