import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { fromBase64 } from '@mysten/sui/utils';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { CeremonyFolder } from '../../engine/folder.ts';
import { readJournal } from '../../engine/journal.ts';
import { checkSealOutputs } from '../../crypto/seal/consistency.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { G1, mulBase } from '../../crypto/seal/groups.ts';
import { PlainFileSecretStore } from '../../testing/file-secret-store.ts';
import { repoRoot } from '../../testing/vectors.ts';
import { runTsSync } from '../../testing/ts-child.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS } from '../../../../src-shared/ceremonies/seal.ts';
import type { WalletAccount } from '../../../../src-shared/api/wallet.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import { currentCode } from './code-checks.ts';
import { memberEngine, type CrashOp } from './test-support.ts';
import { act, artifact, carry, factOf, SealCeremonyDriver, view, type Joined, type SealParty } from '../../rehearsal/seal-driver.ts';
import type { MemberState } from './state.ts';
import { makeParty, type TestParty } from '../../testing/seal-world.ts';

/**
 * Acceptance 5 of issue 4: kill the member's app (SIGKILL) inside each of its steps — join,
 * keys, registration (prepare, sign, submit), chain refresh, message, message-set import,
 * processing, proposal and finalization — on a rehearsal ledger folder; reopen it the way a user
 * would (the app resumes pending effects; the person repeats the step if it did not commit) and
 * prove it resumes at the same step with nothing lost: the same secrets, identical files for
 * whatever had been written, no step or transaction twice, and a correct end.
 *
 * One crash point per step keeps the test fast: a point before the commit where the step has
 * already stored its secrets and written its files (so the re-run must reproduce them exactly),
 * and for the two submissions the points where the transaction is pending or already on chain
 * but not recorded (so the resumed effect must not submit it twice).
 *
 * Member A (party 0) runs in child processes for the crashes; the coordinator and members B and
 * C run in this process. Before each step the member's folder and the ledger are snapshotted so
 * every crash point of that step starts from the same place.
 */

const A_KEY = Ed25519Keypair.fromSecretKey(sha256(new TextEncoder().encode('seal crash test member A')));
const A_ADDRESS = A_KEY.toSuiAddress();

interface Step {
  name: string;
  /** Journal step name and how many times it must have committed after this op. */
  journal: string;
  nth: number;
  points: string[];
  before?: () => Promise<void>;
  op: () => Promise<CrashOp>;
}

class Rig {
  readonly root = mkdtempSync(join(tmpdir(), 'seal-crash-'));
  readonly ledgerDir = join(this.root, 'ledger');
  readonly aDir = join(this.root, 'member-A');
  readonly usb = join(this.root, 'usb');
  aId: string | null = null;
  coordinator!: TestParty;
  others: TestParty[] = [];
  driver!: SealCeremonyDriver;
  joinedOthers: Joined[] = [];

  async setup(): Promise<void> {
    mkdirSync(this.usb, { recursive: true });
    this.coordinator = await makeParty(this.root, 'coordinator');
    const cAcct = await this.coordinator.call<WalletAccount>('wallet.generate', { label: 'C' });
    const noParty: SealParty = { name: 'A', call: () => Promise.reject(new Error('A runs through its own engine')) };
    const members = [{ party: noParty, address: A_ADDRESS, label: 'A' }];
    for (const name of ['B', 'C']) {
      const p = await makeParty(this.root, name);
      this.others.push(p);
      members.push({ party: p, address: (await p.call<WalletAccount>('wallet.generate', { label: name })).address, label: name });
    }
    this.driver = new SealCeremonyDriver({
      network: `rehearsal:${this.ledgerDir}`,
      threshold: 2,
      coordinator: { party: this.coordinator, address: cAcct.address },
      members,
    });
    await this.driver.createCommittee();
    this.toUsb(await artifact(this.driver.coordinator, SEAL_ARTIFACTS.invitation), 'invitation.ceremony');
    for (const [k, p] of this.others.entries()) {
      const v = await p.call<{ id: string }>('ceremonies.join', {
        ...(await artifact(this.driver.coordinator, SEAL_ARTIFACTS.invitation)),
        params: {},
      });
      const j: Joined = { member: members[k + 1]!, partyId: k + 1, me: { party: p, id: v.id }, relay: null };
      this.joinedOthers.push(j);
      await this.driver.register(j);
    }
  }

