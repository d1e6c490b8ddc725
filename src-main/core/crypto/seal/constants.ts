/**
 * Domain strings and sizes of the Seal committee DKG (seal-committee-cli >= v0.6.8, fastcrypto
 * dkg_v1 at rev 5f87e04). Every string here is hashed or signed, so a single changed byte breaks
 * interoperability with the Rust CLI.
 */

/** Random-oracle base prefix; the committee id (0x + 64 lowercase hex) is appended. */
export const DKG_RO_PREFIX = 'SEAL_DKG_V0:';

/** Domain string at the start of the BCS payload every dealer signs (since v0.6.8). */
export const MESSAGE_SIGNATURE_DOMAIN = 'SEAL_DKG_MESSAGE_SIGNATURE_V0';

/**
 * Hash-to-curve DSTs used by fastcrypto's `hash_to_group_element` and by min-sig BLS signatures.
 * noble's defaults differ per API, so we always pass them explicitly.
 */
export const DST_G1 = 'BLS_SIG_BLS12381G1_XMD:SHA-256_SSWU_RO_NUL_';
export const DST_G2 = 'BLS_SIG_BLS12381G2_XMD:SHA-256_SSWU_RO_NUL_';

/** Seal IBE identity hash: H(id) = hash_to_G1(DST_ID || id) with the G1 DST above (crates/crypto). */
export const SEAL_IBE_DST_ID = 'SUI-SEAL-IBE-BLS12381-00';

export const G1_BYTES = 48;
export const G2_BYTES = 96;
export const SCALAR_BYTES = 32;
export const SIGNATURE_BYTES = 48;
export const ADDRESS_BYTES = 32;

/** fastcrypto rejects more nodes than this (Nodes::MAX_NODES). */
export const MAX_PARTIES = 1000;
