import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { AppCore } from '../../../core/app/create-app.ts';
import { CeremonyFolder, listCeremonyIds } from '../../../core/engine/folder.ts';
import { CeremonyError, listedCode } from '../../../core/errors.ts';
import { DkgYaml } from '../../../core/formats/seal/dkg-yaml.ts';
import { writeFileAtomic } from '../../../core/fsx/atomic.ts';
import { networkOfDkgYaml, networkString, networkConfig } from '../../../core/ceremonies/seal/network.ts';
import { codeStatus } from '../../../core/ceremonies/seal/code-checks.ts';
import type { SealState } from '../../../core/ceremonies/seal/state.ts';
import { addr } from '../../../core/ceremonies/seal/values.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, sealParticipantId, type SealCodeMoment } from '../../../../src-shared/ceremonies/seal.ts';
import type { CliContext } from '../command.ts';
import { unlockedCliCore } from './engine-for-cli.ts';
import { readTextFile } from './seal-validate.ts';

/**
 * What the `ceremony seal …` commands share: the `-c dkg.yaml` file, finding this install's
 * ceremony for it, the vault (keychain, or passphrase from CEREMONY_VAULT_PASSPHRASE), and
 * signing a pending transaction with a wallet account or printing it for offline signing.
 */

export const CONFIG_OPTIONS = {
  config: { type: 'string', short: 'c' },
  address: { type: 'string' },
  network: { type: 'string' },
} as const;

export interface DkgFile {
  path: string;
  text: string;
  yaml: DkgYaml;
}

export function readDkgFile(ctx: CliContext): DkgFile {
  const c = ctx.options.config;
  if (typeof c !== 'string') throw new CeremonyError('cli/usage', 'Give the DKG config with -c <dkg.yaml>.');
  const path = resolve(ctx.cwd, c);
  const text = readTextFile(path, 'the DKG config');
  return { path, text, yaml: DkgYaml.parse(text, path) };
}

/** Rewrites the -c file in place (atomically), keeping its mode. */
export function writeDkgFile(f: DkgFile, text: string, mode?: number): void {
  writeFileAtomic(f.path, text, mode ? { mode } : {});
}

/** The network: --network, else the file's CEREMONY_NETWORK, else NETWORK/NODE_URL. */
export function networkOf(ctx: CliContext, f: DkgFile): string {
  const n = ctx.options.network;
  if (typeof n === 'string') return networkString(networkConfig(n));
  return networkString(networkOfDkgYaml(f.text, f.yaml));
}

export function sealCore(ctx: CliContext): Promise<AppCore> {
  return unlockedCliCore(ctx, { createVault: true });
}

export interface FoundCeremony {
  id: string;
  state: SealState;
}

/** This install's Seal ceremonies, newest first. */
export function sealCeremonies(dataDir: string): FoundCeremony[] {
  const root = join(dataDir, 'ceremonies');
  const out: (FoundCeremony & { updatedAt: string })[] = [];
  for (const id of listCeremonyIds(root)) {
    try {
      const st = new CeremonyFolder(root, id).readState<SealState>();
      if (st.meta.protocol === 'seal' && st.meta.status !== 'failed')
        out.push({ id, state: st.protocolState, updatedAt: st.meta.updatedAt });
    } catch {
      // a damaged folder is reported by `ceremony show`
    }
  }
  return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
}

/** The member ceremony of this install for the file's committee and address (if any). */
export function findMember(dataDir: string, committeeId: string, address: string | null): FoundCeremony | null {
  const all = sealCeremonies(dataDir).filter((c) => c.state.role === 'member' && c.state.committee.committeeId === committeeId);
  const mine = address ? all.filter((c) => c.state.role === 'member' && c.state.address === addr(address)) : all;
  return mine[0] ?? null;
}

export function fileAddress(ctx: CliContext, f: DkgFile): string | null {
  if (typeof ctx.options.address === 'string') return addr(ctx.options.address);
  return f.yaml.has('MY_ADDRESS') ? f.yaml.myAddress() : null;
}

