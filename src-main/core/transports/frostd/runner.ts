/**
 * What the frostd session runners (DKG, signing coordinator, signing participant) share: a state
 * that is public JSON and can be saved after every step, and a `step()` that does one round of
 * relay work.
 *
 * The state is a transcript, not a memory dump: the session, the ciphertexts received (in
 * arrival order, per queue) and how many of this member's own messages the relay has accepted.
 * Everything secret is re-derived on restore from two vault secrets: the communication key and a
 * per-run seed (protocol randomness, Noise ephemerals, signing nonces all come from it). What to
 * send is a pure function of how far the run got (`plan()`), so after a restart the same
 * messages are encrypted again to the same bytes and only the unsent tail goes out.
 *
 * One step: check the deadline; find or create the session; send what is due; drain the queues
 * this member reads (handing the grown state to `persist` before processing it: frostd's
 * `receive` deletes what it returns); check and absorb the messages; send what became due.
 * A network failure leaves the state as it was (the next step retries); a peer's bad input, a
 * mismatch or a timeout ends the run with a CeremonyError naming who and what, kept in the state.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError, listedCode } from '../../errors.ts';
import type { CommunicationKeyPair } from '../../formats/frost/config-toml.ts';
import type { SessionChannels } from './channels.ts';
import type { FrostdClient, FrostdSessionInfo } from './client.ts';

export type FrostdRunKind = 'dkg' | 'sign-coordinator' | 'sign-participant';
export type FrostdRunStatus = 'running' | 'awaiting-approval' | 'done' | 'failed';
export type FrostdQueue = 'participant' | 'coordinator';

/** One message as the relay delivered it (hex), in arrival order. Ciphertext: public. */
export interface FrostdReceived {
  readonly queue: FrostdQueue;
  readonly sender: string;
  readonly msg: string;
}

export interface FrostdSessionFacts {
  readonly pubkeys: readonly string[];
  readonly coordinator: string;
  readonly messageCount: number;
}

export interface FrostdRunError {
  readonly code: string;
  readonly message: string;
  readonly details: Readonly<Record<string, string | number | boolean | null>>;
}

/** The part of every runner's state the base class manages. Public JSON. */
export interface FrostdRunState {
  readonly v: 1;
  readonly kind: FrostdRunKind;
  /** Hex communication public key of this member. */
  readonly me: string;
  /** Display names by hex communication key (contacts), used in messages and errors. */
  readonly names: Readonly<Record<string, string>>;
  /** How long a phase may wait for others before the run fails naming them. */
  readonly timeoutMs: number;
  sessionId: string | null;
  session: FrostdSessionFacts | null;
  received: FrostdReceived[];
  /** How many of `plan()`'s messages the relay has accepted. */
  sent: number;
  phase: string;
  phaseSince: number;
  /** When each phase was first reached (ms); lets a runner pace its messages. */
  reached: Record<string, number>;
  status: FrostdRunStatus;
  error: FrostdRunError | null;
  /** This member closed the session (it created it). */
  closed: boolean;
  /**
   * A send that started and whose outcome is not known yet (saved before the request leaves).
   * After a restart it means: the relay may or may not hold this message.
   */
  pending?: FrostdPendingSend | null;
  /** A `create_new_session` was started and its answer not saved yet (the session may exist). */
  creating?: boolean;
}

/** The message a send was started with: its place in `plan()` and its exact ciphertext. Public. */
export interface FrostdPendingSend {
  readonly index: number;
  /** Recipient (hex communication key), or null for the coordinator queue. */
  readonly to: string | null;
  /** Hex ciphertext, byte-identical to what the relay may hold. */
  readonly msg: string;
}

/** A message this member must send: to a participant's queue, or (`to: null`) the coordinator queue. */
export interface PlannedMessage {
  readonly to: string | null;
  /** Which of the runner's channel sets encrypts it. */
  readonly channel: 'main' | 'extra';
  readonly payload: Uint8Array;
  /** Not before this time (ms); later messages wait behind it, so order is kept. */
  readonly notBefore?: number;
}

