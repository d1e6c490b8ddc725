import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { bytesToHex } from '@noble/hashes/utils.js';
import { ed25519 } from '@noble/curves/ed25519.js';
import { CeremonyError, isCeremonyError } from '../errors.ts';
import { canonicalJson, type Json } from '../encoding/canonical-json.ts';
import { fingerprintOf } from '../encoding/check-code.ts';
import { writeFileAtomic } from '../fsx/atomic.ts';
import { parseBundle, type BundleSigner } from '../bundles/codec.ts';
import { BundleError } from '../bundles/errors.ts';
import { encodeBundleOffThread, parseBundleOffThread } from '../bundles/off-thread.ts';
import { yieldTurn } from '../workers/time-slice.ts';
import type { TaskRunner } from '../workers/types.ts';
import { BUNDLE_EXTENSION, type Bundle } from '../bundles/format.ts';
import type { ImportOutcome, ImportSummary } from '../../../src-shared/api/bundles.ts';
import { headerView } from '../bundles/view.ts';
import { isDamagedCeremony, type CeremonyListEntry, type CeremonySummary, type CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import { CeremonyFolder, listCeremonyIds, type ArtifactRecord, type CeremonyState, type EffectRecord, type InboxRecord } from './folder.ts';
import { GENESIS_HASH, appendJournal, makeEntry, readJournal, trimJournal } from './journal.ts';
import { admitBundle } from './admission.ts';
import { importCandidates, type ImportSource } from './scan-folder.ts';
import { ENGINE_RETRY_ACTION, damagedOf, summaryOf, viewOf } from './view.ts';
import type { CeremonyMeta, CreateContext, Created, EffectDraft, Protocol, ProtocolName, StepContext, StepResult } from './protocol.ts';
import type { SecretStore } from './secret-store.ts';
import { signStatementWith } from '../record/sign.ts';

/** Points inside a step where a test may kill the process to prove crash safety. */
export type Checkpoint = 'after-secret' | 'after-artifacts' | 'after-journal' | 'after-state' | 'after-effect-run' | 'after-effect-commit';

export interface EngineOptions {
  dataDir: string;
  secrets: SecretStore;
  // Protocols are heterogeneous in their state type; the engine treats state as opaque JSON.
  // eslint-disable-next-line @typescript-eslint/no-explicit-any
  protocols: readonly Protocol<any, any>[];
  services?: Partial<Record<ProtocolName, unknown>>;
  now?: () => Date;
  /** Fault injection for crash-safety tests; a no-op in the product. */
  checkpoint?: (step: string, point: Checkpoint) => void;
  onChange?: (ceremonyId: string | null) => void;
  onProgress?: (p: { taskId: string; label: string; done: number; total: number }) => void;
  /** Worker threads for parsing large bundles off the main thread (the app's pool); inline when absent. */
  tasks?: TaskRunner;
}

const IDENTITY_SECRET = 'bundle-identity';
const RETRYABLE_IMPORT = new Set(['bundle/wrong-phase', 'bundle/unknown-sender']);

function safeName(s: string): string {
  return s.replace(/[^A-Za-z0-9._-]+/g, '_').slice(0, 120);
}

/**
 * The ceremony engine: runs protocol steps against ceremony folders, with the vault for
 * secrets. Every mutation follows the same commit protocol:
 *
 *   1. secrets the step needs are persisted to the vault as they are created;
 *   2. artifacts and outgoing bundles are written (atomic files, not yet referenced);
 *   3. a journal line is appended and fsynced;
 *   4. state.json is replaced atomically — this is the commit point;
 *   5. effects (things that leave the machine) run, each committing its result the same way.
 *
 * A crash before 4 leaves the previous state (the uncommitted journal tail is trimmed on the
 * next load) and the same step can run again, deriving the same outputs from the persisted
 * secrets. A crash after 4 leaves pending effects, which the next load runs again; effects are
 * idempotent.
 */
/** One step's commit: what it ran from, what it produced, and how it is signed and recorded. */
interface CommitOptions {
  folder: CeremonyFolder;
  /** The state the step ran on; null when the step creates the ceremony. */
  prev: CeremonyState<Json> | null;
  meta: CeremonyMeta;
  /** Journal step name: an action, `bundle:<step>`, `import:file`, or an effect's step. */
  step: string;
  /** Fingerprint of the step's input, journaled so a replay can be checked. */
  inputDigest: string;
  result: StepResult<Json>;
  signer: BundleSigner;
  /** An effect whose outcome this commit records (so it never runs twice). */
  effectDone?: { id: string; result: Json };
  /** A bundle accepted into the inbox by this step. */
  inboxAdd?: CeremonyState<Json>['inbox'][number];
}

export class Engine {
  private readonly root: string;
  private readonly protocols = new Map<string, Protocol<Json, unknown>>();
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(private readonly opts: EngineOptions) {
    this.root = join(opts.dataDir, 'ceremonies');
    for (const p of opts.protocols) this.protocols.set(p.name, p as Protocol<Json, unknown>);
  }

  private now(): string {
    return (this.opts.now?.() ?? new Date()).toISOString();
  }

  private protocol(name: string): Protocol<Json, unknown> {
    const p = this.protocols.get(name);
    if (!p) throw new CeremonyError('engine/unknown-protocol', `This app does not run "${name}" ceremonies.`, { protocol: name });
    return p;
  }

  /** Serialises operations per ceremony within this process (the folder lock covers other processes). */
  private exclusive<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const prev = this.queues.get(id) ?? Promise.resolve();
    const run = prev.then(
      () => this.withLock(id, fn),
      () => this.withLock(id, fn),
    );
    this.queues.set(
      id,
      run.catch(() => undefined),
    );
    return run;
  }

  private async withLock<T>(id: string, fn: () => Promise<T>): Promise<T> {
    const unlock = new CeremonyFolder(this.root, id).lock();
    try {
      return await fn();
    } finally {
      unlock();
    }
  }

  private checkpoint(step: string, point: Checkpoint): void {
    this.opts.checkpoint?.(step, point);
  }

  // ---- reading ---------------------------------------------------------------------------

  private load(id: string): {
    folder: CeremonyFolder;
    state: CeremonyState<Json>;
    intact: boolean;
    journal: ReturnType<typeof readJournal>['entries'];
  } {
    const folder = new CeremonyFolder(this.root, id);
    const state = folder.readState<Json>();
    const { entries, intact } = readJournal(folder.journalPath, state.journalHead);
    return { folder, state, intact, journal: entries };
  }

  /** The ceremonies that can be opened, newest first (what the core itself looks through). */
  list(): CeremonySummary[] {
    return this.listAll().filter((c): c is CeremonySummary => !isDamagedCeremony(c));
  }

  /**
   * Every ceremony folder, newest first, for people: a folder whose state cannot be read (a
   * truncated `state.json`, a protocol this app does not run) is listed as damaged with what to
   * do, never hidden.
   */
  listAll(): CeremonyListEntry[] {
    const out: CeremonyListEntry[] = [];
    for (const id of listCeremonyIds(this.root)) {
      try {
        const { state } = this.load(id);
        out.push(summaryOf(state, this.protocol(state.meta.protocol)));
      } catch (e) {
        const folder = new CeremonyFolder(this.root, id);
        out.push(damagedOf(id, folder.dir, statSync(folder.statePath).mtime, e));
      }
    }
    return out.sort((a, b) => b.updatedAt.localeCompare(a.updatedAt));
  }

  view(id: string): CeremonyView {
    const { folder, state, intact, journal } = this.load(id);
    return viewOf(state, journal, intact, this.protocol(state.meta.protocol), folder.readSaved());
  }

  /**
   * Notes that the person saved or copied a file out (a download, a save dialog, a USB drive):
   * for a file no later message can show arrived, that is as far as "handed over" can be known.
   * Under the ceremony's lock, so a mark made by another process at the same time is kept.
   */
  async noteSaved(id: string, artifactId: string): Promise<void> {
    await this.exclusive(id, async () => {
      const { folder, state } = this.load(id);
      const a = state.artifacts.find((x) => x.id === artifactId);
      if (!a) throw new CeremonyError('engine/no-artifact', `Ceremony "${id}" has no file "${artifactId}".`, { id, artifactId });
      const saved = folder.readSaved();
      if (saved.includes(a.fingerprint)) return;
      folder.writeSaved([...saved, a.fingerprint]);
      this.opts.onChange?.(id);
    });
  }

  readArtifact(id: string, artifactId: string): { name: string; mime: string; bytes: Uint8Array } {
    const { folder, state } = this.load(id);
    const a = state.artifacts.find((x) => x.id === artifactId);
    if (!a) throw new CeremonyError('engine/no-artifact', `Ceremony "${id}" has no file "${artifactId}".`, { id, artifactId });
    return { name: a.name, mime: a.mime, bytes: folder.readArtifact(a.file) };
  }

  /** Copies an artifact into a folder (a USB stick); returns the written path. */
  exportArtifact(id: string, artifactId: string, folderPath: string): string {
    const { name, bytes } = this.readArtifact(id, artifactId);
    if (!existsSync(folderPath) || !statSync(folderPath).isDirectory()) {
      throw new CeremonyError('engine/no-folder', `The folder ${folderPath} does not exist (is the drive still mounted?).`);
    }
    const path = join(folderPath, name);
    writeFileAtomic(path, bytes);
    return path;
  }

  // ---- contexts --------------------------------------------------------------------------

  private stepContext(
    meta: CeremonyMeta,
    folder: CeremonyFolder | null,
    artifacts: ArtifactRecord[],
    stepName: string,
    inbox: readonly InboxRecord[] = [],
  ): StepContext<unknown> {
    const secrets = this.opts.secrets;
    const secretId = (name: string) => `${meta.id}/${name}`;
    return {
      meta,
      now: () => this.now(),
      services: this.opts.services?.[meta.protocol],
      secret: async (name, spec, generate) => {
        const id = secretId(name);
        if (await secrets.has(id)) return secrets.get(id);
        const bytes = await generate();
        await secrets.put(id, { ...spec, ceremonyId: meta.id }, bytes);
        this.checkpoint(stepName, 'after-secret');
        return bytes;
      },
      readSecret: (name) => secrets.get(secretId(name)),
      hasSecret: (name) => secrets.has(secretId(name)),
      readArtifact: (artifactId) => {
        const a = artifacts.find((x) => x.id === artifactId);
        if (!a || !folder) throw new CeremonyError('engine/no-artifact', `No artifact "${artifactId}".`);
        return folder.readArtifact(a.file);
      },
      readInboxBundle: (senderId, step) => {
        const r = [...inbox].reverse().find((x) => x.senderId === senderId && x.step === step);
        return r && folder ? folder.readInbox(r.file) : null;
      },
      signRecord: async (statement) => {
        const sk = await secrets.get(secretId(IDENTITY_SECRET));
        try {
          return signStatementWith(sk, statement);
        } finally {
          sk.fill(0);
        }
      },
      bundleLedger: () => {
        const received = inbox.map((b) => ({ sender: b.senderId, step: b.step, fingerprint: b.fingerprint }));
        // Our own bundles are artifacts; their headers say which step they were.
        const sent = artifacts
          .filter((a) => a.name.endsWith(BUNDLE_EXTENSION) && folder)
          .map((a) => parseBundle(folder!.readArtifact(a.file)))
          .map((b) => ({ sender: b.header.sender.id, step: b.header.step, fingerprint: b.fingerprint }));
        return [...received, ...sent];
      },
      progress: (label, done, total) => this.opts.onProgress?.({ taskId: `${meta.id}:${stepName}`, label, done, total }),
    };
  }

  /** The per-ceremony key that signs this install's bundles; created with the ceremony, kept in the vault. */
  private async identity(ctx: Pick<StepContext, 'secret'>): Promise<BundleSigner> {
    const sk = await ctx.secret(IDENTITY_SECRET, { label: 'Bundle signing identity', kind: 'bundle.identity' }, () =>
      ed25519.utils.randomSecretKey(),
    );
    return { publicKey: ed25519.getPublicKey(sk), sign: (m) => ed25519.sign(m, sk) };
  }

  /** The ceremony id carried in bundle headers (a protocol may derive it, e.g. from an on-chain id). */
  private wireId(state: CeremonyState<Json>): string {
    return this.protocol(state.meta.protocol).wireId?.(state.protocolState) ?? state.meta.id;
  }

  /** The wire id an inbox bundle carried (older folders did not record it: read from the kept file). */
  private inboxWireId(folder: CeremonyFolder, x: InboxRecord): string | null {
    if (x.ceremonyId) return x.ceremonyId;
    try {
      return parseBundle(folder.readInbox(x.file)).header.ceremonyId;
    } catch {
      return null;
    }
  }

  /**
   * Re-running a step after a crash must reproduce the same bundle file: when the file for this
   * artifact already exists with the same content apart from its creation time, keep it.
   */
  private async reuseBundle(folder: CeremonyFolder, file: string, fresh: Bundle): Promise<{ bytes: Uint8Array; bundle: Bundle } | null> {
    const path = folder.artifactPath(file);
    if (!existsSync(path)) return null;
    try {
      const bytes = new Uint8Array(await readFile(path));
      const old = await parseBundleOffThread(bytes, this.opts.tasks);
      const strip = (b: Bundle) => canonicalJson({ ...b.header, createdAt: '' });
      return strip(old) === strip(fresh) ? { bytes, bundle: old } : null;
    } catch {
      return null;
    }
  }

  // ---- the commit protocol ---------------------------------------------------------------

  /**
   * Commits what a protocol records about a failed action (its `refuseAction`), e.g. evidence
   * against a cheater. Best effort: the action's own error is what the person needs to see, so a
   * failure to record is not allowed to replace it (it is noted in the activity instead).
   */
  private async recordRefusal(
    folder: CeremonyFolder,
    state: CeremonyState<Json>,
    action: string,
    error: CeremonyError,
    ctx: StepContext,
  ): Promise<void> {
    const p = this.protocol(state.meta.protocol);
    if (!p.refuseAction) return;
    let result: StepResult<Json> | null;
    try {
      result = await p.refuseAction(state.protocolState, action, error, ctx);
    } catch (e) {
      result = { state: state.protocolState, summary: `Could not record what the failed ${action} left behind: ${(e as Error).message}` };
    }
    if (!result) return;
    const signer = await this.identity(ctx);
    await this.commit({
      folder,
      prev: state,
      meta: state.meta,
      step: `refused:${action}`,
      inputDigest: fingerprintOf(canonicalJson({ action, code: error.code })),
      result,
      signer,
    });
  }

  private async commit({
    folder,
    prev,
    meta,
    step,
    inputDigest,
    result,
    signer,
    effectDone,
    inboxAdd,
  }: CommitOptions): Promise<CeremonyState<Json>> {
    const artifacts = [...(prev?.artifacts ?? [])];
    const put = (rec: ArtifactRecord) => {
      const i = artifacts.findIndex((a) => a.id === rec.id);
      if (i >= 0) artifacts[i] = rec;
      else artifacts.push(rec);
    };
    const phase = result.phase ?? meta.phase;
    const wireId = this.protocol(meta.protocol).wireId?.(result.state) ?? meta.id;
    // A step may give this install a new participant id (a restarted Seal committee); its bundles say so from now on.
    if (result.me) meta = { ...meta, me: { ...meta.me, id: result.me.id, label: result.me.label } };
    for (const a of result.artifacts ?? []) {
      const file = `${safeName(a.id)}--${safeName(a.name)}`;
      await folder.writeArtifactAsync(file, a.bytes);
      put({
        id: a.id,
        name: a.name,
        description: a.description,
        mime: a.mime,
        file,
        bytes: a.bytes.length,
        fingerprint: fingerprintOf(a.bytes),
      });
    }
    for (const o of result.outgoing ?? []) {
      const file = `${safeName(o.artifactId)}--${safeName(o.fileName)}`;
      const encoded = await encodeBundleOffThread(
        {
          protocol: meta.protocol,
          ceremonyId: wireId,
          phase: o.phase,
          step: o.step,
          sender: { id: meta.me.id, label: meta.me.label },
          createdAt: this.now(),
          rehearsal: meta.rehearsal,
          payloadType: o.payloadType,
          payload: o.payload,
        },
        signer,
        this.opts.tasks,
      );
      const { bytes, bundle } = (await this.reuseBundle(folder, file, encoded.bundle)) ?? encoded;
      await folder.writeArtifactAsync(file, bytes);
      // A bundle's check code is that of its signed header, the same the receiver sees on import.
      put({
        id: o.artifactId,
        name: o.fileName,
        description: o.description,
        mime: 'application/json',
        file,
        bytes: bytes.length,
        fingerprint: bundle.fingerprint,
      });
    }
    this.checkpoint(step, 'after-artifacts');

    const head = prev?.journalHead ?? { seq: 0, hash: GENESIS_HASH };
    const entry = makeEntry(head, {
      at: this.now(),
      step,
      summary: result.summary,
      inputDigest,
      stateDigest: fingerprintOf(canonicalJson(result.state)),
    });
    mkdirSync(folder.dir, { recursive: true });
    // A crash between an earlier append and its state commit leaves an orphan line; drop it.
    trimJournal(folder.journalPath, head.seq);
    await appendJournal(folder.journalPath, entry);
    this.checkpoint(step, 'after-journal');

    const effects: EffectRecord[] = (prev?.effects ?? []).map((e) =>
      effectDone && e.id === effectDone.id ? { ...e, status: 'done', lastError: null, result: effectDone.result } : e,
    );
    for (const e of result.effects ?? []) {
      if (!effects.some((x) => x.id === e.id)) effects.push({ ...e, status: 'pending', lastError: null, result: null });
    }
    const next: CeremonyState<Json> = {
      formatVersion: 1,
      meta: { ...meta, phase, status: result.status ?? meta.status, updatedAt: entry.at },
      protocolState: result.state,
      journalHead: { seq: entry.seq, hash: entry.hash },
      artifacts,
      inbox: inboxAdd ? [...(prev?.inbox ?? []), inboxAdd] : [...(prev?.inbox ?? [])],
      effects,
    };
    await folder.writeStateAsync(next);
    this.checkpoint(step, 'after-state');
    this.opts.onChange?.(meta.id);
    return next;
  }

  /** Runs effects left pending (after a commit, or after a crash). Stops at the first failure. */
  private async runEffects(folder: CeremonyFolder, state: CeremonyState<Json>): Promise<CeremonyState<Json>> {
    const p = this.protocol(state.meta.protocol);
    for (;;) {
      const effect = state.effects.find((e) => e.status === 'pending');
      if (!effect) return state;
      if (!p.runEffect || !p.applyEffect) throw new Error(`protocol ${p.name} produced effects but cannot run them`);
      const step = `effect:${effect.kind}`;
      const ctx = this.stepContext(state.meta, folder, state.artifacts, step, state.inbox);
      const draft: EffectDraft = { id: effect.id, kind: effect.kind, args: effect.args };
      let result: Json;
      try {
        result = await p.runEffect(draft, state.protocolState, ctx);
      } catch (e) {
        if (!isCeremonyError(e)) throw e;
        const effects = state.effects.map((x) => (x.id === effect.id ? { ...x, lastError: e.message } : x));
        state = { ...state, effects };
        folder.writeState(state);
        this.opts.onChange?.(state.meta.id);
        throw e;
      }
      this.checkpoint(step, 'after-effect-run');
      const applied = p.applyEffect(state.protocolState, draft, result);
      const signer = await this.identity(ctx);
      state = await this.commit({
        folder,
        prev: state,
        meta: state.meta,
        step,
        inputDigest: fingerprintOf(canonicalJson(result)),
        result: applied,
        signer,
        effectDone: { id: effect.id, result },
      });
      this.checkpoint(step, 'after-effect-commit');
    }
  }

  // ---- mutations -------------------------------------------------------------------------

  async create(protocolName: string, title: string, rehearsal: boolean, params: Record<string, unknown>): Promise<CeremonyView> {
    const p = this.protocol(protocolName);
    const parsed = p.createInput.safeParse(params);
    if (!parsed.success) throw invalidInput(parsed.error);
    const id = `${p.name}-${randomBytes(5).toString('hex')}`;
    return this.exclusive(id, async () => {
      const provisional: CeremonyMeta = {
        id,
        protocol: p.name,
        title,
        role: 'creator',
        rehearsal,
        createdAt: this.now(),
        updatedAt: this.now(),
        phase: 1,
        status: 'active',
        me: { id: '', label: '', bundleKey: '' },
      };
      const base = this.stepContext(provisional, null, [], 'create');
      const ctx: CreateContext = { ...base, newCeremonyId: () => id };
      const created = await p.create(parsed.data as never, ctx);
      // The identity key only once the protocol took the parameters: a refused create left one in the vault.
      const signer = await this.identity(base);
      return this.finishCreate(
        created,
        { ...provisional, title: created.title || title, rehearsal: created.rehearsal },
        signer,
        'create',
        fingerprintOf(canonicalJson(params as Json)),
      );
    });
  }

  private async finishCreate(
    created: Created<Json>,
    base: CeremonyMeta,
    signer: BundleSigner,
    step: string,
    inputDigest: string,
    invitation?: { bundle: Bundle; bytes: Uint8Array },
  ): Promise<CeremonyView> {
    const meta: CeremonyMeta = {
      ...base,
      id: created.ceremonyId,
      role: created.role,
      me: { ...created.me, bundleKey: bytesToHex(signer.publicKey) },
      phase: created.phase ?? 1,
    };
    const folder = new CeremonyFolder(this.root, meta.id);
    let inboxAdd: CeremonyState<Json>['inbox'][number] | undefined;
    if (invitation) {
      const { bundle, bytes } = invitation;
      const file = `${bundle.fingerprint.slice(0, 16)}-${safeName(bundle.header.step)}${BUNDLE_EXTENSION}`;
      await folder.writeInbox(file, bytes);
      inboxAdd = {
        fingerprint: bundle.fingerprint,
        senderId: bundle.header.sender.id,
        senderLabel: bundle.header.sender.label,
        step: bundle.header.step,
        file,
        importedAt: this.now(),
        ceremonyId: bundle.header.ceremonyId,
      };
    }
    let state = await this.commit({ folder, prev: null, meta, step, inputDigest, result: created, signer, inboxAdd });
    state = await this.runEffectsQuietly(folder, state);
    return this.view(state.meta.id);
  }

  private async runEffectsQuietly(folder: CeremonyFolder, state: CeremonyState<Json>): Promise<CeremonyState<Json>> {
    try {
      return await this.runEffects(folder, state);
    } catch (e) {
      // The failure is recorded on the effect and shown in the view with a retry action.
      if (isCeremonyError(e)) return folder.readState<Json>();
      throw e;
    }
  }

  /**
   * Joins a ceremony from an invitation file: a bundle (whose ceremony id becomes the local id)
   * or a protocol's native file such as Seal's dkg.yaml (the protocol then supplies the wire id).
   */
  async join(name: string, bytes: Uint8Array, params: Record<string, unknown>, protocolHint?: string): Promise<CeremonyView> {
    let bundle: Bundle | null = null;
    try {
      bundle = await parseBundleOffThread(bytes, this.opts.tasks);
    } catch (e) {
      if (!(e instanceof BundleError && e.code === 'bundle/not-a-bundle')) throw e;
    }
    const candidates = bundle
      ? [this.protocol(bundle.header.protocol)]
      : protocolHint
        ? [this.protocol(protocolHint)]
        : [...this.protocols.values()];
    const joinable = candidates.filter((c) => c.join);
    if (!joinable.length) throw new CeremonyError('engine/not-an-invitation', `${name} is not an invitation this app can join from.`);
    if (bundle) {
      for (const id of listCeremonyIds(this.root)) {
        const other = new CeremonyFolder(this.root, id).readState<Json>();
        if (this.wireId(other) === bundle.header.ceremonyId) {
          throw new CeremonyError(
            'engine/already-joined',
            `You have already joined this ceremony ("${other.meta.title}"); open it from the home screen.`,
            { id },
          );
        }
        if (other.meta.protocol === bundle.header.protocol && this.protocol(other.meta.protocol).adopts?.(other.protocolState, bundle)) {
          throw new CeremonyError(
            'engine/already-joined',
            `This invitation continues a ceremony you are in ("${other.meta.title}"): open it from the home screen and import the file there.`,
            { id },
          );
        }
      }
    }
    const id = bundle?.header.ceremonyId ?? `${joinable[0]!.name}-${randomBytes(5).toString('hex')}`;
    return this.exclusive(id, async () => {
      let lastError: unknown;
      for (const p of joinable) {
        const provisional: CeremonyMeta = {
          id,
          protocol: p.name,
          title: '',
          role: 'member',
          rehearsal: bundle?.header.rehearsal ?? false,
          createdAt: this.now(),
          updatedAt: this.now(),
          phase: 1,
          status: 'active',
          me: { id: '', label: '', bundleKey: '' },
        };
        const base = this.stepContext(provisional, null, [], 'join');
        const ctx: CreateContext = { ...base, newCeremonyId: () => id };
        let created: Created<Json>;
        try {
          created = await p.join!({ name, bytes, bundle }, params, ctx);
        } catch (e) {
          // A native file is offered to every protocol that can join; keep the most specific error.
          if (!bundle && isCeremonyError(e, 'engine/not-an-invitation') && joinable.length > 1) {
            lastError = e;
            continue;
          }
          throw e;
        }
        if (created.ceremonyId !== id) throw new Error('protocol join must keep the ceremony id given by newCeremonyId()');
        const signer = await this.identity(base);
        return this.finishCreate(
          created,
          { ...provisional, title: created.title, rehearsal: created.rehearsal },
          signer,
          'join',
          bundle?.fingerprint ?? fingerprintOf(bytes),
          bundle ? { bundle, bytes } : undefined,
        );
      }
      throw lastError ?? new CeremonyError('engine/not-an-invitation', `${name} is not an invitation this app can join from.`);
    });
  }

  /** Runs one protocol action (or the engine's retry). */
  async act(id: string, action: string, input: Record<string, unknown>): Promise<CeremonyView> {
    return this.exclusive(id, async () => {
      const { folder, state } = this.load(id);
      trimJournal(folder.journalPath, state.journalHead.seq);
      if (action === ENGINE_RETRY_ACTION) {
        await this.runEffects(folder, state);
        return this.view(id);
      }
      const p = this.protocol(state.meta.protocol);
      const def = p.actions[action];
      if (!def) throw new CeremonyError('engine/unknown-action', `"${action}" is not a step of a ${p.name} ceremony.`, { action });
      const parsed = def.input.safeParse(input);
      if (!parsed.success) throw invalidInput(parsed.error);
      if (state.effects.some((e) => e.status === 'pending')) {
        // Finish what the previous step started before starting another.
        await this.runEffects(folder, state);
        return this.act(id, action, input);
      }
      const ctx = this.stepContext(state.meta, folder, state.artifacts, action, state.inbox);
      let result: StepResult<Json>;
      try {
        result = await def.run(state.protocolState, parsed.data as never, ctx);
      } catch (e) {
        if (isCeremonyError(e)) await this.recordRefusal(folder, state, action, e, ctx);
        throw e;
      }
      // A step that changed nothing (e.g. a chain poll that found no news) leaves no journal line.
      if (isNoOp(state, result)) return this.view(id);
      // The step, its commit and the view are each a turn of their own on the main thread.
      await yieldTurn();
      const signer = await this.identity(ctx);
      const next = await this.commit({
        folder,
        prev: state,
        meta: state.meta,
        step: action,
        inputDigest: fingerprintOf(canonicalJson(withoutPassphrase(parsed.data as Json))),
        result,
        signer,
      });
      await this.runEffects(folder, next);
      await yieldTurn();
      return this.view(id);
    });
  }

  /** Runs effects left pending by a crash; safe to call any time. */
  async resume(id: string): Promise<CeremonyView> {
    return this.exclusive(id, async () => {
      const { folder, state } = this.load(id);
      trimJournal(folder.journalPath, state.journalHead.seq);
      await this.runEffectsQuietly(folder, state);
      return this.view(id);
    });
  }

  /** Imports one file; never throws for a bad file (the outcome says why). */
  async importFile(id: string, name: string, bytes: Uint8Array): Promise<ImportOutcome> {
    return this.exclusive(id, () => this.importUnlocked(id, name, bytes));
  }

  private async importUnlocked(id: string, name: string, bytes: Uint8Array): Promise<ImportOutcome> {
    const { folder, state } = this.load(id);
    trimJournal(folder.journalPath, state.journalHead.seq);
    const meta = state.meta;
    const p = this.protocol(meta.protocol);
    let bundle: Bundle;
    try {
      bundle = await parseBundleOffThread(bytes, this.opts.tasks);
    } catch (e) {
      if (e instanceof BundleError && e.code === 'bundle/not-a-bundle' && p.acceptFile) {
        const ctx = this.stepContext(meta, folder, state.artifacts, 'import', state.inbox);
        try {
          const result = await p.acceptFile(state.protocolState, { name, bytes }, ctx);
          if (result) {
            const signer = await this.identity(ctx);
            const next = await this.commit({
              folder,
              prev: state,
              meta,
              step: 'import:file',
              inputDigest: fingerprintOf(bytes),
              result,
              signer,
            });
            await this.runEffectsQuietly(folder, next);
            return { file: name, accepted: true, header: null, error: null };
          }
        } catch (inner) {
          if (!isCeremonyError(inner)) throw inner;
          const refused = await p.refuseFile?.(state.protocolState, { name, bytes }, inner, ctx);
          if (refused) {
            const signer = await this.identity(ctx);
            await this.commit({
              folder,
              prev: state,
              meta,
              step: 'import:refused-file',
              inputDigest: fingerprintOf(bytes),
              result: refused,
              signer,
            });
          }
          return { file: name, accepted: false, header: null, error: { code: inner.code, message: inner.message } };
        }
      }
      if (isCeremonyError(e)) return { file: name, accepted: false, header: null, error: { code: e.code, message: e.message } };
      throw e;
    }
    const h = bundle.header;
    const view = headerView(bundle);
    const reject = (e: CeremonyError): ImportOutcome => ({
      file: name,
      accepted: false,
      header: view,
      error: { code: e.code, message: e.message },
    });
    const ctx = this.stepContext(meta, folder, state.artifacts, `bundle:${h.step}`, state.inbox);
    try {
      // A bundle the protocol adopts (a restarted committee's invitation) is admitted under its own wire id.
      const wireId = p.adopts?.(state.protocolState, bundle) ? h.ceremonyId : this.wireId(state);
      admitBundle(state, bundle, wireId, p.roster(state.protocolState), (x) => this.inboxWireId(folder, x) === wireId);
      const result = await p.accept(state.protocolState, bundle, ctx);
      const file = `${bundle.fingerprint.slice(0, 16)}-${safeName(h.step)}${BUNDLE_EXTENSION}`;
      await folder.writeInbox(file, bytes);
      const signer = await this.identity(ctx);
      const inboxAdd = {
        fingerprint: bundle.fingerprint,
        senderId: h.sender.id,
        senderLabel: h.sender.label,
        step: h.step,
        file,
        importedAt: this.now(),
        ceremonyId: h.ceremonyId,
      };
      const next = await this.commit({
        folder,
        prev: state,
        meta,
        step: `bundle:${h.step}`,
        inputDigest: bundle.fingerprint,
        result,
        signer,
        inboxAdd,
      });
      await this.runEffectsQuietly(folder, next);
      return { file: name, accepted: true, header: view, error: null };
    } catch (e) {
      if (!isCeremonyError(e)) throw e;
      if (p.refuseBundle) {
        const refused = await p.refuseBundle(state.protocolState, bundle, bytes, e, ctx);
        if (refused) {
          await this.commit({
            folder,
            prev: state,
            meta,
            step: `refused-bundle:${h.step}`,
            inputDigest: bundle.fingerprint,
            result: refused,
            signer: await this.identity(ctx),
          });
        }
      }
      return reject(e);
    }
  }

  /**
   * Imports several files. Files refused only because they came too early (a later phase, or
   * from a participant introduced by another file of the same batch) are retried after the
   * others, so a whole USB stick can be imported in any order. Each file is read when its turn
   * comes (a folder is never held in memory at once), and whatever goes wrong with one file,
   * even an unexpected fault, is that file's outcome: the rest of the batch is still imported.
   */
  async importFiles(id: string, files: readonly ({ name: string; bytes: Uint8Array } | ImportSource)[]): Promise<ImportSummary> {
    return this.exclusive(id, async () => {
      this.load(id); // a missing or damaged ceremony fails the whole call, not each file
      const outcomes = new Map<string, ImportOutcome>();
      let pending = files.map((f, i) => ({ f, key: `${i}:${f.name}` }));
      for (let pass = 0; pending.length && pass < 10; pass++) {
        const retry: typeof pending = [];
        let progress = false;
        for (const item of pending) {
          const o = await this.importOneOfBatch(id, item.f);
          outcomes.set(item.key, o);
          if (o.accepted) progress = true;
          else if (o.error && RETRYABLE_IMPORT.has(o.error.code)) retry.push(item);
        }
        if (!progress) break;
        pending = retry;
      }
      const list = files.map((f, i) => outcomes.get(`${i}:${f.name}`)!);
      const skipped = (o: ImportOutcome) => o.error?.code === 'bundle/duplicate' || o.error?.code === 'bundle/own-bundle';
      return {
        accepted: list.filter((o) => o.accepted).length,
        rejected: list.filter((o) => !o.accepted && !skipped(o)).length,
        skipped: list.filter(skipped).length,
        outcomes: list,
      };
    });
  }

  private async importOneOfBatch(id: string, f: { name: string; bytes: Uint8Array } | ImportSource): Promise<ImportOutcome> {
    try {
      const bytes = 'read' in f ? f.read() : f.bytes;
      return await this.importUnlocked(id, f.name, bytes);
    } catch (e) {
      const error = isCeremonyError(e)
        ? { code: e.code, message: e.message }
        : {
            code: 'engine/import-failed' as const,
            message: `${f.name} could not be imported: ${e instanceof Error ? e.message : String(e)}. The other files were imported.`,
          };
      return { file: f.name, accepted: false, header: null, error };
    }
  }

  /** Imports every candidate file of a folder (two levels deep), e.g. a mounted USB stick, one file at a time. */
  async importFolder(id: string, dir: string): Promise<ImportSummary> {
    const files = importCandidates(dir);
    if (!files.length) return { accepted: 0, rejected: 0, skipped: 0, outcomes: [] };
    return this.importFiles(id, files);
  }
}

function isNoOp(state: CeremonyState<Json>, r: StepResult<Json>): boolean {
  return (
    !r.artifacts?.length &&
    !r.outgoing?.length &&
    !r.effects?.length &&
    (r.phase === undefined || r.phase === state.meta.phase) &&
    (r.status === undefined || r.status === state.meta.status) &&
    canonicalJson(r.state) === canonicalJson(state.protocolState)
  );
}

/**
 * An action's input as its journal digest sees it: a `passphrase` (one that encrypts a file for
 * someone else) is left out. A plain hash of it in the journal would let anyone holding the
 * ceremony folder test guesses at hash speed, without the scrypt that protects the file.
 */
function withoutPassphrase(input: Json): Json {
  if (typeof input !== 'object' || input === null || Array.isArray(input) || !('passphrase' in input)) return input;
  const { passphrase: _left, ...rest } = input;
  return rest;
}

function invalidInput(error: { issues: { path: PropertyKey[]; message: string }[] }): CeremonyError {
  const i = error.issues[0];
  return new CeremonyError('api/invalid-input', i ? `${i.path.map(String).join('.') || 'input'}: ${i.message}` : 'Invalid input.');
}
