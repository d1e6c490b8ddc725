/**
 * Noise `K` (Noise_K_25519_ChaChaPoly_BLAKE2s), the way frost-client encrypts every message it
 * relays through frostd (frost-client `cipher.rs`, built on `snow`).
 *
 * K is a one-way pattern where both static keys are known in advance: the sender's first message
 * is the handshake `e, es, ss` (32-byte ephemeral ‖ AEAD(payload)), every later message is a
 * transport message under the initiator's split key with nonces 0, 1, 2… Each ordered pair of
 * members therefore has one sending state (me → peer) and one receiving state (peer → me) per
 * protocol run. Messages in one direction must be decrypted in order and exactly once; a message
 * that fails to decrypt leaves the state untouched, so a forged or misrouted message cannot
 * desynchronize the channel. Because the sender's static key enters the handshake, a successful
 * decryption also authenticates who sent it.
 *
 * States can be exported and restored (`exportState` / `fromState`): they hold symmetric keys, so
 * they belong in the vault, like the communication key itself.
 *
 * Hand-written (the Noise rules, on noble's audited X25519, ChaCha20-Poly1305 and BLAKE2s) because
 * no well-kept JavaScript Noise library fits: the npm ones we found hash with BLAKE2b over
 * libsodium (`noise-protocol`, `noise-handshake`) or speak only libp2p's XX over SHA-256, and the
 * WebAssembly build of noise-c is one person's fork with no way we found to save a channel's keys
 * to the vault between runs. The cacophony vector for this protocol name checks it (noise.test.ts).
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { blake2s } from '@noble/hashes/blake2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { CommunicationKeyPair } from '../../formats/frost/config-toml.ts';

export const NOISE_PROTOCOL_NAME = 'Noise_K_25519_ChaChaPoly_BLAKE2s';
/** Noise's (and frostd's) largest message, ciphertext included. */
export const NOISE_MAX_MESSAGE = 65535;
const HASHLEN = 32;
const DHLEN = 32;
const TAGLEN = 16;
/** frost-client uses an empty prologue. */
const EMPTY = new Uint8Array(0);

export type { CommunicationKeyPair };

/** A fresh communication key pair, as `frost-client init` makes one (snow: 32 random bytes). */
export function generateCommunicationKeyPair(): CommunicationKeyPair {
  const privateKey = x25519.utils.randomSecretKey();
  return { privateKey, publicKey: x25519.getPublicKey(privateKey) };
}

function checkKey(k: Uint8Array, what: string): void {
  if (!(k instanceof Uint8Array) || k.length !== DHLEN)
    throw new CeremonyError('noise/invalid-key', `The ${what} must be ${DHLEN} bytes.`, {
      length: k instanceof Uint8Array ? k.length : -1,
    });
}

function dh(privateKey: Uint8Array, publicKey: Uint8Array): Uint8Array {
  try {
    return x25519.getSharedSecret(privateKey, publicKey);
  } catch {
    // noble refuses low-order peer keys (all-zero shared secret); so does any careful peer.
    throw new CeremonyError('noise/invalid-key', 'A peer communication key is not a usable X25519 public key.', {
      peer: bytesToHex(publicKey),
    });
  }
}

const hash = (data: Uint8Array) => blake2s(data);
const mac = (key: Uint8Array, data: Uint8Array) => hmac(blake2s, key, data);

/** Noise HKDF with two outputs (HMAC-BLAKE2s). */
function hkdf2(chainingKey: Uint8Array, ikm: Uint8Array): [Uint8Array, Uint8Array] {
  const temp = mac(chainingKey, ikm);
  const out1 = mac(temp, Uint8Array.of(1));
  const out2 = mac(temp, concatBytes(out1, Uint8Array.of(2)));
  return [out1, out2];
}

/** ChaChaPoly nonce: 32 zero bits then the 64-bit counter, little-endian. */
function nonceBytes(n: number): Uint8Array {
  const out = new Uint8Array(12);
  new DataView(out.buffer).setBigUint64(4, BigInt(n), true);
  return out;
}

function encrypt(key: Uint8Array, n: number, ad: Uint8Array, plaintext: Uint8Array): Uint8Array {
  return chacha20poly1305(key, nonceBytes(n), ad).encrypt(plaintext);
}

function decrypt(key: Uint8Array, n: number, ad: Uint8Array, ciphertext: Uint8Array): Uint8Array | undefined {
  try {
    return chacha20poly1305(key, nonceBytes(n), ad).decrypt(ciphertext);
  } catch {
    return undefined;
  }
}