export interface FrostdStepOptions {
  /** Milliseconds; defaults to Date.now(). */
  readonly now?: number;
  /**
   * Called with the state right after `receive` returned messages (before they are processed),
   * right before each send (with the send recorded as pending) and right after the relay
   * accepted it. Must be durable when it returns: frostd neither keeps what it hands out nor
   * tells whether a send whose answer was lost went through.
   */
  readonly persist?: (state: unknown) => void | Promise<void>;
}

export interface FrostdWaitingFor {
  readonly pubkey: string;
  readonly name: string;
}

export interface FrostdStepReport {
  readonly status: FrostdRunStatus;
  readonly phase: string;
  readonly sessionId: string | null;
  /** Members this run is waiting on in the current phase. */
  readonly waitingFor: readonly FrostdWaitingFor[];
  /** Something was sent or received during the step. */
  readonly progressed: boolean;
  readonly error?: FrostdRunError;
  /** A failure the next step may not meet again (relay unreachable, HTTP error). */
  readonly transientError?: FrostdRunError;
}

/**
 * A send that failed without reaching frostd (refused connection, unknown host) or that frostd
 * answered with an error: the relay does not hold the message. Anything else (a timeout, a
 * connection cut mid-request) leaves the outcome unknown.
 */
function notDelivered(e: unknown): boolean {
  if (!isCeremonyError(e)) return false;
  if (e.code === 'frostd/unreachable') return e.details.connected === false;
  return e.code !== 'frostd/bad-response';
}

/** Relay trouble that a later step may not meet; everything else ends the run. */
const TRANSIENT = new Set(['frostd/unreachable', 'frostd/http-error', 'frostd/bad-response', 'frostd/server-error']);

export const DEFAULT_FROSTD_TIMEOUT_MS = 20 * 60 * 1000;

/** The base state of a run that has not reached the relay yet: every runner starts here. */
export function freshRunState<K extends FrostdRunKind>(
  kind: K,
  me: string,
  names: Readonly<Record<string, string>>,
  timeoutMs: number | undefined,
  now: number,
): FrostdRunState & { readonly kind: K } {
  return {
    v: 1,
    kind,
    me,
    names,
    timeoutMs: timeoutMs ?? DEFAULT_FROSTD_TIMEOUT_MS,
    sessionId: null,
    session: null,
    received: [],
    sent: 0,
    phase: 'session',
    phaseSince: now,
    reached: { session: now },
    status: 'running',
    error: null,
    closed: false,
  };
}

export function runError(e: unknown): FrostdRunError {
  if (isCeremonyError(e)) return { code: e.code, message: e.message, details: { ...e.details } };
  return { code: 'frostd/internal-error', message: e instanceof Error ? e.message : String(e), details: {} };
}

export function sessionFacts(info: FrostdSessionInfo): FrostdSessionFacts {
  return { pubkeys: info.pubkeys.map(bytesToHex), coordinator: bytesToHex(info.coordinatorPubkey), messageCount: info.messageCount };
}

export abstract class FrostdRunner<S extends FrostdRunState> {
  private persistNow: FrostdStepOptions['persist'];
  private encrypted: Uint8Array[] = [];
  private encryptedPayloads: Uint8Array[] = [];

  protected constructor(
    protected state: S,
    protected readonly key: CommunicationKeyPair,
    protected readonly seed: Uint8Array,
  ) {
    if (bytesToHex(key.publicKey) !== state.me) throw new Error('frostd runner: the communication key does not match the saved state');
  }

  /** The state to save (public JSON). */
  toJSON(): S {
    return JSON.parse(JSON.stringify(this.state)) as S;
  }

  get status(): FrostdRunStatus {
    return this.state.status;
  }
  get phase(): string {
    return this.state.phase;
  }
  get sessionId(): string | null {
    return this.state.sessionId;
  }
  /** The error that ended the run, as a CeremonyError. */
  get error(): CeremonyError | undefined {
    const e = this.state.error;
    return e ? new CeremonyError(listedCode(e.code), e.message, e.details) : undefined;
  }

