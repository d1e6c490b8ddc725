import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import { networkConfig, withCeremonyNetwork } from '../../../core/ceremonies/seal/network.ts';
import { restartWords } from '../../../core/ceremonies/seal/restart.ts';
import { joinCheckCode } from '../../../core/ceremonies/seal/rotation.ts';
import type { CoordinatorState } from '../../../core/ceremonies/seal/state.ts';
import { shortId } from '../../../core/ceremonies/seal/values.ts';
import type { CliContext, Command } from '../command.ts';
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
 * `ceremony seal restart -c dkg.yaml --without ADDR | --replace OLD=NEW`: the coordinator creates
 * the committee again without a member who never registers (or who cheated), or with someone else
 * in their place. It runs the coordinator ceremony that `publish-and-init` made in this install:
 * `restart-committee`, then publish and init_committee again (the contract has no cancel), then
 * rewrites THRESHOLD, MEMBERS, COMMITTEE_PKG and COMMITTEE_ID in the file (atomically) and writes the
 * new invitation bundle next to it. With --unsigned it stops at each transaction; run it again after
 * `seal submit-signature` to go on.
 */

function listOption(ctx: CliContext, name: string): string[] {
  const v = ctx.options[name];
  if (v === undefined) return [];
  return (Array.isArray(v) ? v : [v]).map(String);
}

/** The restart-committee input from --without / --replace / --threshold / --bytecode. */
function restartInput(ctx: CliContext): Record<string, unknown> {
  const without = listOption(ctx, 'without');
  const replace = listOption(ctx, 'replace').map((r) => {
    const m = /^\s*(0x[0-9a-fA-F]+)\s*=\s*(0x[0-9a-fA-F]+)\s*$/.exec(r);
    if (!m) throw new CeremonyError('cli/usage', `--replace takes OLD=NEW (two addresses), not "${r}".`);
    return { old: m[1]!, new: m[2]! };
  });
  if (!without.length === !replace.length)
    throw new CeremonyError(
      'cli/usage',
      'Say who changes: --without <address> (repeatable) or --replace <old>=<new> (repeatable), not both.',
    );
  const t = ctx.options.threshold;
  const threshold = typeof t === 'string' ? Number(t) : undefined;
  if (threshold !== undefined && !Number.isInteger(threshold))
    throw new CeremonyError('cli/usage', `--threshold takes a whole number, not "${String(t)}".`);
  const bytecode = typeof ctx.options.bytecode === 'string' ? readFileSync(resolve(ctx.cwd, ctx.options.bytecode), 'utf8') : undefined;
  return {
    ...(without.length ? { without } : { replace }),
    ...(threshold !== undefined ? { threshold } : {}),
    ...(bytecode ? { bytecodeDump: bytecode } : {}),
  };
}

export const sealRestartCommand: Command = {
  usage:
    '-c <dkg.yaml> (--without 0x… | --replace 0xOLD=0xNEW)… [--threshold T] [--bytecode dump.json] [--address 0x…] [--unsigned] [--json]',
  description:
    "Coordinator, before the message set is exported: run it where publish-and-init ran (this install's vault\n" +
    'holds the committee ceremony). The old committee stays on chain, unused; every remaining member imports the new\n' +
    'invitation (or runs genkey-and-register on the new dkg.yaml) and compares the new committee check code.\n' +
    'The threshold stays unless --threshold is given (it must fit the new size).',
  options: {
    ...CONFIG_OPTIONS,
    without: { type: 'string', multiple: true },
    replace: { type: 'string', multiple: true },
    threshold: { type: 'string' },
    bytecode: { type: 'string' },
    unsigned: { type: 'boolean' },
  },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const y = f.yaml;
    if (y.isRotation())
      throw new CeremonyError('cli/usage', `${f.path} is a key rotation config: a rotation cannot be restarted; start a new one instead.`);
    if (!y.has('COMMITTEE_ID'))
      throw new CeremonyError('cli/usage', `${f.path} has no COMMITTEE_ID: there is no committee to restart yet (run publish-and-init).`);
    const fileId = y.committeeId();
    const network = networkOf(ctx, f);
    const core = await sealCore(ctx);
    const mine = (s: ReturnType<typeof sealCeremonies>[number]['state']): s is CoordinatorState =>
      s.role === 'coordinator' && s.committee.network === network;
    const current = sealCeremonies(ctx.dataDir).find((c) => mine(c.state) && c.state.committee.committeeId === fileId);
    // A restart stopped at a transaction (--unsigned) goes on from where it stopped.
    const resumed = sealCeremonies(ctx.dataDir).find(
      (c) => mine(c.state) && !c.state.committee.committeeId && (c.state.previousCommittees ?? []).at(-1)?.committeeId === fileId,
    );
    const found = current ?? resumed;
    if (!found) {
      throw new CeremonyError(
        'seal/not-created',
        `This install has no coordinator ceremony of committee ${shortId(fileId)} on ${network}: run restart where publish-and-init created it (its vault holds the ceremony).`,
      );
    }
    const id = found.id;
    if (current) await core.engine.act(id, 'restart-committee', restartInput(ctx));
    const unsigned = await createCommitteeThroughTransactions(core, ctx, id);
    if (unsigned) return { data: { ceremonyId: id, unsigned }, text: unsignedText(unsigned, f.path) };
    const s = stateOf(ctx.dataDir, id) as CoordinatorState;
    if (!s.committee.committeeId)
      throw new CeremonyError(
        'seal/not-created',
        `The committee could not be created again; run \`ceremony show ${id}\` for the last error.`,
      );
    const change = s.previousCommittees.at(-1)!;
    y.setRestart({
      threshold: s.committee.threshold,
      members: s.committee.members.map((m) => m.address),
      committeePkg: s.committee.packageId!,
      committeeId: s.committee.committeeId,
      coordinatorAddress: s.committee.coordinatorAddress,
    });
    writeDkgFile(f, withCeremonyNetwork(y.toString(), networkConfig(network)));
    const invPath = writeInvitationBeside(core, f, id);
    const code = joinCheckCode(s);
    return {
      data: {
        ceremonyId: id,
        abandonedCommitteeId: change.committeeId,
        committeePkg: s.committee.packageId,
        committeeId: s.committee.committeeId,
        threshold: s.committee.threshold,
        members: s.committee.members.map((m) => m.address),
        removed: change.removed.map((m) => m.address),
        replaced: change.replaced.map((r) => ({ old: r.old.address, new: r.new.address })),
        invitation: invPath,
        checkCode: code,
      },
      text: [
        `Restarted the committee ${restartWords(change)}: committee ${change.committeeId} is abandoned (it stays on chain, unused).`,
        `THRESHOLD: ${s.committee.threshold} of ${s.committee.members.length}`,
        `COMMITTEE_PKG: ${s.committee.packageId}`,
        `COMMITTEE_ID: ${s.committee.committeeId}`,
        `Written to ${f.path}; invitation bundle: ${invPath}`,
        `New committee check code: ${code}`,
        'Next: send the new dkg.yaml (or the invitation bundle) to every remaining member and announce the new code:',
        'each compares it before registering again (genkey-and-register --committee-code, or the app after importing the invitation).',
      ].join('\n'),
    };
  },
};
