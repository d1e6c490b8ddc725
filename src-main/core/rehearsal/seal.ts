import { existsSync, mkdirSync, readdirSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createApp, type AppCore } from '../app/create-app.ts';
import { CeremonyError } from '../errors.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';
import type { KeychainBackend, ScryptParams } from '../vault/index.ts';
import type { TaskRunner } from '../workers/types.ts';
import { act, artifact, carry, factOf, SealCeremonyDriver, view, type RehearsalMember, type SealParty } from './seal-driver.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS } from '../../../src-shared/ceremonies/seal.ts';
import type { WalletAccount } from '../../../src-shared/api/wallet.ts';
import { RECORD_FILE_NAME } from '../record/format.ts';
import { RECORD_ARTIFACT_ID } from '../record/artifacts.ts';
import { verifyRecord } from '../record/verify.ts';

/**
 * A whole Seal ceremony on a rehearsal ledger, one app install (data folder + vault) per
 * participant, all inside one folder:
 *
 *   DIR/ledger/                       the rehearsal ledger every install opens
 *   DIR/coordinator/data/             the coordinator's data folder
 *   DIR/coordinator/aggregator-config.yaml
 *   DIR/coordinator/ceremony-record.json   signed by the coordinator and every member
 *   DIR/member-<i>/data/              member i's data folder (i = party id from 0)
 *   DIR/member-<i>/dkg.yaml           as seal-committee-cli leaves it: KEY_SERVER_PK, PARTIAL_PKS_V0
 *                                     and MASTER_SHARE_V0 (mode 0600: it holds the share)
 *   DIR/member-<i>/key-server-config.yaml
 *   DIR/relay-<i>/data/               the online relay of an air-gapped member
 *
 * Vaults are PASSPHRASE vaults (one passphrase for all, printed by the command): a rehearsal
 * must not leave entries in the OS keychain, and the data folders stay usable afterwards:
 * open one in the app with CEREMONY_DATA_DIR=DIR/member-0/data and unlock it with the
 * passphrase. Tests pass an in-memory keychain and a cheap KDF instead.
 */
export interface RehearsalOptions {
  dir: string;
  members: number;
  threshold: number;
  /** How many members (the last ones) are air-gapped, each with its own relay install. */
  airGapped?: number;
  passphrase?: string;
  /** Tests: cheap KDF, in-memory keychain vaults, inline task runner. */
  kdf?: ScryptParams;
  keychain?: () => KeychainBackend;
  runner?: TaskRunner;
  log?: (line: string) => void;
  /** Tests: the URL each member registers (stand-in key servers); default https://seal-rehearsal-<i>.example.org. */
  serverUrl?: (partyId: number) => string;
}

export interface RehearsalResult {
  dir: string;
  ledgerDir: string;
  committeeId: string;
  keyServerObjId: string;
  keyServerPk: string;
  messagesHashCheckCode: string;
  passphrase: string | null;
  /** `record`: the ceremony record signed by the coordinator and every member (DIR/coordinator/ceremony-record.json). */
  coordinator: { dataDir: string; ceremonyId: string; aggregatorConfig: string; record: string };
  members: {
    partyId: number;
    address: string;
    airGapped: boolean;
    dataDir: string;
    ceremonyId: string;
    dkgYaml: string;
    keyServerConfig: string;
    relayDataDir: string | null;
  }[];
}

export const DEFAULT_REHEARSAL_PASSPHRASE = 'rehearsal only, not a secret';

export interface Install extends SealParty {
  core: AppCore;
  dataDir: string;
}

/** What a rehearsal leaves in DIR/rehearsal.json, so `rehearse seal-rotation --from DIR` can take the committee over. */
export interface RehearsalManifest {
  format: 'ceremony-seal-rehearsal/1';
  ledgerDir: string;
  keyServerObjId: string;
  keyServerPk: string;
  version: number;
  threshold: number;
  /** Each member of the committee at `version`, by party id, with the data folder holding its vault. */
  members: { partyId: number; address: string; dataDir: string; airGapped: boolean }[];
}

export const MANIFEST_FILE = 'rehearsal.json';

export type InstallOptions = Pick<RehearsalOptions, 'passphrase' | 'kdf' | 'keychain' | 'runner'>;

