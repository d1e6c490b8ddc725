/**
 * The Seal members' API credentials travel to the coordinator encrypted to an X25519 key the
 * coordinator made for this ceremony (kept in its vault, public half in the invitation). An API
 * key lets anyone query that member's key server as the aggregator: the bundle may sit on a USB
 * stick, so it must be readable by the coordinator only. The shape is HPKE's base mode (RFC 9180
 * §5.1.1) written out small, as `crypto/group/envelope.ts` does for the group:
 *
 *   e            fresh X25519 key
 *   key ‖ nonce  HKDF-SHA256(ikm = X25519(e, R), salt = SHA-256(context), info = LABEL ‖ e_pub ‖ R_pub), 32 + 12 bytes
 *   box          version ‖ e_pub ‖ ChaCha20-Poly1305(key, nonce, plaintext, aad = context)
 *
 * Who sent it is proven by the bundle's signature, not here; `context` (ceremony, sender party)
 * stops a box being replayed under another ceremony or party. X25519 refuses low-order points.
 */
import { chacha20poly1305 } from '@noble/ciphers/chacha.js';
import { x25519 } from '@noble/curves/ed25519.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';

const VERSION = 1;
const LABEL = utf8ToBytes('ceremony/seal/credentials/v1');

function keyAndNonce(dh: Uint8Array, context: string, ePub: Uint8Array, rPub: Uint8Array) {
  const okm = hkdf(sha256, dh, sha256(utf8ToBytes(context)), concatBytes(LABEL, ePub, rPub), 44);
  return { key: okm.subarray(0, 32), nonce: okm.subarray(32, 44) };
}

export function credentialsPublicKey(secretKey: Uint8Array): Uint8Array {
  return x25519.getPublicKey(secretKey);
}

/** A fresh X25519 key pair for the coordinator (secret 32 bytes). */
export function credentialsKeyPair(): { secretKey: Uint8Array; publicKey: Uint8Array } {
  const secretKey = x25519.utils.randomSecretKey();
  return { secretKey, publicKey: x25519.getPublicKey(secretKey) };
}

export function boxCredentials(recipientPk: Uint8Array, context: string, plaintext: Uint8Array): Uint8Array {
  const e = x25519.utils.randomSecretKey();
  const ePub = x25519.getPublicKey(e);
  let dh: Uint8Array;
  try {
    dh = x25519.getSharedSecret(e, recipientPk);
  } catch {
    throw new CeremonyError('seal/bad-credentials-key', "The coordinator's credentials key in the invitation is not a usable X25519 key.");
  } finally {
    e.fill(0);
  }
  const { key, nonce } = keyAndNonce(dh, context, ePub, recipientPk);
  return concatBytes(Uint8Array.of(VERSION), ePub, chacha20poly1305(key, nonce, utf8ToBytes(context)).encrypt(plaintext));
}

/** Opens a box, or throws `seal/credentials-unreadable` (wrong key, other ceremony or party, or tampered). */
export function openCredentials(recipientSk: Uint8Array, context: string, box: Uint8Array): Uint8Array {
  const unreadable = () =>
    new CeremonyError(
      'seal/credentials-unreadable',
      'The API credentials cannot be decrypted with this ceremony’s credentials key: they were made for another ceremony or coordinator, or changed on the way.',
    );
  if (box.length < 1 + 32 + 16 || box[0] !== VERSION) throw unreadable();
  const ePub = box.subarray(1, 33);
  try {
    const dh = x25519.getSharedSecret(recipientSk, ePub);
    const { key, nonce } = keyAndNonce(dh, context, ePub, x25519.getPublicKey(recipientSk));
    return chacha20poly1305(key, nonce, utf8ToBytes(context)).decrypt(box.subarray(33));
  } catch {
    throw unreadable();
  }
}
