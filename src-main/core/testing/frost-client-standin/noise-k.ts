/**
 * Noise_K_25519_ChaChaPoly_BLAKE2s as frost-client uses it through `snow` (frost-client
 * `src/cipher.rs`): one initiator state per recipient and one responder state per sender; the
 * first message of each carries the handshake (-> e, es, ss) and every later one is a transport
 * message with the next nonce. Written from the Noise specification (rev 34) for the tests'
 * frost-client stand-in; shares no code with src-main. Any failure throws (frost-client aborts).
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { blake2s } from '@noble/hashes/blake2.js';
import { hmac } from '@noble/hashes/hmac.js';
import { concatBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';

const NAME = utf8ToBytes('Noise_K_25519_ChaChaPoly_BLAKE2s'); // exactly 32 bytes: h = name

const hash = (...parts: Uint8Array[]) => blake2s(concatBytes(...parts));
function hkdf2(ck: Uint8Array, ikm: Uint8Array): [Uint8Array, Uint8Array] {
  const temp = hmac(blake2s, ck, ikm);
  const o1 = hmac(blake2s, temp, Uint8Array.of(1));
  const o2 = hmac(blake2s, temp, concatBytes(o1, Uint8Array.of(2)));
  return [o1, o2];
}
function nonce(n: number): Uint8Array {
  const out = new Uint8Array(12);
  new DataView(out.buffer).setBigUint64(4, BigInt(n), true);
  return out;
}

/** The symmetric state after the pre-messages (-> s, <- s) of pattern K. */
function start(initiatorStatic: Uint8Array, responderStatic: Uint8Array): { h: Uint8Array; ck: Uint8Array } {
  let h: Uint8Array = NAME;
  const ck = h;
  h = hash(h, new Uint8Array(0)); // empty prologue
  h = hash(h, initiatorStatic);
  h = hash(h, responderStatic);
  return { h, ck };
}

export class NoiseKSend {
  private key: Uint8Array | undefined;
  private n = 0;
  constructor(
    private readonly myPrivate: Uint8Array,
    private readonly peer: Uint8Array,
  ) {}

  encrypt(payload: Uint8Array): Uint8Array {
    if (this.key) return chacha20poly1305(this.key, nonce(this.n++)).encrypt(payload);
    let { h, ck } = start(x25519.getPublicKey(this.myPrivate), this.peer);
    const e = randomBytes(32);
    const ePub = x25519.getPublicKey(e);
    h = hash(h, ePub);
    [ck] = hkdf2(ck, x25519.getSharedSecret(e, this.peer)); // es (its key is replaced by ss's at once)
    const ss = hkdf2(ck, x25519.getSharedSecret(this.myPrivate, this.peer)); // ss
    ck = ss[0];
    const k = ss[1];
    const ct = chacha20poly1305(k, nonce(0), h).encrypt(payload);
    [this.key] = hkdf2(ck, new Uint8Array(0)); // Split: initiator → responder
    return concatBytes(ePub, ct);
  }
}

export class NoiseKReceive {
  private key: Uint8Array | undefined;
  private n = 0;
  constructor(
    private readonly myPrivate: Uint8Array,
    private readonly peer: Uint8Array,
  ) {}

  decrypt(message: Uint8Array): Uint8Array {
    if (this.key) return chacha20poly1305(this.key, nonce(this.n++)).decrypt(message);
    if (message.length < 48) throw new Error('noise: handshake message too short');
    let { h, ck } = start(this.peer, x25519.getPublicKey(this.myPrivate));
    const ePub = message.subarray(0, 32);
    h = hash(h, ePub);
    [ck] = hkdf2(ck, x25519.getSharedSecret(this.myPrivate, ePub)); // es
    const ss = hkdf2(ck, x25519.getSharedSecret(this.myPrivate, this.peer)); // ss
    ck = ss[0];
    const k = ss[1];
    const payload = chacha20poly1305(k, nonce(0), h).decrypt(message.subarray(32));
    [this.key] = hkdf2(ck, new Uint8Array(0));
    return payload;
  }
}
