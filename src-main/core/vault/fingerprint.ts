import { hmac } from '@noble/hashes/hmac.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { encodeFields } from './bytes.ts';
import type { FingerprintSource } from './meta.ts';

/**
 * Fingerprints name a secret in the UI, the API and logs without revealing anything about it.
 *
 * Preferred: `public-key`. SHA-256 over (domain tag, kind, the secret's PUBLIC counterpart),
 * truncated to 128 bits. It is computed from data that is public anyway, so it cannot leak
 * the secret, and anyone with the public key (a roster, the chain) can recompute it with
 * `publicKeyFingerprint` and compare: the fingerprint answers "is this the key that was
 * registered?".
 *
 * Fallback: `vault-mac`. When a caller has no public counterpart we use HMAC-SHA256 of the
 * secret under a key derived from the vault's DEK. Under that key HMAC is a PRF, so the
 * output is indistinguishable from random to anyone without the DEK, even for low-entropy
 * secrets (a plain hash of the secret would let anyone confirm a guess). Its limits: it can
 * only be recomputed inside this vault, and a backup imported elsewhere keeps the
 * fingerprint it was exported with (it is authenticated in the backup file).
 *
 * What we never do: hash the secret without a key.
 */
const DOMAIN = 'ceremony/vault/fingerprint/v1';

export function publicKeyFingerprint(kind: string, publicKey: Uint8Array): string {
  return bytesToHex(sha256(encodeFields([DOMAIN, 'public-key', kind, publicKey]))).slice(0, 32);
}

export function vaultMacFingerprint(fingerprintKey: Uint8Array, kind: string, secret: Uint8Array): string {
  return bytesToHex(hmac(sha256, fingerprintKey, encodeFields([DOMAIN, 'vault-mac', kind, secret]))).slice(0, 32);
}

export function computeFingerprint(
  fingerprintKey: Uint8Array,
  kind: string,
  secret: Uint8Array,
  publicKey: Uint8Array | undefined,
): { fingerprint: string; fingerprintSource: FingerprintSource } {
  return publicKey
    ? { fingerprint: publicKeyFingerprint(kind, publicKey), fingerprintSource: 'public-key' }
    : { fingerprint: vaultMacFingerprint(fingerprintKey, kind, secret), fingerprintSource: 'vault-mac' };
}
