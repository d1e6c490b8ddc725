import { gcm } from '@noble/ciphers/aes.js';
import { randomBytes } from '@noble/hashes/utils.js';

/** AES-256-GCM with a fresh random 96-bit nonce per message. */
export const NONCE_LENGTH = 12;
export const TAG_LENGTH = 16;
export const KEY_LENGTH = 32;

export interface Sealed {
  nonce: Uint8Array;
  /** ciphertext || 16-byte tag */
  ciphertext: Uint8Array;
}

/**
 * Encrypts `plaintext` under `key`, binding `aad`. Random nonces are safe here: every key
 * encrypts at most a few thousand messages, far below the 2^32 bound for random 96-bit
 * nonces under one GCM key.
 */
export function seal(key: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Sealed {
  const nonce = randomBytes(NONCE_LENGTH);
  return { nonce, ciphertext: sealWithNonce(key, nonce, plaintext, aad) };
}

/**
 * For formats whose authenticated header must name the nonce before encryption (backup
 * files). The nonce must come from `randomNonce()` and be used once.
 */
export function sealWithNonce(key: Uint8Array, nonce: Uint8Array, plaintext: Uint8Array, aad: Uint8Array): Uint8Array {
  if (key.length !== KEY_LENGTH) throw new Error('AES-256-GCM needs a 32-byte key');
  if (nonce.length !== NONCE_LENGTH) throw new Error('AES-GCM nonce must be 12 bytes');
  return gcm(key, nonce, aad).encrypt(plaintext);
}

export function randomNonce(): Uint8Array {
  return randomBytes(NONCE_LENGTH);
}

/** Decrypts and authenticates; returns undefined when the tag does not verify (wrong key, altered data or AAD). */
export function open(key: Uint8Array, sealed: Sealed, aad: Uint8Array): Uint8Array | undefined {
  if (key.length !== KEY_LENGTH) throw new Error('AES-256-GCM needs a 32-byte key');
  if (sealed.nonce.length !== NONCE_LENGTH || sealed.ciphertext.length < TAG_LENGTH) return undefined;
  try {
    return gcm(key, sealed.nonce, aad).decrypt(sealed.ciphertext);
  } catch {
    return undefined;
  }
}