  protected nameOf(pubkey: string): string {
    return this.state.names[pubkey] ?? `${pubkey.slice(0, 12)}…`;
  }

  protected namesOf(pubkeys: readonly string[]): string {
    const names = pubkeys.map((k) => this.nameOf(k));
    return names.length <= 1 ? (names[0] ?? '') : `${names.slice(0, -1).join(', ')} and ${names[names.length - 1]}`;
  }

  /**
   * Runs `fn` on a message from `sender`; a CeremonyError it throws names that member. A message
   * that does not decrypt is not blamed on the member: the relay may have altered or forged it.
   */
  protected fromPeer<T>(sender: string, what: string, fn: () => T): T {
    try {
      return fn();
    } catch (e) {
      if (!isCeremonyError(e) || e.details.culpritKey !== undefined) throw e;
      if (e.code === 'noise/decrypt-failed')
        throw new CeremonyError(
          e.code,
          `A message the relay says is from ${this.nameOf(sender)} could not be decrypted: it was altered, replayed or reordered on the way, or ${this.nameOf(sender)} did not send it.`,
          { sender },
        );
      throw new CeremonyError(e.code, `${this.nameOf(sender)} sent a bad ${what}: ${e.message}`, {
        ...e.details,
        culprit: this.nameOf(sender),
        culpritKey: sender,
      });
    }
  }

  protected isCoordinator(): boolean {
    return this.state.session?.coordinator === this.state.me;
  }

  protected setPhase(phase: string, now: number): void {
    if (this.state.phase !== phase) {
      this.state.phase = phase;
      this.state.phaseSince = now;
    }
    this.state.reached[phase] ??= now;
  }

  /**
   * The relay says the session is gone. A runner that already has everything it needs may end
   * well anyway (e.g. a DKG member whose confirmation finds the creator's session closed).
   */
  protected sessionGoneAfterSuccess(_now: number): boolean {
    return false;
  }

  // ───────────── what each runner defines ─────────────

  /** Finds or creates the session; calls `adopt()` when it has one. Returns false to wait. */
  protected abstract acquire(client: FrostdClient, now: number): Promise<boolean>;
  /** Derives identifiers, channels and round secrets from the adopted session. */
  protected abstract rebuild(): void;
  /** Decrypts, checks and absorbs one received message. Throws a CeremonyError to end the run. */
  protected abstract ingest(entry: FrostdReceived): void;
  /** Moves through the phases as far as the absorbed messages allow. */
  protected abstract advance(now: number): void;
  /** Every message this member must have sent so far, in sending order (prefix-stable). */
  protected abstract plan(): PlannedMessage[];
  /** Members whose messages the current phase still needs. */
  protected abstract waitingFor(): string[];
  protected abstract queues(): FrostdQueue[];
  protected abstract channels(which: 'main' | 'extra'): SessionChannels;
  /** Work after the exchange, e.g. closing the session when everyone is done. */
  protected async finish(_client: FrostdClient, _now: number): Promise<void> {}
  /** Whether the phase's deadline applies (not while waiting for a local human decision). */
  protected timed(): boolean {
    return this.state.status === 'running';
  }

  /**
   * Creates this run's session, saved as under way first: a session made by a request whose
   * answer was lost (a crash before the save) is found again afterwards, by its coordinator
   * (this key), members and message count, and closed before a new one is made, so nobody is
   * left with a second session (frost-client needs exactly one).
   */
  protected async createSession(client: FrostdClient, pubkeys: readonly string[], messageCount: number): Promise<string> {
    if (this.state.creating) {
      const want = [...pubkeys].sort().join();
      for (const id of await client.listSessions()) {
        const info = await client.getSessionInfo(id).catch(() => undefined);
        if (!info) continue;
        const f = sessionFacts(info);
        if (f.coordinator === this.state.me && f.messageCount === messageCount && [...f.pubkeys].sort().join() === want)
          await client.closeSession(id).catch(() => undefined);
      }
    }
    this.state.creating = true;
    await this.persistNow?.(this.toJSON());
    const id = await client.createNewSession(pubkeys.map(hexToBytes), messageCount);
    this.state.creating = false;
    return id;
  }