/** The handshake hash and keys after `e, es, ss`; pure, so a failed read changes nothing. */
function handshake(args: {
  prologue: Uint8Array;
  initiatorStatic: Uint8Array;
  responderStatic: Uint8Array;
  ephemeralPublic: Uint8Array;
  dhES: Uint8Array;
  dhSS: Uint8Array;
}): { h: Uint8Array; ck: Uint8Array; k: Uint8Array } {
  const name = utf8ToBytes(NOISE_PROTOCOL_NAME);
  let h: Uint8Array = name.length <= HASHLEN ? concatBytes(name, new Uint8Array(HASHLEN - name.length)) : hash(name);
  const ck0 = h; // InitializeSymmetric: ck = h; MixHash below changes h only
  const mixHash = (data: Uint8Array) => (h = hash(concatBytes(h, data)));
  mixHash(args.prologue);
  mixHash(args.initiatorStatic); // pre-message -> s
  mixHash(args.responderStatic); // pre-message <- s
  mixHash(args.ephemeralPublic); // e
  const [ck1] = hkdf2(ck0, args.dhES); // es: MixKey
  const [ck, k] = hkdf2(ck1, args.dhSS); // ss: MixKey; k encrypts the payload
  return { h, ck, k };
}

function tooLarge(size: number): CeremonyError {
  return new CeremonyError(
    'noise/message-too-large',
    `A message of ${size} bytes exceeds the ${NOISE_MAX_MESSAGE}-byte limit of Noise and frostd.`,
    {
      size,
    },
  );
}

/** Serializable channel state. Holds a symmetric key: store it in the vault. */
export type NoiseChannelState =
  { readonly phase: 'handshake' } | { readonly phase: 'transport'; readonly key: string; readonly nonce: number };

function restore(state: NoiseChannelState): { key?: Uint8Array; nonce: number } {
  if (state.phase === 'handshake') return { nonce: 0 };
  if (state.phase !== 'transport' || !/^[0-9a-f]{64}$/.test(state.key) || !Number.isSafeInteger(state.nonce) || state.nonce < 0)
    throw new CeremonyError('noise/invalid-state', 'The saved Noise channel state is damaged.', {});
  return { key: hexToBytes(state.key), nonce: state.nonce };
}

export interface NoiseOptions {
  /** Defaults to empty, as frost-client uses. */
  readonly prologue?: Uint8Array;
  /** Test vectors only: a fixed ephemeral private key for the handshake. */
  readonly ephemeralPrivateKey?: Uint8Array;
}

/** Sending half: me → peer (Noise initiator). */
export class NoiseKSender {
  private key: Uint8Array | undefined;
  private nonce: number;
  private hash: Uint8Array | undefined;

  constructor(
    private readonly local: CommunicationKeyPair,
    private readonly remotePublicKey: Uint8Array,
    private readonly options: NoiseOptions = {},
    state: NoiseChannelState = { phase: 'handshake' },
  ) {
    checkKey(local.privateKey, 'communication private key');
    checkKey(remotePublicKey, 'peer communication key');
    ({ key: this.key, nonce: this.nonce } = restore(state));
  }

  /** Encrypts the next message to the peer: the handshake the first time, transport after. */
  encrypt(payload: Uint8Array): Uint8Array {
    if (this.key === undefined) {
      if (payload.length + DHLEN + TAGLEN > NOISE_MAX_MESSAGE) throw tooLarge(payload.length + DHLEN + TAGLEN);
      const ephemeral = this.options.ephemeralPrivateKey ?? x25519.utils.randomSecretKey();
      const ephemeralPublic = x25519.getPublicKey(ephemeral);
      const { h, ck, k } = handshake({
        prologue: this.options.prologue ?? EMPTY,
        initiatorStatic: this.local.publicKey,
        responderStatic: this.remotePublicKey,
        ephemeralPublic,
        dhES: dh(ephemeral, this.remotePublicKey),
        dhSS: dh(this.local.privateKey, this.remotePublicKey),
      });
      const ciphertext = encrypt(k, 0, h, payload);
      this.hash = hash(concatBytes(h, ciphertext));
      [this.key] = hkdf2(ck, EMPTY); // Split(): the initiator sends with the first key
      this.nonce = 0;
      return concatBytes(ephemeralPublic, ciphertext);
    }
    if (payload.length + TAGLEN > NOISE_MAX_MESSAGE) throw tooLarge(payload.length + TAGLEN);
    if (this.nonce >= Number.MAX_SAFE_INTEGER)
      throw new CeremonyError('noise/nonce-exhausted', 'This channel has sent too many messages.', {});
    return encrypt(this.key, this.nonce++, EMPTY, payload);
  }

  /** The handshake hash (channel binding); available after the first message. */
  get handshakeHash(): Uint8Array | undefined {
    return this.hash;
  }

  exportState(): NoiseChannelState {
    return this.key === undefined ? { phase: 'handshake' } : { phase: 'transport', key: bytesToHex(this.key), nonce: this.nonce };
  }
}

