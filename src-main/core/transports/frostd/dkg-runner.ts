/**
 * A FROST DKG through frostd, with frost-client's choreography (frost-client `cli/dkg.rs`,
 * `dkg/comms/http.rs`, `session.rs`), so our members and frost-client users can sit in the same
 * session:
 *
 *   creator  create_new_session(all members, message_count = 1) and becomes its coordinator
 *            (`message_count` is the number of messages a session signs: frost-client sends 1
 *            for a DKG too, and its joiners ignore it; so do we);
 *   joiners  find the session (frost-client: the only one they are in);
 *   all      identifier_i = Identifier::derive(session uuid bytes ‖ comm pubkey_i);
 *            round 1: part 1, the round-1 package to every other member (Noise K, one per peer);
 *            echo (n > 2): every received round-1 package to every member but its author, as
 *              [author identifier, package]; all echoes must equal the original;
 *            round 2: part 2, each member its own round-2 package; part 3.
 *
 * What frost-client does badly, done here:
 *  - parameters are checked before round 1: the session's members against the expected list and
 *    the address book. The relay does not carry the threshold (every member is told it, as with
 *    frost-client's `-t`): a round-1 package made for another threshold is refused on arrival,
 *    naming its sender, before any share leaves this machine;
 *  - a message that arrives before its round (an echo during round 1, a round-2 package during
 *    the echo) waits instead of aborting the run;
 *  - every wait has a deadline, and the timeout names who has not sent;
 *  - our members say hello with round 1 and confirm the group key at the end, to the creator on
 *    the coordinator queue (a separate Noise channel a frost-client creator never reads). Our
 *    creator always closes the session it made (a leftover session stops a frost-client user's
 *    next `dkg`, which needs exactly one session): once every member that said hello has
 *    confirmed (it then has everything), and, when frost-client members are in the session
 *    (no hello), `closeGraceMs` later, so they read the last round-2 packages, sent by then,
 *    at their 2 s polling; at the latest after `confirmTimeoutMs` in the confirm phase.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { CommunicationKeyPair } from '../../formats/frost/config-toml.ts';
import { frostClientGroupFromPackages, type FrostClientGroup } from '../../formats/frost/config-toml.ts';
import { frostClientDkgIdentifier } from '../../formats/frost/identifiers.ts';
import { checkRound1Package, checkRound2Package, dkgPart1, dkgPart2, dkgPart3 } from '../../crypto/frost/dkg.ts';
import { sortIdentifiers, type Identifier } from '../../crypto/frost/identifier.ts';
import { seededRng } from '../../crypto/frost/rng.ts';
import { frostSuite, type FrostSuiteId } from '../../crypto/frost/suites.ts';
import type {
  KeyPackage,
  PublicKeyPackage,
  Round1Package,
  Round1SecretPackage,
  Round2Package,
  Round2SecretPackage,
} from '../../crypto/frost/types.ts';
import { SessionChannels } from './channels.ts';
import type { FrostdClient } from './client.ts';
import {
  decodeDkgCoordinatorMessage,
  decodeDkgMessage,
  encodeDkgConfirmation,
  encodeDkgEcho,
  encodeDkgHello,
  encodeDkgRound1,
  encodeDkgRound2,
  sameRound1Package,
} from './messages.ts';
import {
  freshRunState,
  FrostdRunner,
  sessionFacts,
  type FrostdQueue,
  type FrostdReceived,
  type FrostdRunState,
  type FrostdSessionFacts,
  type PlannedMessage,
} from './runner.ts';

export interface FrostdDkgConfig {
  /** Default Ed25519 (the suite frost-client users run). */
  readonly suite?: FrostSuiteId;
  readonly threshold: number;
  /** The creator makes the session (frost-client `dkg -S …`); joiners find it. */
  readonly role: 'creator' | 'joiner';
  /**
   * Hex communication keys of all members (this one may be left out). Required for the creator;
   * for a joiner, the members it expects (the session must have exactly these), or omitted to
   * accept any session whose members are all in `contacts` (frost-client's behaviour).
   */
  readonly participants?: readonly string[];
  /** The address book: display name by hex communication key. Every member must be in it. */
  readonly contacts?: Readonly<Record<string, string>>;
  /** A joiner may name the session (otherwise it looks for the one matching session). */
  readonly sessionId?: string;
  /** Per-phase deadline (default 20 min). */
  readonly timeoutMs?: number;
  /** Creator: the longest wait for our members' confirmations before closing the session anyway (default 10 min). */
  readonly confirmTimeoutMs?: number;
  /** Creator: with frost-client members, how long the session stays open after the last confirmation (default 20 s). */
  readonly closeGraceMs?: number;
  /**
   * Pause between reaching the echo or round-2 phase and sending its messages (default 2.5 s).
   * frost-client cannot hold a message that arrives before its round and aborts on it; a peer
   * polling every 2 s has then read the previous round before ours arrives.
   */
  readonly pacingMs?: number;
}