  /** Takes a session: records it, derives everything, and enters the first protocol phase. */
  protected adopt(sessionId: string, info: FrostdSessionFacts, firstPhase: string, now: number): void {
    this.state.sessionId = sessionId;
    this.state.session = info;
    this.rebuild();
    this.setPhase(firstPhase, now);
  }

  /**
   * Joins the one session found for this run: none means "not created yet, look again later";
   * more than one is a choice only the person can make (by session id), so the run stops.
   * `check` refuses a session whose members or shape are wrong before anything is sent.
   */
  protected adoptTheOne(
    found: readonly { id: string; facts: FrostdSessionFacts }[],
    what: string,
    check: (f: FrostdSessionFacts) => void,
    now: number,
  ): boolean {
    if (found.length > 1)
      throw new CeremonyError(
        'frostd/ambiguous-session',
        `${found.length} ${what} (${found.map((f) => f.id).join(', ')}); choose one by its session id.`,
        { sessions: found.map((f) => f.id).join(',') },
      );
    if (found.length === 0) return false;
    check(found[0]!.facts);
    this.adopt(found[0]!.id, found[0]!.facts, this.startPhase, now);
    return true;
  }

  /** The phase a run enters when it adopts its session (where a replay starts). */
  protected abstract readonly startPhase: string;

  /**
   * Re-derives everything from the saved transcript (used by `restore`): the protocol state is
   * rebuilt from the start phase by absorbing every saved message again; the saved phase, its
   * start time and the status are then kept as they were (they may hold decisions that depended
   * on time or on a person, like a finished confirmation wait or an approval).
   */
  protected replay(): void {
    if (!this.state.session || this.state.status === 'failed') return;
    const saved = { phase: this.state.phase, phaseSince: this.state.phaseSince, status: this.state.status };
    this.rebuild();
    this.state.phase = this.startPhase;
    try {
      for (const entry of this.state.received) this.ingest(entry);
      this.advance(saved.phaseSince);
      Object.assign(this.state, saved);
    } catch (e) {
      // A message saved just before a crash and never processed may be the bad one.
      Object.assign(this.state, saved, { status: 'failed', error: runError(e) });
    }
  }

  private encryptPlanned(): void {
    const planned = this.plan();
    for (let i = 0; i < this.encryptedPayloads.length; i++)
      if (bytesToHex(planned[i]!.payload) !== bytesToHex(this.encryptedPayloads[i]!))
        throw new Error('frostd runner: a planned message changed after it was encrypted');
    for (let i = this.encrypted.length; i < planned.length; i++) {
      const m = planned[i]!;
      const peer = m.to ?? this.state.session!.coordinator;
      this.encrypted.push(this.channels(m.channel).encrypt(peer, m.payload));
      this.encryptedPayloads.push(m.payload);
    }
  }

  /**
   * Whether a planned message may be sent a second time when a first attempt's outcome is
   * unknown. frost-client decrypts every message with the next Noise nonce and aborts on a
   * duplicate or a gap, so only messages no frost-client ever reads may (channel `extra`);
   * a runner that knows a peer runs this app may allow more.
   */
  protected mayResend(m: PlannedMessage): boolean {
    return m.channel === 'extra';
  }

