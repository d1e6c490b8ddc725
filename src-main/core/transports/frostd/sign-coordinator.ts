/**
 * The coordinator of a FROST signing through frostd, with frost-client's choreography
 * (frost-client `coordinator/comms/http.rs`, `session.rs`):
 *
 *   create_new_session(signers' communication keys, message_count = 1);
 *   wait for `[SigningCommitments]` from every signer on the coordinator queue;
 *   send each signer (its own Noise channel) `{"signing_package":[…],"aux_msg":"","randomizer":[…]}`,
 *   with one randomizer when signing rerandomized (always for RedPallas, as frost-client's
 *   coordinator does; for Ed25519 when asked, frost-client's `-r`), none otherwise;
 *   wait for `[SignatureShare]` from every signer; aggregate; close the session.
 *
 * Added: signers and threshold are checked before the session exists; the message must fit in
 * one frostd message; each share is verified as it arrives (a bad one names its signer); every
 * wait has a deadline naming the signers who have not sent. The session is closed only once
 * every signer's share is in, which means every signer has received the signing package.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { decodeFrostJson, encodeFrostJson, type JsonObject } from '../../formats/frost/frost-json.ts';
import { normalizeIdentifier, type Identifier } from '../../crypto/frost/identifier.ts';
import { createRandomizer, randomizedVerifyingKey, rerandomizableSuite } from '../../crypto/frost/rerandomized.ts';
import { seededRng } from '../../crypto/frost/rng.ts';
import { aggregate, createSigningPackage, verifySignature, verifySignatureShare } from '../../crypto/frost/signing.ts';
import { frostSuite, type FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { PublicKeyPackage, SignatureShare, SigningCommitments, SigningPackage } from '../../crypto/frost/types.ts';
import { SessionChannels } from './channels.ts';
import type { FrostdClient } from './client.ts';
import type { FrostdRunSecrets } from './dkg-runner.ts';
import { decodeToCoordinatorMessage, encodeSigningPackageMessage } from './messages.ts';
import { NOISE_MAX_MESSAGE } from './noise.ts';
import { freshRunState, FrostdRunner, type FrostdQueue, type FrostdReceived, type FrostdRunState, type PlannedMessage } from './runner.ts';

export interface FrostdSignCoordinatorConfig {
  readonly publicKeyPackage: PublicKeyPackage;
  /** The group's threshold (the KeyPackage's min_signers; a 2.x PublicKeyPackage does not carry it). */
  readonly minSigners: number;
  /** The group's members: communication key (hex) by identifier, as in frost-client's group table. */
  readonly participants: Readonly<Record<Identifier, string>>;
  /** Communication keys (hex) of the chosen signers. */
  readonly signers: readonly string[];
  readonly message: Uint8Array;
  readonly contacts?: Readonly<Record<string, string>>;
  readonly timeoutMs?: number;
  /** Sign rerandomized (frost-rerandomized). Default: only RedPallas, like frost-client. */
  readonly rerandomized?: boolean;
}

export interface FrostdSignCoordinatorState extends FrostdRunState {
  readonly kind: 'sign-coordinator';
  readonly suite: FrostSuiteId;
  /** PublicKeyPackage, frost-core JSON (3.0 layout). */
  readonly publicKeyPackage: JsonObject;
  readonly minSigners: number;
  readonly participants: Readonly<Record<Identifier, string>>;
  readonly signers: readonly string[];
  readonly message: string;
  /** Absent in runs saved before rerandomized signing existed: those were plain. */
  readonly rerandomized?: boolean;
}

export interface FrostdSignResult {
  readonly sessionId: string;
  readonly signingPackage: SigningPackage;
  /** The suite's standard signature encoding. */
  readonly signature: Uint8Array;
  readonly signatureShares: Readonly<Record<Identifier, SignatureShare>>;
  /** The randomizer of a rerandomized signing (frost-core scalar bytes); the signature verifies under `verifyingKey`. */
  readonly randomizer?: Uint8Array;
  /** The key the signature verifies under: the group key, or the randomized key VK + randomizer·G. */
  readonly verifyingKey: Uint8Array;
}

/** Room the Noise handshake takes from the first message to a peer (ephemeral key and tag). */
const NOISE_FIRST_OVERHEAD = 48;

export class FrostdSignCoordinator extends FrostdRunner<FrostdSignCoordinatorState> {
  protected readonly startPhase = 'commitments';
  private readonly pkp: PublicKeyPackage;
  private main!: SessionChannels;
  private commitments = new Map<string, SigningCommitments>();
  private shares = new Map<string, SignatureShare>();
  private verified = new Set<string>();
  private signingPackage: SigningPackage | undefined;
  private randomizer: Uint8Array | undefined;
  private signResult: FrostdSignResult | undefined;

