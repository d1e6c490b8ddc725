/**
 * A signer in a FROST signing through frostd, with frost-client's choreography (frost-client
 * `participant/comms/http.rs`, `cli/participant.rs`):
 *
 *   find the session (the one it is in, or the one named); the coordinator must be a group member;
 *   send `[SigningCommitments]` to the coordinator queue (`recipients: []`);
 *   wait for `{"signing_package":[…],"aux_msg":…,"randomizer":[…]}` from the coordinator;
 *   show the message, wait for the person's approval, send `[SignatureShare]`.
 *
 * Added: the session is checked before the commitments go out (every signer a group member, at
 * least the group's threshold of signers, one message); the signing package must be for exactly
 * the session's signers, carry this signer's own commitments, and, if the person said in advance
 * what they will sign, that message; only the first signing package of a session is ever signed.
 * Nonces come from the run's seed and the session id, so a restart signs the same package with
 * the same nonces (the same share), never a different package. A randomizer (rerandomized FROST,
 * RedPallas and Ed25519 only) is signed with as frost-rerandomized's `sign` does; the request shows
 * that the signature will be under a randomized key.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import { type Identifier } from '../../crypto/frost/identifier.ts';
import { seededRng } from '../../crypto/frost/rng.ts';
import { randomizerScalar } from '../../crypto/frost/rerandomized.ts';
import { commit, sign } from '../../crypto/frost/signing.ts';
import { frostSuite, type FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { KeyPackage, SignatureShare, SigningNonces, SigningPackage } from '../../crypto/frost/types.ts';
import { SessionChannels } from './channels.ts';
import type { FrostdClient } from './client.ts';
import { decodeSigningPackageMessage, encodeCommitmentsMessage, encodeSignatureShareMessage } from './messages.ts';
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
import type { CommunicationKeyPair } from '../../formats/frost/config-toml.ts';

export interface FrostdSignParticipantConfig {
  /** The group's members: communication key (hex) by identifier (frost-client's group table). */
  readonly participants: Readonly<Record<Identifier, string>>;
  /** Join this session (frost-client `participant -S`); otherwise the one matching session. */
  readonly sessionId?: string;
  readonly contacts?: Readonly<Record<string, string>>;
  /** Refuse any other message (the person said beforehand what they will sign). */
  readonly expectedMessage?: Uint8Array;
  /** Sign without stopping for approval (only with `expectedMessage`, or in tests). */
  readonly autoApprove?: boolean;
  readonly timeoutMs?: number;
  /**
   * Sessions this group already used (its key generation's, earlier signings'), never taken for a
   * new signing: frostd cannot say what a session is for, and a key generation announces one
   * message as a signing does, so a key generation not closed yet looks like a signing.
   */
  readonly skipSessions?: readonly string[];
}

/** The vault secrets of a signer's run: its communication key, the run's seed and its key package. */
export interface FrostdSignerSecrets {
  readonly communicationKey: CommunicationKeyPair;
  readonly seed: Uint8Array;
  readonly keyPackage: KeyPackage;
}

export interface FrostdSignParticipantState extends FrostdRunState {
  readonly kind: 'sign-participant';
  readonly suite: FrostSuiteId;
  readonly identifier: Identifier;
  readonly groupKey: string;
  readonly minSigners: number;
  readonly participants: Readonly<Record<Identifier, string>>;
  readonly requestedSession: string | null;
  readonly expectedMessage: string | null;
  readonly autoApprove: boolean;
  /** See FrostdSignParticipantConfig.skipSessions (missing in runs saved before it existed). */
  readonly skipSessions?: readonly string[];
  decision: 'pending' | 'approved' | 'declined';
}

/** What the person is asked to approve. */
export interface FrostdSigningRequest {
  readonly message: Uint8Array;
  readonly messageHex: string;
  /** The message as text when it is valid UTF-8, else null. */
  readonly messageText: string | null;
  readonly coordinator: string;
  readonly signers: readonly string[];
  /** Rerandomized signing: the coordinator's randomizer (hex); the signature verifies under VK + randomizer·G. */
  readonly randomizerHex: string | null;
}