export function stateOf(dataDir: string, id: string): SealState {
  return new CeremonyFolder(join(dataDir, 'ceremonies'), id).readState<SealState>().protocolState;
}

export interface TxOutcome {
  submitted: boolean;
  unsigned: { purpose: string; txBytes: string; digest: string; sender: string } | null;
  view: CeremonyView;
}

/**
 * The pending transaction: signed with the vault account of its sender and submitted, or with
 * --unsigned printed for offline signing (import the signature with `seal submit-signature`).
 */
export async function signOrPrint(core: AppCore, ctx: CliContext, id: string): Promise<TxOutcome> {
  const p = stateOf(ctx.dataDir, id).pending;
  if (!p) return { submitted: false, unsigned: null, view: core.engine.view(id) };
  if (ctx.options.unsigned === true) {
    return {
      submitted: false,
      unsigned: { purpose: p.purpose, txBytes: p.bytes, digest: p.digest, sender: p.sender },
      view: core.engine.view(id),
    };
  }
  if (p.status !== 'unsigned') throw new CeremonyError('seal/already-signed', 'The pending transaction is already signed and on its way.');
  const { signature } = await core.wallet.signTransaction(p.sender, p.bytes);
  const view = await core.engine.act(id, 'submit-signature', { signature });
  const after = stateOf(ctx.dataDir, id);
  if (after.lastTxError && after.txLog.at(-1)?.digest === p.digest && !after.txLog.at(-1)?.ok) {
    throw new CeremonyError(listedCode(after.lastTxError.code), after.lastTxError.message);
  }
  return { submitted: true, unsigned: null, view };
}

/**
 * Runs the coordinator's set-up actions in order (`next` names the one the state needs, or null
 * when done): each prepared transaction is signed with the wallet and submitted, or, with
 * --unsigned, returned for signing elsewhere (the command prints it and stops; running it again
 * after `seal submit-signature` goes on from there). `maxSteps` bounds the loop.
 */
export async function actThroughTransactions(
  core: AppCore,
  ctx: CliContext,
  id: string,
  next: (s: SealState) => string | null,
  maxSteps: number,
): Promise<NonNullable<TxOutcome['unsigned']> | null> {
  for (let step = 0; step < maxSteps; step++) {
    const s = stateOf(ctx.dataDir, id);
    if (s.pending) {
      const r = await signOrPrint(core, ctx, id);
      if (r.unsigned) return r.unsigned;
      continue;
    }
    const action = next(s);
    if (!action) break;
    await core.engine.act(id, action, {});
  }
  return null;
}

/** The coordinator's two transactions that create a committee: publish the package, then init_committee. */
export function createCommitteeThroughTransactions(
  core: AppCore,
  ctx: CliContext,
  id: string,
): Promise<NonNullable<TxOutcome['unsigned']> | null> {
  return actThroughTransactions(
    core,
    ctx,
    id,
    (s) => (!s.committee.packageId ? 'publish' : !s.committee.committeeId ? 'init-committee' : null),
    6,
  );
}

/** Writes the ceremony's invitation bundle next to the dkg.yaml, atomically; returns its path. */
export function writeInvitationBeside(core: AppCore, f: DkgFile, id: string): string {
  const inv = core.engine.readArtifact(id, SEAL_ARTIFACTS.invitation);
  const path = join(dirname(f.path), inv.name);
  writeFileAtomic(path, inv.bytes);
  return path;
}

export function unsignedText(u: NonNullable<TxOutcome['unsigned']>, configPath: string): string {
  return [
    `Unsigned transaction (${u.purpose}), sender ${u.sender}`,
    `digest: ${u.digest}`,
    `bytes:  ${u.txBytes}`,
    '',
    `Sign it elsewhere, e.g.: sui keytool sign --address ${u.sender} --data ${u.txBytes.length > 60 ? '<bytes>' : u.txBytes}`,
    `then: ceremony seal submit-signature -c ${configPath} --signature <suiSignature or the file sui keytool printed>`,
  ].join('\n');
}