  private constructor(state: FrostdSignCoordinatorState, secrets: FrostdRunSecrets) {
    super(state, secrets.communicationKey, secrets.seed);
    this.pkp = decodeFrostJson('PublicKeyPackage', state.suite, state.publicKeyPackage);
  }

  /** Checks signers, threshold and message size; nothing is sent until the first `step`. */
  static create(config: FrostdSignCoordinatorConfig, secrets: FrostdRunSecrets, now = Date.now()): FrostdSignCoordinator {
    const me = bytesToHex(secrets.communicationKey.publicKey);
    const suiteId = config.publicKeyPackage.suite;
    const suite = frostSuite(suiteId);
    const rerandomized = config.rerandomized ?? suite.name === 'redpallas';
    if (rerandomized) rerandomizableSuite(suiteId);
    const names = { ...(config.contacts ?? {}) };
    names[me] = names[me] ?? 'you';
    const nameOf = (k: string) => names[k] ?? `${k.slice(0, 12)}…`;
    const participants: Record<Identifier, string> = {};
    for (const [id, key] of Object.entries(config.participants)) participants[normalizeIdentifier(suite, id)] = key.toLowerCase();
    const members = Object.values(participants);
    const signers = config.signers.map((k) => k.toLowerCase());
    if (new Set(signers).size !== signers.length)
      throw new CeremonyError('frostd/duplicate-member', 'The signer list names someone twice.', {});
    const strangers = signers.filter((k) => !members.includes(k));
    if (strangers.length)
      throw new CeremonyError(
        'frostd/sign-unknown-signer',
        `${strangers.map(nameOf).join(', ')} ${strangers.length === 1 ? 'is' : 'are'} not a member of this group.`,
        {
          unknown: strangers.join(','),
        },
      );
    if (!members.includes(me))
      throw new CeremonyError(
        'frostd/sign-coordinator-not-member',
        'Only a member of the group can coordinate a signing with frost-client users: they refuse a coordinator who is not in their group.',
        {},
      );
    if (signers.length < config.minSigners)
      throw new CeremonyError(
        'frostd/sign-too-few-signers',
        `This group needs ${config.minSigners} signers, but only ${signers.length} ${signers.length === 1 ? 'was' : 'were'} chosen.`,
        { expected: config.minSigners, received: signers.length },
      );
    // The signing package carries the message in hex, inside JSON, inside one Noise message.
    const sample = { suite: suiteId, hiding: suite.elementToBytes(suite.base), binding: suite.elementToBytes(suite.base) };
    const ids = Object.keys(participants).filter((id) => signers.includes(participants[id]!));
    const probe = encodeSigningPackageMessage(
      { suite: suiteId, signingCommitments: Object.fromEntries(ids.map((id) => [id, sample])), message: config.message },
      undefined,
      rerandomized ? new Uint8Array(suite.scalarLength) : undefined,
    );
    if (probe.length + NOISE_FIRST_OVERHEAD > NOISE_MAX_MESSAGE)
      throw new CeremonyError(
        'frostd/message-too-large',
        `The message to sign (${config.message.length} bytes) is too large to go through frostd in one signing package; sign a hash of it instead.`,
        { size: config.message.length },
      );
    const state: FrostdSignCoordinatorState = {
      ...freshRunState('sign-coordinator', me, names, config.timeoutMs, now),
      suite: suiteId,
      publicKeyPackage: encodeFrostJson('PublicKeyPackage', config.publicKeyPackage, { layout: '3.0' }),
      minSigners: config.minSigners,
      participants,
      signers,
      message: bytesToHex(config.message),
      rerandomized,
    };
    return new FrostdSignCoordinator(state, secrets);
  }

  static restore(state: FrostdSignCoordinatorState, secrets: FrostdRunSecrets): FrostdSignCoordinator {
    if (state?.v !== 1 || state.kind !== 'sign-coordinator')
      throw new CeremonyError('frostd/invalid-state', 'This is not a saved frostd signing (coordinator) run.', {});
    const runner = new FrostdSignCoordinator(JSON.parse(JSON.stringify(state)) as FrostdSignCoordinatorState, secrets);
    runner.replay();
    return runner;
  }

  get result(): FrostdSignResult | undefined {
    return this.signResult;
  }

  private idOf(key: string): Identifier {
    return Object.entries(this.state.participants).find(([, k]) => k === key)![0];
  }

  protected async acquire(client: FrostdClient, now: number): Promise<boolean> {
    const s = this.state;
    const id = await this.createSession(client, s.signers, 1);
    this.adopt(id, { pubkeys: s.signers, coordinator: s.me, messageCount: 1 }, 'commitments', now);
    return true;
  }

  protected rebuild(): void {
    this.main = new SessionChannels({
      local: this.key,
      seed: this.seed,
      context: `frostd/v1/${this.state.sessionId}/sign-coordinator`,
      peers: this.state.signers.map(hexToBytes),
    });
  }

