/**
 * Sealed envelopes for secret scalars sent between operators (DKG shares, repair deltas and
 * sigmas). This replaces trust-server's "raw ECDH point as AES key" with the shape of HPKE's
 * authenticated mode (RFC 9180 §5.1.3), written out small:
 *
 *   e            fresh X25519 key (from the step's seeded RNG, so a re-run seals identically)
 *   dh           X25519(e, R) ‖ X25519(s_S, R)      ephemeral-static, then static-static
 *   key ‖ nonce  HKDF-SHA256(ikm = dh, salt = SHA-256(context),
 *                             info = LABEL ‖ e_pub ‖ S_pub ‖ R_pub), 32 + 12 bytes
 *   blob         version ‖ e_pub ‖ ChaCha20-Poly1305(key, nonce, plaintext, aad = context)
 *
 * The ephemeral half gives each envelope its own key; the static half means only the holder of
 * the sender's identity key could have made it (the recipient learns who sealed it). `context`
 * names the ceremony, purpose, sender and recipient, so an envelope cannot be replayed into
 * another ceremony, step or recipient. X25519 refuses low-order points.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import type { Rng } from '../frost/polynomial.ts';

const VERSION = 1;
const LABEL = utf8ToBytes('ceremony/group/envelope/v1');
const OVERHEAD = 1 + 32 + 16;

/** What an envelope is bound to. Every field goes into the AEAD's associated data. */
export interface EnvelopeContext {
  readonly groupId: string;
  readonly purpose: 'genesis-share' | 'repair-delta' | 'repair-sigma';
  readonly from: string;
  readonly to: string;
  /** Roster fingerprint (genesis) or join-request hash (join). */
  readonly session: string;
}

function contextBytes(ctx: EnvelopeContext): Uint8Array {
  return utf8ToBytes(canonicalJson(ctx));
}

function keyAndNonce(dh: Uint8Array, aad: Uint8Array, ePub: Uint8Array, sPub: Uint8Array, rPub: Uint8Array) {
  const okm = hkdf(sha256, dh, sha256(aad), concatBytes(LABEL, ePub, sPub, rPub), 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

export function sealEnvelope(
  senderEncSecret: Uint8Array,
  recipientEncKeyHex: string,
  ctx: EnvelopeContext,
  plaintext: Uint8Array,
  rng: Rng,
): Uint8Array {
  const rPub = hexToBytes(recipientEncKeyHex);
  const eSecret = rng(32);
  const ePub = x25519.getPublicKey(eSecret);
  const sPub = x25519.getPublicKey(senderEncSecret);
  const dh = concatBytes(x25519.getSharedSecret(eSecret, rPub), x25519.getSharedSecret(senderEncSecret, rPub));
  const aad = contextBytes(ctx);
  const { key, nonce } = keyAndNonce(dh, aad, ePub, sPub, rPub);
  const sealed = chacha20poly1305(key, nonce, aad).encrypt(plaintext);
  dh.fill(0);
  eSecret.fill(0);
  return concatBytes(Uint8Array.of(VERSION), ePub, sealed);
}

/**
 * Opens an envelope; throws `group/envelope-unreadable` naming the sender when it was damaged,
 * sealed for someone else or another step, or not sealed by the sender's identity key.
 */
export function openEnvelope(
  recipientEncSecret: Uint8Array,
  senderEncKeyHex: string,
  ctx: EnvelopeContext,
  blob: Uint8Array,
  expectedLength: number,
): Uint8Array {
  const fail = () =>
    new CeremonyError(
      'group/envelope-unreadable',
      `The encrypted ${ctx.purpose.replace('-', ' ')} from ${ctx.from} cannot be opened: it is damaged, was sealed for someone else, or was not made with ${ctx.from}'s identity key.`,
      { culprit: ctx.from },
    );
  if (blob.length !== OVERHEAD + expectedLength || blob[0] !== VERSION) throw fail();
  const ePub = blob.subarray(1, 33);
  const rPub = x25519.getPublicKey(recipientEncSecret);
  const sPub = hexToBytes(senderEncKeyHex);
  let dh: Uint8Array;
  try {
    dh = concatBytes(x25519.getSharedSecret(recipientEncSecret, ePub), x25519.getSharedSecret(recipientEncSecret, sPub));
  } catch {
    throw fail();
  }
  const aad = contextBytes(ctx);
  const { key, nonce } = keyAndNonce(dh, aad, ePub, sPub, rPub);
  dh.fill(0);
  try {
    return chacha20poly1305(key, nonce, aad).decrypt(blob.subarray(33));
  } catch {
    throw fail();
  }
}
