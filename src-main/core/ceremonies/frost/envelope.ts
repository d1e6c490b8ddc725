/**
 * Sealed envelopes for the secret packages that travel on a USB stick everyone shares: DKG and
 * refresh round-2 packages, repair deltas and sigmas. frost-core calls these SECRET and leaves
 * the confidential channel to the caller; this is ours.
 *
 * Construction (an authenticated ECIES in the spirit of HPKE's AuthEncap, and of the Noise `K`
 * pattern frost-client uses online):
 *
 *   e  = fresh X25519 secret (see below), E = e·G
 *   k  = HKDF-SHA256(ikm = X25519(e, R) ‖ X25519(s, R), salt = E ‖ S ‖ R, info = label ‖ context)
 *   ct = ChaCha20-Poly1305(k, nonce = 0¹², aad = label ‖ context, plaintext)
 *
 * where R is the recipient's per-ceremony X25519 key announced in its round-1 (or hello)
 * bundle, and S/s the sender's. Mixing the static-static DH means only the holder of S's secret
 * could have sealed it (the bundle signature authenticates the sender too; this binds the secret
 * to the announced keys). `context` names the ceremony, the exchange, sender and recipient, so a
 * ciphertext copied into another bundle, another round or another ceremony fails to open.
 *
 * The key is used once (fresh E per envelope), so a zero nonce is safe. E must be reproducible
 * when a step re-runs after a crash (the engine then keeps the same bundle), so it is derived
 * from a vault-held seed stream AND the plaintext: the same seed can never seal two different
 * plaintexts under the same key.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { CeremonyError } from '../../errors.ts';

const LABEL = 'ceremony/frost/envelope/v1\n';
const NONCE = new Uint8Array(12);

/** Who sealed what for whom: every field is bound into the key and the AEAD. */
export interface EnvelopeContext {
  /** Wire ceremony id. */
  readonly ceremony: string;
  /** The exchange, e.g. "dkg/round2", "refresh/p1-1/round2", "repair/p2-1/delta". */
  readonly purpose: string;
  /** Sender and recipient roster ids. */
  readonly from: string;
  readonly to: string;
}

/** What travels in a bundle. Public: reveals nothing without the recipient's key. */
export type SealedEnvelope = {
  readonly v: 1;
  /** Ephemeral X25519 public key, hex. */
  readonly eph: string;
  /** Ciphertext with its 16-byte tag, hex. */
  readonly ct: string;
};

function info(context: EnvelopeContext): Uint8Array {
  return utf8ToBytes(LABEL + canonicalJson({ ceremony: context.ceremony, purpose: context.purpose, from: context.from, to: context.to }));
}

function sharedSecret(secret: Uint8Array, publicKey: Uint8Array, who: string): Uint8Array {
  let dh: Uint8Array;
  try {
    dh = x25519.getSharedSecret(secret, publicKey);
  } catch {
    throw new CeremonyError('frost/envelope-bad-key', `The communication key of ${who} is not a usable X25519 key.`, { who });
  }
  // A low-order public key gives an all-zero secret: refuse it rather than encrypt under a known key.
  if (dh.every((b) => b === 0))
    throw new CeremonyError('frost/envelope-bad-key', `The communication key of ${who} is a weak X25519 key.`, { who });
  return dh;
}

/**
 * The constant scalar `assertUsableCommKey` multiplies by. Any clamped scalar does: clamping
 * makes it 8·k' with 2^251 ≤ k' < 2^252, below both large prime orders (of the curve's and of
 * its twist's main subgroup), so k·P is zero exactly when P has small order (a point of order
 * 1, 2, 4 or 8 on the curve, or 1, 2 or 4 on the twist), whatever its encoding. That is why we
 * test the product rather than compare against a list of the known low-order u-coordinates: a
 * list must also cover every non-canonical encoding (u + p, the ignored top bit), the product
 * cannot miss one. A fixed scalar keeps the check deterministic; a random one adds nothing.
 */
const PROBE_SCALAR = sha256(utf8ToBytes('ceremony/frost/comm-key-probe/v1'));

/**
 * Refuses a communication key that nobody could seal a secret to: one that is not a valid
 * X25519 u-coordinate, or a low-order point (the all-zero key among them), with which every
 * X25519 shared secret is all zero, i.e. known to everyone. Checked when the key is announced
 * (a round-1 bundle, a repair hello), so the culprit is named then and not in a later round.
 */
