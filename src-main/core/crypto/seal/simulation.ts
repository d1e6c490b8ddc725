import { sha256 } from '@noble/hashes/sha2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { createDealerMessage } from './dealer.ts';
import type { RandomSource } from './field.ts';
import { type DkgMemberKeys, generateDkgKeys } from './keys.ts';
import type { SealMemberKeys } from './process-all.ts';

/**
 * Helpers to run a whole committee locally: tests, the benchmark and rehearsals use them.
 * Never for real ceremonies (a seeded source is predictable by design).
 */

/** Deterministic byte source: SHA-256(seed ‖ counter) blocks. */
export function seededRandom(seed: string): RandomSource {
  const s = utf8ToBytes(seed);
  let counter = 0;
  return (length: number) => {
    const out = new Uint8Array(length);
    for (let off = 0; off < length; off += 32) {
      const block = new Uint8Array(s.length + 4);
      block.set(s, 0);
      new DataView(block.buffer).setUint32(s.length, counter++, false);
      out.set(sha256(block).subarray(0, Math.min(32, length - off)), off);
    }
    return out;
  };
}

export function generateCommitteeKeys(n: number, rng?: RandomSource): DkgMemberKeys[] {
  return Array.from({ length: n }, () => generateDkgKeys(rng));
}

export function registeredKeys(members: readonly DkgMemberKeys[]): SealMemberKeys[] {
  return members.map((m) => ({ encPk: m.encPk, signingPk: m.signingPk }));
}

/** Every member deals (fresh DKG); returns bcs(SignedMessage) in party order. */
export function dealAll(committeeId: string, threshold: number, members: readonly DkgMemberKeys[], rng?: RandomSource): Uint8Array[] {
  const encryptionPks = members.map((m) => m.encPk);
  return members.map(
    (m, i) =>
      createDealerMessage({ committeeId, threshold, encryptionPks, myPartyId: i, signingSk: m.signingSk, ...(rng ? { rng } : {}) }).bytes,
  );
}

export interface RotationPlan {
  /** New committee threshold. */
  threshold: number;
  /** For each new party: its old party id, or null for a new member. */
  oldIdOfNew: readonly (number | null)[];
}

/**
 * Builds the rotation context and the dealer messages of a rotation: exactly `oldThreshold`
 * continuing members (the first ones unless `dealers` is given) deal with their old share as
 * the constant term.
 */
export function dealRotation(args: {
  newCommitteeId: string;
  plan: RotationPlan;
  newMembers: readonly DkgMemberKeys[];
  oldShares: ReadonlyMap<number, bigint>;
  oldThreshold: number;
  dealers?: readonly number[];
  rng?: RandomSource;
}): { messages: Uint8Array[]; newToOld: Map<number, number>; dealers: number[] } {
  const newToOld = new Map<number, number>();
  args.plan.oldIdOfNew.forEach((o, j) => {
    if (o !== null) newToOld.set(j, o);
  });
  const dealers = args.dealers ? [...args.dealers] : [...newToOld.keys()].slice(0, args.oldThreshold);
  const encryptionPks = args.newMembers.map((m) => m.encPk);
  const messages = dealers.map(
    (j) =>
      createDealerMessage({
        committeeId: args.newCommitteeId,
        threshold: args.plan.threshold,
        encryptionPks,
        myPartyId: j,
        signingSk: args.newMembers[j]!.signingSk,
        oldShare: args.oldShares.get(newToOld.get(j)!)!,
        ...(args.rng ? { rng: args.rng } : {}),
      }).bytes,
  );
  return { messages, newToOld, dealers };
}