/** A new install (data folder + vault + wallet), or with `reopen` an existing one, unlocked. */
export async function install(dataDir: string, name: string, o: InstallOptions, reopen = false): Promise<Install> {
  mkdirSync(dataDir, { recursive: true });
  const keychain = o.keychain?.();
  const core = await createApp({
    dataDir,
    shell: 'cli',
    ...(keychain ? { keychain } : {}),
    ...(o.kdf ? { kdf: o.kdf } : {}),
    ...(o.runner ? { services: { seal: { runner: o.runner } } } : {}),
  });
  const party: Install = {
    name,
    core,
    dataDir,
    async call<T>(method: string, input: unknown): Promise<T> {
      const r = await core.dispatch(method, input);
      if (!r.ok) throw new CeremonyError(r.error.code, `${name}: ${r.error.message}`, r.error.details);
      return r.value as T;
    },
  };
  if (reopen) {
    const status = await party.call<{ state: string }>('vault.status', {});
    if (status.state === 'uninitialized')
      throw new CeremonyError('rehearsal/no-vault', `${dataDir} holds no vault: it is not a data folder of a rehearsal.`, { dataDir });
    if (status.state !== 'unlocked')
      await party.call('vault.unlock', keychain ? {} : { passphrase: o.passphrase ?? DEFAULT_REHEARSAL_PASSPHRASE });
    return party;
  }
  const status = await party.call<{ state: string }>(
    'vault.init',
    keychain ? { kind: 'keychain' } : { kind: 'passphrase', passphrase: o.passphrase ?? DEFAULT_REHEARSAL_PASSPHRASE },
  );
  if (status.state !== 'unlocked') await party.call('vault.unlock', { passphrase: o.passphrase ?? DEFAULT_REHEARSAL_PASSPHRASE });
  return party;
}

export async function runSealRehearsal(o: RehearsalOptions): Promise<RehearsalResult> {
  const dir = resolve(o.dir);
  const n = o.members;
  const t = o.threshold;
  const log = o.log ?? (() => {});
  if (!Number.isInteger(n) || n < 2 || n > 256) throw new CeremonyError('cli/usage', '--members must be a whole number from 2 to 256.');
  if (!Number.isInteger(t) || t < 2 || t > n)
    throw new CeremonyError('cli/usage', `--threshold must be from 2 to the number of members (${n}).`);
  const airGapped = o.airGapped ?? 0;
  if (!Number.isInteger(airGapped) || airGapped < 0 || airGapped > n)
    throw new CeremonyError('cli/usage', `--air-gapped must be from 0 to ${n}.`);
  if (existsSync(dir) && readdirSync(dir).length)
    throw new CeremonyError('rehearsal/folder-not-empty', `${dir} is not empty; give a new or empty folder with --out.`, { dir });
  const ledgerDir = join(dir, 'ledger');
  mkdirSync(ledgerDir, { recursive: true });
  const installs: Install[] = [];
  try {
    const coordinator = await install(join(dir, 'coordinator', 'data'), 'coordinator', o);
    installs.push(coordinator);
    const coordinatorAccount = await coordinator.call<WalletAccount>('wallet.generate', { label: 'Rehearsal coordinator' });
    const plan: RehearsalMember[] = [];
    for (let i = 0; i < n; i++) {
      const m = await install(join(dir, `member-${i}`, 'data'), `member-${i}`, o);
      installs.push(m);
      const account = await m.call<WalletAccount>('wallet.generate', { label: `Rehearsal member ${i}` });
      const gapped = i >= n - airGapped;
      let relay: Install | undefined;
      if (gapped) {
        relay = await install(join(dir, `relay-${i}`, 'data'), `relay-${i}`, o);
        installs.push(relay);
      }
      plan.push({
        party: m,
        address: account.address,
        label: `Member ${i}`,
        airGapped: gapped,
        ...(relay ? { relay } : {}),
        serverUrl: o.serverUrl?.(i) ?? `https://seal-rehearsal-${i}.example.org`,
        serverName: `rehearsal-server-${i}`,
      });
    }
    const d = new SealCeremonyDriver({
      network: `rehearsal:${ledgerDir}`,
      threshold: t,
      coordinator: { party: coordinator, address: coordinatorAccount.address },
      members: plan,
      title: `Rehearsal: ${t}-of-${n} Seal committee`,
    });
    log(`Creating the committee (${t} of ${n}) on the rehearsal ledger ${ledgerDir}`);
    await d.createCommittee();
    await d.joinAll();
    log('Registering every member');
    await d.registerAll();
    log('Creating and collecting the DKG messages');
    await d.messagesAll();
    await d.distributeMessageSet();
    log('Processing and proposing');
    await d.proposeAll();
    await d.finalizeAll();
    const cv = await view(d.coordinator);
    const keyServerObjId = factOf(cv, SEAL_FACTS.keyServerObjId);
    if (cv.status !== 'completed' || !keyServerObjId)
      throw new CeremonyError('rehearsal/not-finalized', `The rehearsal did not finalize: ${cv.headline}`);
    log(`Finalized: KEY_SERVER_OBJ_ID ${keyServerObjId}; writing the files`);
    const keyServerPk = factOf(cv, SEAL_FACTS.keyServerPk)!;
    const {
      members,
      aggregatorConfig: aggPath,
      record,
      messagesHashCheckCode,
    } = await writeRehearsalOutputs(d, dir, { ledgerDir, keyServerObjId, keyServerPk, version: 0, threshold: t });
    return {
      dir,
      ledgerDir,
      committeeId: factOf(cv, SEAL_FACTS.committeeId)!,
      keyServerObjId,
      keyServerPk,
      messagesHashCheckCode,
      passphrase: o.keychain ? null : (o.passphrase ?? DEFAULT_REHEARSAL_PASSPHRASE),
      coordinator: { dataDir: coordinator.dataDir, ceremonyId: d.coordinator.id, aggregatorConfig: aggPath, record },
      members,
    };
  } finally {
    for (const i of installs) await i.core.close();
  }
}

