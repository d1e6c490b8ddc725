import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { runSealRotationRehearsal } from '../../../core/rehearsal/seal-rotation.ts';

function int(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new CeremonyError('cli/usage', `--${name} must be a whole number.`);
  return Number(v);
}

function partyList(v: unknown): number[] {
  if (typeof v !== 'string' || !/^\d+(,\d+)*$/.test(v.replace(/\s+/g, '')))
    throw new CeremonyError('cli/usage', '--keep must list current party ids, e.g. --keep 0,1.');
  return v.replace(/\s+/g, '').split(',').map(Number);
}

/**
 * `ceremony rehearse seal-rotation --from DIR --keep 0,1 --join 2 --threshold T --out DIR2`: a
 * key rotation of the committee a `ceremony rehearse seal` (or an earlier seal-rotation) left in
 * DIR, on the same rehearsal ledger, reusing the continuing members' data folders and vaults.
 * See seal-rehearsal-rotation.ts for what it writes.
 */
export const rehearseSealRotationCommand: Command = {
  usage: '--from DIR --keep 0,1 --join N --threshold T --out DIR2 [--air-gapped K] [--passphrase P] [--json]',
  description:
    'DIR is the folder of `ceremony rehearse seal` (or of an earlier seal-rotation). --keep lists the current party ids that\n' +
    'continue (new party ids 0, 1, … in that order), --join how many new members follow. The first kept member also\n' +
    'coordinates (only a current member may start a rotation). Writes DIR2/member-<j>/dkg.yaml (KEY_SERVER_PK, PARTIAL_PKS_V<k+1>,\n' +
    'MASTER_SHARE_V<k+1>; mode 0600), DIR2/member-<j>/key-server-config.yaml, DIR2/coordinator/aggregator-config.yaml and\n' +
    'DIR2/rehearsal.json. The last K members are air-gapped with a relay each. NOTHING made by a rehearsal is valid on a Sui network.',
  options: {
    from: { type: 'string' },
    keep: { type: 'string' },
    join: { type: 'string' },
    threshold: { type: 'string' },
    out: { type: 'string' },
    'air-gapped': { type: 'string' },
    passphrase: { type: 'string' },
  },
  async run(ctx) {
    const from = ctx.options.from;
    const out = ctx.options.out;
    const threshold = int(ctx.options.threshold, 'threshold');
    if (typeof from !== 'string' || typeof out !== 'string' || threshold === undefined || ctx.options.keep === undefined) {
      throw new CeremonyError('cli/usage', 'Give --from DIR --keep 0,1 --join N --threshold T --out DIR2.');
    }
    const passphrase = typeof ctx.options.passphrase === 'string' ? ctx.options.passphrase : undefined;
    const r = await runSealRotationRehearsal({
      from: resolve(ctx.cwd, from),
      dir: resolve(ctx.cwd, out),
      keep: partyList(ctx.options.keep),
      join: int(ctx.options.join, 'join') ?? 0,
      threshold,
      airGapped: int(ctx.options['air-gapped'], 'air-gapped') ?? 0,
      ...(passphrase ? { passphrase } : {}),
      log: ctx.json ? undefined : (l) => ctx.io.err(l),
    });
    const lines = [
      `REHEARSAL complete: key server rotated from version ${r.fromVersion} to ${r.version}, now a ${threshold}-of-${r.members.length} committee on the rehearsal ledger ${r.ledgerDir} (not a Sui network).`,
      `COMMITTEE_ID:      ${r.committeeId}`,
      `KEY_SERVER_OBJ_ID: ${r.keyServerObjId} (unchanged)`,
      `KEY_SERVER_PK:     ${r.keyServerPk} (unchanged)`,
      `messages_hash check code (every member): ${r.messagesHashCheckCode}`,
      `Left the committee: ${r.leaving.length ? r.leaving.map((l) => `party ${l.oldPartyId} (${l.address})`).join(', ') : 'nobody'}`,
      '',
      'Files:',
      ...r.members.map((m) => `  ${m.dkgYaml} (holds MASTER_SHARE_V${r.version}, mode 0600), ${m.keyServerConfig}`),
      `  ${r.coordinator.aggregatorConfig}`,
      `  ${r.coordinator.record} (the ceremony record, signed by the coordinator and every member: ceremony record verify FILE)`,
      '',
      'Data folders (continuing members keep theirs):',
      `  CEREMONY_DATA_DIR=${r.coordinator.dataDir} (coordinator, also member 0)`,
      ...r.members.map(
        (m) =>
          `  CEREMONY_DATA_DIR=${m.dataDir} (member ${m.partyId}${m.oldPartyId !== null ? `, was ${m.oldPartyId}` : ', new'}${m.airGapped ? ', air-gapped' : ''})${m.relayDataDir ? `, relay: ${m.relayDataDir}` : ''}`,
      ),
      `Check a member's file: ceremony seal validate ${r.members[0]!.dkgYaml}`,
      `Rotate again: ceremony rehearse seal-rotation --from ${r.dir} --keep … --join … --threshold … --out <new folder>`,
    ];
    return { data: r, text: lines.join('\n') };
  },
};