  private outcomeUnknown(m: PlannedMessage): CeremonyError {
    const session = this.state.session!;
    const to = m.to ?? session.coordinator;
    const name = this.nameOf(to);
    const restart = this.isCoordinator()
      ? 'This session is now closed: create a new one and ask everyone to join it.'
      : `Tell ${this.nameOf(session.coordinator)} to close this session and create a new one, and join the new one.`;
    return new CeremonyError(
      'frostd/send-outcome-unknown',
      `The app stopped (or lost the connection) while sending a message to ${name}, and cannot tell whether the relay took it. ` +
        `${name} may be using frost-client, which reads each message exactly once and in order: sending it again or skipping it would make it abort. ` +
        restart,
      { sessionId: this.state.sessionId, phase: this.state.phase, recipient: name, recipientKey: to },
    );
  }

  /**
   * Sends every due planned message the relay has not accepted yet, in order. Each send is saved
   * as pending (index and ciphertext) before the request leaves and as sent once the relay took
   * it; a pending send met again (a restart, or a request whose answer was lost) is resent only
   * where a duplicate is harmless, otherwise the run stops and says to restart the session.
   */
  private async flush(client: FrostdClient, now: number, persist: FrostdStepOptions['persist']): Promise<boolean> {
    if (!this.state.session) return false;
    this.encryptPlanned();
    const planned = this.plan();
    let sent = false;
    const pending = this.state.pending;
    if (pending && pending.index < this.state.sent) this.state.pending = null; // recorded as sent after all
    while (this.state.sent < planned.length) {
      const index = this.state.sent;
      const m = planned[index]!;
      if (m.notBefore !== undefined && m.notBefore > now) break;
      const ciphertext = this.encrypted[index]!;
      const again = this.state.pending?.index === index;
      if (again && (this.state.pending!.msg !== bytesToHex(ciphertext) || !this.mayResend(m))) throw this.outcomeUnknown(m);
      this.state.pending = { index, to: m.to, msg: bytesToHex(ciphertext) };
      await persist?.(this.toJSON());
      try {
        await client.send(this.state.sessionId!, m.to === null ? [] : [hexToBytes(m.to)], ciphertext);
      } catch (e) {
        if (notDelivered(e)) this.state.pending = null;
        throw e;
      }
      this.state.sent++;
      this.state.pending = null;
      await persist?.(this.toJSON());
      sent = true;
    }
    return sent;
  }

  private async fail(e: unknown, client: FrostdClient | undefined): Promise<void> {
    let err = e;
    if (isCeremonyError(e, 'frostd/session-not-found') && this.state.session) {
      const waiting = this.waitingFor();
      err = new CeremonyError(
        'frostd/session-closed',
        `The frostd session was closed by ${this.nameOf(this.state.session.coordinator)} (or expired) before this run finished` +
          (waiting.length ? `, while it still waited for ${this.namesOf(waiting)}.` : '.'),
        { sessionId: this.state.sessionId, phase: this.state.phase, missing: this.namesOf(waiting) },
      );
    }
    this.state.status = 'failed';
    this.state.error = runError(err);
    // Like frost-client's cleanup: a failed creator closes the session so nobody waits for it.
    if (client && this.isCoordinator() && !this.state.closed && this.state.sessionId) {
      await client.closeSession(this.state.sessionId).then(
        () => (this.state.closed = true),
        () => undefined,
      );
    }
  }

  /** A runner may word the timeout of a phase better (e.g. "no session appeared"). */
  protected timeoutMessage(_minutes: number, _waiting: string[]): string | undefined {
    return undefined;
  }

  private timeoutError(now: number): CeremonyError {
    const waiting = this.waitingFor();
    const minutes = Math.max(1, Math.round((now - this.state.phaseSince) / 60000));
    const phase = this.state.phase;
    const message =
      this.timeoutMessage(minutes, waiting) ??
      (waiting.length
        ? `Gave up after ${minutes} min in the ${phase} phase: still waiting for ${this.namesOf(waiting)}, who ${waiting.length === 1 ? 'has' : 'have'} not sent ${waiting.length === 1 ? 'a' : 'their'} message.`
        : `Gave up after ${minutes} min in the ${phase} phase.`);
    return new CeremonyError('frostd/timeout', message, {
      phase,
      sessionId: this.state.sessionId,
      missing: this.namesOf(waiting),
      missingKeys: waiting.join(','),
    });
  }

