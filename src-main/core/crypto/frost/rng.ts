/**
 * Deterministic randomness from a stored seed, so protocol steps can be re-run after a crash.
 *
 * The engine stores a fresh random seed in the vault *before* a step derives anything from it
 * (`StepContext.secret`). Feeding `seededRng(seed, label)` to `dkgPart1`, `refreshDkgPart1`,
 * `repairHelperStep1` or `commit` makes a re-run produce the same packages, so a participant never
 * sends two different round-1 packages. The vault then only needs the seed: secret packages can be
 * re-derived from it and the public transcript.
 *
 * Signing nonces are the exception that needs care: a nonce seed must be bound to ONE signing
 * package. Re-signing the same package after a crash is safe (same share); signing a different
 * package with the same seed leaks the signing share. Record which package a nonce seed signed
 * before releasing the share, and use a fresh seed (or label) for every signing session.
 */
import { chacha20 } from '@noble/ciphers/chacha.js';
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { concatBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import type { Rng } from './polynomial.ts';

const SALT = utf8ToBytes('ceremony/frost/seeded-rng/v1');
const NONCE = new Uint8Array(12);
const CHUNK_BLOCKS = 16;

/** A ChaCha20 keystream keyed by HKDF-SHA256(seed, label). Different labels give independent streams. */
export function seededRng(seed: Uint8Array, label: string): Rng {
  if (!(seed instanceof Uint8Array) || seed.length < 32) throw new Error('seededRng: the seed must be at least 32 bytes');
  const key = hkdf(sha256, seed, SALT, utf8ToBytes(label), 32);
  let buffer = new Uint8Array(0);
  let block = 0;
  return (n: number) => {
    while (buffer.length < n) {
      buffer = concatBytes(buffer, chacha20(key, NONCE, new Uint8Array(64 * CHUNK_BLOCKS), undefined, block));
      block += CHUNK_BLOCKS;
    }
    const out = buffer.slice(0, n);
    buffer = buffer.slice(n);
    return out;
  };
}