/** Receiving half: peer → me (Noise responder). */
export class NoiseKReceiver {
  private key: Uint8Array | undefined;
  private nonce: number;
  private hash: Uint8Array | undefined;

  constructor(
    private readonly local: CommunicationKeyPair,
    private readonly remotePublicKey: Uint8Array,
    private readonly options: Pick<NoiseOptions, 'prologue'> = {},
    state: NoiseChannelState = { phase: 'handshake' },
  ) {
    checkKey(local.privateKey, 'communication private key');
    checkKey(remotePublicKey, 'peer communication key');
    ({ key: this.key, nonce: this.nonce } = restore(state));
  }

  private failed(): CeremonyError {
    const peer = bytesToHex(this.remotePublicKey);
    return new CeremonyError(
      'noise/decrypt-failed',
      `A message said to be from ${peer.slice(0, 16)}… could not be decrypted: it was altered, replayed, delivered out of order, or not sent by that member.`,
      { sender: peer },
    );
  }

  /** Decrypts the next message from the peer; on failure throws and keeps the state unchanged. */
  decrypt(message: Uint8Array): Uint8Array {
    if (message.length > NOISE_MAX_MESSAGE) throw tooLarge(message.length);
    if (this.key === undefined) {
      if (message.length < DHLEN + TAGLEN) throw this.failed();
      const ephemeralPublic = message.subarray(0, DHLEN);
      const ciphertext = message.subarray(DHLEN);
      let hs;
      try {
        hs = handshake({
          prologue: this.options.prologue ?? EMPTY,
          initiatorStatic: this.remotePublicKey,
          responderStatic: this.local.publicKey,
          ephemeralPublic,
          dhES: x25519.getSharedSecret(this.local.privateKey, ephemeralPublic),
          dhSS: dh(this.local.privateKey, this.remotePublicKey),
        });
      } catch (e) {
        if (e instanceof CeremonyError) throw e;
        throw this.failed(); // low-order ephemeral
      }
      const payload = decrypt(hs.k, 0, hs.h, ciphertext);
      if (!payload) throw this.failed();
      this.hash = hash(concatBytes(hs.h, ciphertext));
      [this.key] = hkdf2(hs.ck, EMPTY);
      this.nonce = 0;
      return payload;
    }
    const payload = decrypt(this.key, this.nonce, EMPTY, message);
    if (!payload) throw this.failed();
    this.nonce++;
    return payload;
  }

  get handshakeHash(): Uint8Array | undefined {
    return this.hash;
  }

  exportState(): NoiseChannelState {
    return this.key === undefined ? { phase: 'handshake' } : { phase: 'transport', key: bytesToHex(this.key), nonce: this.nonce };
  }
}

/** Saved state of all channels of one run, keyed by peer public key hex. Secret. */
export interface NoiseChannelsState {
  readonly send: Readonly<Record<string, NoiseChannelState>>;
  readonly receive: Readonly<Record<string, NoiseChannelState>>;
}

/**
 * frost-client's `Cipher`: a sending and a receiving channel to each peer, created once per
 * protocol run (a DKG or a signing session). Peers are addressed by communication public key.
 */
export class NoiseChannels {
  private readonly send = new Map<string, NoiseKSender>();
  private readonly receive = new Map<string, NoiseKReceiver>();

  constructor(local: CommunicationKeyPair, peers: readonly Uint8Array[], state?: NoiseChannelsState) {
    for (const peer of peers) {
      checkKey(peer, 'peer communication key');
      const id = bytesToHex(peer);
      this.send.set(id, new NoiseKSender(local, peer, {}, state?.send[id]));
      this.receive.set(id, new NoiseKReceiver(local, peer, {}, state?.receive[id]));
    }
  }

  private channel<T>(map: Map<string, T>, peer: Uint8Array, role: 'to' | 'from'): T {
    const c = map.get(bytesToHex(peer));
    if (!c)
      throw new CeremonyError(
        'noise/unknown-peer',
        `No channel ${role} ${bytesToHex(peer).slice(0, 16)}…: they are not a member of this session.`,
        {
          peer: bytesToHex(peer),
        },
      );
    return c;
  }

  encrypt(recipient: Uint8Array, payload: Uint8Array): Uint8Array {
    return this.channel(this.send, recipient, 'to').encrypt(payload);
  }

  /** `sender` is the pubkey frostd reports; decryption fails if it is not who really sent it. */
  decrypt(sender: Uint8Array, message: Uint8Array): Uint8Array {
    return this.channel(this.receive, sender, 'from').decrypt(message);
  }

  exportState(): NoiseChannelsState {
    const dump = <T extends { exportState(): NoiseChannelState }>(m: Map<string, T>) =>
      Object.fromEntries([...m].map(([k, v]) => [k, v.exportState()]));
    return { send: dump(this.send), receive: dump(this.receive) };
  }
}
