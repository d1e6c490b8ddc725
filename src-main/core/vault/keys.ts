import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { wipe } from './bytes.ts';

/**
 * Key separation. The data-encryption key (DEK, 32 random bytes, held by the keychain or
 * wrapped by a passphrase) is never used directly: HKDF-SHA256 derives one subkey per job,
 * salted with the vault id, so a key used for MACs never also encrypts, and two vaults that
 * somehow shared a DEK would still not share subkeys.
 */
export interface VaultKeys {
  /** AES-256-GCM key for secret files. */
  secretEnc: Uint8Array;
  /** HMAC-SHA256 key authenticating the index of public metadata. */
  indexMac: Uint8Array;
  /** HMAC-SHA256 key for fingerprints of secrets that have no public counterpart. */
  fingerprintMac: Uint8Array;
}

function derive(ikm: Uint8Array, salt: string, info: string, length: number): Uint8Array {
  return hkdf(sha256, ikm, utf8ToBytes(salt), utf8ToBytes(info), length);
}

export function deriveVaultKeys(dek: Uint8Array, vaultId: string): VaultKeys {
  const salt = `ceremony/vault/v1/${vaultId}`;
  return {
    secretEnc: derive(dek, salt, 'secret-encryption', 32),
    indexMac: derive(dek, salt, 'index-mac', 32),
    fingerprintMac: derive(dek, salt, 'fingerprint-mac', 32),
  };
}

/**
 * A 16-byte value stored in the vault header that lets us recognise the right DEK: a
 * keychain can hand back a different key (another vault's entry, a restored keyring) and we
 * must say so rather than report every secret as tampered. It is a one-way function of the
 * DEK, so it reveals nothing about it.
 */
export function dekCheck(dek: Uint8Array, vaultId: string): Uint8Array {
  return derive(dek, `ceremony/vault/v1/${vaultId}`, 'dek-check', 16);
}

/**
 * From a scrypt output: a wrapping key and a 16-byte check value. The check value lets us
 * tell "wrong passphrase" from "file altered" (the AEAD tag alone cannot); it gives an
 * attacker no more than the AEAD tag already does (one way to test a guess per scrypt run).
 */
export function passphraseKeys(scryptOut: Uint8Array, context: string): { wrap: Uint8Array; check: Uint8Array } {
  return {
    wrap: derive(scryptOut, context, 'wrap', 32),
    check: derive(scryptOut, context, 'passphrase-check', 16),
  };
}

export function wipeKeys(k: VaultKeys | undefined): void {
  if (k) wipe(k.secretEnc, k.indexMac, k.fingerprintMac);
}
