import { existsSync, readFileSync, statSync } from 'node:fs';
import { hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { DkgYaml } from '../../formats/seal/dkg-yaml.ts';
import { publicKeyOfShare } from '../../crypto/seal/dealer.ts';
import { scalarFromBytes } from '../../crypto/seal/field.ts';
import { step } from './phases.ts';
import { oldPartyIdOf, requireRotation } from './rotation.ts';
import { sealServices } from './services.ts';
import type { MemberState, RotationSnap } from './state.ts';
import { shortId } from './values.ts';

/**
 * A continuing member's share of the CURRENT committee version (MASTER_SHARE_V<X>), which
 * becomes the constant term of its rotation message. It comes from the vault by itself (the
 * `seal.share` whose public key is the member's on-chain partial key of version X, kept by the
 * ceremony that made it or imported from a backup), or the member imports it from the value or
 * file its key server runs with. Either way it is checked against the on-chain partial key
 * before it is kept (as this ceremony's `share-v<X>`) and used. Nothing here ever puts share
 * bytes into a message, an error or the state.
 */

export const shareSecretName = (version: number) => `share-v${version}`;

type ShareCtx = Pick<StepContext, 'secret' | 'hasSecret' | 'readSecret' | 'services' | 'now'>;

/** This continuing member's old party id and on-chain partial key of version X. */
export function myOldKey(s: MemberState, rot: RotationSnap = requireRotation(s)): { oldPartyId: number; partialPk: Uint8Array } {
  const oldPartyId = oldPartyIdOf(rot, s.address);
  if (oldPartyId === null) {
    throw new CeremonyError(
      'seal/joining-member',
      `You (${shortId(s.address)}) join the committee in this rotation: you hold no share of version ${rot.fromVersion} and deal no message. Wait for the coordinator's message set.`,
    );
  }
  return { oldPartyId, partialPk: hexToBytes(rot.oldPartialPks[oldPartyId]!) };
}

function sameBytes(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

function matches(share: Uint8Array, partialPk: Uint8Array): boolean {
  try {
    return sameBytes(publicKeyOfShare(scalarFromBytes(share, 'share')), partialPk);
  } catch {
    return false;
  }
}

/** Keeps a checked share as this ceremony's `share-v<X>` (persisted before anything uses it). */
async function keep(s: MemberState, ctx: ShareCtx, share: Uint8Array, source: 'vault' | 'imported'): Promise<MemberState> {
  const rot = requireRotation(s);
  const { oldPartyId, partialPk } = myOldKey(s, rot);
  const stored = await ctx.secret(
    shareSecretName(rot.fromVersion),
    {
      label: `Seal master share V${rot.fromVersion} (party ${oldPartyId}), key server ${shortId(rot.keyServerId)}`,
      kind: 'seal.share',
      publicPart: partialPk,
    },
    () => share.slice(),
  );
  stored.fill(0);
  return { ...s, oldShare: s.oldShare ?? { source, at: ctx.now() } };
}

/**
 * Looks for the old share: already kept by this ceremony, or anywhere in the vault. Returns the
 * state with `oldShare` set, or null when the vault does not have it.
 */
export async function findOldShare(s: MemberState, ctx: ShareCtx): Promise<MemberState | null> {
  const rot = requireRotation(s);
  const { partialPk } = myOldKey(s, rot);
  if (await ctx.hasSecret(shareSecretName(rot.fromVersion))) return s.oldShare ? s : { ...s, oldShare: { source: 'vault', at: ctx.now() } };
  const find = sealServices(ctx.services).findSealShare;
  const found = find ? await find(partialPk) : null;
  if (!found) return null;
  try {
    // The vault indexes shares by the public key given when they were stored; check the bytes anyway.
    if (!matches(found, partialPk)) return null;
    return await keep(s, ctx, found, 'vault');
  } finally {
    found.fill(0);
  }
}

/** The old share as a scalar, for the dealer (SECRET: the caller drops it after use). */
export async function readOldShare(s: MemberState, ctx: ShareCtx): Promise<bigint> {
  const rot = requireRotation(s);
  const { partialPk } = myOldKey(s, rot);
  const b = await ctx.readSecret(shareSecretName(rot.fromVersion));
  try {
    if (!matches(b, partialPk))
      throw new CeremonyError(
        'seal/old-share-mismatch',
        `The share of version ${rot.fromVersion} kept for this ceremony does not match your partial key on chain.`,
      );
    return scalarFromBytes(b, 'share');
  } finally {
    b.fill(0);
  }
}

const HEX_SHARE = /^(?:0x)?([0-9a-fA-F]{64})$/;
const ENV_LINE = /^\s*(?:export\s+)?MASTER_SHARE_V(\d+)\s*=\s*["']?(?:0x)?([0-9a-fA-F]{64})["']?\s*$/;

function wrongVersion(what: string, found: number[], version: number): CeremonyError {
  return new CeremonyError(
    'seal/old-share-wrong-version',
    `${what} holds ${found.map((v) => `MASTER_SHARE_V${v}`).join(' and ')}, but this rotation needs MASTER_SHARE_V${version} (your share of the current committee version ${version}).`,
    { found: found.join(','), version },
  );
}

/**
 * MASTER_SHARE_V<version> from what a person has: the bare value (`0x` + 64 hex digits), an env
 * file or line (`MASTER_SHARE_V<k>=0x…`), or a dkg.yaml holding MASTER_SHARE_V<k>. The text is
 * never quoted back in an error.
 */
export function parseShareText(text: string, version: number, what: string): Uint8Array {
  const bare = HEX_SHARE.exec(text.trim());
  if (bare) return hexToBytes(bare[1]!.toLowerCase());
  const env = text
    .split(/\r?\n/)
    .map((l) => ENV_LINE.exec(l))
    .filter((m): m is RegExpExecArray => m !== null);
  if (env.length) {
    const hit = env.find((m) => Number(m[1]) === version);
    if (!hit)
      throw wrongVersion(
        what,
        env.map((m) => Number(m[1])),
        version,
      );
    return hexToBytes(hit[2]!.toLowerCase());
  }
  if (/MASTER_SHARE_V\d+\s*:/.test(text)) {
    let y: DkgYaml;
    try {
      y = DkgYaml.parse(text, what);
    } catch (e) {
      if (!isCeremonyError(e)) throw e;
      throw new CeremonyError('seal/old-share-unreadable', `${what} looks like a dkg.yaml but cannot be read: ${e.message}`);
    }
    const versions = y.keys().flatMap((k) => {
      const m = /^MASTER_SHARE_V(\d+)$/.exec(k);
      return m ? [Number(m[1])] : [];
    });
    if (!versions.includes(version)) throw wrongVersion(what, versions, version);
    try {
      return y.masterShare(version);
    } catch (e) {
      if (!isCeremonyError(e)) throw e;
      throw new CeremonyError('seal/old-share-unreadable', `${what}: MASTER_SHARE_V${version} is not 32 bytes of hex.`);
    }
  }
  throw new CeremonyError(
    'seal/old-share-unreadable',
    `${what} does not hold a share: give 0x followed by 64 hex digits, a line MASTER_SHARE_V${version}=0x…, or a dkg.yaml with MASTER_SHARE_V${version}.`,
  );
}

function readShareFile(path: string): string {
  if (!existsSync(path) || !statSync(path).isFile()) throw new CeremonyError('file/not-found', `There is no file ${path}.`, { path });
  const size = statSync(path).size;
  if (size > 2_000_000) throw new CeremonyError('seal/old-share-unreadable', `${path} is too large to be a share file.`, { path });
  return readFileSync(path, 'utf8');
}

/** `import-old-share`: a share made elsewhere, checked against the chain before it is kept. */
export async function importOldShare(
  s: MemberState,
  input: { path?: string; value?: string },
  ctx: StepContext,
): Promise<StepResult<MemberState>> {
  const rot = requireRotation(s);
  const { oldPartyId, partialPk } = myOldKey(s, rot);
  if (s.message)
    throw new CeremonyError('seal/message-exists', 'Your rotation message already exists; the share it used cannot change any more.');
  const what = input.path ?? 'The value given';
  const text = input.path !== undefined ? readShareFile(input.path) : input.value!;
  const share = parseShareText(text, rot.fromVersion, what);
  try {
    try {
      scalarFromBytes(share, 'share');
    } catch {
      throw new CeremonyError('seal/old-share-unreadable', `${what}: the value is not a valid share (it is not below the group order).`);
    }
    if (!matches(share, partialPk)) {
      throw new CeremonyError(
        'seal/old-share-mismatch',
        `${what} does not hold your share of version ${rot.fromVersion}: it does not match your partial key on chain (party ${oldPartyId} of the current committee, key server ${shortId(rot.keyServerId)}). It is another member's share, another version's, or from another committee; nothing was stored.`,
        { oldPartyId, version: rot.fromVersion },
      );
    }
    if (await ctx.hasSecret(shareSecretName(rot.fromVersion))) {
      const kept = await ctx.readSecret(shareSecretName(rot.fromVersion));
      const same = sameBytes(kept, share);
      kept.fill(0);
      if (same) return step(s, 'This share is already kept for the rotation');
    }
    const next = await keep(s, ctx, share, 'imported');
    return step(
      next,
      `Imported your share of version ${rot.fromVersion} (MASTER_SHARE_V${rot.fromVersion}); it matches your partial key on chain`,
    );
  } finally {
    share.fill(0);
  }
}
