import type { SealCommitteeHealth, SealKeyServerHealth } from '../../../../src-shared/ceremonies/seal.ts';
import { SealCommitteeHealth as HealthSchema } from '../../../../src-shared/ceremonies/seal.ts';
import { checkKeyServerHealth, healthTarget } from '../../../core/ceremonies/seal/key-server-health.ts';
import { networkConfig } from '../../../core/ceremonies/seal/network.ts';
import { addr, shortId } from '../../../core/ceremonies/seal/values.ts';
import { CeremonyError } from '../../../core/errors.ts';
import { openChain } from '../../../core/transports/sui/open-chain.ts';
import type { Command, CliContext } from '../command.ts';
import { unlockedCliCore } from './engine-for-cli.ts';
import { networkOf, readDkgFile, sealCeremonies, type DkgFile } from './seal-cli-support.ts';

/**
 * `ceremony seal health -c dkg.yaml`: the committee health check (issue 17) from the command
 * line. With the coordinator's ceremony of the file's committee in this install, it is exactly the
 * dashboard's check (`seal.checkKeyServers`: members' names, their API keys from the vault);
 * anywhere else it reads the key server from the chain and checks without API keys. One line per
 * member; exit code 1 when any member fails.
 */

async function fromCoordinator(ctx: CliContext, ceremonyId: string): Promise<SealCommitteeHealth> {
  const core = await unlockedCliCore(ctx);
  const r = await core.dispatch('seal.checkKeyServers', { ceremonyId });
  if (!r.ok) throw new CeremonyError(r.error.code, r.error.message, r.error.details);
  return HealthSchema.parse(r.value);
}

async function fromChain(ctx: CliContext, f: DkgFile): Promise<SealCommitteeHealth> {
  const { chain } = await openChain(networkConfig(networkOf(ctx, f)));
  const committeeId = f.yaml.committeeId();
  const ksId = await chain.getKeyServerIdOfCommittee(committeeId);
  if (!ksId)
    throw new CeremonyError(
      'seal/not-finalized',
      `Committee ${shortId(committeeId)} is not finalized yet: there is no key server to check.`,
    );
  const target = await healthTarget(chain, ksId, (partyId, address) => `party ${partyId} (${shortId(address)})`);
  return checkKeyServerHealth(target, async () => null);
}

function memberLines(m: SealKeyServerHealth): string[] {
  const who = `${m.name} ${m.serverName} ${m.url}`;
  const version = m.version ? `, version ${m.version}` : '';
  if (m.ok) return [`OK    ${who}${version}`];
  return [`FAIL  ${who}${version}`, `      ${m.problem}`, `      What to do: ${m.whatToDo}`];
}

export const sealHealthCommand: Command = {
  usage: '-c <dkg.yaml> [--network N] [--json]',
  description:
    "For every member of the committee: the registered URL answers, /v1/debug/committee_partial_pk serves the partial key on chain for that member, /v1/service answers for this key server, and the version it reports. Run it in the coordinator's install to use the members' API keys.",
  options: { config: { type: 'string', short: 'c' }, network: { type: 'string' } },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const committeeId = addr(f.yaml.committeeId());
    const mine = sealCeremonies(ctx.dataDir).find(
      (c) =>
        c.state.role === 'coordinator' &&
        c.state.keyServer &&
        c.state.committee.committeeId &&
        addr(c.state.committee.committeeId) === committeeId,
    );
    const h = mine ? await fromCoordinator(ctx, mine.id) : await fromChain(ctx, f);
    const good = h.members.filter((m) => m.ok).length;
    const lines = [
      `Key server ${h.keyServerObjId} (committee version ${h.version}) on ${h.network}: ${good} of ${h.members.length} key servers OK`,
      ...(mine ? [] : ["(not the coordinator's install: checked without the members' API keys)"]),
      ...h.members.flatMap(memberLines),
    ];
    return { data: h, text: lines.join('\n'), exitCode: h.ok ? 0 : 1 };
  },
};