  protected ingest(entry: FrostdReceived): void {
    const s = this.state;
    const sender = entry.sender;
    if (entry.queue !== 'coordinator' || !s.signers.includes(sender))
      throw new CeremonyError('frostd/unexpected-sender', `A message came from ${sender.slice(0, 12)}…, who was not asked to sign.`, {
        sender,
      });
    const payload = this.fromPeer(sender, 'signing message', () => this.main.decrypt(sender, hexToBytes(entry.msg)));
    if (!payload) return;
    const msg = this.fromPeer(sender, 'signing message', () => decodeToCoordinatorMessage(s.suite, payload));
    const one = <T>(items: readonly T[]): T => {
      if (items.length !== 1)
        throw new CeremonyError(
          'frostd/sign-message-count',
          `${this.nameOf(sender)} answered for ${items.length} messages; this session signs one.`,
          {
            culprit: this.nameOf(sender),
            culpritKey: sender,
          },
        );
      return items[0]!;
    };
    const twice = () =>
      new CeremonyError('frostd/sign-equivocation', `${this.nameOf(sender)} sent two different answers for the same round.`, {
        culprit: this.nameOf(sender),
        culpritKey: sender,
      });
    if (msg.kind === 'commitments') {
      const c = one(msg.commitments);
      const had = this.commitments.get(sender);
      if (had && (bytesToHex(had.hiding) !== bytesToHex(c.hiding) || bytesToHex(had.binding) !== bytesToHex(c.binding))) throw twice();
      this.commitments.set(sender, c);
    } else {
      const share = one(msg.shares);
      const had = this.shares.get(sender);
      if (had && bytesToHex(had.share) !== bytesToHex(share.share)) throw twice();
      this.shares.set(sender, share);
    }
  }

  protected advance(now: number): void {
    const s = this.state;
    if (!s.session) return;
    if (s.phase === 'commitments' && s.signers.every((k) => this.commitments.has(k))) this.setPhase('shares', now);
    if (!this.signingPackage && s.phase !== 'commitments') {
      const byId = Object.fromEntries(s.signers.map((k) => [this.idOf(k), this.commitments.get(k)!]));
      this.signingPackage = createSigningPackage(s.suite, byId, hexToBytes(s.message));
      // From the run's seed, so a restart re-sends the same randomizer the signers may already have used.
      if (s.rerandomized)
        this.randomizer = createRandomizer(this.signingPackage, seededRng(this.seed, `frostd/v1/${s.sessionId}/randomizer`));
    }
    if (!this.signingPackage) return;
    for (const [sender, share] of this.shares) {
      if (this.verified.has(sender)) continue;
      this.fromPeer(sender, 'signing message', () =>
        verifySignatureShare(this.signingPackage!, this.idOf(sender), share, this.pkp, this.randomizer),
      );
      this.verified.add(sender);
    }
    if (!this.signResult && s.signers.every((k) => this.verified.has(k))) {
      const shares = Object.fromEntries(s.signers.map((k) => [this.idOf(k), this.shares.get(k)!]));
      const signature = aggregate(this.signingPackage, shares, this.pkp, this.randomizer);
      const verifyingKey = this.randomizer
        ? randomizedVerifyingKey(s.suite, this.pkp.verifyingKey, this.randomizer)
        : this.pkp.verifyingKey;
      if (!verifySignature(s.suite, hexToBytes(s.message), signature, verifyingKey))
        throw new CeremonyError('frost/aggregate-failed', 'The signature shares did not combine into a valid signature.', {});
      this.signResult = {
        sessionId: s.sessionId!,
        signingPackage: this.signingPackage,
        signature,
        signatureShares: shares,
        verifyingKey,
        ...(this.randomizer ? { randomizer: this.randomizer } : {}),
      };
      this.setPhase('closing', now);
    }
  }

  protected plan(): PlannedMessage[] {
    if (!this.signingPackage) return [];
    const payload = encodeSigningPackageMessage(this.signingPackage, undefined, this.randomizer);
    return this.state.signers.map((to) => ({ to, channel: 'main', payload }));
  }

  protected waitingFor(): string[] {
    const s = this.state;
    if (s.phase === 'commitments') return s.signers.filter((k) => !this.commitments.has(k));
    if (s.phase === 'shares') return s.signers.filter((k) => !this.shares.has(k));
    return [];
  }

  protected queues(): FrostdQueue[] {
    return ['coordinator'];
  }

  protected channels(): SessionChannels {
    return this.main;
  }

  protected override async finish(client: FrostdClient, now: number): Promise<void> {
    const s = this.state;
    if (s.phase !== 'closing') return;
    // Every signer sent a share, so every signer had the signing package: closing loses nothing.
    if (!s.closed) await client.closeSession(s.sessionId!);
    s.closed = true;
    this.setPhase('done', now);
    s.status = 'done';
  }
}
