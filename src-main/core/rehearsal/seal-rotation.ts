import { existsSync, mkdirSync, readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseDocument } from 'yaml';
import { CeremonyError } from '../errors.ts';
import { DkgYaml } from '../formats/seal/dkg-yaml.ts';
import { factOf, SealCeremonyDriver, view, type RehearsalMember } from './seal-driver.ts';
import { addr } from '../ceremonies/seal/values.ts';
import { SEAL_FACTS } from '../../../src-shared/ceremonies/seal.ts';
import type { WalletAccount } from '../../../src-shared/api/wallet.ts';
import {
  DEFAULT_REHEARSAL_PASSPHRASE,
  install,
  MANIFEST_FILE,
  writeRehearsalOutputs,
  type Install,
  type InstallOptions,
  type RehearsalManifest,
} from './seal.ts';

/**
 * A key rotation of a committee made by `ceremony rehearse seal` (or by an earlier
 * `rehearse seal-rotation`), on the same rehearsal ledger:
 *
 *   --from DIR    the earlier rehearsal: its ledger folder and its members' data folders (vaults)
 *                 are reused, so the continuing members' shares come from their own vaults
 *   --keep 0,1    the current party ids that continue (they become new parties 0, 1, … in order)
 *   --join N      new members after them (each a new install in DIR2/member-<j>/data)
 *   --threshold T the new threshold
 *
 * The first kept member's install also runs the coordinator (only a current member may send
 * init_rotation). It writes, for scripts to check:
 *
 *   DIR2/member-<j>/dkg.yaml          j = new party id: KEY_SERVER_PK (unchanged), PARTIAL_PKS_V<k+1>
 *                                     and MASTER_SHARE_V<k+1> (mode 0600: it holds the share)
 *   DIR2/member-<j>/key-server-config.yaml   committee mode, Active, for version k+1
 *   DIR2/coordinator/aggregator-config.yaml
 *   DIR2/rehearsal.json               the new committee (so DIR2 can be rotated again)
 */
export interface RotationRehearsalOptions extends InstallOptions {
  from: string;
  dir: string;
  keep: number[];
  join: number;
  threshold: number;
  /** How many members (the last ones of the new committee) are air-gapped, each with a relay install in DIR2/relay-<j>/data. */
  airGapped?: number;
  log?: (line: string) => void;
}

export interface RotationRehearsalResult {
  dir: string;
  from: string;
  ledgerDir: string;
  committeeId: string;
  keyServerObjId: string;
  keyServerPk: string;
  fromVersion: number;
  version: number;
  messagesHashCheckCode: string;
  passphrase: string | null;
  /** `record`: the rotation's ceremony record, signed by the coordinator and every member of the new committee. */
  coordinator: { dataDir: string; ceremonyId: string; aggregatorConfig: string; record: string };
  members: {
    partyId: number;
    oldPartyId: number | null;
    address: string;
    airGapped: boolean;
    dataDir: string;
    ceremonyId: string;
    dkgYaml: string;
    keyServerConfig: string;
    relayDataDir: string | null;
  }[];
  leaving: { oldPartyId: number; address: string; dataDir: string }[];
}

/** DIR/rehearsal.json, or for a folder written before it existed, what its files say. */
export function readManifest(from: string): RehearsalManifest {
  const path = join(from, MANIFEST_FILE);
  if (existsSync(path)) return JSON.parse(readFileSync(path, 'utf8')) as RehearsalManifest;
  const memberDirs = existsSync(from) ? readdirSync(from).filter((d) => /^member-\d+$/.test(d)) : [];
  if (!existsSync(join(from, 'ledger')) || !memberDirs.length) {
    throw new CeremonyError(
      'rehearsal/not-a-rehearsal',
      `${from} is not the folder of a \`ceremony rehearse seal\` run (no ledger/ and member-<i>/ folders).`,
      { dir: from },
    );
  }
  const members = memberDirs
    .map((d) => {
      const y = DkgYaml.parse(readFileSync(join(from, d, 'dkg.yaml'), 'utf8'), `${d}/dkg.yaml`);
      return { partyId: Number(d.slice('member-'.length)), address: y.myAddress(), dataDir: join(from, d, 'data'), airGapped: false, y };
    })
    .sort((a, b) => a.partyId - b.partyId);
  const ksc = parseDocument(readFileSync(join(from, memberDirs[0]!, 'key-server-config.yaml'), 'utf8'), { customTags: [] }).toJS() as {
    server_mode: { key_server_obj_id: string };
  };
  const version = Math.max(...members[0]!.y.outputVersions());
  return {
    format: 'ceremony-seal-rehearsal/1',
    ledgerDir: join(from, 'ledger'),
    keyServerObjId: ksc.server_mode.key_server_obj_id,
    keyServerPk: `0x${Buffer.from(members[0]!.y.keyServerPk()).toString('hex')}`,
    version,
    threshold: members[0]!.y.threshold(),
    members: members.map(({ partyId, address, dataDir, airGapped }) => ({ partyId, address, dataDir, airGapped })),
  };
}

