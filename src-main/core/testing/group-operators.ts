// Test helper (only *.test.ts files import this): several operators, each with their own app
// core, data folder and in-memory keychain, driving the group ceremony through the real API
// boundary (dispatch). Every reply is recorded so tests can scan them for secrets.
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createApp, type AppCore } from '../app/create-app.ts';
import { CeremonyError } from '../errors.ts';
import { MemoryKeychain, TEST_SCRYPT } from '../vault/index.ts';
import type { CallReply } from '../../../src-shared/api/contract.ts';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { ImportSummary } from '../../../src-shared/api/bundles.ts';
import { groupProtocol } from '../ceremonies/group/protocol.ts';

export interface Operator {
  name: string;
  dir: string;
  core: AppCore;
  id: string;
}

export const replies: CallReply[] = [];

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

export async function newOperator(name: string): Promise<Operator> {
  const dir = tempDir(`group-${name}-`);
  const core = await createApp({
    dataDir: dir,
    shell: 'cli',
    keychain: new MemoryKeychain(),
    kdf: TEST_SCRYPT,
    protocols: [groupProtocol],
  });
  const op: Operator = { name, dir, core, id: '' };
  await call(op, 'vault.init', { kind: 'keychain' });
  return op;
}

export async function call<T = Record<string, unknown>>(op: Operator, name: string, input: unknown): Promise<T> {
  const r = await op.core.dispatch(name, input);
  replies.push(r);
  if (!r.ok) throw new CeremonyError(r.error.code, r.error.message, r.error.details);
  return r.value as T;
}

export const view = (op: Operator) => call<CeremonyView>(op, 'ceremonies.get', { id: op.id });
export const act = (op: Operator, action: string, input: Record<string, unknown> = {}) =>
  call<CeremonyView>(op, 'ceremonies.act', { id: op.id, action, input });
export const artifact = (op: Operator, artifactId: string) =>
  call<{ name: string; base64: string }>(op, 'ceremonies.readArtifact', { id: op.id, artifactId });
export const importFolder = (op: Operator, path: string) => call<ImportSummary>(op, 'bundles.importFolder', { ceremonyId: op.id, path });
export const importFiles = (op: Operator, files: { name: string; base64: string }[]) =>
  call<ImportSummary>(op, 'bundles.importFiles', { ceremonyId: op.id, files });

export function fact(v: CeremonyView, label: string): string | undefined {
  return v.facts.find((f) => f.label === label)?.value;
}

/** Every operator picks up the exchange folder; returns what was refused (by operator). */
export async function sync(ops: Operator[], folder: string): Promise<Record<string, string[]>> {
  const refused: Record<string, string[]> = {};
  for (const op of ops) {
    const s = await importFolder(op, folder);
    const bad = s.outcomes.filter(
      (o) => !o.accepted && o.error && o.error.code !== 'bundle/duplicate' && o.error.code !== 'bundle/own-bundle',
    );
    if (bad.length) refused[op.name] = bad.map((o) => `${o.file}: ${o.error!.code}: ${o.error!.message}`);
  }
  return refused;
}

export interface Genesis {
  ops: Operator[];
  exchange: string;
  groupKey: string;
}

/** Genesis of `names` (first is the coordinator) through an exchange folder; `rehearsal` as given. */
export async function runGenesis(
  names: string[],
  threshold: number,
  opts: { rehearsal?: boolean; exchange?: string } = {},
): Promise<Genesis> {
  const exchange = opts.exchange ?? tempDir('group-exchange-');
  const ops = await Promise.all(names.map(newOperator));
  const [coord, ...rest] = ops as [Operator, ...Operator[]];
  const created = await call<CeremonyView>(coord, 'ceremonies.create', {
    protocol: 'group',
    title: 'Attestation group',
    rehearsal: opts.rehearsal ?? true,
    params: { moniker: coord.name, members: names, threshold, url: `https://${coord.name}.example/`, exchangeFolder: exchange },
  });
  coord.id = created.id;
  const inv = await artifact(coord, 'invite');
  for (const op of rest) {
    const v = await call<CeremonyView>(op, 'ceremonies.join', {
      ...inv,
      params: { moniker: op.name, url: `https://${op.name}.example/`, exchangeFolder: exchange },
    });
    op.id = v.id;
  }
  await expectClean(sync(ops, exchange));
  // Genesis: the coordinator's typed view carries the roster check code to read out; every
  // operator types what they heard (their own view shows it only once main checked it).
  const announced = (await view(coord)).view;
  if (announced.protocol !== 'group' || announced.rosterCheckCode === null) throw new Error('the coordinator has no roster code');
  for (const op of ops) {
    const v = (await view(op)).view;
    if (v.protocol !== 'group' || v.phase !== 'genesis' || v.threshold !== threshold || v.n !== names.length)
      throw new Error(`unexpected genesis view: ${JSON.stringify(v)}`);
    await act(op, 'confirm-roster', { rosterCheckCode: announced.rosterCheckCode });
    if (fact(await view(op), 'Roster check code') !== announced.rosterCheckCode) throw new Error('roster check code differs from its fact');
  }
  await expectClean(sync(ops, exchange));
  for (const op of ops) await act(op, 'send-shares');
  await expectClean(sync(ops, exchange));
  for (const op of ops) await act(op, 'finalize');
  await expectClean(sync(ops, exchange));
  return { ops, exchange, groupKey: fact(await view(coord), 'Group key')! };
}

export async function expectClean(p: Promise<Record<string, string[]>>): Promise<void> {
  const refused = await p;
  if (Object.keys(refused).length) throw new Error(`unexpected refusals: ${JSON.stringify(refused, null, 2)}`);
}

/** A newcomer joins from a member's latest group-info file. */
export async function newcomer(name: string, from: Operator, exchange: string | null): Promise<Operator> {
  const op = await newOperator(name);
  const v = await view(from);
  const info = v.artifacts
    .filter((a) => a.id.startsWith('group-info-e'))
    .sort((a, b) => Number(b.id.slice(12)) - Number(a.id.slice(12)))[0]!;
  const file = await artifact(from, info.id);
  const joined = await call<CeremonyView>(op, 'ceremonies.join', {
    ...file,
    params: { moniker: name, ...(exchange ? { exchangeFolder: exchange } : {}) },
  });
  op.id = joined.id;
  return op;
}

export async function closeAll(ops: Operator[]): Promise<void> {
  for (const op of ops) await op.core.close();
}
