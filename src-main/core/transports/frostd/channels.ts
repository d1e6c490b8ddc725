/**
 * The Noise K channels of one participant in one frostd session (frost-client's `Cipher`: a
 * sending and a receiving channel per peer), made replayable:
 *
 *  - the handshake ephemeral of each sending channel comes from the run's seed
 *    (`seededRng(seed, context/peer)`), so re-encrypting the same plaintexts after a restart gives
 *    byte-identical messages. A resent message is therefore an exact duplicate, never a second
 *    different handshake or a reused nonce with another plaintext;
 *  - receiving channels skip an exact duplicate of a message already read from the same sender
 *    (at-least-once delivery after a crash between `send` and recording it), and otherwise must
 *    read each sender's messages in order, exactly once.
 *
 * Nothing here is stored: a runner rebuilds its channels from the seed, its key and the public
 * transcript of received ciphertexts. The seed must belong to exactly one run (one session): the
 * same seed, session and peer with a different plaintext would reuse a Noise key and nonce.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { seededRng } from '../../crypto/frost/rng.ts';
import { NoiseKReceiver, NoiseKSender, type CommunicationKeyPair } from './noise.ts';

export interface SessionChannelsOptions {
  readonly local: CommunicationKeyPair;
  /** The run's seed (vault secret, ≥ 32 bytes). */
  readonly seed: Uint8Array;
  /** Binds the ephemerals to one use, e.g. `frostd/v1/<session id>/dkg`. */
  readonly context: string;
  readonly peers: readonly Uint8Array[];
  /** A prologue separates our own extra channels from frost-client's (which use none). */
  readonly prologue?: string;
}

export class SessionChannels {
  private readonly senders = new Map<string, NoiseKSender>();
  private readonly receivers = new Map<string, NoiseKReceiver>();
  private readonly seen = new Map<string, Set<string>>();

  constructor(options: SessionChannelsOptions) {
    const prologue = options.prologue === undefined ? undefined : utf8ToBytes(options.prologue);
    for (const peer of options.peers) {
      const id = bytesToHex(peer);
      const ephemeralPrivateKey = seededRng(options.seed, `${options.context}/noise-ephemeral/${id}`)(32);
      this.senders.set(id, new NoiseKSender(options.local, peer, { ephemeralPrivateKey, ...(prologue ? { prologue } : {}) }));
      this.receivers.set(id, new NoiseKReceiver(options.local, peer, prologue ? { prologue } : {}));
      this.seen.set(id, new Set());
    }
  }

  private get<T>(map: Map<string, T>, peer: string): T {
    const c = map.get(peer);
    if (!c)
      throw new CeremonyError(
        'frostd/unexpected-sender',
        `A message came from ${peer.slice(0, 16)}…, who is not a member of this session.`,
        {
          sender: peer,
        },
      );
    return c;
  }

  /** Encrypts the next message to `peer` (hex). Call in the order the messages are sent. */
  encrypt(peer: string, payload: Uint8Array): Uint8Array {
    return this.get(this.senders, peer).encrypt(payload);
  }

  /** The next plaintext from `peer`, or undefined for an exact duplicate of one already read. */
  decrypt(peer: string, ciphertext: Uint8Array): Uint8Array | undefined {
    const receiver = this.get(this.receivers, peer);
    const digest = bytesToHex(sha256(ciphertext));
    const seen = this.seen.get(peer)!;
    if (seen.has(digest)) return undefined;
    const payload = receiver.decrypt(ciphertext);
    seen.add(digest);
    return payload;
  }
}