  toUsb(file: { base64: string }, name: string): string {
    const path = join(this.usb, name);
    writeFileSync(path, Buffer.from(file.base64, 'base64'));
    return path;
  }

  engine() {
    return memberEngine(this.aDir);
  }

  folder(): CeremonyFolder {
    return new CeremonyFolder(join(this.aDir, 'ceremonies'), this.aId!);
  }

  /** A's finished ceremonies (the fresh one, once the rotation starts). */
  readonly finished = new Set<string>();

  idOf(): string | null {
    const root = join(this.aDir, 'ceremonies');
    if (!existsSync(root)) return null;
    const ids = readdirSync(root).filter((d) => existsSync(join(root, d, 'state.json')) && !this.finished.has(d));
    if (ids.length > 1) throw new Error(`A has ${ids.length} ceremonies`);
    return ids[0] ?? null;
  }

  state(): MemberState {
    return this.folder().readState<MemberState>().protocolState;
  }

  committed(step: string): number {
    const f = this.folder();
    return readJournal(f.journalPath, f.readState().journalHead).entries.filter((e) => e.step === step).length;
  }

  async runInProcess(op: CrashOp): Promise<void> {
    const e = this.engine();
    if (op.kind === 'join') this.aId = (await e.join('invitation.ceremony', new Uint8Array(readFileSync(op.file!)), op.params ?? {})).id;
    else if (op.kind === 'act') await e.act(op.id!, op.action!, op.input ?? {});
    else {
      const o = await e.importFile(op.id!, 'bundle.ceremony', new Uint8Array(readFileSync(op.file!)));
      if (!o.accepted && o.error?.code !== 'bundle/duplicate') throw new Error(o.error?.message);
    }
  }

  async runInChild(op: CrashOp): Promise<{ signal: NodeJS.Signals | null; stderr: string }> {
    const r = await runTsSync(join(repoRoot, 'src-main/core/ceremonies/seal/crash-child.fixture.ts'), [JSON.stringify(op)]);
    return { signal: r.signal, stderr: r.stderr };
  }

  /** What the person does after the crash: reopen the app (pending effects resume), repeat the step if it did not commit. */
  async recover(s: Step, op: CrashOp): Promise<void> {
    this.aId = this.idOf();
    if (this.aId) await this.engine().resume(this.aId);
    if (!this.aId || this.committed(s.journal) < s.nth) await this.runInProcess(op);
    this.aId = this.idOf();
  }

  snapshot(to: string): void {
    rmSync(to, { recursive: true, force: true });
    mkdirSync(to, { recursive: true });
    if (existsSync(this.aDir)) cpSync(this.aDir, join(to, 'a'), { recursive: true });
    cpSync(this.ledgerDir, join(to, 'ledger'), { recursive: true });
  }

  restore(from: string): void {
    rmSync(this.aDir, { recursive: true, force: true });
    if (existsSync(join(from, 'a'))) cpSync(join(from, 'a'), this.aDir, { recursive: true });
    rmSync(this.ledgerDir, { recursive: true, force: true });
    cpSync(join(from, 'ledger'), this.ledgerDir, { recursive: true });
    this.aId = this.idOf();
  }

  artifactFiles(): Map<string, string> {
    const m = new Map<string, string>();
    const dir = this.aId ? join(this.folder().dir, 'artifacts') : null;
    if (dir && existsSync(dir)) for (const f of readdirSync(dir)) m.set(f, readFileSync(join(dir, f), 'hex'));
    return m;
  }

