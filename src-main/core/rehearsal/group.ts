import { RECORD_ARTIFACT_ID } from '../record/artifacts.ts';
import { RECORD_FILE_NAME } from '../record/format.ts';
import { verifyRecord } from '../record/verify.ts';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { createApp, type AppCore } from '../app/create-app.ts';
import { CeremonyError } from '../errors.ts';
import { readTrustServerState } from '../formats/group/trust-server-export.ts';
import { keyPackageOf, type GroupPublic } from '../crypto/group/group-public.ts';
import { signWithQuorum } from '../crypto/group/signing.ts';
import type { ScryptParams } from '../vault/index.ts';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';

/**
 * Rehearsal data folders: every operator gets DIR/operators/<moniker>, a complete app data folder
 * whose vault is a PASSPHRASE vault with the passphrase below and a cheap scrypt cost. So a
 * rehearsal never adds entries to the OS keychain, and its folders can be opened afterwards
 * (`CEREMONY_VAULT_PASSPHRASE=ceremony-rehearsal ceremony show <id> --data-dir DIR/operators/alice`).
 * Rehearsal keys protect nothing: never reuse a rehearsal folder for a real group.
 */
export const REHEARSAL_PASSPHRASE = 'ceremony-rehearsal';
const REHEARSAL_KDF: ScryptParams = { alg: 'scrypt', N: 2 ** 12, r: 8, p: 1 };
const NAMES = [
  'alice',
  'bob',
  'carol',
  'dave',
  'erin',
  'frank',
  'grace',
  'heidi',
  'ivan',
  'judy',
  'mallory',
  'niaj',
  'olivia',
  'peggy',
  'rupert',
  'sybil',
  'trent',
  'victor',
  'walter',
];

interface Op {
  moniker: string;
  dir: string;
  core: AppCore;
  id: string;
}

async function operator(root: string, moniker: string): Promise<Op> {
  const dir = join(root, 'operators', moniker);
  mkdirSync(dir, { recursive: true });
  const core = await createApp({ dataDir: dir, shell: 'cli', kdf: REHEARSAL_KDF });
  await core.vault.init({ kind: 'passphrase', passphrase: REHEARSAL_PASSPHRASE });
  return { moniker, dir, core, id: '' };
}

/** The genesis record an operator holds; the rehearsal stops unless every operator signed it. */
function signedGenesisRecord(op: Op): Uint8Array {
  const bytes = op.core.engine.readArtifact(op.id, RECORD_ARTIFACT_ID).bytes;
  const v = verifyRecord(bytes);
  if (!v.ok || v.notSigned.length)
    throw new CeremonyError(
      'record/incomplete',
      `Rehearsal stopped: the genesis record is not signed by every operator: ${[...v.problems.map((p) => p.message), ...v.notSigned.map((n) => `${n.label} did not sign`)].join('; ')}`,
    );
  return bytes;
}

/** Every operator picks up the exchange folder; any refused file stops the rehearsal. */
async function sync(ops: Op[], exchange: string): Promise<void> {
  for (const op of ops) {
    const s = await op.core.engine.importFolder(op.id, exchange);
    const bad = s.outcomes.find(
      (o) => !o.accepted && o.error && !['bundle/duplicate', 'bundle/own-bundle', 'bundle/wrong-phase'].includes(o.error.code),
    );
    if (bad) throw new CeremonyError(bad.error!.code, `Rehearsal stopped: ${op.moniker} refused ${bad.file}: ${bad.error!.message}`);
  }
}

function same(values: (string | undefined)[], what: string): string {
  const set = new Set(values);
  if (set.size !== 1 || values[0] === undefined)
    throw new CeremonyError(
      'group/rehearsal-mismatch',
      `Rehearsal failed: the operators do not agree on the ${what} (${[...set].join(' / ')}).`,
    );
  return values[0];
}

function groupOf(op: Op): GroupPublic {
  const state = JSON.parse(readFileSync(join(op.dir, 'ceremonies', op.id, 'state.json'), 'utf8')) as {
    protocolState: { group: GroupPublic };
  };
  return state.protocolState.group;
}

function opensslVerify(out: string, message: string, signature: Uint8Array, groupKey: string): 'verified' | 'failed' | 'not installed' {
  const pem = `-----BEGIN PUBLIC KEY-----\n${Buffer.concat([Buffer.from('302a300506032b6570032100', 'hex'), Buffer.from(groupKey, 'hex')]).toString('base64')}\n-----END PUBLIC KEY-----\n`;
  writeFileSync(join(out, 'public_key.pem'), pem);
  writeFileSync(join(out, 'signature.bin'), signature);
  const r = spawnSync(
    'openssl',
    [
      'pkeyutl',
      '-verify',
      '-pubin',
      '-inkey',
      join(out, 'public_key.pem'),
      '-rawin',
      '-in',
      message,
      '-sigfile',
      join(out, 'signature.bin'),
    ],
    { encoding: 'utf8' },
  );
  if (r.error && (r.error as NodeJS.ErrnoException).code === 'ENOENT') return 'not installed';
  return r.status === 0 && /Signature Verified Successfully/i.test(r.stdout) ? 'verified' : 'failed';
}