export type RehearsalMemberFiles = RehearsalResult['members'][number];

/**
 * What a finalized rehearsal (fresh or rotation) leaves in `dir`: for each member of the new
 * committee `member-<party>/dkg.yaml` (its share, as seal-committee-cli writes it) and
 * `key-server-config.yaml`, API credentials carried to the coordinator, the coordinator's
 * `aggregator-config.yaml`, and the manifest a later `rehearse seal-rotation --from` reads.
 */
export async function writeRehearsalOutputs(
  d: SealCeremonyDriver,
  dir: string,
  committee: Omit<RehearsalManifest, 'format' | 'members'>,
): Promise<{ members: RehearsalMemberFiles[]; aggregatorConfig: string; record: string; messagesHashCheckCode: string }> {
  const members: RehearsalMemberFiles[] = [];
  for (const j of d.joined) {
    const mdir = join(dir, `member-${j.partyId}`);
    mkdirSync(mdir, { recursive: true });
    const dkgYaml = join(mdir, 'dkg.yaml');
    (j.member.party as Install).core.exportTo(dkgYaml);
    await act(j.me, 'export-share-file', { format: 'dkg-yaml' });
    const ksc = await artifact(j.me, SEAL_ARTIFACTS.keyServerConfig);
    const kscPath = join(mdir, 'key-server-config.yaml');
    writeFileAtomic(kscPath, Buffer.from(ksc.base64, 'base64'));
    await act(j.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });
    await carry(j.me, SEAL_ARTIFACTS.apiCredentials, d.coordinator);
    members.push({
      partyId: j.partyId,
      address: j.member.address,
      airGapped: !!j.member.airGapped,
      dataDir: (j.member.party as Install).dataDir,
      ceremonyId: j.me.id,
      dkgYaml,
      keyServerConfig: kscPath,
      relayDataDir: j.relay ? (j.relay.party as Install).dataDir : null,
    });
  }
  mkdirSync(join(dir, 'coordinator'), { recursive: true });
  const record = join(dir, 'coordinator', RECORD_FILE_NAME);
  writeFileAtomic(record, await signedRecord(d));
  const aggregatorConfig = join(dir, 'coordinator', 'aggregator-config.yaml');
  (d.coordinator.party as Install).core.exportTo(aggregatorConfig);
  await act(d.coordinator, 'export-aggregator-config');
  const manifest: RehearsalManifest = {
    format: 'ceremony-seal-rehearsal/1',
    ...committee,
    members: members.map((m) => ({ partyId: m.partyId, address: m.address, dataDir: m.dataDir, airGapped: m.airGapped })),
  };
  writeFileAtomic(join(dir, MANIFEST_FILE), `${JSON.stringify(manifest, null, 2)}\n`);
  const mv = await view(d.joined[0]!.me);
  return { members, aggregatorConfig, record, messagesHashCheckCode: factOf(mv, SEAL_FACTS.messagesHashCheckCode)! };
}

/**
 * The ceremony record as the coordinator collected it from the members' credentials bundles: a
 * rehearsal ends with a record the coordinator and every member signed, or fails naming who is missing.
 */
async function signedRecord(d: SealCeremonyDriver): Promise<Uint8Array> {
  const bytes = Buffer.from((await artifact(d.coordinator, RECORD_ARTIFACT_ID)).base64, 'base64');
  const v = verifyRecord(bytes);
  if (!v.ok || v.notSigned.length)
    throw new CeremonyError(
      'record/incomplete',
      `The ceremony record is not signed by everyone: ${[...v.problems.map((p) => p.message), ...v.notSigned.map((n) => `${n.label} did not sign`)].join('; ')}`,
    );
  return bytes;
}
