import { existsSync, mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519 } from '@noble/curves/ed25519.js';
import { describe, expect, it } from 'vitest';
import { Engine } from './engine.ts';
import { CeremonyFolder } from './folder.ts';
import { readJournal } from './journal.ts';
import { pointOfSecret, testProtocol, type TestState } from './testing/testproto.ts';
import { PlainFileSecretStore } from '../testing/file-secret-store.ts';
import { repoRoot } from '../testing/vectors.ts';
import { runTsSync } from '../testing/ts-child.ts';

/**
 * Acceptance 4 of the foundation: kill the process (SIGKILL) inside each step of the test
 * protocol, restart, and prove the ceremony resumes with identical results and nothing lost.
 *
 * Three participants (A creates, B and C join) exchange bundles through a shared "USB" folder.
 * One of A's (or B's join) operations runs in a child process that kills itself at a
 * checkpoint; a fresh engine then resumes the way a user would (reopen, run the step again if
 * it had not committed, re-import the stick) and the ceremony is driven to the end.
 */
type Who = 'A' | 'B' | 'C';
interface Op {
  who: Who;
  kind: 'create' | 'join' | 'act' | 'import';
  action?: string;
  from?: Who;
  artifact?: string;
  step: string;
}

const SCRIPT: Op[] = [
  { who: 'A', kind: 'create', step: 'create' },
  { who: 'B', kind: 'join', step: 'join' },
  { who: 'C', kind: 'join', step: 'join' },
  ...(['A', 'B', 'C'] as Who[]).map((who): Op => ({ who, kind: 'act', action: 'register', step: 'register' })),
  ...(['A', 'B', 'C'] as Who[]).flatMap((who) =>
    (['A', 'B', 'C'] as Who[])
      .filter((f) => f !== who)
      .map((from): Op => ({ who, kind: 'import', from, artifact: 'register', step: 'bundle:register' })),
  ),
  ...(['A', 'B', 'C'] as Who[]).map((who): Op => ({ who, kind: 'act', action: 'contribute', step: 'contribute' })),
  ...(['A', 'B', 'C'] as Who[]).flatMap((who) =>
    (['A', 'B', 'C'] as Who[])
      .filter((f) => f !== who)
      .map((from): Op => ({ who, kind: 'import', from, artifact: 'contribution', step: 'bundle:contribution' })),
  ),
  ...(['A', 'B', 'C'] as Who[]).map((who): Op => ({ who, kind: 'act', action: 'finalize', step: 'finalize' })),
];

const PARTY: Record<Who, string> = { A: 'p0', B: 'p1', C: 'p2' };

/** (operation index in SCRIPT, checkpoint name) pairs: every checkpoint every step reaches. */
const CRASHES: { op: number; at: string }[] = [];
function addCrashes(opIndex: number, points: string[]): void {
  for (const at of points) CRASHES.push({ op: opIndex, at });
}
const idx = (pred: (o: Op) => boolean) => SCRIPT.findIndex(pred);
const commitPoints = (step: string) => [`${step}:after-artifacts`, `${step}:after-journal`, `${step}:after-state`];
const effectPoints = ['effect:deliver:after-effect-run', 'effect:deliver:after-journal', 'effect:deliver:after-effect-commit'];
addCrashes(
  idx((o) => o.kind === 'create'),
  ['create:after-secret', ...commitPoints('create'), ...effectPoints],
);
addCrashes(
  idx((o) => o.kind === 'join'),
  ['join:after-secret', ...commitPoints('join')],
);
addCrashes(
  idx((o) => o.who === 'A' && o.action === 'register'),
  ['register:after-secret', ...commitPoints('register'), ...effectPoints],
);
addCrashes(
  idx((o) => o.who === 'A' && o.step === 'bundle:register'),
  [`bundle:register:after-journal`, `bundle:register:after-state`],
);
addCrashes(
  idx((o) => o.who === 'A' && o.action === 'contribute'),
  [...commitPoints('contribute'), 'effect:deliver:after-effect-run'],
);
addCrashes(
  idx((o) => o.who === 'A' && o.step === 'bundle:contribution'),
  [`bundle:contribution:after-journal`, `bundle:contribution:after-state`],
);
addCrashes(
  idx((o) => o.who === 'A' && o.action === 'finalize'),
  [...commitPoints('finalize'), ...effectPoints],
);

class World {
  readonly root = mkdtempSync(join(tmpdir(), 'crash-'));
  readonly usb = join(this.root, 'usb');
  readonly ids: Partial<Record<Who, string>> = {};
  dataDir(who: Who): string {
    return join(this.root, who);
  }
  engine(who: Who): Engine {
    return new Engine({
      dataDir: this.dataDir(who),
      secrets: new PlainFileSecretStore(this.dataDir(who)),
      protocols: [testProtocol],
      services: { test: { outboxDir: this.usb } },
    });
  }
  fileFor(op: Op): string {
    if (op.kind === 'join') return join(this.usb, 'p0-invitation.ceremony');
    return join(this.usb, `${PARTY[op.from!]}-${op.artifact}.ceremony`);
  }
  idOf(who: Who): string {
    if (this.ids[who]) return this.ids[who]!;
    const dirs = existsSync(join(this.dataDir(who), 'ceremonies')) ? readdirSync(join(this.dataDir(who), 'ceremonies')) : [];
    const withState = dirs.filter((d) => existsSync(join(this.dataDir(who), 'ceremonies', d, 'state.json')));
    if (withState.length !== 1) throw new Error(`${who} has ${withState.length} ceremonies`);
    return (this.ids[who] = withState[0]!);
  }
  committed(who: Who, step: string, nth: number): boolean {
    const id = this.idOf(who);
    const f = new CeremonyFolder(join(this.dataDir(who), 'ceremonies'), id);
    const st = f.readState<TestState>();
    return readJournal(f.journalPath, st.journalHead).entries.filter((e) => e.step === step).length >= nth;
  }

