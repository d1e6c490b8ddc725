import { generateSigningKeyPair } from './bls-signature.ts';
import { generateEciesKeyPair } from './ecies.ts';
import type { RandomSource } from './field.ts';
import { G1 } from './groups.ts';

/**
 * A member's two DKG key pairs (seal-committee-cli genkey-and-register / dkg.key):
 * ECIES over G1 (DKG_ENC_PK, 48 bytes) and BLS min-sig (DKG_SIGNING_PK, 96 bytes).
 */
export interface DkgMemberKeys {
  encSk: bigint;
  encPk: Uint8Array;
  signingSk: bigint;
  signingPk: Uint8Array;
}

export function generateDkgKeys(rng?: RandomSource): DkgMemberKeys {
  const enc = generateEciesKeyPair(G1, rng);
  const sig = generateSigningKeyPair(rng);
  return { encSk: enc.sk, encPk: G1.encode(enc.pk), signingSk: sig.sk, signingPk: sig.pk };
}
