import { utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { ADDRESS_BYTES, SEAL_IBE_DST_ID } from './constants.ts';
import { lagrangeAtZero } from './field.ts';
import { G1, type G1Point, G2, msm, pairingProductIsOne } from './groups.ts';

/**
 * Seal's Boneh–Franklin IBE keys (MystenLabs/seal crates/crypto ibe.rs), used here to prove a
 * committee's shares work before a key server goes live:
 *   full id   = package id (32 bytes) ‖ inner id                       (create_full_id)
 *   H(id)     = hash_to_G1(b"SUI-SEAL-IBE-BLS12381-00" ‖ full id) with the min-sig G1 DST
 *               (ibe::hash_to_g1 → fastcrypto G1 hash_to_group_element; the on-chain Move
 *               `kdf::hash_to_g1_with_dst` does the same with sui::bls12381::hash_to_g1)
 *   usk       = H(id)·master key; a committee member returns H(id)·share and the aggregator
 *               Lagrange-combines t of them at x = 0 over share indices party id + 1
 *   valid iff e(usk, G2) = e(H(id), KEY_SERVER_PK)                    (verify_user_secret_key)
 */

const DST_ID = utf8ToBytes(SEAL_IBE_DST_ID);

export function fullId(packageId: Uint8Array, innerId: Uint8Array): Uint8Array {
  if (packageId.length !== ADDRESS_BYTES) throw new Error('package id must be 32 bytes');
  const out = new Uint8Array(ADDRESS_BYTES + innerId.length);
  out.set(packageId, 0);
  out.set(innerId, ADDRESS_BYTES);
  return out;
}

export function hashIdentity(id: Uint8Array): G1Point {
  const msg = new Uint8Array(DST_ID.length + id.length);
  msg.set(DST_ID, 0);
  msg.set(id, DST_ID.length);
  return G1.hash(msg);
}

/** A member's partial user key H(id)·share (48-byte G1). */
export function derivePartialUserKey(share: bigint, id: Uint8Array): Uint8Array {
  return G1.encode(hashIdentity(id).multiply(share));
}

/** Combines partial user keys of t distinct members (party ids) into the user secret key. */
export function combinePartialUserKeys(partials: readonly { partyId: number; key: Uint8Array }[], threshold: number): Uint8Array {
  if (partials.length !== threshold) {
    throw new CeremonyError(
      'seal/user-key-count',
      `Combining a user key needs exactly ${threshold} partial keys, got ${partials.length}.`,
      {
        threshold,
        got: partials.length,
      },
    );
  }
  const lambdas = lagrangeAtZero(partials.map((p) => p.partyId + 1));
  return G1.encode(
    msm(
      G1,
      partials.map((p) => G1.decode(p.key, `partial user key of party ${p.partyId}`)),
      lambdas,
    ),
  );
}

/** e(usk, G2) = e(H(id), pk): the user key matches KEY_SERVER_PK (or a partial key for a share). */
export function verifyUserKey(userKey: Uint8Array, id: Uint8Array, publicKey: Uint8Array): boolean {
  try {
    const usk = G1.decode(userKey, 'user key');
    const pk = G2.decode(publicKey, 'public key');
    if (usk.is0() || pk.is0()) return false;
    return pairingProductIsOne([
      { g1: usk, g2: G2.generator.negate() },
      { g1: hashIdentity(id), g2: pk },
    ]);
  } catch {
    return false;
  }
}