export class FrostdSignParticipant extends FrostdRunner<FrostdSignParticipantState> {
  protected readonly startPhase = 'signing-package';
  private readonly keyPackage: KeyPackage;
  private main!: SessionChannels;
  private nonces!: SigningNonces;
  private signingPackage: SigningPackage | undefined;
  private randomizer: Uint8Array | undefined;
  private share: SignatureShare | undefined;

  private constructor(state: FrostdSignParticipantState, secrets: FrostdSignerSecrets) {
    super(state, secrets.communicationKey, secrets.seed);
    this.keyPackage = secrets.keyPackage;
    if (secrets.keyPackage.identifier !== state.identifier || bytesToHex(secrets.keyPackage.verifyingKey) !== state.groupKey)
      throw new Error('frostd signer: the key package does not match the saved state');
  }

  static create(config: FrostdSignParticipantConfig, secrets: FrostdSignerSecrets, now = Date.now()): FrostdSignParticipant {
    const me = bytesToHex(secrets.communicationKey.publicKey);
    const kp = secrets.keyPackage;
    const participants = Object.fromEntries(Object.entries(config.participants).map(([id, k]) => [id.toLowerCase(), k.toLowerCase()]));
    if (participants[kp.identifier] !== me)
      throw new CeremonyError(
        'frostd/sign-not-member',
        "This communication key is not the one the group lists for this member's key package.",
        { identifier: kp.identifier },
      );
    const names = { ...(config.contacts ?? {}) };
    names[me] = names[me] ?? 'you';
    const state: FrostdSignParticipantState = {
      ...freshRunState('sign-participant', me, names, config.timeoutMs, now),
      suite: kp.suite,
      identifier: kp.identifier,
      groupKey: bytesToHex(kp.verifyingKey),
      minSigners: kp.minSigners,
      participants,
      requestedSession: config.sessionId ?? null,
      expectedMessage: config.expectedMessage ? bytesToHex(config.expectedMessage) : null,
      autoApprove: config.autoApprove ?? false,
      skipSessions: [...(config.skipSessions ?? [])],
      decision: 'pending',
    };
    return new FrostdSignParticipant(state, secrets);
  }

  static restore(state: FrostdSignParticipantState, secrets: FrostdSignerSecrets): FrostdSignParticipant {
    if (state?.v !== 1 || state.kind !== 'sign-participant')
      throw new CeremonyError('frostd/invalid-state', 'This is not a saved frostd signing (signer) run.', {});
    const runner = new FrostdSignParticipant(JSON.parse(JSON.stringify(state)) as FrostdSignParticipantState, secrets);
    runner.replay();
    return runner;
  }

  /** The message waiting for approval (status 'awaiting-approval'), or undefined. */
  get request(): FrostdSigningRequest | undefined {
    const pkg = this.signingPackage;
    if (!pkg || !this.state.session) return undefined;
    let text: string | null;
    try {
      text = new TextDecoder('utf-8', { fatal: true }).decode(pkg.message);
    } catch {
      text = null;
    }
    return {
      message: pkg.message.slice(),
      messageHex: bytesToHex(pkg.message),
      messageText: text,
      coordinator: this.nameOf(this.state.session.coordinator),
      signers: this.state.session.pubkeys.map((k) => this.nameOf(k)),
      randomizerHex: this.randomizer ? bytesToHex(this.randomizer) : null,
    };
  }

  /** This signer's share, once computed. */
  get signatureShare(): SignatureShare | undefined {
    return this.share;
  }

  /** The person approved the message: the next step signs and sends the share. */
  approve(now = Date.now()): void {
    if (this.state.status !== 'awaiting-approval')
      throw new CeremonyError('frostd/sign-nothing-to-approve', 'There is no signing request waiting for approval.', {});
    this.state.decision = 'approved';
    this.state.status = 'running';
    this.setPhase('finishing', now);
  }

  /** The person refused: the run ends, no share is sent (the coordinator will time out naming this signer). */
  decline(): void {
    if (this.state.status !== 'awaiting-approval')
      throw new CeremonyError('frostd/sign-nothing-to-approve', 'There is no signing request waiting for approval.', {});
    this.state.decision = 'declined';
    this.state.status = 'failed';
    this.state.error = {
      code: 'frostd/sign-declined',
      message: 'You declined to sign this message; no signature share was sent.',
      details: {},
    };
  }

