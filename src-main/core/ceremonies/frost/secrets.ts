/**
 * Everything secret a FROST ceremony keeps, by vault name (the engine prefixes the ceremony id).
 *
 *   comm-key                X25519 communication secret for this group (or the address book):
 *                           opens envelopes sealed to us; exported as frost-client's communication_key.
 *   dkg-seed                seeds the DKG polynomial, proof-of-knowledge nonce and envelope entropy;
 *                           the round-1/round-2 secret packages are re-derived from it on demand,
 *                           so a crashed step re-runs to the same packages.
 *   dkg-seed.<k>            the same for attempt k ≥ 2 of a restarted DKG (dkg-attempt.ts); an
 *                           abandoned attempt's seed is deleted once the restart is committed.
 *   key-package.<v>         postcard(KeyPackage): the signing share. v grows with each refresh/repair.
 *   nonce-seed.<session>    seeds the signing nonces of one signing session (bound to ONE package).
 *   refresh-seed.<session>  like dkg-seed, for one refresh.
 *   repair-seed.<session>   seeds a helper's deltas and envelope entropy for one repair.
 *
 * Steps never hold fresh randomness that is not one of these: see the engine README.
 */
import { x25519 } from '@noble/curves/ed25519.js';
import { randomBytes } from '@noble/hashes/utils.js';
import { decodeFrostPostcard, encodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import type { KeyPackage } from '../../crypto/frost/types.ts';
import type { FrostSuiteId } from '../../crypto/frost/suites.ts';
import type { StepContext } from '../../engine/protocol.ts';

type SecretCtx = Pick<StepContext, 'secret' | 'readSecret' | 'hasSecret'>;

export const SECRET = {
  commKey: 'comm-key',
  keyPackage: (v: number) => `key-package.${v}`,
  nonceSeed: (session: string) => `nonce-seed.${session}`,
  refreshSeed: (session: string) => `refresh-seed.${session}`,
  repairSeed: (session: string) => `repair-seed.${session}`,
} as const;

const fresh32 = () => randomBytes(32);

/** Our X25519 communication secret for this ceremony (created on first use) and its public key. */
export async function commKey(
  ctx: SecretCtx,
  label: string,
  imported?: Uint8Array,
): Promise<{ secret: Uint8Array; publicKey: Uint8Array }> {
  if (await ctx.hasSecret(SECRET.commKey)) {
    const secret = await ctx.readSecret(SECRET.commKey);
    return { secret, publicKey: x25519.getPublicKey(secret) };
  }
  // Generated here (not inside `generate`) so the vault can fingerprint it by its public key.
  const fresh = imported ?? x25519.utils.randomSecretKey();
  const publicKey = x25519.getPublicKey(fresh);
  const secret = await ctx.secret(
    SECRET.commKey,
    { label: `FROST communication key (${label})`, kind: 'comm.key', publicPart: publicKey },
    () => fresh,
  );
  return { secret, publicKey };
}

export function seed(ctx: SecretCtx, name: string, label: string): Promise<Uint8Array> {
  return ctx.secret(name, { label, kind: 'frost.seed' }, fresh32);
}

/** Stores a key package (once per version) and returns it. */
export async function storeKeyPackage(ctx: SecretCtx, version: number, kp: KeyPackage, label: string): Promise<void> {
  const bytes = encodeFrostPostcard('KeyPackage', kp);
  const stored = await ctx.secret(
    SECRET.keyPackage(version),
    { label, kind: 'frost.key-package', publicPart: kp.verifyingShare },
    () => bytes,
  );
  stored.fill(0);
}

export async function readKeyPackage(ctx: Pick<StepContext, 'readSecret'>, suite: FrostSuiteId, version: number): Promise<KeyPackage> {
  const bytes = await ctx.readSecret(SECRET.keyPackage(version));
  try {
    return decodeFrostPostcard('KeyPackage', suite, bytes);
  } finally {
    bytes.fill(0);
  }
}