/** The two vault secrets a run needs. The seed belongs to this run only: never reuse it. */
export interface FrostdRunSecrets {
  readonly communicationKey: CommunicationKeyPair;
  readonly seed: Uint8Array;
}

export interface FrostdDkgState extends FrostdRunState {
  readonly kind: 'dkg';
  readonly suite: FrostSuiteId;
  readonly threshold: number;
  readonly role: 'creator' | 'joiner';
  /** Sorted hex keys of the expected members (this one included), or null for "any known". */
  readonly expected: readonly string[] | null;
  /** Creator: the member list in the order the session is created with. */
  readonly order: readonly string[] | null;
  readonly known: readonly string[] | null;
  readonly requestedSession: string | null;
  readonly confirmTimeoutMs: number;
  readonly closeGraceMs?: number;
  readonly pacingMs: number;
  /** Creator: members that had not confirmed when it closed the session (frost-client users never do). */
  unconfirmed: string[] | null;
  /** Member: its confirmation could not be delivered because the creator had closed the session (a frost-client creator does). */
  confirmationUndelivered: boolean;
}

export interface FrostdDkgResult {
  readonly sessionId: string;
  /** Secret: store it in the vault. */
  readonly keyPackage: KeyPackage;
  readonly publicKeyPackage: PublicKeyPackage;
  /** Communication key of each member, by identifier (frost-client's group participant map). */
  readonly participants: Readonly<Record<Identifier, Uint8Array>>;
  readonly groupKey: string;
}

const PHASES = ['session', 'round1', 'echo', 'round2', 'finishing', 'confirm', 'done'] as const;
const at = (phase: string, than: (typeof PHASES)[number]) => PHASES.indexOf(phase as (typeof PHASES)[number]) >= PHASES.indexOf(than);
const HEX32 = /^[0-9a-f]{64}$/;

function normalizeKeys(keys: readonly string[], what: string): string[] {
  return keys.map((k) => {
    const h = String(k).toLowerCase();
    if (!HEX32.test(h))
      throw new CeremonyError('frostd/invalid-public-key', `${what} "${String(k).slice(0, 20)}…" is not a 32-byte hex key.`, {});
    return h;
  });
}

export class FrostdDkgRunner extends FrostdRunner<FrostdDkgState> {
  protected readonly startPhase = 'round1';
  private ids = new Map<string, Identifier>();
  private main!: SessionChannels;
  private extra!: SessionChannels;
  private part1!: { secretPackage: Round1SecretPackage; package: Round1Package };
  private round1 = new Map<string, Round1Package>();
  private echoes = new Map<string, Map<string, Round1Package>>();
  private round2 = new Map<string, Round2Package>();
  private checkedRound2 = new Set<string>();
  private part2: { secretPackage: Round2SecretPackage; packages: Record<Identifier, Round2Package> } | undefined;
  private dkgResult: FrostdDkgResult | undefined;
  private confirmations = new Map<string, string>();
  /** Creator: members that said hello (they run this app). */
  private ours = new Set<string>();
  /** Sessions that include this member but not with the expected members (for a clearer timeout). */
  private nearMisses: string[] = [];

  private constructor(state: FrostdDkgState, secrets: FrostdRunSecrets) {
    super(state, secrets.communicationKey, secrets.seed);
  }

