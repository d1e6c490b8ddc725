/**
 * A whole FROST group on one machine, over real bundles: one app core (data folder, vault,
 * engine) per member, and a "USB stick" that carries every member's outgoing bundles to every
 * other member. Used by `ceremony rehearse frost` and by the tests.
 *
 * Rehearsal vaults use an in-memory keychain: nothing is written to the OS keychain, so
 * rehearsals leave no keychain entries behind, and the vaults in the rehearsal folders are
 * unreadable once the run ends (their key existed only in the process). The data folders stay
 * for inspection (states, journals, every bundle); the frost-client TOML files written at the
 * end are the only copies of the key packages.
 */
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { createApp, type AppCore } from '../app/create-app.ts';
import { CeremonyError } from '../errors.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';
import type { ImportSummary } from '../../../src-shared/api/bundles.ts';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../vault/index.ts';
import { BUNDLE_EXTENSION } from '../bundles/format.ts';
import { CeremonyFolder } from '../engine/folder.ts';
import { resolveFrostSuite } from '../crypto/frost/index.ts';
import { groupKeyCode } from '../ceremonies/frost/code-checks.ts';
import { exportFrostClientToml } from '../ceremonies/frost/frost-client-toml.ts';
import { frostProtocol } from '../ceremonies/frost/protocol.ts';
import type { GroupState } from '../ceremonies/frost/state.ts';
import { RECORD_FILE_NAME } from '../record/format.ts';
import { verifyRecord } from '../record/verify.ts';

export interface Party {
  readonly name: string;
  readonly dataDir: string;
  readonly core: AppCore;
  /** The ceremony id once created or joined. */
  id: string;
}

export async function startParty(name: string, dataDir: string): Promise<Party> {
  mkdirSync(dataDir, { recursive: true });
  const core = await createApp({ dataDir, shell: 'cli', keychain: new MemoryKeychain(), kdf: TEST_SCRYPT, protocols: [frostProtocol] });
  await core.vault.init({ kind: 'keychain' });
  return { name, dataDir, core, id: '' };
}

export function act(p: Party, action: string, input: Record<string, unknown> = {}): Promise<CeremonyView> {
  return p.core.engine.act(p.id, action, input);
}

/** The committed protocol state (state.json is public: reading it is what any person could do). */
export function readState(p: Party): GroupState {
  return new CeremonyFolder(join(p.dataDir, 'ceremonies'), p.id).readState<GroupState>().protocolState;
}

/** Every outgoing bundle a party has made so far: name and bytes. */
export function bundlesOf(p: Party): { name: string; bytes: Uint8Array }[] {
  const v = p.core.engine.view(p.id);
  return v.artifacts
    .filter((a) => a.name.endsWith(BUNDLE_EXTENSION))
    .map((a) => ({ name: `${p.name}/${a.name}`, bytes: p.core.engine.readArtifact(p.id, a.id).bytes }));
}

/** Reads one artifact by file name. */
export function artifactNamed(p: Party, name: string): Uint8Array {
  const a = p.core.engine.view(p.id).artifacts.find((x) => x.name === name);
  if (!a) throw new Error(`${p.name} has no file ${name}`);
  return p.core.engine.readArtifact(p.id, a.id).bytes;
}

/**
 * The shared USB stick: everything every party has sent, imported by every party (their own
 * files and those already imported are skipped, as on a real stick). Returns each import summary.
 */
export async function syncAll(parties: readonly Party[]): Promise<Map<Party, ImportSummary>> {
  const files = parties.flatMap((p) => bundlesOf(p));
  const out = new Map<Party, ImportSummary>();
  for (const p of parties) {
    // Like a person importing a stick: only what they have not imported yet (faster re-syncs).
    const seen = delivered.get(p) ?? new Set<string>();
    delivered.set(p, seen);
    const todo = files.filter((f) => !f.name.startsWith(`${p.name}/`) && !seen.has(keyOf(f)));
    const summary = todo.length ? await p.core.engine.importFiles(p.id, todo) : { accepted: 0, rejected: 0, skipped: 0, outcomes: [] };
    summary.outcomes.forEach((o, i) => {
      if (o.accepted || o.error?.code === 'bundle/duplicate') seen.add(keyOf(todo[i]!));
    });
    out.set(p, summary);
  }
  return out;
}

const delivered = new WeakMap<Party, Set<string>>();
const keyOf = (f: { name: string; bytes: Uint8Array }) =>
  `${f.name}:${f.bytes.length}:${Buffer.from(f.bytes.subarray(-96)).toString('base64')}`;

