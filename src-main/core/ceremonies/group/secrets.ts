/**
 * The vault secrets of a group ceremony, one place for their names and kinds:
 *
 *   identity            32-byte seed of the operator's identity keys (signing + encryption)
 *   genesis-seed        32-byte seed of this operator's genesis polynomial and envelopes
 *   share               the operator's 32-byte signing share (public part: its verifying share)
 *   join-<k>-<h>-seed   seed of an approver's repair deltas for join k (request hash prefix h)
 *
 * Every secret is stored before anything derived from it leaves the step (ctx.secret), so a
 * step that crashed and runs again sends the same packages.
 */
import { hkdf } from '@noble/hashes/hkdf.js';
import { sha256 } from '@noble/hashes/sha2.js';
import { hexToBytes, randomBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import type { StepContext } from '../../engine/protocol.ts';
import { identityFromSeed, type IdentityKeys } from '../../crypto/group/identity.ts';

type Ctx = Pick<StepContext, 'secret' | 'readSecret' | 'hasSecret'>;

/** Creates (first call) or loads the identity of `moniker` for this group. */
export async function ensureIdentity(ctx: Ctx, moniker: string): Promise<IdentityKeys> {
  const fresh = randomBytes(32);
  const pub = identityFromSeed(fresh).public;
  const seed = await ctx.secret(
    'identity',
    {
      label: `Group identity of ${moniker}`,
      kind: 'group.identity',
      publicPart: new Uint8Array([...hexToBytes(pub.signKey), ...hexToBytes(pub.encKey)]),
    },
    () => fresh,
  );
  return identityFromSeed(seed);
}

export async function loadIdentity(ctx: Ctx): Promise<IdentityKeys> {
  return identityFromSeed(await ctx.readSecret('identity'));
}

export function genesisSeed(ctx: Ctx): Promise<Uint8Array> {
  return ctx.secret('genesis-seed', { label: 'Genesis polynomial seed', kind: 'group.genesis-seed' }, () => randomBytes(32));
}

export async function readGenesisSeed(ctx: Ctx): Promise<Uint8Array> {
  if (!(await ctx.hasSecret('genesis-seed')))
    throw new CeremonyError('group/wrong-step', 'You have not sent your round-1 package yet: confirm the roster first.', {});
  return ctx.readSecret('genesis-seed');
}

export function joinSeed(ctx: Ctx, epoch: number, requestHash: string): Promise<Uint8Array> {
  return ctx.secret(
    `join-${epoch}-${requestHash.slice(0, 16)}-seed`,
    { label: `Approval seed for join ${epoch}`, kind: 'group.join-seed' },
    () => randomBytes(32),
  );
}

export function storeShare(ctx: Ctx, share: Uint8Array, verifyingShare: Uint8Array, moniker: string): Promise<Uint8Array> {
  return ctx.secret('share', { label: `Group signing share of ${moniker}`, kind: 'group.share', publicPart: verifyingShare }, () => share);
}

export async function readShare(ctx: Ctx): Promise<Uint8Array> {
  if (!(await ctx.hasSecret('share'))) throw new CeremonyError('group/no-share', 'This install holds no share of the group yet.', {});
  return ctx.readSecret('share');
}

/**
 * The `seed` field written into private.sss: derived one-way from the identity seed, so the file
 * reveals nothing about the identity keys, and exporting twice gives the same bytes.
 */
export async function sssSeed(ctx: Ctx, groupId: string): Promise<Uint8Array> {
  const identity = await ctx.readSecret('identity');
  return hkdf(sha256, identity, utf8ToBytes('ceremony/group/sss-seed/v1'), utf8ToBytes(groupId), 32);
}
