import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { sha256 } from '@noble/hashes/sha2.js';
import { encodeMessageJson } from '../core/crypto/seal/message-json.ts';
import type { DealTaskArgs } from '../core/crypto/seal/dealer-task.ts';
import { generateCommitteeKeys, seededRandom } from '../core/crypto/seal/simulation.ts';
import { watchEventLoop } from './stall.ts';
import { install, type Install } from '../core/rehearsal/seal.ts';
import { act, artifact, factOf, importRaw, signAndSubmit, view, type PartyCeremony } from '../core/rehearsal/seal-driver.ts';
import { RehearsalLedger } from '../core/transports/sui/ledger/ledger.ts';
import { rehearsalChain } from '../core/transports/sui/open-chain.ts';
import { TEST_SCRYPT } from '../core/vault/index.ts';
import type { WorkerPool } from '../core/workers/pool.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, sealParticipantId } from '../../src-shared/ceremonies/seal.ts';
import type { CeremonyView } from '../../src-shared/api/ceremonies.ts';
import type { ImportSummary } from '../../src-shared/api/bundles.ts';
import type { WalletAccount } from '../../src-shared/api/wallet.ts';
import { fmt, measure, type Measurement } from './measure.ts';

/**
 * The import of a real message set through the app, as a member's install does it: a Seal
 * committee of n on a rehearsal ledger, the coordinator's install collecting the n messages
 * (n-1 message_<P>.json files dealt here plus the member's own bundle, one folder import),
 * exporting the message set bundle (about 12 MiB at n=256), and the member's install importing
 * it and processing it. Every step goes through the same API calls as the screens.
 *
 * Preparing the committee (registering n members, dealing n-1 messages) takes minutes, so the
 * prepared folders are cached in the OS temp folder; each run copies the two installs and
 * times the steps on the copies. The ledger is only read by the timed steps.
 */

const CACHE_VERSION = 'v1';
const PASSPHRASE = 'bench only, not a secret';

interface Prepared {
  dir: string;
  n: number;
  t: number;
  me: number;
  coordinatorId: string;
  memberId: string;
}

export interface SealImportRow {
  n: number;
  t: number;
  step: 'collect-messages' | 'export-message-set' | 'import-message-set' | 'process';
  ms: number;
  cpuMs: number;
  peakRssMiB: number;
  /** Size of the files the step read (collect, import) or wrote (export). */
  bytes: number;
  /** import-message-set: its time divided by the floor (reading the file and decoding its base64 with Buffer). */
  floorRatio?: number;
  /**
   * process: the longest main-thread event-loop stall (monitorEventLoopDelay) from the start of
   * the member's import of the set to the commit of the processing result.
   */
  maxStallMs?: number;
}

const installOptions = { passphrase: PASSPHRASE, kdf: TEST_SCRYPT };

/** Deterministic Sui keys for the members the bench registers itself. */
function suiKey(n: number, i: number): Ed25519Keypair {
  return Ed25519Keypair.fromSecretKey(sha256(new TextEncoder().encode(`ceremony-bench-sui-${n}-${i}`)));
}

