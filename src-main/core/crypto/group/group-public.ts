/**
 * The group's public state: what every member (and a newcomer) holds after genesis and after
 * each join. It carries exactly what trust-server's `shared.sss` holds (the aggregate Feldman
 * commitment C₀..C_{M−1}; C₀ is the group key) plus what that tool lacks: the roster of
 * monikers, identity keys and bundle keys, and a history of who joined with whose approval.
 *
 * Verifying shares are never stored: anyone recomputes Yₖ = Σⱼ Cⱼ·xₖʲ from the commitment.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { evaluateVss } from '../frost/polynomial.ts';
import type { Identifier } from '../frost/identifier.ts';
import type { GroupElement } from '../frost/suites.ts';
import type { KeyPackage, PublicKeyPackage } from '../frost/types.ts';
import { monikerIdentifier, monikerX, sameMoniker } from './moniker.ts';
import { groupDigest, sortMembers, type RosterMember } from './roster.ts';
import { GROUP_SUITE, GROUP_SUITE_ID } from './suite.ts';

export type GroupMember = RosterMember & {
  /** 0 for a genesis member, k for the member admitted by the k-th join. */
  readonly joinedAt: number;
};

export type JoinRecord = {
  readonly epoch: number;
  readonly moniker: string;
  readonly requestHash: string;
  readonly approvers: readonly string[];
};

export type GroupPublic = {
  readonly groupId: string;
  readonly rehearsal: boolean;
  readonly threshold: number;
  /** 32-byte Ed25519 group key, lowercase hex (= commitment[0]). */
  readonly groupKey: string;
  /** Aggregate commitment C₀..C_{M−1}, hex. */
  readonly commitment: readonly string[];
  readonly members: readonly GroupMember[];
  /** Number of completed joins. */
  readonly epoch: number;
  /** Fingerprint of the genesis transcript everyone confirmed. */
  readonly genesisTranscript: string;
  readonly joins: readonly JoinRecord[];
};

/** Fingerprint of the whole public state (what a join request is bound to). */
export function groupStateHash(g: GroupPublic): string {
  return groupDigest('group-state', { ...g, members: sortMembers(g.members) });
}

export function commitmentPoints(g: Pick<GroupPublic, 'commitment'>): GroupElement[] {
  return g.commitment.map((c, j) => GROUP_SUITE.elementFromBytes(hexToBytes(c), `group commitment #${j}`));
}

/** Yₓ = f(x)·G for any moniker, from the aggregate commitment. */
export function verifyingShareOf(g: Pick<GroupPublic, 'commitment'>, moniker: string): Uint8Array {
  return GROUP_SUITE.elementToBytes(evaluateVss(GROUP_SUITE, monikerX(moniker), commitmentPoints(g)));
}

export function findMember(g: GroupPublic, moniker: string): GroupMember | undefined {
  return g.members.find((m) => sameMoniker(m.moniker, moniker));
}

/** The FROST public key package of the group (verifying shares keyed by moniker identifiers). */
export function publicKeyPackageOf(g: GroupPublic): PublicKeyPackage {
  const points = commitmentPoints(g);
  const verifyingShares: Record<Identifier, Uint8Array> = {};
  for (const m of g.members)
    verifyingShares[monikerIdentifier(m.moniker)] = GROUP_SUITE.elementToBytes(evaluateVss(GROUP_SUITE, monikerX(m.moniker), points));
  return { suite: GROUP_SUITE_ID, verifyingShares, verifyingKey: hexToBytes(g.groupKey), minSigners: g.threshold };
}

/**
 * A member's FROST key package from its secret share and the public state. Refuses a share that
 * does not match the member's verifying share (a damaged vault entry or the wrong group).
 */
export function keyPackageOf(g: GroupPublic, moniker: string, signingShare: Uint8Array): KeyPackage {
  const s = GROUP_SUITE.scalarFromBytes(signingShare, 'signing share');
  const expected = verifyingShareOf(g, moniker);
  const actual = GROUP_SUITE.elementToBytes(GROUP_SUITE.base.multiply(s));
  if (bytesToHex(actual) !== bytesToHex(expected))
    throw new CeremonyError('group/share-mismatch', `The share stored for ${moniker} does not belong to this group's commitments.`, {
      moniker,
    });
  return {
    suite: GROUP_SUITE_ID,
    identifier: monikerIdentifier(moniker),
    signingShare: signingShare.slice(),
    verifyingShare: expected,
    verifyingKey: hexToBytes(g.groupKey),
    minSigners: g.threshold,
  };
}
