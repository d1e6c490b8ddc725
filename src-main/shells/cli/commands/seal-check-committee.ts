import { toBase64 } from '@mysten/sui/utils';
import { openChain } from '../../../core/transports/sui/open-chain.ts';
import { networkConfig } from '../../../core/ceremonies/seal/network.ts';
import { readKeyServer, registrationsOf } from '../../../core/ceremonies/seal/chain-read.ts';
import { hex0x } from '../../../core/ceremonies/seal/values.ts';
import type { Command } from '../command.ts';
import { dirname } from 'node:path';
import { CeremonyError, isCeremonyError } from '../../../core/errors.ts';
import { SEAL_FACTS } from '../../../../src-shared/ceremonies/seal.ts';
import type { CliContext, CommandResult } from '../command.ts';
import {
  CONFIG_OPTIONS,
  fileAddress,
  findMember,
  networkOf,
  readDkgFile,
  sealCore,
  writeKeyServerConfig,
  type DkgFile,
} from './seal-cli-support.ts';

/**
 * `ceremony seal check-committee -c dkg.yaml`: seal-committee-cli's read-only status. Init:
 * registered members (with party ids) and the missing ones; PostDKG: who proposed; Finalized:
 * KEY_SERVER_OBJ_ID, the version and every partial key server (partial keys in hex, as in
 * dkg.yaml, and Base64, as the key server's debug endpoint prints them).
 */
/**
 * The committee of the file is gone: a key rotation replaced it (the contract deletes the old
 * committee when the rotation finalizes). This install's member ceremony, if any, learns where
 * the key server is now and whether its member continues.
 */
async function retiredCommittee(ctx: CliContext, f: DkgFile, e: CeremonyError): Promise<CommandResult> {
  const gone = e.message;
  const mine = findMember(ctx.dataDir, f.yaml.committeeId(), fileAddress(ctx, f));
  if (!mine || !mine.state.keyServer) {
    // A gRPC full node says "not found" for deleted objects too: without a member ceremony that
    // knows the key server, nothing on chain tells a replaced committee from a wrong id.
    if (e.code !== 'chain/object-deleted') throw e;
    throw new CeremonyError('chain/object-deleted', `${gone} A key rotation replaces (and deletes) a committee once it finalizes.`);
  }
  const core = await sealCore(ctx);
  await core.engine.act(mine.id, 'refresh', {});
  const v = core.engine.view(mine.id);
  const retired = v.facts.find((x) => x.label === SEAL_FACTS.retired)?.value ?? gone;
  return {
    data: { committeeId: f.yaml.committeeId(), state: 'Replaced', retired, ceremonyId: mine.id },
    text: [`Committee ${f.yaml.committeeId()} was replaced by a key rotation.`, retired].join('\n'),
  };
}

export const sealCheckCommitteeCommand: Command = {
  usage: '-c <dkg.yaml> [--network N] [--json]',
  options: { ...CONFIG_OPTIONS },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const net = networkConfig(networkOf(ctx, f));
    const { chain } = await openChain(net);
    let c;
    try {
      c = await chain.getCommittee(f.yaml.committeeId());
    } catch (e) {
      if (!isCeremonyError(e) || (e.code !== 'chain/object-deleted' && e.code !== 'chain/object-not-found')) throw e;
      return retiredCommittee(ctx, f, e);
    }
    const lines = [`Committee ${c.id} on ${chain.label}`, `Members: ${c.members.length}, threshold ${c.threshold}, state ${c.phase}`];
    if (c.oldCommitteeId) lines.push(`Key rotation of committee ${c.oldCommitteeId}`);
    const regs = registrationsOf(c);
    let data: Record<string, unknown> = {
      committeeId: c.id,
      packageId: c.packageId,
      network: chain.label,
      threshold: c.threshold,
      members: c.members,
      state: c.phase,
    };
    if (c.phase === 'Init' && regs) {
      const registered = regs.map((r) => ({ partyId: r.partyId, address: r.address, name: r.name, url: r.url }));
      const missing = c.members.filter((_, i) => !regs.some((r) => r.partyId === i));
      lines.push(`Registered (${registered.length}):`, ...registered.map((r) => `  party ${r.partyId}: ${r.address} ${r.name} ${r.url}`));
      lines.push(
        missing.length ? `Missing (${missing.length}):` : 'All members registered: announce Phase 2 (message creation).',
        ...missing.map((a) => `  ${a}`),
      );
      data = { ...data, registered, missing };
    } else if (c.phase === 'PostDKG' && c.proposal) {
      const approved = c.proposal.approvals;
      const waiting = c.members.filter((m) => !approved.includes(m));
      lines.push(
        `Proposed (${approved.length}):`,
        ...approved.map((a) => `  ${a}`),
        `Not yet proposed (${waiting.length}):`,
        ...waiting.map((a) => `  ${a}`),
      );
      data = { ...data, approved, waiting, messagesHash: hex0x(c.proposal.messagesHash) };
    } else if (c.phase === 'Finalized') {
      const ks = await readKeyServer(chain, c.id);
      if (ks) {
        lines.push(
          `KEY_SERVER_OBJ_ID: ${ks.id}`,
          `COMMITTEE_VERSION: ${ks.version}`,
          `KEY_SERVER_PK: ${hex0x(ks.pk)}`,
          'Partial key servers:',
        );
        for (const p of ks.partials) {
          lines.push(
            `  party ${p.partyId}: ${c.members[p.partyId] ?? '?'} name ${p.name} url ${p.url}`,
            `    partial pk ${hex0x(p.partialPk)} (base64 ${toBase64(Buffer.from(p.partialPk, 'hex'))})`,
          );
        }
        data = {
          ...data,
          keyServerObjId: ks.id,
          version: ks.version,
          keyServerPk: hex0x(ks.pk),
          partials: ks.partials.map((p) => ({ ...p, partialPk: hex0x(p.partialPk) })),
        };
      }
      // This install's member of the committee: its ceremony learns the finalization (a rotation's
      // key-server-config.yaml becomes Active) and the config next to dkg.yaml is brought up to date.
      const mine = findMember(ctx.dataDir, c.id, fileAddress(ctx, f));
      if (mine) {
        try {
          const core = await sealCore(ctx);
          await core.engine.act(mine.id, 'refresh', {});
          const line = writeKeyServerConfig(core, mine.id, dirname(f.path));
          if (line) lines.push(line);
        } catch (e) {
          if (!isCeremonyError(e)) throw e;
          lines.push(`(could not update this install's ceremony ${mine.id}: ${e.message})`);
        }
      }
    }
    return { data, text: lines.join('\n') };
  },
};