  /** A new run. Nothing is sent until the first `step`. */
  static create(config: FrostdDkgConfig, secrets: FrostdRunSecrets, now = Date.now()): FrostdDkgRunner {
    const me = bytesToHex(secrets.communicationKey.publicKey);
    const suite = config.suite ?? 'FROST-ED25519-SHA512-v1';
    frostSuite(suite);
    const contacts = config.contacts
      ? Object.fromEntries(Object.entries(config.contacts).map(([k, v]) => [normalizeKeys([k], 'A contact key')[0]!, v]))
      : null;
    const given = config.participants ? normalizeKeys(config.participants, 'A participant key') : null;
    if (config.role === 'creator' && !given)
      throw new CeremonyError('frostd/dkg-no-participants', 'The creator of a DKG session must list its members.', {});
    const order = given ? (given.includes(me) ? given : [...given, me]) : null; // frost-client appends its own key
    if (order && new Set(order).size !== order.length)
      throw new CeremonyError('frostd/duplicate-member', 'The member list names the same communication key twice.', {});
    if (order) {
      const n = order.length;
      if (!Number.isInteger(config.threshold) || config.threshold < 2 || config.threshold > n)
        throw new CeremonyError(
          'frostd/threshold-mismatch',
          `A threshold of ${config.threshold} does not work with ${n} members: it must be between 2 and ${n}.`,
          { expected: config.threshold, members: n },
        );
    }
    const state: FrostdDkgState = {
      ...freshRunState('dkg', me, { ...(contacts ?? {}), [me]: contacts?.[me] ?? 'you' }, config.timeoutMs, now),
      suite,
      threshold: config.threshold,
      role: config.role,
      expected: order ? [...order].sort() : null,
      order: config.role === 'creator' ? order : null,
      known: contacts ? Object.keys(contacts) : null,
      requestedSession: config.sessionId ?? null,
      confirmTimeoutMs: config.confirmTimeoutMs ?? 10 * 60 * 1000,
      closeGraceMs: config.closeGraceMs ?? 20 * 1000,
      pacingMs: config.pacingMs ?? 2500,
      unconfirmed: null,
      confirmationUndelivered: false,
    };
    return new FrostdDkgRunner(state, secrets);
  }

  /** Continues a saved run: re-derives secrets and channels from the seed and the transcript. */
  static restore(state: FrostdDkgState, secrets: FrostdRunSecrets): FrostdDkgRunner {
    if (state?.v !== 1 || state.kind !== 'dkg') throw new CeremonyError('frostd/invalid-state', 'This is not a saved frostd DKG run.', {});
    const runner = new FrostdDkgRunner(JSON.parse(JSON.stringify(state)) as FrostdDkgState, secrets);
    runner.replay();
    return runner;
  }

  /** The key package and group, once part 3 is done (also while the creator waits for confirmations). */
  get result(): FrostdDkgResult | undefined {
    return this.dkgResult;
  }

  /** Members that never confirmed before the creator closed the session (frost-client users), or null. */
  get unconfirmed(): readonly string[] | null {
    return this.state.unconfirmed;
  }

  /** The `[group.<key>]` entry frost-client would write for this DKG. */
  frostClientGroup(description: string, serverUrl?: string): { key: string; group: FrostClientGroup } {
    const r = this.dkgResult;
    if (!r) throw new CeremonyError('frostd/dkg-not-done', 'The DKG has not finished yet.', {});
    return frostClientGroupFromPackages({
      description,
      keyPackage: r.keyPackage,
      publicKeyPackage: r.publicKeyPackage,
      participants: r.participants,
      ...(serverUrl === undefined ? {} : { serverUrl }),
    });
  }

  // ───────────── session ─────────────

  private others(): string[] {
    return (this.state.session?.pubkeys ?? []).filter((k) => k !== this.state.me);
  }