async function prepare(n: number, t: number, me: number, pool: WorkerPool, cache: boolean, log: (l: string) => void): Promise<Prepared> {
  const dir = join(tmpdir(), 'ceremony-bench', `seal-import-${n}-${t}-${CACHE_VERSION}`);
  const manifest = join(dir, 'prepared.json');
  if (cache && existsSync(manifest)) return JSON.parse(readFileSync(manifest, 'utf8')) as Prepared;
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const started = performance.now();
  log(`  (set-up: a ${t}-of-${n} committee on a rehearsal ledger in ${dir}; this takes minutes once, then it is cached)`);
  const ledgerDir = join(dir, 'ledger');
  mkdirSync(ledgerDir);
  const installs: Install[] = [];
  try {
    const coordinator = await install(join(dir, 'coordinator'), 'coordinator', installOptions);
    const member = await install(join(dir, 'member'), 'member', installOptions);
    installs.push(coordinator, member);
    const coordinatorAccount = await coordinator.call<WalletAccount>('wallet.generate', { label: 'Bench coordinator' });
    const memberAccount = await member.call<WalletAccount>('wallet.generate', { label: 'Bench member' });
    const others = Array.from({ length: n }, (_, i) => (i === me ? null : suiKey(n, i)));
    const addresses = others.map((k) => (k ? k.toSuiAddress() : memberAccount.address));
    const created = await coordinator.call<CeremonyView>('ceremonies.create', {
      protocol: 'seal',
      title: `Bench: ${t}-of-${n} Seal committee`,
      rehearsal: true,
      params: {
        network: `rehearsal:${ledgerDir}`,
        threshold: t,
        members: addresses.map((address, i) => ({ address, label: `Member ${i}` })),
        coordinatorAddress: coordinatorAccount.address,
      },
    });
    const c: PartyCeremony = { party: coordinator, id: created.id };
    await act(c, 'publish');
    await signAndSubmit(c);
    await act(c, 'init-committee');
    await signAndSubmit(c);
    const committeeId = factOf(await view(c), SEAL_FACTS.committeeId)!;

    // The member joins, compares the committee code and registers through its install.
    const invitation = await artifact(c, SEAL_ARTIFACTS.invitation);
    const joined = await member.call<CeremonyView>('ceremonies.join', {
      ...invitation,
      params: { role: 'member', address: memberAccount.address },
    });
    const m: PartyCeremony = { party: member, id: joined.id };
    await act(m, 'generate-keys', { serverUrl: 'https://seal-bench.example.org', serverName: 'bench' });
    const code = factOf(await view(m), SEAL_FACTS.committeeCheckCode)!;
    await act(m, 'confirm-code', { moment: 'committee', verdict: 'match', code, heard: [sealParticipantId.coordinator] });
    await act(m, 'register');
    await signAndSubmit(m);

    // Everyone else registers straight on the ledger, with keys the bench deals for.
    const keys = generateCommitteeKeys(n, seededRandom(`bench-import-${n}`));
    const ledger = await RehearsalLedger.openFolder(ledgerDir);
    const chain = rehearsalChain(ledger, ledgerDir);
    for (const [i, k] of others.entries()) {
      if (!k) continue;
      await ledger.faucet(k.toSuiAddress());
      await chain.execute(
        {
          kind: 'register',
          committeeId,
          encPk: keys[i]!.encPk,
          signingPk: keys[i]!.signingPk,
          url: `https://ks${i}.example.org`,
          name: `ks${i}`,
        },
        k,
      );
    }
    const regs = (await chain.getCommittee(committeeId)).registrations!;
    const encryptionPks = addresses.map((_, i) => regs.find((r) => r.partyId === i)!.encPk);
    log(`  (set-up: ${n} members registered in ${fmt(performance.now() - started)} ms; dealing ${n - 1} messages)`);

    const messages = join(dir, 'messages');
    mkdirSync(messages);
    await Promise.all(
      others.map(async (k, i) => {
        if (!k) return;
        const dealt = await pool.run<{ bytes: Uint8Array }>('seal.createDealerMessage', {
          committeeId,
          threshold: t,
          encryptionPks,
          myPartyId: i,
          signingSk: keys[i]!.signingSk,
        } satisfies DealTaskArgs);
        writeFileSync(join(messages, `message_${i}.json`), encodeMessageJson(dealt.bytes));
      }),
    );
    await act(m, 'refresh');
    await act(m, 'create-message');
    const own = await artifact(m, SEAL_ARTIFACTS.messageBundle);
    writeFileSync(join(messages, own.name), Buffer.from(own.base64, 'base64'));
    await act(c, 'refresh');
    const prepared: Prepared = { dir, n, t, me, coordinatorId: c.id, memberId: m.id };
    writeFileSync(manifest, JSON.stringify(prepared));
    log(`  (set-up done in ${fmt(performance.now() - started)} ms)`);
    return prepared;
  } catch (e) {
    for (const i of installs.splice(0)) await i.core.close();
    rmSync(dir, { recursive: true, force: true });
    throw e;
  } finally {
    for (const i of installs) await i.core.close();
  }
}

function refused(r: ImportSummary): string[] {
  return r.outcomes.filter((o) => !o.accepted).map((o) => `${o.file}: ${o.error?.message}`);
}

/** Floor for importing a bundle: read the file and decode its base64 body with Node's Buffer (no checks at all). */
function bundleFloor(bytes: Uint8Array): { ms: number } {
  const start = performance.now();
  const text = Buffer.from(bytes).toString('latin1');
  const body = text.slice(text.indexOf('\n') + 1);
  Buffer.from(body, 'base64');
  return { ms: performance.now() - start };
}