export function assertUsableCommKey(publicKeyHex: string, who: { id: string; name: string }, where: string): void {
  let dh: Uint8Array | null = null;
  try {
    dh = x25519.getSharedSecret(PROBE_SCALAR, hexToBytes(publicKeyHex));
  } catch {
    // noble refuses a product that is zero (a low-order key) and a malformed key alike.
  }
  if (!dh || dh.every((b) => b === 0))
    throw new CeremonyError(
      'frost/comm-key-weak',
      `${who.name}'s ${where} announces a weak communication key (a low-order X25519 point): anything sealed to it could be read by anyone, so it is refused. No genuine app makes such a key; ask ${who.name} which app made this file, and do not go on with it.`,
      { sender: who.id, culpritName: who.name },
    );
}

function key(dh1: Uint8Array, dh2: Uint8Array, E: Uint8Array, S: Uint8Array, R: Uint8Array, context: EnvelopeContext): Uint8Array {
  return hkdf(sha256, concatBytes(dh1, dh2), concatBytes(E, S, R), info(context), 32);
}

/**
 * Seals `plaintext` for the holder of `recipientPublic`. `entropy` is 32 bytes from a seeded
 * stream (reproducible after a crash); the ephemeral secret is derived from it and the plaintext.
 */
export function sealEnvelope(args: {
  plaintext: Uint8Array;
  senderSecret: Uint8Array;
  recipientPublic: Uint8Array;
  context: EnvelopeContext;
  entropy: Uint8Array;
}): SealedEnvelope {
  const { plaintext, senderSecret, recipientPublic, context } = args;
  if (args.entropy.length < 32) throw new Error('sealEnvelope: entropy must be at least 32 bytes');
  const e = hkdf(sha256, concatBytes(args.entropy, sha256(plaintext)), utf8ToBytes(LABEL), utf8ToBytes('ephemeral'), 32);
  const E = x25519.getPublicKey(e);
  const S = x25519.getPublicKey(senderSecret);
  const k = key(
    sharedSecret(e, recipientPublic, context.to),
    sharedSecret(senderSecret, recipientPublic, context.to),
    E,
    S,
    recipientPublic,
    context,
  );
  const ct = chacha20poly1305(k, NONCE, info(context)).encrypt(plaintext);
  e.fill(0);
  k.fill(0);
  return { v: 1, eph: bytesToHex(E), ct: bytesToHex(ct) };
}

function wellFormed(envelope: SealedEnvelope): boolean {
  return envelope?.v === 1 && /^[0-9a-f]{64}$/.test(envelope.eph ?? '') && /^([0-9a-f]{2}){16,}$/.test(envelope.ct ?? '');
}

/**
 * The one-time key of an envelope addressed to us (what `openEnvelope` decrypts with); null when
 * it cannot be derived. Revealing it opens this one envelope only: it is a hash of the two
 * Diffie–Hellman results, from which our communication key cannot be recovered. Evidence against
 * a sender of a wrong secret share carries it.
 */
export function envelopeMessageKey(args: {
  envelope: SealedEnvelope;
  recipientSecret: Uint8Array;
  senderPublic: Uint8Array;
  context: EnvelopeContext;
}): Uint8Array | null {
  const { envelope, recipientSecret, senderPublic, context } = args;
  if (!wellFormed(envelope)) return null;
  const E = hexToBytes(envelope.eph);
  const R = x25519.getPublicKey(recipientSecret);
  try {
    return key(
      sharedSecret(recipientSecret, E, context.from),
      sharedSecret(recipientSecret, senderPublic, context.from),
      E,
      senderPublic,
      R,
      context,
    );
  } catch {
    return null;
  }
}

/**
 * Opens an envelope with its one-time key; null when the key does not open it in this exact
 * context (ChaCha20-Poly1305 authenticates the ciphertext and the context under that key).
 */
export function openWithMessageKey(envelope: SealedEnvelope, messageKey: Uint8Array, context: EnvelopeContext): Uint8Array | null {
  if (!wellFormed(envelope) || messageKey.length !== 32) return null;
  try {
    return chacha20poly1305(messageKey, NONCE, info(context)).decrypt(hexToBytes(envelope.ct));
  } catch {
    return null;
  }
}

/**
 * Opens an envelope addressed to us. Throws `frost/envelope-unreadable` naming the sender when
 * it was not sealed by `senderPublic` for our key in this exact context (or was altered).
 */
export function openEnvelope(args: {
  envelope: SealedEnvelope;
  recipientSecret: Uint8Array;
  senderPublic: Uint8Array;
  context: EnvelopeContext;
  senderName: string;
}): Uint8Array {
  const { envelope, context, senderName } = args;
  const k = envelopeMessageKey(args);
  const plain = k ? openWithMessageKey(envelope, k, context) : null;
  k?.fill(0);
  if (!plain)
    throw new CeremonyError(
      'frost/envelope-unreadable',
      `The secret package ${senderName} sealed for you cannot be opened: it was damaged, sealed for someone else, or not made by ${senderName}'s announced key.`,
      { sender: context.from },
    );
  return plain;
}