  /** Pre-round-1 agreement: members, address book, threshold. Throws naming the difference. */
  private checkSession(facts: FrostdSessionFacts): void {
    const s = this.state;
    const members = facts.pubkeys;
    if (!members.includes(s.me))
      throw new CeremonyError('frostd/not-a-member', 'This communication key is not a member of the DKG session.', {});
    if (new Set(members).size !== members.length)
      throw new CeremonyError(
        'frostd/duplicate-member',
        `The session names a member twice; ${this.nameOf(facts.coordinator)} must create it again.`,
        {},
      );
    if (s.expected) {
      const missing = s.expected.filter((k) => !members.includes(k));
      const extra = members.filter((k) => !s.expected!.includes(k));
      if (missing.length || extra.length)
        throw new CeremonyError(
          'frostd/participants-mismatch',
          `The DKG session created by ${this.nameOf(facts.coordinator)} does not have the agreed members` +
            (missing.length ? `: ${this.namesOf(missing)} ${missing.length === 1 ? 'is' : 'are'} missing` : '') +
            (extra.length ? `${missing.length ? ';' : ':'} ${this.namesOf(extra)} should not be in it` : '') +
            '. Nothing was sent; agree on the member list and start again.',
          { missing: this.namesOf(missing), extra: this.namesOf(extra), sessionCreator: this.nameOf(facts.coordinator) },
        );
    }
    if (s.known) {
      const unknown = members.filter((k) => k !== s.me && !s.known!.includes(k));
      if (unknown.length)
        throw new CeremonyError(
          'frostd/unknown-member',
          `The DKG session includes ${unknown.length === 1 ? 'a key' : 'keys'} not in your contacts (${unknown.map((k) => k.slice(0, 12) + '…').join(', ')}); import ${unknown.length === 1 ? 'that contact' : 'those contacts'} first.`,
          { unknown: unknown.join(',') },
        );
    }
    const n = members.length;
    if (n < 2 || s.threshold > n)
      throw new CeremonyError(
        'frostd/threshold-mismatch',
        `This member uses a threshold of ${s.threshold}, which does not work with the session's ${n} members.`,
        { expected: s.threshold, members: n },
      );
  }

  protected async acquire(client: FrostdClient, now: number): Promise<boolean> {
    const s = this.state;
    if (s.role === 'creator') {
      // As frost-client: message_count 1 (one message per exchange, never the threshold). A
      // session made by a request whose answer a crash lost is closed first (createSession).
      const order = s.order!;
      const id = await this.createSession(client, order, 1);
      this.adopt(id, { pubkeys: order, coordinator: s.me, messageCount: 1 }, 'round1', now);
      return true;
    }
    if (s.requestedSession) {
      const facts = sessionFacts(await client.getSessionInfo(s.requestedSession));
      this.checkSession(facts);
      this.adopt(s.requestedSession, facts, 'round1', now);
      return true;
    }
    const candidates = await this.sessionsWithMe(client);
    const fits = (f: FrostdSessionFacts) =>
      s.expected
        ? f.pubkeys.length === s.expected.length && s.expected.every((k) => f.pubkeys.includes(k))
        : !s.known || f.pubkeys.every((k) => k === s.me || s.known!.includes(k));
    const matching = candidates.filter((c) => fits(c.facts));
    this.nearMisses = candidates.filter((c) => !fits(c.facts)).map((c) => c.id);
    return this.adoptTheOne(matching, 'sessions on the relay match this DKG', (f) => this.checkSession(f), now);
  }

  /** Live sessions this key is in. */
  private async sessionsWithMe(client: FrostdClient): Promise<{ id: string; facts: FrostdSessionFacts }[]> {
    const out: { id: string; facts: FrostdSessionFacts }[] = [];
    for (const id of await client.listSessions()) {
      let facts: FrostdSessionFacts;
      try {
        facts = sessionFacts(await client.getSessionInfo(id));
      } catch (e) {
        if (isCeremonyError(e, 'frostd/session-not-found')) continue; // a coordinator's stale list entry
        throw e;
      }
      if (facts.pubkeys.includes(this.state.me)) out.push({ id, facts });
    }
    return out;
  }