export async function runSealImportBench(
  n: number,
  t: number,
  me: number,
  pool: WorkerPool,
  cache: boolean,
  log: (l: string) => void,
): Promise<SealImportRow[]> {
  const p = await prepare(n, t, me, pool, cache, log);
  const run = join(tmpdir(), `ceremony-bench-import-${process.pid}`);
  rmSync(run, { recursive: true, force: true });
  cpSync(join(p.dir, 'coordinator'), join(run, 'coordinator'), { recursive: true });
  cpSync(join(p.dir, 'member'), join(run, 'member'), { recursive: true });
  const coordinator = await install(join(run, 'coordinator'), 'coordinator', installOptions, true);
  const member = await install(join(run, 'member'), 'member', installOptions, true);
  const rows: SealImportRow[] = [];
  try {
    const row = (step: SealImportRow['step'], m: Measurement<unknown>, bytes: number): SealImportRow => ({
      n,
      t,
      step,
      ms: m.ms,
      cpuMs: m.cpuMs,
      peakRssMiB: m.peakRssMiB,
      bytes,
    });
    const c: PartyCeremony = { party: coordinator, id: p.coordinatorId };
    const m: PartyCeremony = { party: member, id: p.memberId };
    const folder = join(p.dir, 'messages');
    const files = readdirSync(folder).map((name) => ({ name, base64: readFileSync(join(folder, name)).toString('base64') }));
    const fileBytes = files.reduce((a, f) => a + (f.base64.length * 3) / 4, 0);

    const collected = await measure(() => importRaw(c, files));
    const bad = refused(collected.value);
    if (bad.length) throw new Error(`the coordinator refused ${bad.join('; ')}`);
    rows.push(row('collect-messages', collected, fileBytes));

    const exported = await measure(() => act(c, 'export-message-set'));
    const set = await artifact(c, SEAL_ARTIFACTS.messageSet);
    const setBytes = Buffer.from(set.base64, 'base64');
    rows.push(row('export-message-set', exported, setBytes.length));

    const floor = bundleFloor(setBytes);
    // The app's UI and IPC run on this thread: watch it from the import to the processed result.
    const loop = await watchEventLoop();
    const imported = await measure(() => importRaw(m, [set]));
    const badSet = refused(imported.value);
    if (badSet.length) throw new Error(`the member refused ${badSet.join('; ')}`);
    rows.push({ ...row('import-message-set', imported, setBytes.length), floorRatio: imported.ms / floor.ms });

    const processed = await measure(() => act(m, 'process'));
    const maxStallMs = loop.stop();
    const mine = factOf(processed.value, SEAL_FACTS.messagesHashCheckCode);
    const theirs = factOf(await view(c), SEAL_FACTS.messagesHashCheckCode);
    if (!mine || mine !== theirs) throw new Error(`messages_hash check codes differ: member ${mine}, coordinator ${theirs}`);
    rows.push({ ...row('process', processed, setBytes.length), maxStallMs });

    log(
      `${'n/t'.padEnd(8)} ${'step (through the app API)'.padEnd(28)} ${'time ms'.padStart(9)} ${'CPU ms'.padStart(9)} ${'MiB in'.padStart(7)} ${'peak RSS MiB'.padStart(13)}`,
    );
    for (const r of rows)
      log(
        `${`${n}/${t}`.padEnd(8)} ${r.step.padEnd(28)} ${fmt(r.ms).padStart(9)} ${fmt(r.cpuMs).padStart(9)} ${(r.bytes / 2 ** 20).toFixed(1).padStart(7)} ${r.peakRssMiB.toFixed(0).padStart(13)}`,
      );
    log(
      `  import-message-set: ${(setBytes.length / 2 ** 20).toFixed(1)} MiB bundle read, verified and imported in ${fmt(imported.ms)} ms, ` +
        `${rows[2]!.floorRatio!.toFixed(1)}× the floor (reading it and decoding its base64 with Buffer, no checks: ${fmt(floor.ms)} ms in this run); ` +
        `the member's messages_hash check code ${mine} equals the coordinator's`,
    );
    log(`  longest main-thread event-loop stall from the member's import to its processed result: ${fmt(maxStallMs)} ms`);
    return rows;
  } finally {
    await coordinator.core.close();
    await member.core.close();
    rmSync(run, { recursive: true, force: true });
  }
}
