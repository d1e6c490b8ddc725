import { toBase64 } from '@mysten/sui/utils';
import { openChain } from '../../../core/transports/sui/open-chain.ts';
import { networkConfig } from '../../../core/ceremonies/seal/network.ts';
import { readKeyServer, registrationsOf } from '../../../core/ceremonies/seal/chain-read.ts';
import { hex0x } from '../../../core/ceremonies/seal/values.ts';
import type { Command } from '../command.ts';
import { CONFIG_OPTIONS, networkOf, readDkgFile } from './seal-cli-support.ts';

/**
 * `ceremony seal check-committee -c dkg.yaml`: seal-committee-cli's read-only status. Init:
 * registered members (with party ids) and the missing ones; PostDKG: who proposed; Finalized:
 * KEY_SERVER_OBJ_ID, the version and every partial key server (partial keys in hex, as in
 * dkg.yaml, and Base64, as the key server's debug endpoint prints them).
 */
export const sealCheckCommitteeCommand: Command = {
  path: ['seal', 'check-committee'],
  summary: 'Show the committee on chain: registrations, proposals, or the finalized key server',
  usage: '-c <dkg.yaml> [--network N] [--json]',
  options: { ...CONFIG_OPTIONS },
  async run(ctx) {
    const f = readDkgFile(ctx);
    const net = networkConfig(networkOf(ctx, f));
    const { chain } = await openChain(net);
    const c = await chain.getCommittee(f.yaml.committeeId());
    const lines = [`Committee ${c.id} on ${chain.label}`, `Members: ${c.members.length}, threshold ${c.threshold}, state ${c.phase}`];
    const regs = registrationsOf(c);
    let data: Record<string, unknown> = { committeeId: c.id, packageId: c.packageId, network: chain.label, threshold: c.threshold, members: c.members, state: c.phase };
    if (c.phase === 'Init' && regs) {
      const registered = regs.map((r) => ({ partyId: r.partyId, address: r.address, name: r.name, url: r.url }));
      const missing = c.members.filter((_, i) => !regs.some((r) => r.partyId === i));
      lines.push(`Registered (${registered.length}):`, ...registered.map((r) => `  party ${r.partyId}: ${r.address} ${r.name} ${r.url}`));
      lines.push(missing.length ? `Missing (${missing.length}):` : 'All members registered: announce Phase 2 (message creation).', ...missing.map((a) => `  ${a}`));
      data = { ...data, registered, missing };
    } else if (c.phase === 'PostDKG' && c.proposal) {
      const approved = c.proposal.approvals;
      const waiting = c.members.filter((m) => !approved.includes(m));
      lines.push(`Proposed (${approved.length}):`, ...approved.map((a) => `  ${a}`), `Not yet proposed (${waiting.length}):`, ...waiting.map((a) => `  ${a}`));
      data = { ...data, approved, waiting, messagesHash: hex0x(c.proposal.messagesHash) };
    } else if (c.phase === 'Finalized') {
      const ks = await readKeyServer(chain, c.id);
      if (ks) {
        lines.push(`KEY_SERVER_OBJ_ID: ${ks.id}`, `COMMITTEE_VERSION: ${ks.version}`, `KEY_SERVER_PK: ${hex0x(ks.pk)}`, 'Partial key servers:');
        for (const p of ks.partials) {
          lines.push(`  party ${p.partyId}: ${c.members[p.partyId] ?? '?'} name ${p.name} url ${p.url}`, `    partial pk ${hex0x(p.partialPk)} (base64 ${toBase64(Buffer.from(p.partialPk, 'hex'))})`);
        }
        data = { ...data, keyServerObjId: ks.id, version: ks.version, keyServerPk: hex0x(ks.pk), partials: ks.partials.map((p) => ({ ...p, partialPk: hex0x(p.partialPk) })) };
      }
    }
    return { data, text: lines.join('\n') };
  },
};