  protected rebuild(): void {
    const s = this.state;
    const session = s.session!;
    const suite = frostSuite(s.suite);
    this.ids = new Map(session.pubkeys.map((k) => [k, frostClientDkgIdentifier(s.suite, s.sessionId!, hexToBytes(k))]));
    const peers = this.others().map(hexToBytes);
    const context = `frostd/v1/${s.sessionId}/dkg`;
    this.main = new SessionChannels({ local: this.key, seed: this.seed, context, peers });
    this.extra = new SessionChannels({
      local: this.key,
      seed: this.seed,
      context: `${context}/confirm`,
      peers,
      prologue: 'ceremony/frostd/dkg-confirm/v1',
    });
    const rng = seededRng(this.seed, `${context}/part1/${s.threshold}-of-${session.pubkeys.length}/${suite.id}`);
    this.part1 = dkgPart1(s.suite, this.ids.get(s.me)!, session.pubkeys.length, s.threshold, rng);
  }

  // ───────────── messages ─────────────

  protected ingest(entry: FrostdReceived): void {
    const s = this.state;
    const sender = entry.sender;
    if (sender === s.me || !s.session!.pubkeys.includes(sender))
      throw new CeremonyError(
        'frostd/unexpected-sender',
        `A message came from ${sender.slice(0, 12)}…, who is not another member of this DKG.`,
        {
          sender,
        },
      );
    if (entry.queue === 'coordinator') {
      const payload = this.fromPeer(sender, 'DKG message', () => this.extra.decrypt(sender, hexToBytes(entry.msg)));
      if (!payload) return;
      const msg = this.fromPeer(sender, 'DKG message', () => decodeDkgCoordinatorMessage(payload));
      this.ours.add(sender);
      if (msg.kind === 'confirmation') this.confirmations.set(sender, msg.verifyingKey);
      return;
    }
    const payload = this.fromPeer(sender, 'DKG message', () => this.main.decrypt(sender, hexToBytes(entry.msg)));
    if (!payload) return; // an exact resend of a message already read
    const msg = this.fromPeer(sender, 'DKG message', () => decodeDkgMessage(s.suite, payload));
    if (msg.kind === 'round1') {
      const had = this.round1.get(sender);
      if (had) {
        if (sameRound1Package(had, msg.pkg)) return;
        throw new CeremonyError('frostd/dkg-equivocation', `${this.nameOf(sender)} sent two different round-1 packages.`, {
          culprit: this.nameOf(sender),
          culpritKey: sender,
        });
      }
      const t = msg.pkg.commitment.length;
      if (t !== s.threshold)
        throw new CeremonyError(
          'frostd/threshold-mismatch',
          `${this.nameOf(sender)} is running this DKG with a threshold of ${t}, but you chose ${s.threshold}. No share was sent; agree on one threshold and start again.`,
          { culprit: this.nameOf(sender), culpritKey: sender, expected: s.threshold, received: t },
        );
      this.fromPeer(sender, 'DKG message', () => checkRound1Package(s.suite, this.ids.get(sender)!, msg.pkg, s.threshold));
      this.round1.set(sender, msg.pkg);
    } else if (msg.kind === 'echo') {
      const origin = [...this.ids].find(([, id]) => id === msg.origin)?.[0];
      if (s.session!.pubkeys.length === 2 || !origin || origin === s.me || origin === sender)
        throw new CeremonyError(
          'frostd/dkg-bad-echo',
          `${this.nameOf(sender)} relayed a round-1 package that no member should relay to you.`,
          {
            culprit: this.nameOf(sender),
            culpritKey: sender,
          },
        );
      if (!this.echoes.has(origin)) this.echoes.set(origin, new Map());
      const had = this.echoes.get(origin)!.get(sender);
      if (had && !sameRound1Package(had, msg.pkg)) throw this.broadcastMismatch(origin, sender);
      this.echoes.get(origin)!.set(sender, msg.pkg);
    } else {
      const had = this.round2.get(sender);
      if (had && bytesToHex(had.signingShare) !== bytesToHex(msg.pkg.signingShare))
        throw new CeremonyError('frostd/dkg-equivocation', `${this.nameOf(sender)} sent two different round-2 packages.`, {
          culprit: this.nameOf(sender),
          culpritKey: sender,
        });
      this.round2.set(sender, msg.pkg);
    }
  }