/** A signature given on the command line, from a file (@path), or the JSON `sui keytool sign` printed. */
export function signatureArg(ctx: CliContext): string {
  const s = ctx.options.signature;
  if (typeof s !== 'string' || !s.trim())
    throw new CeremonyError('cli/usage', 'Give the signature with --signature <base64> or --signature @<file>.');
  if (s.startsWith('@')) return readFileSync(resolve(ctx.cwd, s.slice(1)), 'utf8');
  return s;
}

/**
 * Writes the ceremony's key-server-config.yaml next to dkg.yaml, unless a file there was not
 * written by Ceremony (a hand-made config is never replaced). Returns a line for the output.
 */
export function writeKeyServerConfig(core: AppCore, id: string, dir: string): string | null {
  const view = core.engine.view(id);
  if (!view.artifacts.some((a) => a.id === SEAL_ARTIFACTS.keyServerConfig)) return null;
  const a = core.engine.readArtifact(id, SEAL_ARTIFACTS.keyServerConfig);
  const path = join(dir, a.name);
  if (existsSync(path) && !readFileSync(path, 'utf8').includes('Written by Ceremony.')) {
    return `Not replacing ${path} (not written by Ceremony); the current config is: ceremony show ${id}`;
  }
  writeFileAtomic(path, a.bytes);
  const state = /^\s+committee_state: (!\w+)/m.exec(new TextDecoder().decode(a.bytes))?.[1] ?? '';
  return `Key server config written to ${path} (${state}): ${view.facts.find((f) => f.label === SEAL_FACTS.shareEnvNames)?.value ?? ''}`;
}

/** The option that carries each moment's code, as the coordinator announced it. */
const CODE_OPTIONS = { committee: 'committee-code', 'messages-hash': 'messages-hash-code' } as const;

/**
 * The comparison the app asks for before registering or proposing ("Codes match"), for members
 * on the command line: `--committee-code` / `--messages-hash-code` carry the code the
 * coordinator announced. Equal to this install's code: "Codes match", heard from the
 * coordinator, is journaled and the command goes on. Different: "A code differs" is journaled and
 * the command stops. Missing: the command stops, printing the code to compare and the option to
 * add, unless an earlier run already recorded a match of this very code.
 */
export async function confirmCodeOption(core: AppCore, ctx: CliContext, id: string, moment: SealCodeMoment): Promise<void> {
  const s = stateOf(ctx.dataDir, id);
  if (s.role !== 'member') throw new Error('not a member ceremony');
  const st = codeStatus(s, moment);
  const option = CODE_OPTIONS[moment];
  const name = moment === 'committee' ? 'committee check code' : 'messages_hash check code';
  const nothing = moment === 'committee' ? 'Nothing was registered' : 'Nothing was proposed';
  const given = ctx.options[option];
  if (st.code === null) return; // no code yet: the step itself says why it cannot run
  if (typeof given !== 'string') {
    if (st.state === 'match') return;
    throw new CeremonyError(
      'seal/codes-not-confirmed',
      `${nothing}: compare the ${name} ${st.code} with the code your coordinator announced, then run again with --${option} ${st.code}.`,
      { moment, code: st.code },
    );
  }
  const heard = given.trim();
  const input = { moment, code: st.code, heard: [sealParticipantId.coordinator] };
  if (heard === st.code) {
    if (st.state !== 'match') await core.engine.act(id, 'confirm-code', { ...input, verdict: 'match' });
    return;
  }
  await core.engine.act(id, 'confirm-code', { ...input, verdict: 'differs' });
  throw new CeremonyError(
    'seal/codes-not-confirmed',
    `The ${name} here is ${st.code}, not ${heard}: the codes differ. ${nothing}; stop and talk to your coordinator (if you mistyped the code, run again with the one your coordinator announced).`,
    { moment, code: st.code },
  );
}