function fact(v: CeremonyView, label: string): string | undefined {
  return v.facts.find((f) => f.label === label)?.value;
}

export interface GroupRehearsalOptions {
  /** Output folder (must be new or empty). */
  out: string;
  /** Genesis monikers (N of them) and the threshold M. */
  monikers: string[];
  threshold: number;
  /** The newcomer's moniker, already validated. */
  newName: string;
  message?: string;
}

/** Default genesis monikers: the first N names that are not the newcomer's. */
export function defaultMonikers(n: number, newName: string): string[] {
  return NAMES.filter((x) => x !== newName.toLowerCase()).slice(0, n);
}

export const MAX_DEFAULT_MONIKERS = NAMES.length;

/**
 * A whole group life in one process, every operator with its own data folder, files exchanged
 * through OUT/exchange exactly as operators would exchange them: genesis of N operators with
 * threshold M, one join of the newcomer approved by M members, then an M-of-N FROST signing of a
 * test message by the newcomer and M−1 others. Writes OUT/public_key.txt, OUT/peers_list.txt,
 * OUT/message and OUT/signature.hex, exports every operator's trust-server files and reads them
 * back, and verifies the signature with stock Ed25519 (noble, and openssl when installed).
 */
export async function runGroupRehearsal(opts: GroupRehearsalOptions) {
  const { out, monikers, newName } = opts;
  const n = monikers.length;
  const m = opts.threshold;
  const o = { message: opts.message };
  if (existsSync(out) && readdirSync(out).length)
    throw new CeremonyError('group/out-not-empty', `${out} is not empty; give a new folder for the rehearsal.`, { path: out });
  const exchange = join(out, 'exchange');
  mkdirSync(exchange, { recursive: true });

  const ops: Op[] = [];
  try {
    for (const name of monikers) ops.push(await operator(out, name));
    // Genesis: the first operator coordinates; the invitation reaches the others through the exchange folder.
    const [coord, ...rest] = ops as [Op, ...Op[]];
    const created = await coord.core.engine.create('group', 'Rehearsal group', true, {
      moniker: coord.moniker,
      members: monikers,
      threshold: m,
      url: `https://${coord.moniker}.trust.example/`,
      exchangeFolder: exchange,
    });
    coord.id = created.id;
    const invitation = new Uint8Array(readFileSync(join(exchange, 'group-invitation.ceremony')));
    for (const op of rest)
      op.id = (
        await op.core.engine.join(
          'group-invitation.ceremony',
          invitation,
          { moniker: op.moniker, url: `https://${op.moniker}.trust.example/`, exchangeFolder: exchange },
          'group',
        )
      ).id;
    await sync(ops, exchange);
    // The coordinator reads the roster code out; every operator types it (their app checks it).
    const rosterCode = fact(coord.core.engine.view(coord.id), 'Roster check code')!;
    for (const op of ops) await op.core.engine.act(op.id, 'confirm-roster', { rosterCheckCode: rosterCode });
    same(
      ops.map((op) => fact(op.core.engine.view(op.id), 'Roster check code')),
      'roster check code',
    );
    await sync(ops, exchange);
    for (const op of ops) await op.core.engine.act(op.id, 'send-shares', {});
    await sync(ops, exchange);
    for (const op of ops) await op.core.engine.act(op.id, 'finalize', {});
    await sync(ops, exchange);
    // The genesis record, as the coordinator holds it once every operator's signature came through the folder.
    const record = join(out, RECORD_FILE_NAME);
    writeFileSync(record, signedGenesisRecord(coord));
    const groupKey = same(
      ops.map((op) => fact(op.core.engine.view(op.id), 'Group key')),
      'group key',
    );

    // Join: the newcomer reads the coordinator's group information and asks the first M members.
    const newcomer = await operator(out, newName);
    ops.push(newcomer);
    const info = readFileSync(join(exchange, `group-info-e0-${coord.moniker}.ceremony`));
    newcomer.id = (
      await newcomer.core.engine.join(
        `group-info-e0-${coord.moniker}.ceremony`,
        new Uint8Array(info),
        { moniker: newName, url: `https://${newName}.trust.example/`, exchangeFolder: exchange },
        'group',
      )
    ).id;
    const approvers = ops.slice(0, m);
    await newcomer.core.engine.act(newcomer.id, 'request-join', { quorum: approvers.map((a) => a.moniker) });
    await sync(ops, exchange);
    const identityCode = fact(newcomer.core.engine.view(newcomer.id), 'Your identity code')!;
    for (const a of approvers) await a.core.engine.act(a.id, 'approve-join', { epoch: 1, identityCheckCode: identityCode });
    await sync(ops, exchange);
    for (const a of approvers) await a.core.engine.act(a.id, 'send-contribution', { epoch: 1 });
    await sync(ops, exchange);
    await newcomer.core.engine.act(newcomer.id, 'finalize-join', {});
    await sync(ops, exchange);
    const views: CeremonyView[] = ops.map((op) => op.core.engine.view(op.id));
    const keyAfter = same(
      views.map((v) => fact(v, 'Group key')),
      'group key after the join',
    );
    if (keyAfter !== groupKey)
      throw new CeremonyError('group/rehearsal-mismatch', 'Rehearsal failed: the group key changed with the join.');
    same(
      views.map((v) => fact(v, 'Threshold')),
      'group size',
    );

    // Sign: the newcomer and the last M−1 genesis members (at least one of whom did not approve).
    const signers = [newcomer, ...ops.slice(0, n).slice(-(m - 1))];
    const group = groupOf(newcomer);
    const keyPackages = [];
    for (const s of signers)
      keyPackages.push(keyPackageOf(group, s.moniker, await (await s.core.vault.unlockedVault()).get(`${s.id}/share`)));
    const message = typeof o.message === 'string' ? o.message : `Ceremony rehearsal: ${m}-of-${n + 1} signature under ${groupKey}`;
    const signature = signWithQuorum(group, keyPackages, utf8ToBytes(message));
    const nobleOk = ed25519.verify(signature, utf8ToBytes(message), hexToBytes(groupKey), { zip215: false });
    if (!nobleOk) throw new CeremonyError('group/rehearsal-mismatch', 'Rehearsal failed: the threshold signature does not verify.');

    // Publish and export: public files from the newcomer's copy, every operator's sss files read back.
    await newcomer.core.engine.act(newcomer.id, 'export-trust-server', { folder: out, includePrivate: false });
    writeFileSync(join(out, 'message'), message);
    writeFileSync(join(out, 'signature.hex'), `${bytesToHex(signature)}\n`);
    const exports = [];
    for (const op of ops) {
      const folder = join(op.dir, 'trust-server');
      mkdirSync(folder, { recursive: true });
      await op.core.engine.act(op.id, 'export-trust-server', { folder, includePrivate: true });
      const st = readTrustServerState(readFileSync(join(folder, 'private.sss')), readFileSync(join(folder, 'shared.sss')));
      if (st.moniker !== op.moniker || st.groupKey !== groupKey)
        throw new CeremonyError('group/rehearsal-mismatch', `Rehearsal failed: ${op.moniker}'s exported files do not read back.`);
      exports.push({ moniker: op.moniker, folder });
    }
    const openssl = opensslVerify(out, join(out, 'message'), signature, groupKey);
    if (openssl === 'failed')
      throw new CeremonyError('group/rehearsal-mismatch', 'Rehearsal failed: openssl does not accept the signature.');
    writeFileSync(
      join(out, 'README.txt'),
      [
        'Ceremony rehearsal of a quorum-run Ed25519 group (REHEARSAL: these keys protect nothing; never publish them).',
        '',
        `public_key.txt   the group key; message, signature.hex: a ${m}-of-${n + 1} signature (${signers.map((s) => s.moniker).join(', ')})`,
        'exchange/        every file the operators exchanged',
        `${RECORD_FILE_NAME} the genesis record, signed by every operator (check it: ceremony record verify ${RECORD_FILE_NAME})`,
        "operators/<m>/   each operator's app data folder; trust-server/ inside holds its private.sss and shared.sss",
        `                 vaults are passphrase vaults, passphrase "${REHEARSAL_PASSPHRASE}" (e.g. CEREMONY_VAULT_PASSPHRASE=${REHEARSAL_PASSPHRASE}`,
        '                 ceremony show <id> --data-dir operators/alice); nothing was stored in the OS keychain.',
        '',
      ].join('\n'),
    );
    const data = {
      groupKey,
      threshold: m,
      members: [...monikers, newName],
      newcomer: newName,
      approvers: approvers.map((a) => a.moniker),
      signers: signers.map((s) => s.moniker),
      rosterCheckCode: rosterCode,
      message,
      signature: bytesToHex(signature),
      verified: { noble: nobleOk, openssl },
      files: {
        publicKey: join(out, 'public_key.txt'),
        peersList: join(out, 'peers_list.txt'),
        message: join(out, 'message'),
        signature: join(out, 'signature.hex'),
        record,
      },
      operators: ops.map((op) => ({ moniker: op.moniker, dataDir: op.dir, ceremonyId: op.id })),
      exports,
      vaultPassphrase: REHEARSAL_PASSPHRASE,
    };
    const text = [
      `Rehearsal of a ${m}-of-${n} group (${monikers.join(', ')}), then ${newName} joined with the approval of ${data.approvers.join(', ')}.`,
      `Group key (unchanged by the join): ${groupKey}`,
      `Signed "${message}" with ${data.signers.join(', ')}: verified by noble ed25519${openssl === 'verified' ? ' and openssl' : openssl === 'not installed' ? ' (openssl not installed)' : ''}.`,
      `Wrote ${data.files.publicKey}, ${data.files.peersList}, ${data.files.message}, ${data.files.signature}, ${data.files.record}`,
      `Operator folders: ${join(out, 'operators')} (passphrase vaults, passphrase "${REHEARSAL_PASSPHRASE}")`,
    ].join('\n');
    return { data, text };
  } finally {
    for (const op of ops) await op.core.close();
  }
}