  private members(): string[] {
    return Object.values(this.state.participants);
  }

  /** Before the commitments leave: coordinator and signers are group members, enough of them, one message. */
  private checkSession(facts: FrostdSessionFacts): void {
    const s = this.state;
    const members = this.members();
    if (!facts.pubkeys.includes(s.me))
      throw new CeremonyError('frostd/not-a-member', 'This communication key is not among the signers of the session.', {});
    if (!members.includes(facts.coordinator))
      throw new CeremonyError(
        'frostd/sign-unknown-coordinator',
        `The coordinator of this signing session (${this.nameOf(facts.coordinator)}) is not a member of your group; nothing was sent.`,
        { coordinatorKey: facts.coordinator },
      );
    const strangers = facts.pubkeys.filter((k) => !members.includes(k));
    if (strangers.length || new Set(facts.pubkeys).size !== facts.pubkeys.length)
      throw new CeremonyError(
        'frostd/sign-unknown-signer',
        `The signing session lists signers who are not members of your group (or one twice); nothing was sent.`,
        {
          unknown: strangers.join(','),
        },
      );
    if (facts.pubkeys.length < s.minSigners)
      throw new CeremonyError(
        'frostd/sign-too-few-signers',
        `${this.nameOf(facts.coordinator)} asked ${facts.pubkeys.length} signers, but this group needs ${s.minSigners}; nothing was sent.`,
        { expected: s.minSigners, received: facts.pubkeys.length, culprit: this.nameOf(facts.coordinator) },
      );
    if (facts.messageCount !== 1)
      throw new CeremonyError(
        'frostd/sign-message-count',
        `The session signs ${facts.messageCount} messages at once; only one is supported.`,
        {
          messageCount: facts.messageCount,
        },
      );
  }

  protected async acquire(client: FrostdClient, now: number): Promise<boolean> {
    const s = this.state;
    if (s.requestedSession) {
      const facts = sessionFacts(await client.getSessionInfo(s.requestedSession));
      this.checkSession(facts);
      this.adopt(s.requestedSession, facts, 'signing-package', now);
      return true;
    }
    const members = this.members();
    const found: { id: string; facts: FrostdSessionFacts }[] = [];
    const skip = new Set(s.skipSessions ?? []);
    for (const id of await client.listSessions()) {
      if (skip.has(id)) continue;
      try {
        const facts = sessionFacts(await client.getSessionInfo(id));
        if (
          facts.messageCount === 1 &&
          facts.pubkeys.includes(s.me) &&
          members.includes(facts.coordinator) &&
          facts.pubkeys.every((k) => members.includes(k))
        )
          found.push({ id, facts });
      } catch (e) {
        if (!isCeremonyError(e, 'frostd/session-not-found')) throw e;
      }
    }
    return this.adoptTheOne(found, 'signing sessions of this group include you', (f) => this.checkSession(f), now);
  }

  protected rebuild(): void {
    const s = this.state;
    const context = `frostd/v1/${s.sessionId}/sign-participant`;
    this.main = new SessionChannels({ local: this.key, seed: this.seed, context, peers: [hexToBytes(s.session!.coordinator)] });
    this.nonces = commit(this.keyPackage, seededRng(this.seed, `${context}/nonces/${s.identifier}`)).nonces;
  }