/**
 * Like syncAll, repeated until no party makes a new bundle in response (a real stick goes round
 * again), failing on any refused file: rehearsals expect a clean run.
 */
export async function syncClean(parties: readonly Party[], expectedRefusal: (message: string) => boolean = () => false): Promise<void> {
  for (let round = 0; round < 6; round++) {
    const before = parties.reduce((n, p) => n + bundlesOf(p).length, 0);
    for (const [p, s] of await syncAll(parties)) {
      const bad = s.outcomes.filter(
        (o) =>
          !o.accepted &&
          o.error &&
          o.error.code !== 'bundle/duplicate' &&
          o.error.code !== 'bundle/own-bundle' &&
          !expectedRefusal(o.error.message),
      );
      if (bad.length) throw new Error(`${p.name} refused ${bad.map((o) => `${o.file}: ${o.error!.message}`).join('; ')}`);
    }
    if (parties.reduce((n, p) => n + bundlesOf(p).length, 0) === before) return;
  }
}

/** Creator creates, everyone else joins from their own invitation. */
export async function runDkgSetup(
  parties: readonly Party[],
  args: { suite: string; threshold: number; description: string; rehearsal: boolean },
): Promise<void> {
  const [creator, ...others] = parties;
  const v = await creator!.core.engine.create('frost', args.description, args.rehearsal, {
    mode: 'dkg',
    suite: args.suite,
    threshold: args.threshold,
    description: args.description,
    members: parties.map((p) => p.name),
  });
  creator!.id = v.id;
  for (const p of others) {
    const inv = v.artifacts.find((a) => a.name.startsWith('invitation-for-') && a.description.startsWith(`Invitation for ${p.name} `));
    if (!inv) throw new Error(`no invitation for ${p.name}`);
    const joined = await p.core.engine.join(inv.name, creator!.core.engine.readArtifact(v.id, inv.id).bytes, {});
    p.id = joined.id;
  }
}

/** The whole DKG once everyone has joined. Returns the group key. */
export async function runDkg(parties: readonly Party[]): Promise<string> {
  for (const p of parties) await act(p, 'round1');
  await syncClean(parties);
  for (const p of parties) await act(p, 'round2');
  await syncClean(parties);
  for (const p of parties) await act(p, 'finalize');
  const keys = new Set(parties.map((p) => readState(p).group?.verifyingKey));
  if (keys.size !== 1 || keys.has(undefined)) throw new Error('the members derived different group keys');
  await confirmGroupCodes(parties);
  return [...keys][0]!;
}

/**
 * Every member compares the group key check code with all the others, as people do aloud
 * before using the group: here the codes are read from each member's own state, and only a
 * code every member shows is confirmed.
 */
export async function confirmGroupCodes(parties: readonly Party[]): Promise<void> {
  const codes = new Map(parties.map((p) => [p, groupKeyCode(readState(p))]));
  if (new Set(codes.values()).size !== 1) throw new Error('the members show different group key check codes');
  for (const p of parties) {
    const me = readState(p).me;
    const heard = parties.map((o) => readState(o).me).filter((id) => id !== me);
    await act(p, 'confirm-code', { verdict: 'match', code: codes.get(p)!, heard });
  }
}

/** One signing session by `signers` (the first coordinates). Returns the signature hex. */
export async function runSigning(
  parties: readonly Party[],
  signers: readonly Party[],
  message: Uint8Array,
  label = 'rehearsal',
  expectedRefusal?: (message: string) => boolean,
): Promise<string> {
  const coordinator = signers[0]!;
  const ids = signers.map((s) => readState(s).me);
  await act(coordinator, 'sign-request', { signers: ids, message: Buffer.from(message).toString('base64'), label });
  const session = readState(coordinator).signings.at(-1)!.id;
  await syncClean(parties, expectedRefusal);
  for (const s of signers.slice(1)) await act(s, 'sign-approve', { session });
  await syncClean(parties, expectedRefusal);
  for (const s of signers) await act(s, 'sign', { session });
  await syncClean(parties, expectedRefusal);
  const sig = readState(coordinator).signings.find((x) => x.id === session)!.signature;
  if (!sig) throw new Error('no signature after all shares were imported');
  return sig;
}

/**
 * The record as the first member holds it once the signatures went round (they travel with the
 * signing's files): a rehearsal ends with a record every member signed, or fails saying who is missing.
 */