export async function runSealRotationRehearsal(o: RotationRehearsalOptions): Promise<RotationRehearsalResult> {
  const from = resolve(o.from);
  const dir = resolve(o.dir);
  const log = o.log ?? (() => {});
  const m = readManifest(from);
  const n = o.keep.length + o.join;
  if (!o.keep.length) throw new CeremonyError('cli/usage', '--keep must name at least one current party id.');
  for (const k of o.keep) {
    if (!m.members.some((x) => x.partyId === k))
      throw new CeremonyError('cli/usage', `--keep ${k}: the committee in ${from} has parties 0 to ${m.members.length - 1}.`);
  }
  if (new Set(o.keep).size !== o.keep.length) throw new CeremonyError('cli/usage', '--keep lists a party twice.');
  if (!Number.isInteger(o.join) || o.join < 0 || o.join > 256)
    throw new CeremonyError('cli/usage', '--join must be a whole number from 0 to 256.');
  if (!Number.isInteger(o.threshold) || o.threshold < 2 || o.threshold > n)
    throw new CeremonyError('cli/usage', `--threshold must be from 2 to the size of the new committee (${n}).`);
  const airGapped = o.airGapped ?? 0;
  if (!Number.isInteger(airGapped) || airGapped < 0 || airGapped > n)
    throw new CeremonyError('cli/usage', `--air-gapped must be from 0 to ${n}.`);
  if (existsSync(dir) && readdirSync(dir).length)
    throw new CeremonyError('rehearsal/folder-not-empty', `${dir} is not empty; give a new or empty folder with --out.`, { dir });
  mkdirSync(dir, { recursive: true });

  const installs = new Map<string, Install>();
  const open = async (dataDir: string, name: string, reopen: boolean) => {
    let i = installs.get(dataDir);
    if (!i) {
      mkdirSync(dataDir, { recursive: true });
      i = await install(dataDir, name, o, reopen);
      installs.set(dataDir, i);
    }
    return i;
  };
  try {
    const plan: RehearsalMember[] = [];
    for (const [j, k] of o.keep.entries()) {
      const old = m.members.find((x) => x.partyId === k)!;
      plan.push({
        party: await open(old.dataDir, `member-${j} (was ${k})`, true),
        address: addr(old.address),
        label: `Member ${j} (was ${k})`,
      });
    }
    for (let k = 0; k < o.join; k++) {
      const j = o.keep.length + k;
      const p = await open(join(dir, `member-${j}`, 'data'), `member-${j}`, false);
      const account = await p.call<WalletAccount>('wallet.generate', { label: `Rehearsal member ${j}` });
      plan.push({ party: p, address: account.address, label: `Member ${j} (new)` });
    }
    for (let j = n - airGapped; j < n; j++) {
      plan[j] = { ...plan[j]!, airGapped: true, relay: await open(join(dir, `relay-${j}`, 'data'), `relay-${j}`, false) };
    }
    plan.forEach((p, j) =>
      Object.assign(p, {
        serverUrl: `https://seal-rehearsal-v${m.version + 1}-${j}.example.org`,
        serverName: `rehearsal-v${m.version + 1}-server-${j}`,
      }),
    );
    const coordinator = plan[0]!.party as Install;
    const d = new SealCeremonyDriver({
      network: `rehearsal:${m.ledgerDir}`,
      threshold: o.threshold,
      coordinator: { party: coordinator, address: plan[0]!.address },
      members: plan,
      keyServerObjId: m.keyServerObjId,
      title: `Rehearsal: rotation to a ${o.threshold}-of-${n} Seal committee`,
    });
    log(
      `Starting the rotation of key server ${m.keyServerObjId} (version ${m.version} → ${m.version + 1}) on the rehearsal ledger ${m.ledgerDir}`,
    );
    await d.createCommittee();
    await d.joinAll();
    log('Registering every member of the new committee');
    await d.registerAll();
    log('Continuing members deal with their current shares; joining members initialise');
    await d.messagesAll();
    await d.distributeMessageSet();
    log('Processing and proposing (propose_for_rotation)');
    await d.proposeAll();
    await d.finalizeAll();
    const cv = await view(d.coordinator);
    const keyServerObjId = factOf(cv, SEAL_FACTS.keyServerObjId)!;
    if (cv.status !== 'completed') throw new CeremonyError('rehearsal/not-finalized', `The rotation did not finalize: ${cv.headline}`);
    const version = Number(factOf(cv, SEAL_FACTS.committeeVersion));
    log(`Finalized at version ${version}: KEY_SERVER_OBJ_ID ${keyServerObjId}; writing the files`);
    const keyServerPk = factOf(cv, SEAL_FACTS.keyServerPk)!;
    const written = await writeRehearsalOutputs(d, dir, {
      ledgerDir: m.ledgerDir,
      keyServerObjId,
      keyServerPk,
      version,
      threshold: o.threshold,
    });
    const aggPath = written.aggregatorConfig;
    const members: RotationRehearsalResult['members'] = written.members.map((x) => ({
      ...x,
      oldPartyId: x.partyId < o.keep.length ? o.keep[x.partyId]! : null,
    }));
    return {
      dir,
      from,
      ledgerDir: m.ledgerDir,
      committeeId: factOf(cv, SEAL_FACTS.committeeId)!,
      keyServerObjId,
      keyServerPk,
      fromVersion: m.version,
      version,
      messagesHashCheckCode: written.messagesHashCheckCode,
      passphrase: o.keychain ? null : (o.passphrase ?? DEFAULT_REHEARSAL_PASSPHRASE),
      coordinator: { dataDir: coordinator.dataDir, ceremonyId: d.coordinator.id, aggregatorConfig: aggPath, record: written.record },
      members,
      leaving: m.members
        .filter((x) => !o.keep.includes(x.partyId))
        .map((x) => ({ oldPartyId: x.partyId, address: x.address, dataDir: x.dataDir })),
    };
  } finally {
    for (const i of installs.values()) await i.core.close();
  }
}
