/**
 * Shared plumbing of the `ceremony group …` commands: opening the app core with the vault
 * unlocked, picking the group ceremony, importing files, running steps, and writing the files
 * a step produced into an output folder (a USB stick for an air-gapped operator).
 *
 * Vault: a keychain vault unlocks by itself; a passphrase vault is unlocked with the passphrase
 * in the environment variable CEREMONY_VAULT_PASSPHRASE (never on the command line, where other
 * users could see it). `group init` and `group join-request` create a vault in a fresh data
 * folder: a passphrase vault when that variable is set, else a keychain vault.
 */
import { existsSync, readFileSync, statSync } from 'node:fs';
import { basename, resolve } from 'node:path';
import type { AppCore } from '../../../core/app/create-app.ts';
import { unlockedCliCore } from './engine-for-cli.ts';
import { CeremonyError } from '../../../core/errors.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import type { ImportSummary } from '../../../../src-shared/api/bundles.ts';
import type { CliContext, CommandResult } from '../command.ts';

export function groupCore(ctx: CliContext, opts: { createVault?: boolean } = {}): Promise<AppCore> {
  return unlockedCliCore(ctx, opts);
}

/** The group ceremony named by `id`, or the only group ceremony in this data folder. */
export function pickGroup(core: AppCore, id: string | undefined): string {
  if (id) {
    const v = core.engine.view(id);
    if (v.protocol !== 'group') throw new CeremonyError('group/not-a-group', `Ceremony ${id} is a ${v.protocol} ceremony, not a group.`);
    return id;
  }
  const groups = core.engine.list().filter((c) => c.protocol === 'group');
  if (groups.length === 1) return groups[0]!.id;
  throw new CeremonyError(
    'group/which-group',
    groups.length
      ? `This data folder holds ${groups.length} groups (${groups.map((g) => g.id).join(', ')}); name one with --group.`
      : 'This data folder holds no group ceremony yet.',
  );
}

export function readInput(path: string): { name: string; bytes: Uint8Array } {
  const p = resolve(path);
  if (!existsSync(p) || !statSync(p).isFile()) throw new CeremonyError('group/no-file', `The file ${path} does not exist.`, { path });
  return { name: basename(p), bytes: new Uint8Array(readFileSync(p)) };
}

/** Refusals that only mean "not yet" or "nothing new": the file can be imported again later. */
const HARMLESS = new Set(['bundle/duplicate', 'bundle/own-bundle', 'bundle/wrong-phase']);

/**
 * Imports files and folders (a folder: every bundle and request in it); fails on a refused file,
 * except files that came too early (import them again later) or were already imported.
 */
export async function importInputs(core: AppCore, id: string, paths: readonly string[]): Promise<ImportSummary[]> {
  const out: ImportSummary[] = [];
  const files: { name: string; bytes: Uint8Array }[] = [];
  for (const p of paths) {
    if (existsSync(p) && statSync(p).isDirectory()) out.push(await core.engine.importFolder(id, resolve(p)));
    else files.push(readInput(p));
  }
  if (files.length) out.push(await core.engine.importFiles(id, files));
  for (const s of out) {
    const bad = s.outcomes.find((o) => !o.accepted && o.error && !HARMLESS.has(o.error.code));
    if (bad) throw new CeremonyError(bad.error!.code, `${bad.file}: ${bad.error!.message}`);
  }
  return out;
}

/** Files meant for the other operators: bundles and join requests (not the public trust-server files or transcripts). */
function forOthers(name: string): boolean {
  return name.endsWith('.ceremony') || /^join-request-.*\.json$/.test(name);
}

/** Writes the files for others that are new or changed since `before` into `outDir`; returns the paths. */
export function writeNewFiles(core: AppCore, id: string, before: CeremonyView | null, outDir: string): string[] {
  const after = core.engine.view(id);
  const old = new Map((before?.artifacts ?? []).map((a) => [a.id, a.fingerprint]));
  const dir = resolve(outDir);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new CeremonyError('group/no-folder', `The output folder ${outDir} does not exist.`, { path: outDir });
  return after.artifacts
    .filter((a) => forOthers(a.name) && old.get(a.id) !== a.fingerprint)
    .map((a) => core.engine.exportArtifact(id, a.id, dir));
}

export function fact(v: CeremonyView, label: string): string | undefined {
  return v.facts.find((f) => f.label === label)?.value;
}

export function splitList(v: unknown, what: string): string[] {
  if (typeof v !== 'string' || !v.trim()) throw new CeremonyError('api/invalid-input', `Give ${what} as a comma-separated list.`);
  return v
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** The human summary most group commands end with. */
export function summaryText(v: CeremonyView, written: string[]): string {
  const lines = [`${v.title} (${v.id})${v.rehearsal ? ' — REHEARSAL' : ''}`, `Now: ${v.headline}`];
  for (const f of v.facts.filter(
    (f) =>
      ['Group key', 'Threshold', 'Your moniker', 'Your identity code', 'Roster check code'].includes(f.label) ||
      /^Join \d+ request$/.test(f.label),
  ))
    lines.push(`${f.label}: ${f.value}`);
  if (written.length) lines.push('', 'Files to hand to the others:', ...written.map((w) => `  ${w}`));
  const next = v.next.filter((a) => a.action !== 'export-trust-server' && a.action !== 'check-exchange');
  if (next.length) lines.push('', 'Next:', ...next.map((a) => `  ${a.label}: ${a.description}`));
  return lines.join('\n');
}

/**
 * One run of a group step command: imports the files given, runs `steps` (which returns what it
 * did, for people), and writes every file the steps produced for others into --out (default: the
 * current folder). `hint` adds a line about what to do next.
 */
export async function runGroupSteps(
  ctx: CliContext,
  steps: (core: AppCore, id: string) => Promise<string[]>,
  hint: (v: CeremonyView) => string = () => '',
): Promise<CommandResult> {
  const core = await groupCore(ctx);
  try {
    const id = pickGroup(core, typeof ctx.options.group === 'string' ? ctx.options.group : undefined);
    const before = core.engine.view(id);
    await importInputs(core, id, ctx.args);
    const done = await steps(core, id);
    const written = writeNewFiles(core, id, before, typeof ctx.options.out === 'string' ? ctx.options.out : ctx.cwd);
    const v = core.engine.view(id);
    return {
      data: { id, done, files: written, view: v },
      text: `${done.length ? `Done: ${done.join(', ')}\n` : ''}${summaryText(v, written)}${hint(v)}`,
    };
  } finally {
    await core.close();
  }
}