  protected ingest(entry: FrostdReceived): void {
    const s = this.state;
    const coordinator = s.session!.coordinator;
    // Other members may write to this queue; only the coordinator's messages count (frost-client's
    // cipher knows no one else either).
    if (entry.queue !== 'participant' || entry.sender !== coordinator) return;
    const payload = this.fromPeer(coordinator, 'signing package', () => this.main.decrypt(coordinator, hexToBytes(entry.msg)));
    if (!payload) return;
    if (this.signingPackage)
      throw new CeremonyError(
        'frostd/sign-second-package',
        `${this.nameOf(coordinator)} sent a second signing package in the same session; only the first is ever signed.`,
        {
          culprit: this.nameOf(coordinator),
          culpritKey: coordinator,
        },
      );
    const msg = this.fromPeer(coordinator, 'signing package', () => decodeSigningPackageMessage(s.suite, payload));
    this.fromPeer(coordinator, 'signing package', () => {
      if (msg.signingPackages.length !== 1)
        throw new CeremonyError(
          'frostd/sign-message-count',
          `It holds ${msg.signingPackages.length} signing packages; this session signs one.`,
          {},
        );
      if (msg.randomizers.length > 1)
        throw new CeremonyError(
          'frostd/sign-message-count',
          `It holds ${msg.randomizers.length} randomizers for one signing package; a rerandomized signing sends one.`,
          {},
        );
      const randomizerHex = msg.randomizers[0];
      if (randomizerHex !== undefined && !frostSuite(s.suite).rerandomizable)
        throw new CeremonyError(
          'frostd/sign-rerandomized-unsupported',
          `It asks for a rerandomized signature, which ${frostSuite(s.suite).name} groups do not make (only Ed25519 and RedPallas do).`,
          {},
        );
      const randomizer = randomizerHex === undefined ? undefined : hexToBytes(randomizerHex);
      if (randomizer) randomizerScalar(s.suite, randomizer); // a malformed randomizer is the coordinator's fault
      const pkg = msg.signingPackages[0]!;
      const sessionIds = s.session!.pubkeys.map((k) => Object.entries(s.participants).find(([, v]) => v === k)![0]).sort();
      const packageIds = Object.keys(pkg.signingCommitments).sort();
      if (sessionIds.join() !== packageIds.join())
        throw new CeremonyError('frostd/sign-package-mismatch', 'Its signers are not the signers of the session.', {});
      const mine = pkg.signingCommitments[s.identifier];
      if (
        !mine ||
        bytesToHex(mine.hiding) !== bytesToHex(this.nonces.commitments.hiding) ||
        bytesToHex(mine.binding) !== bytesToHex(this.nonces.commitments.binding)
      )
        throw new CeremonyError('frost/sign-commitment-mismatch', 'It does not carry the commitments you sent in this session.', {});
      if (s.expectedMessage !== null && bytesToHex(pkg.message) !== s.expectedMessage)
        throw new CeremonyError('frostd/sign-unexpected-message', 'Its message is not the one you agreed to sign; nothing was signed.', {
          messageHex: bytesToHex(pkg.message).slice(0, 128),
        });
      this.signingPackage = pkg;
      this.randomizer = randomizer;
    });
  }

  protected advance(now: number): void {
    const s = this.state;
    if (!this.signingPackage || s.status === 'failed') return;
    if (s.decision === 'approved' || s.autoApprove) {
      if (!this.share)
        this.share = sign(
          this.signingPackage,
          { ...this.nonces, hiding: this.nonces.hiding.slice(), binding: this.nonces.binding.slice() },
          this.keyPackage,
          this.randomizer,
        );
      if (s.phase !== 'done') this.setPhase('finishing', now);
      return;
    }
    if (s.decision === 'pending') {
      this.setPhase('approval', now);
      s.status = 'awaiting-approval';
    }
  }

  protected plan(): PlannedMessage[] {
    if (!this.state.session) return [];
    const out: PlannedMessage[] = [{ to: null, channel: 'main', payload: encodeCommitmentsMessage(this.nonces.commitments) }];
    if (this.share) out.push({ to: null, channel: 'main', payload: encodeSignatureShareMessage(this.share) });
    return out;
  }

  protected waitingFor(): string[] {
    const s = this.state;
    return s.phase === 'signing-package' && s.session ? [s.session.coordinator] : [];
  }

  protected queues(): FrostdQueue[] {
    return this.state.status === 'running' ? ['participant'] : [];
  }

  protected channels(): SessionChannels {
    return this.main;
  }

  protected override async finish(_client: FrostdClient, now: number): Promise<void> {
    const s = this.state;
    if (s.phase === 'finishing' && this.share && s.sent >= 2) {
      this.setPhase('done', now);
      s.status = 'done';
    }
  }
}