  /** Ends the run from outside (e.g. the person cancels); closes the session if this member created it. */
  async abort(client: FrostdClient | undefined, reason: CeremonyError): Promise<void> {
    if (this.state.status === 'done' || this.state.status === 'failed') return;
    await this.fail(reason, client);
  }

  /** One round of relay work; see the module comment. */
  async step(client: FrostdClient, options: FrostdStepOptions = {}): Promise<FrostdStepReport> {
    const now = options.now ?? Date.now();
    let progressed = false;
    let transientError: FrostdRunError | undefined;
    if (this.state.status === 'done' || this.state.status === 'failed') return this.report(false);
    try {
      if (this.timed() && now - this.state.phaseSince > this.state.timeoutMs) throw this.timeoutError(now);
      if (!this.state.session) {
        this.persistNow = options.persist;
        if (!(await this.acquire(client, now))) return this.report(false);
        progressed = true;
      }
      progressed = (await this.flush(client, now, options.persist)) || progressed;
      for (const queue of this.queues()) {
        const msgs = await client.receive(this.state.sessionId!, queue === 'coordinator');
        if (msgs.length === 0) continue;
        progressed = true;
        const entries = msgs.map((m) => ({ queue, sender: bytesToHex(m.sender), msg: bytesToHex(m.msg) }));
        this.state.received.push(...entries);
        await options.persist?.(this.toJSON());
        for (const entry of entries) this.ingest(entry);
      }
      this.advance(now);
      progressed = (await this.flush(client, now, options.persist)) || progressed;
      await this.finish(client, now);
    } catch (e) {
      if (isCeremonyError(e) && TRANSIENT.has(e.code)) transientError = runError(e);
      else if (!(isCeremonyError(e, 'frostd/session-not-found') && this.sessionGoneAfterSuccess(now))) await this.fail(e, client);
    }
    return this.report(progressed, transientError);
  }

  protected report(progressed: boolean, transientError?: FrostdRunError): FrostdStepReport {
    const running = this.state.status === 'running' || this.state.status === 'awaiting-approval';
    return {
      status: this.state.status,
      phase: this.state.phase,
      sessionId: this.state.sessionId,
      waitingFor: running ? this.waitingFor().map((pubkey) => ({ pubkey, name: this.nameOf(pubkey) })) : [],
      progressed,
      ...(this.state.error ? { error: this.state.error } : {}),
      ...(transientError ? { transientError } : {}),
    };
  }
}

export interface RunToEndOptions {
  /** Pause between steps without progress; frost-client polls every 2 s. */
  readonly pollIntervalMs?: number;
  readonly signal?: AbortSignal;
  readonly now?: () => number;
  readonly persist?: (state: unknown) => void | Promise<void>;
  /** Called after every step (progress display). Return true to stop waiting and return. */
  readonly onStep?: (report: FrostdStepReport) => boolean | void;
}

/**
 * Steps a runner until it is done, fails, or needs a human decision. Throws the run's
 * CeremonyError on failure. Persists (when asked) after every step.
 */
export async function runFrostdSession<S extends FrostdRunState>(
  runner: FrostdRunner<S>,
  client: FrostdClient,
  options: RunToEndOptions = {},
): Promise<FrostdStepReport> {
  const interval = options.pollIntervalMs ?? 2000;
  for (;;) {
    if (options.signal?.aborted) throw new CeremonyError('frostd/cancelled', 'The frostd session run was cancelled.', {});
    const report = await runner.step(client, {
      now: (options.now ?? Date.now)(),
      ...(options.persist ? { persist: options.persist } : {}),
    });
    await options.persist?.(runner.toJSON());
    if (options.onStep?.(report) === true) return report;
    if (report.status === 'failed') throw runner.error!;
    if (report.status !== 'running') return report;
    if (!report.progressed) await new Promise((r) => setTimeout(r, interval));
  }
}