  /** Signature of A's pending transaction, made with A's key as its wallet would. */
  async signPending(): Promise<string> {
    const p = this.state().pending!;
    return (await A_KEY.signTransaction(fromBase64(p.bytes))).signature;
  }

  /** Invariants after a recovery: nothing lost, nothing done twice. */
  async check(s: Step): Promise<void> {
    const f = this.folder();
    const st = f.readState<MemberState>();
    expect(readJournal(f.journalPath, st.journalHead).intact).toBe(true);
    expect(this.committed(s.journal), `${s.journal} committed`).toBe(s.nth);
    expect(st.effects.filter((e) => e.status === 'pending')).toEqual([]);
    const m = st.protocolState;
    expect(m.txLog.every((t) => t.ok)).toBe(true);
    const secrets = new PlainFileSecretStore(this.aDir);
    if (m.keys) {
      // the keys in the state are the ones in the vault (not ones generated by a run that died)
      const stored = await secrets.get(`${this.aId}/dkg-keys`);
      expect(bytesToHex(G1.encode(mulBase(G1, scalarFromBytes(stored.subarray(0, 32)))))).toBe(m.keys.encPk);
    }
    if (m.result) {
      const share = await secrets.get(`${this.aId}/share-v${m.result.version}`);
      const r = checkSealOutputs({
        threshold: m.committee.threshold,
        partialPks: m.result.partialPks.map((p) => hexToBytes(p)),
        myPartyId: m.partyId,
        masterShare: share,
        keyServerPk: hexToBytes(m.result.keyServerPk),
      });
      expect(r.ok, `${s.name}: ${JSON.stringify(r.checks)}`).toBe(true);
    }
    if (m.rotation && m.oldShare) {
      // the rotation's copy of the old share is the share the fresh ceremony made
      const [fresh] = [...this.finished];
      expect(bytesToHex(await secrets.get(`${this.aId}/share-v${m.rotation.fromVersion}`))).toBe(
        bytesToHex(await secrets.get(`${fresh}/share-v${m.rotation.fromVersion}`)),
      );
    }
    // the ledger holds at most one register and one proposal by A per committee (no double submission)
    const ledger = JSON.parse(readFileSync(join(this.ledgerDir, 'ledger.json'), 'utf8')) as {
      transactions: { sender: string; functions: string[] }[];
    };
    for (const fn of ['register', 'propose', 'propose_for_rotation']) {
      const max = fn === 'register' ? 1 + this.finished.size : 1;
      expect(
        ledger.transactions.filter((t) => t.sender === A_ADDRESS && t.functions.some((x) => x.endsWith(`::${fn}`))).length,
      ).toBeLessThanOrEqual(max);
    }
  }
}

async function runStep(rig: Rig, s: Step, index: number): Promise<void> {
  await s.before?.();
  const snap = join(rig.root, 'snapshots', String(index));
  rig.snapshot(snap);
  if (!s.points.length) {
    // a step like the ones around it (a plain commit, no secret, no effect): run it, check it
    await rig.runInProcess(await s.op());
    rig.aId = rig.idOf();
    await rig.check(s);
    return;
  }
  const pre = rig.artifactFiles();
  for (const [k, point] of s.points.entries()) {
    if (k > 0) rig.restore(snap);
    const op = await s.op();
    const r = await rig.runInChild({ ...op, crashAt: point });
    expect(r.signal, `${s.name}: the child should die at ${point}; stderr: ${r.stderr}`).toBe('SIGKILL');
    rig.aId = rig.idOf();
    const written = [...rig.artifactFiles()].filter(([f, hex]) => pre.get(f) !== hex);
    await rig.recover(s, op);
    // files the dead run had already written are reproduced exactly (same secrets, same outputs)
    const after = rig.artifactFiles();
    for (const [f, hex] of written) expect(after.get(f), `${s.name} @ ${point}: ${f} differs after recovery`).toBe(hex);
    await rig.check(s);
  }
}