  private broadcastMismatch(origin: string, relayer: string): CeremonyError {
    return new CeremonyError(
      'frostd/dkg-broadcast-mismatch',
      `The round-1 package of ${this.nameOf(origin)} as relayed by ${this.nameOf(relayer)} differs from the one ${this.nameOf(origin)} sent you: one of them is not honest (or their software is broken). No share was sent.`,
      { culprit: this.nameOf(origin), culpritKey: origin, relayer: this.nameOf(relayer), relayerKey: relayer },
    );
  }

  private echoComplete(): boolean {
    const others = this.others();
    return others.every((origin) => others.every((relayer) => relayer === origin || this.echoes.get(origin)?.has(relayer)));
  }

  private byId<T>(map: Map<string, T>): Record<Identifier, T> {
    return Object.fromEntries([...map].map(([k, v]) => [this.ids.get(k)!, v]));
  }

  protected advance(now: number): void {
    const s = this.state;
    if (!s.session) return;
    const others = this.others();
    if (s.phase === 'round1' && others.every((k) => this.round1.has(k))) this.setPhase(others.length > 1 ? 'echo' : 'round2', now);
    if (at(s.phase, 'echo')) {
      for (const [origin, relayed] of this.echoes)
        for (const [relayer, pkg] of relayed)
          if (!sameRound1Package(pkg, this.round1.get(origin)!)) throw this.broadcastMismatch(origin, relayer);
    }
    if (s.phase === 'echo' && this.echoComplete()) this.setPhase('round2', now);
    if (s.phase === 'round2' && !this.part2) this.part2 = dkgPart2(this.part1.secretPackage, this.byId(this.round1));
    if (this.part2)
      for (const [sender, pkg] of this.round2) {
        if (this.checkedRound2.has(sender)) continue;
        this.fromPeer(sender, 'DKG message', () =>
          checkRound2Package(this.part2!.secretPackage, this.ids.get(sender)!, this.round1.get(sender)!, pkg),
        );
        this.checkedRound2.add(sender);
      }
    if (s.phase === 'round2' && others.every((k) => this.round2.has(k))) {
      const out = dkgPart3(this.part2!.secretPackage, this.byId(this.round1), this.byId(this.round2));
      const participants: Record<Identifier, Uint8Array> = {};
      for (const id of sortIdentifiers(frostSuite(s.suite), this.ids.values()))
        participants[id] = hexToBytes([...this.ids].find(([, v]) => v === id)![0]);
      this.dkgResult = {
        sessionId: s.sessionId!,
        keyPackage: out.keyPackage,
        publicKeyPackage: out.publicKeyPackage,
        participants,
        groupKey: bytesToHex(out.publicKeyPackage.verifyingKey),
      };
      this.setPhase(this.isCoordinator() ? 'confirm' : 'finishing', now);
    }
    if (this.dkgResult)
      for (const [member, key] of this.confirmations)
        if (key !== this.dkgResult.groupKey)
          throw new CeremonyError(
            'frostd/dkg-group-key-mismatch',
            `${this.nameOf(member)} finished the DKG with another group key (${key.slice(0, 16)}…) than yours (${this.dkgResult.groupKey.slice(0, 16)}…): the group is not usable.`,
            { culprit: this.nameOf(member), culpritKey: member },
          );
  }

  protected plan(): PlannedMessage[] {
    const s = this.state;
    if (!s.session) return [];
    const others = this.others();
    const out: PlannedMessage[] = others.map((to) => ({ to, channel: 'main', payload: encodeDkgRound1(this.part1.package) }));
    if (!this.isCoordinator()) out.push({ to: null, channel: 'extra', payload: encodeDkgHello() });
    if (at(s.phase, 'echo') && others.length > 1) {
      // frost-client: for each recipient, every package it did not write, in identifier order.
      const notBefore = s.reached.echo! + s.pacingMs;
      const origins = sortIdentifiers(
        frostSuite(s.suite),
        others.map((k) => this.ids.get(k)!),
      ).map((id) => [...this.ids].find(([, v]) => v === id)![0]);
      for (const to of others)
        for (const origin of origins)
          if (origin !== to)
            out.push({ to, channel: 'main', payload: encodeDkgEcho(this.ids.get(origin)!, this.round1.get(origin)!), notBefore });
    }
    if (this.part2) {
      const notBefore = s.reached.round2! + s.pacingMs;
      for (const to of others)
        out.push({ to, channel: 'main', payload: encodeDkgRound2(this.part2.packages[this.ids.get(to)!]!), notBefore });
    }
    if (this.dkgResult && !this.isCoordinator())
      out.push({ to: null, channel: 'extra', payload: encodeDkgConfirmation({ verifyingKey: this.dkgResult.groupKey }) });
    return out;
  }

