import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import type { Command } from '../command.ts';
import { runSealRehearsal } from '../../../core/rehearsal/seal.ts';

function int(v: unknown, name: string): number | undefined {
  if (v === undefined) return undefined;
  if (typeof v !== 'string' || !/^\d+$/.test(v)) throw new CeremonyError('cli/usage', `--${name} must be a whole number.`);
  return Number(v);
}

/**
 * `ceremony rehearse seal --members N --threshold T --out DIR`: a whole Seal committee ceremony
 * on a rehearsal ledger, one data folder and vault per participant, with the files a real run
 * leaves (dkg.yaml with the share, key-server-config.yaml, aggregator-config.yaml) for scripts
 * to check. See core/rehearsal/seal.ts for the folder layout.
 */
export const rehearseSealCommand: Command = {
  usage: '--members N --threshold T --out DIR [--air-gapped K] [--passphrase P] [--json]',
  description:
    'Writes DIR/member-<i>/dkg.yaml (KEY_SERVER_PK, PARTIAL_PKS_V0, MASTER_SHARE_V0; mode 0600),\n' +
    'DIR/member-<i>/key-server-config.yaml, DIR/coordinator/aggregator-config.yaml and DIR/coordinator/ceremony-record.json\n' +
    '(the signed record; check it with ceremony record verify). The last K members are\n' +
    'air-gapped (bundles only) with a relay install each. Vaults are passphrase vaults (nothing is put in the\n' +
    "OS keychain); every participant's data folder stays in DIR and can be opened in the app afterwards.\n" +
    'NOTHING made by a rehearsal is valid on a Sui network.',
  options: {
    members: { type: 'string' },
    threshold: { type: 'string' },
    out: { type: 'string' },
    'air-gapped': { type: 'string' },
    passphrase: { type: 'string' },
  },
  async run(ctx) {
    const members = int(ctx.options.members, 'members');
    const threshold = int(ctx.options.threshold, 'threshold');
    const out = ctx.options.out;
    if (members === undefined || threshold === undefined || typeof out !== 'string')
      throw new CeremonyError('cli/usage', 'Give --members N --threshold T --out DIR.');
    const passphrase = typeof ctx.options.passphrase === 'string' ? ctx.options.passphrase : undefined;
    const r = await runSealRehearsal({
      dir: resolve(ctx.cwd, out),
      members,
      threshold,
      airGapped: int(ctx.options['air-gapped'], 'air-gapped') ?? 0,
      ...(passphrase ? { passphrase } : {}),
      log: ctx.json ? undefined : (l) => ctx.io.err(l),
    });
    const lines = [
      `REHEARSAL complete: a ${threshold}-of-${members} Seal committee on the rehearsal ledger ${r.ledgerDir} (not a Sui network).`,
      `COMMITTEE_ID:      ${r.committeeId}`,
      `KEY_SERVER_OBJ_ID: ${r.keyServerObjId}`,
      `KEY_SERVER_PK:     ${r.keyServerPk}`,
      `messages_hash check code (every member): ${r.messagesHashCheckCode}`,
      '',
      'Files:',
      ...r.members.map((m) => `  ${m.dkgYaml} (holds MASTER_SHARE_V0, mode 0600), ${m.keyServerConfig}`),
      `  ${r.coordinator.aggregatorConfig}`,
      `  ${r.coordinator.record} (the ceremony record, signed by the coordinator and every member: ceremony record verify FILE)`,
      '',
      'Open a participant in the app (or the CLI) with its data folder:',
      `  CEREMONY_DATA_DIR=${r.coordinator.dataDir} (coordinator)`,
      ...r.members.map(
        (m) =>
          `  CEREMONY_DATA_DIR=${m.dataDir} (member ${m.partyId}${m.airGapped ? ', air-gapped' : ''})${m.relayDataDir ? `, relay: ${m.relayDataDir}` : ''}`,
      ),
      `Each vault is a passphrase vault; passphrase: "${r.passphrase}". E.g. ceremony --data-dir ${r.members[0]!.dataDir} show ${r.members[0]!.ceremonyId}`,
      `Check a member's file: ceremony seal validate ${r.members[0]!.dkgYaml}`,
    ];
    return { data: r, text: lines.join('\n') };
  },
};