describe('Seal member crash safety (SIGKILL inside each step, rehearsal ledger folder)', () => {
  it('resumes the member at the same step with nothing lost, through to finalization', async () => {
    const rig = new Rig();
    await rig.setup();
    const d = rig.driver;
    const id = () => rig.aId!;
    const actOp =
      (action: string, input: Record<string, unknown> = {}) =>
      async (): Promise<CrashOp> => ({ dataDir: rig.aDir, kind: 'act', id: id(), action, input });
    // A compares the code its own state shows with the coordinator's ("Codes match" before register and propose).
    const confirmOp = (moment: 'committee' | 'messages-hash') => async (): Promise<CrashOp> => {
      const code = currentCode(rig.state(), moment);
      return (await actOp('confirm-code', { moment, verdict: 'match', code, heard: ['coordinator'] }))();
    };
    const steps: Step[] = [
      {
        name: 'join',
        journal: 'join',
        nth: 1,
        points: ['join:after-journal'],
        op: async () => ({ dataDir: rig.aDir, kind: 'join', file: join(rig.usb, 'invitation.ceremony'), params: { address: A_ADDRESS } }),
      },
      {
        name: 'generate keys',
        journal: 'generate-keys',
        nth: 1,
        points: ['generate-keys:after-artifacts'],
        op: actOp('generate-keys', { serverUrl: 'https://a.example', serverName: 'server-a' }),
      },
      { name: 'compare the committee code', journal: 'confirm-code', nth: 1, points: [], op: confirmOp('committee') },
      { name: 'prepare registration', journal: 'register', nth: 1, points: ['register:after-journal'], op: actOp('register') },
      {
        name: 'sign and submit registration',
        journal: 'submit-signature',
        nth: 1,
        points: ['submit-signature:after-state', 'effect:submit-transaction:after-effect-run'],
        op: async () => (await actOp('submit-signature', { signature: await rig.signPending() }))(),
      },
      { name: 'refresh (all registered)', journal: 'refresh', nth: 1, points: [], op: actOp('refresh') },
      {
        name: 'create message',
        journal: 'create-message',
        nth: 1,
        points: ['create-message:after-artifacts'],
        op: actOp('create-message'),
      },
      {
        name: 'import the message set',
        journal: 'bundle:message-set',
        nth: 1,
        points: ['bundle:message-set:after-journal'],
        before: async () => {
          const e = rig.engine();
          const mine = e.readArtifact(id(), SEAL_ARTIFACTS.messageBundle);
          await d.coordinator.party.call('bundles.importFiles', {
            ceremonyId: d.coordinator.id,
            files: [{ name: mine.name, base64: Buffer.from(mine.bytes).toString('base64') }],
          });
          for (const j of rig.joinedOthers) {
            await act(j.me, 'create-message');
            await carry(j.me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
          }
          await act(d.coordinator, 'export-message-set');
          rig.toUsb(await artifact(d.coordinator, SEAL_ARTIFACTS.messageSet), 'message-set.ceremony');
        },
        op: async () => ({ dataDir: rig.aDir, kind: 'import', id: id(), file: join(rig.usb, 'message-set.ceremony') }),
      },
      { name: 'process', journal: 'process', nth: 1, points: ['process:after-artifacts'], op: actOp('process') },
      { name: 'compare the messages_hash code', journal: 'confirm-code', nth: 2, points: [], op: confirmOp('messages-hash') },
      { name: 'prepare the proposal', journal: 'propose', nth: 1, points: [], op: actOp('propose') },
      {
        name: 'sign and submit the proposal',
        journal: 'submit-signature',
        nth: 2,
        points: ['effect:submit-transaction:after-effect-run'],
        op: async () => (await actOp('submit-signature', { signature: await rig.signPending() }))(),
      },
      {
        name: 'refresh (finalized)',
        journal: 'refresh',
        nth: 2,
        points: ['refresh:after-artifacts'],
        before: async () => {
          const set = await artifact(d.coordinator, SEAL_ARTIFACTS.messageSet);
          for (const j of rig.joinedOthers) {
            await d.coordinator.party.call('ceremonies.get', { id: d.coordinator.id });
            await j.me.party.call('bundles.importFiles', { ceremonyId: j.me.id, files: [set] });
            await d.propose(j);
          }
        },
        op: actOp('refresh'),
      },
    ];
    for (const [i, s] of steps.entries()) await runStep(rig, s, i);

    // the end: A is finalized with the key everyone has, its files and share are right
    const a = rig.engine().view(id());
    expect(a.status, a.headline).toBe('completed');
    await act(d.coordinator, 'refresh');
    const c = await view(d.coordinator);
    expect(factOf(a, SEAL_FACTS.keyServerObjId)).toBe(factOf(c, SEAL_FACTS.keyServerObjId));
    expect(factOf(a, SEAL_FACTS.keyServerPk)).toBe(factOf(c, SEAL_FACTS.keyServerPk));
    expect(a.artifacts.map((x) => x.name)).toContain('key-server-config.yaml');
    const steps2 = readJournal(rig.folder().journalPath, rig.folder().readState().journalHead).entries.map((e) => e.step);
    for (const s of ['join', 'generate-keys', 'register', 'create-message', 'process', 'propose'])
      expect(
        steps2.filter((x) => x === s),
        s,
      ).toHaveLength(1);
    expect(steps2.filter((x) => x === 'effect:submit-transaction')).toHaveLength(2);

    // --- then a key rotation: A and B continue, C leaves, D joins (2 of 3); B's install coordinates
    // (only a current member may send init_rotation). A's share of version 0 comes from its store.
    const ksId = factOf(c, SEAL_FACTS.keyServerObjId)!;
    rig.finished.add(id());
    rig.aId = null;
    const B = rig.others[0]!;
    const bAddress = d.plan.members[1]!.address;
    const D = await makeParty(rig.root, 'D');
    const dAddress = (await D.call<WalletAccount>('wallet.generate', { label: 'D' })).address;
    const r = new SealCeremonyDriver({
      network: `rehearsal:${rig.ledgerDir}`,
      threshold: 2,
      coordinator: { party: B, address: bAddress },
      members: [d.plan.members[0]!, { party: B, address: bAddress, label: 'B' }, { party: D, address: dAddress, label: 'D' }],
      keyServerObjId: ksId,
    });
    await r.createCommittee();
    rig.toUsb(await artifact(r.coordinator, SEAL_ARTIFACTS.invitation), 'rotation-invitation.ceremony');
    const bv = await B.call<CeremonyView>('ceremonies.join', {
      ...(await artifact(r.coordinator, SEAL_ARTIFACTS.dkgYaml)),
      params: { address: bAddress },
    });
    const dv = await D.call<CeremonyView>('ceremonies.join', { ...(await artifact(r.coordinator, SEAL_ARTIFACTS.invitation)), params: {} });
    const jB: Joined = { member: r.plan.members[1]!, partyId: 1, me: { party: B, id: bv.id }, relay: null };
    const jD: Joined = { member: r.plan.members[2]!, partyId: 2, me: { party: D, id: dv.id }, relay: null };
    await r.register(jB);
    await r.register(jD);
    const rotation: Step[] = [
      {
        name: 'rotation: join (the old share is copied from the store)',
        journal: 'join',
        nth: 1,
        points: ['join:after-artifacts'],
        op: async () => ({
          dataDir: rig.aDir,
          kind: 'join',
          file: join(rig.usb, 'rotation-invitation.ceremony'),
          params: { address: A_ADDRESS },
        }),
      },
      {
        name: 'rotation: generate keys',
        journal: 'generate-keys',
        nth: 1,
        points: [],
        op: actOp('generate-keys', { serverUrl: 'https://a.example', serverName: 'server-a' }),
      },
      { name: 'rotation: compare the committee code', journal: 'confirm-code', nth: 1, points: [], op: confirmOp('committee') },
      { name: 'rotation: prepare registration', journal: 'register', nth: 1, points: [], op: actOp('register') },
      {
        name: 'rotation: submit registration',
        journal: 'submit-signature',
        nth: 1,
        points: [],
        op: async () => (await actOp('submit-signature', { signature: await rig.signPending() }))(),
      },
      { name: 'rotation: refresh (all registered)', journal: 'refresh', nth: 1, points: [], op: actOp('refresh') },
      {
        name: 'rotation: create message with the old share',
        journal: 'create-message',
        nth: 1,
        points: ['create-message:after-artifacts'],
        op: actOp('create-message'),
      },
      {
        name: 'rotation: import the message set',
        journal: 'bundle:message-set',
        nth: 1,
        points: [],
        before: async () => {
          const mine = rig.engine().readArtifact(id(), SEAL_ARTIFACTS.messageBundle);
          await r.coordinator.party.call('bundles.importFiles', {
            ceremonyId: r.coordinator.id,
            files: [{ name: mine.name, base64: Buffer.from(mine.bytes).toString('base64') }],
          });
          await act(jB.me, 'create-message');
          await carry(jB.me, SEAL_ARTIFACTS.messageBundle, r.coordinator);
          await act(r.coordinator, 'export-message-set');
          rig.toUsb(await artifact(r.coordinator, SEAL_ARTIFACTS.messageSet), 'rotation-message-set.ceremony');
        },
        op: async () => ({ dataDir: rig.aDir, kind: 'import', id: id(), file: join(rig.usb, 'rotation-message-set.ceremony') }),
      },
      { name: 'rotation: process', journal: 'process', nth: 1, points: ['process:after-artifacts'], op: actOp('process') },
      { name: 'rotation: compare the messages_hash code', journal: 'confirm-code', nth: 2, points: [], op: confirmOp('messages-hash') },
      { name: 'rotation: prepare propose_for_rotation', journal: 'propose', nth: 1, points: [], op: actOp('propose') },
      {
        name: 'rotation: sign and submit propose_for_rotation',
        journal: 'submit-signature',
        nth: 2,
        points: ['effect:submit-transaction:after-effect-run'],
        op: async () => (await actOp('submit-signature', { signature: await rig.signPending() }))(),
      },
      {
        // the same crash point as the fresh ceremony's finalization: run and checked, not killed
        name: 'rotation: refresh (finalized at version 1)',
        journal: 'refresh',
        nth: 2,
        points: [],
        before: async () => {
          const set = await artifact(r.coordinator, SEAL_ARTIFACTS.messageSet);
          for (const j of [jB, jD]) {
            await j.me.party.call('bundles.importFiles', { ceremonyId: j.me.id, files: [set] });
            await r.propose(j);
          }
        },
        op: actOp('refresh'),
      },
    ];
    for (const [i, s] of rotation.entries()) await runStep(rig, s, 100 + i);
    const ra = rig.engine().view(id());
    expect(ra.status, ra.headline).toBe('completed');
    expect(factOf(ra, SEAL_FACTS.keyServerPk)).toBe(factOf(c, SEAL_FACTS.keyServerPk));
    expect(factOf(ra, SEAL_FACTS.committeeVersion)).toBe('1');
    expect(new TextDecoder().decode(rig.engine().readArtifact(id(), SEAL_ARTIFACTS.keyServerConfig).bytes)).toContain(
      'committee_state: !Active',
    );
    const steps3 = readJournal(rig.folder().journalPath, rig.folder().readState().journalHead).entries.map((e) => e.step);
    for (const s of ['join', 'generate-keys', 'register', 'create-message', 'process', 'propose'])
      expect(
        steps3.filter((x) => x === s),
        `rotation ${s}`,
      ).toHaveLength(1);
  }, 300_000);
});