  protected waitingFor(): string[] {
    const s = this.state;
    const others = this.others();
    switch (s.phase) {
      case 'session':
        return s.role === 'joiner' && s.expected ? s.expected.filter((k) => k !== s.me) : [];
      case 'round1':
        return others.filter((k) => !this.round1.has(k));
      case 'echo':
        return others.filter((relayer) => others.some((origin) => origin !== relayer && !this.echoes.get(origin)?.has(relayer)));
      case 'round2':
        return others.filter((k) => !this.round2.has(k));
      case 'confirm':
        return others.filter((k) => this.ours.has(k) && !this.confirmations.has(k));
      default:
        return [];
    }
  }

  protected queues(): FrostdQueue[] {
    return this.isCoordinator() ? ['participant', 'coordinator'] : ['participant'];
  }

  protected channels(which: 'main' | 'extra'): SessionChannels {
    return which === 'main' ? this.main : this.extra;
  }

  protected override timed(): boolean {
    return this.state.status === 'running' && this.state.phase !== 'confirm';
  }

  protected override async finish(client: FrostdClient, now: number): Promise<void> {
    const s = this.state;
    if (s.phase === 'finishing' && s.sent >= this.plan().length) {
      this.setPhase('done', now);
      s.status = 'done';
    }
    if (s.phase !== 'confirm') return;
    const others = this.others();
    const ourWait = others.filter((k) => this.ours.has(k) && !this.confirmations.has(k));
    if (ourWait.length === 0) s.reached.confirmed ??= now;
    const frostClientMembers = others.some((k) => !this.ours.has(k));
    const graceOver = !frostClientMembers || now - s.reached.confirmed! >= (s.closeGraceMs ?? 0);
    if (!(ourWait.length === 0 && graceOver) && now - s.phaseSince < s.confirmTimeoutMs) return;
    const unconfirmed = others.filter((k) => !this.confirmations.has(k));
    s.unconfirmed = unconfirmed.length ? unconfirmed : null;
    if (!s.closed) await client.closeSession(s.sessionId!);
    s.closed = true;
    this.setPhase('done', now);
    s.status = 'done';
  }

  /** Our creator knows who runs this app (hello); a message to them may go twice (they skip the copy). */
  protected override mayResend(m: PlannedMessage): boolean {
    return super.mayResend(m) || (m.to !== null && this.ours.has(m.to));
  }

  protected override sessionGoneAfterSuccess(now: number): boolean {
    const s = this.state;
    if (!this.dkgResult || (s.phase !== 'finishing' && s.phase !== 'confirm')) return false;
    if (s.phase === 'finishing') s.confirmationUndelivered = true;
    else s.unconfirmed = this.others().filter((k) => !this.confirmations.has(k));
    this.setPhase('done', now);
    s.status = 'done';
    return true;
  }

  protected override timeoutMessage(minutes: number, waiting: string[]): string | undefined {
    const s = this.state;
    if (s.phase !== 'session') return undefined;
    const near = this.nearMisses.length ? ` Sessions with other members that include you: ${this.nearMisses.join(', ')}.` : '';
    return s.expected
      ? `Gave up after ${minutes} min: no DKG session with exactly you and ${this.namesOf(waiting)} appeared on the relay; the creator has not started it (or started it with other members).${near}`
      : `Gave up after ${minutes} min: no DKG session with you in it appeared on the relay.${near}`;
  }
}