export function collectRecord(parties: readonly Party[]): Uint8Array {
  const bytes = artifactNamed(parties[0]!, RECORD_FILE_NAME);
  const v = verifyRecord(bytes);
  if (!v.ok || v.notSigned.length)
    throw new CeremonyError(
      'record/incomplete',
      `The ceremony record is not signed by every member: ${[...v.problems.map((p) => p.message), ...v.notSigned.map((n) => `${n.label} did not sign`)].join('; ')}`,
    );
  return bytes;
}

export async function closeAll(parties: readonly Party[]): Promise<void> {
  for (const p of parties) await p.core.close();
}

export interface RehearsalResult {
  groupKey: string;
  suite: string;
  signatures: { signers: number[]; signature: string }[];
  files: string[];
}

/**
 * `ceremony rehearse frost`: DKG among `members` and one signing per signer set (1-based member
 * numbers; default the first `threshold`), all over bundles, in `out`:
 *
 *   out/group-public-key.hex   the group verifying key as the suite serializes it (hex)
 *   out/signature.hex          the first signing's signature, the suite's standard encoding (hex)
 *   out/signature-<set>.hex    further signer sets, if any
 *   out/message                a copy of the signed message
 *   out/member-<i>.toml        each member's frost-client config (secrets in clear, mode 0600)
 *   out/ceremony-record.json   the key generation's record, signed by every member (`ceremony record verify`)
 *   out/members/member-<i>/    each member's data folder (vault unreadable after the run)
 */
export async function rehearseFrost(opts: {
  suite: string;
  members: number;
  threshold: number;
  message: Uint8Array;
  out: string;
  signerSets?: number[][];
}): Promise<RehearsalResult> {
  const suite = resolveFrostSuite(opts.suite);
  if (!Number.isInteger(opts.members) || opts.members < 2 || opts.members > 100)
    throw new CeremonyError('frost/rehearsal-bad-size', `A rehearsal needs 2 to 100 members, not ${opts.members}.`, {});
  if (!Number.isInteger(opts.threshold) || opts.threshold < 2 || opts.threshold > opts.members)
    throw new CeremonyError('frost/rehearsal-bad-size', `The threshold must be between 2 and ${opts.members}, not ${opts.threshold}.`, {});
  const sets = opts.signerSets?.length ? opts.signerSets : [Array.from({ length: opts.threshold }, (_, i) => i + 1)];
  for (const set of sets) {
    if (
      new Set(set).size !== set.length ||
      set.some((i) => !Number.isInteger(i) || i < 1 || i > opts.members) ||
      set.length < opts.threshold
    )
      throw new CeremonyError(
        'frost/rehearsal-bad-signers',
        `Signer set ${set.join(',')} must name at least ${opts.threshold} distinct members from 1 to ${opts.members}.`,
        {},
      );
  }
  mkdirSync(opts.out, { recursive: true });
  const parties: Party[] = [];
  try {
    for (let i = 1; i <= opts.members; i++) parties.push(await startParty(`Member ${i}`, join(opts.out, 'members', `member-${i}`)));
    await runDkgSetup(parties, {
      suite: suite.name,
      threshold: opts.threshold,
      description: `Rehearsal: FROST ${suite.name} ${opts.threshold}-of-${opts.members}`,
      rehearsal: true,
    });
    const groupKey = await runDkg(parties);
    const signatures: RehearsalResult['signatures'] = [];
    for (const set of sets)
      signatures.push({
        signers: set,
        signature: await runSigning(
          parties,
          set.map((i) => parties[i - 1]!),
          opts.message,
        ),
      });
    const files: string[] = [];
    const write = (name: string, data: Uint8Array | string, mode?: number) => {
      const path = join(opts.out, name);
      writeFileAtomic(path, data, mode ? { mode } : {});
      files.push(path);
    };
    write(RECORD_FILE_NAME, collectRecord(parties));
    write('group-public-key.hex', groupKey);
    write('message', opts.message);
    signatures.forEach((s, i) => write(i === 0 ? 'signature.hex' : `signature-${s.signers.join('-')}.hex`, s.signature));
    for (const [i, p] of parties.entries()) {
      const vault = await p.core.vault.unlockedVault();
      const toml = await exportFrostClientToml(readState(p), {
        has: async (n) => vault.has(`${p.id}/${n}`),
        read: (n) => vault.get(`${p.id}/${n}`),
      });
      write(`member-${i + 1}.toml`, toml, 0o600);
    }
    return { groupKey, suite: suite.name, signatures, files };
  } finally {
    await closeAll(parties);
  }
}