  async runInProcess(op: Op): Promise<void> {
    const e = this.engine(op.who);
    if (op.kind === 'create') this.ids.A = (await e.create('test', 'Test', false, { participants: ['Alice', 'Bob', 'Carol'] })).id;
    else if (op.kind === 'join')
      this.ids[op.who] = (await e.join('invitation', new Uint8Array(readFileSync(this.fileFor(op))), { index: op.who === 'B' ? 1 : 2 })).id;
    else if (op.kind === 'act') await e.act(this.idOf(op.who), op.action!, {});
    else {
      const o = await e.importFile(this.idOf(op.who), 'f', new Uint8Array(readFileSync(this.fileFor(op))));
      if (!o.accepted && o.error?.code !== 'bundle/duplicate') throw new Error(`import refused: ${o.error?.message}`);
    }
  }

  async runInChild(op: Op, crashAt: string): Promise<{ signal: NodeJS.Signals | null; status: number | null; stderr: string }> {
    const child = {
      dataDir: this.dataDir(op.who),
      outboxDir: this.usb,
      crashAt,
      kind: op.kind,
      id: op.kind === 'create' || op.kind === 'join' ? undefined : this.idOf(op.who),
      action: op.action,
      file: op.kind === 'import' || op.kind === 'join' ? this.fileFor(op) : undefined,
      params:
        op.kind === 'create' ? { participants: ['Alice', 'Bob', 'Carol'] } : op.kind === 'join' ? { index: op.who === 'B' ? 1 : 2 } : {},
    };
    const r = await runTsSync(join(repoRoot, 'src-main/core/testing/engine-child.ts'), [JSON.stringify(child)]);
    return { signal: r.signal, status: r.status, stderr: r.stderr };
  }

  /** What a user does after the app died: reopen (resume effects), then redo the step if it did not commit. */
  async recover(op: Op, nthOfStep: number): Promise<void> {
    const hasCeremony = (() => {
      try {
        this.ids[op.who] = undefined;
        this.idOf(op.who);
        return true;
      } catch {
        return false;
      }
    })();
    if (hasCeremony) await this.engine(op.who).resume(this.idOf(op.who));
    if (!hasCeremony || !this.committed(op.who, op.step, nthOfStep)) await this.runInProcess(op);
  }

  usbSnapshot(): Map<string, string> {
    const m = new Map<string, string>();
    if (existsSync(this.usb)) for (const f of readdirSync(this.usb)) m.set(f, readFileSync(join(this.usb, f), 'hex'));
    return m;
  }
}

async function runScenario(crash: { op: number; at: string }) {
  const w = new World();
  for (let i = 0; i < SCRIPT.length; i++) {
    const op = SCRIPT[i]!;
    if (i !== crash.op) {
      await w.runInProcess(op);
      continue;
    }
    const nth = SCRIPT.slice(0, i + 1).filter((o) => o.who === op.who && o.step === op.step).length;
    const r = await w.runInChild(op, crash.at);
    expect(r.signal, `child should die at ${crash.at}; stderr: ${r.stderr}`).toBe('SIGKILL');
    const before = w.usbSnapshot();
    await w.recover(op, nth);
    // Whatever had already left the machine is unchanged by the recovery.
    const after = w.usbSnapshot();
    for (const [f, hex] of before) expect(after.get(f), `${f} changed after recovery`).toBe(hex);
  }
  return w;
}

async function checkEnd(w: World): Promise<void> {
  const keys = new Set<string>();
  const points: string[] = [];
  for (const who of ['A', 'B', 'C'] as Who[]) {
    const id = w.idOf(who);
    const view = w.engine(who).view(id);
    expect(view.status).toBe('completed');
    expect(view.journalIntact).toBe(true);
    keys.add(view.facts.find((f) => f.label === 'Group key')!.value);
    const secret = await new PlainFileSecretStore(w.dataDir(who)).get(`${id}/contribution-secret`);
    points.push(pointOfSecret(secret));
    // Every step committed exactly once: no duplicate side effects in the journal.
    const f = new CeremonyFolder(join(w.dataDir(who), 'ceremonies'), id);
    const steps = readJournal(f.journalPath, f.readState().journalHead).entries.map((e) => e.step);
    for (const s of ['register', 'contribute', 'finalize']) expect(steps.filter((x) => x === s)).toHaveLength(1);
    expect(steps.filter((x) => x === 'effect:deliver').length).toBe(f.readState<TestState>().protocolState.delivered.length);
    expect(new Set(f.readState<TestState>().protocolState.delivered).size).toBe(f.readState<TestState>().protocolState.delivered.length);
  }
  expect(keys.size).toBe(1);
  const expected = points.reduce((acc, p) => acc.add(ed25519.Point.fromHex(p)), ed25519.Point.ZERO).toHex();
  expect([...keys][0]).toBe(expected);
}

describe('engine crash safety (SIGKILL inside every step)', () => {
  it('runs the ceremony to the end without crashes', async () => {
    await checkEnd(await runScenario({ op: -1, at: '' }));
  });

  it.each(CRASHES.map((c) => ({ ...c, label: `${SCRIPT[c.op]!.who} ${SCRIPT[c.op]!.step} @ ${c.at}` })))('$label', async (c) => {
    await checkEnd(await runScenario(c));
  });
});
