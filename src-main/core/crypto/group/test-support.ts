// Helpers for the group protocol's own tests (only *.test.ts files import this): runs every
// operator of a genesis or a join in one process, passing the same packages the bundles carry.
import { randomBytes } from '@noble/hashes/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import type { KeyPackage } from '../frost/types.ts';
import { genesisFinalize, genesisRound1, genesisRound2, openDealtShare, type GenesisSession, type Round1Public } from './genesis.ts';
import { identityFromSeed, type IdentityKeys } from './identity.ts';
import type { GroupPublic } from './group-public.ts';
import {
  approveJoin,
  checkQuorum,
  contributeToJoin,
  finalizeJoin,
  signJoinRequest,
  type Approval,
  type JoinRequest,
  type SignedJoinRequest,
} from './join.ts';
import { groupStateHash } from './group-public.ts';
import { rosterFingerprint, sortMembers, type RosterMember } from './roster.ts';

export interface TestOperator {
  moniker: string;
  keys: IdentityKeys;
  bundleKey: string;
  seed: Uint8Array;
  share?: Uint8Array;
  keyPackage?: KeyPackage;
}

export function makeOperator(moniker: string): TestOperator {
  return { moniker, keys: identityFromSeed(randomBytes(32)), bundleKey: bytesToHex(randomBytes(32)), seed: randomBytes(32) };
}

export function rosterOf(ops: readonly TestOperator[]): RosterMember[] {
  return ops.map((o) => ({ moniker: o.moniker, identity: o.keys.public, bundleKey: o.bundleKey, url: `https://${o.moniker}.example/` }));
}

export interface GenesisRun {
  session: GenesisSession;
  round1: Record<string, Round1Public>;
  /** sealed[dealer][recipient] */
  sealed: Record<string, Record<string, Uint8Array>>;
  group: GroupPublic;
}

/**
 * Full genesis. `tamper(dealer, recipient, sealed)` may replace a sealed share before it is
 * opened (to simulate a cheating dealer).
 */
export function runGenesis(ops: TestOperator[], threshold: number, groupId = 'group-test01'): GenesisRun {
  const members = rosterOf(ops);
  const fp = rosterFingerprint({ groupId, rehearsal: true, threshold, members });
  const session: GenesisSession = { groupId, rosterFingerprint: fp, threshold, size: ops.length };
  const r1 = new Map(ops.map((o) => [o.moniker, genesisRound1(session, o.moniker, o.seed)]));
  const round1 = Object.fromEntries([...r1].map(([m, r]) => [m, r.broadcast]));
  const sealed: Record<string, Record<string, Uint8Array>> = {};
  for (const o of ops) {
    const others = members.filter((m) => m.moniker !== o.moniker);
    sealed[o.moniker] = genesisRound2(session, r1.get(o.moniker)!.secret, o.moniker, o.keys, others, o.seed);
  }
  let group: GroupPublic | undefined;
  for (const o of ops) {
    const shares: Record<string, Uint8Array> = {};
    for (const d of ops)
      if (d !== o)
        shares[d.moniker] = openDealtShare(
          session,
          o.moniker,
          o.keys,
          members.find((m) => m.moniker === d.moniker)!,
          sealed[d.moniker]![o.moniker]!,
        );
    const others = Object.fromEntries(Object.entries(round1).filter(([m]) => m !== o.moniker));
    const res = genesisFinalize(r1.get(o.moniker)!.secret, o.moniker, others, shares);
    o.share = res.keyPackage.signingShare;
    o.keyPackage = res.keyPackage;
    group ??= {
      groupId,
      rehearsal: true,
      threshold,
      groupKey: res.commitment[0]!,
      commitment: res.commitment,
      members: sortMembers(members.map((m) => ({ ...m, joinedAt: 0 }))),
      epoch: 0,
      genesisTranscript: fp,
      joins: [],
    };
  }
  return { session, round1, sealed, group: group! };
}

export function makeRequest(
  group: GroupPublic,
  newcomer: TestOperator,
  quorum: string[],
  over: Partial<JoinRequest> = {},
): SignedJoinRequest {
  const request: JoinRequest = {
    groupId: group.groupId,
    groupKey: group.groupKey,
    groupState: groupStateHash(group),
    epoch: group.epoch + 1,
    moniker: newcomer.moniker,
    identity: newcomer.keys.public,
    bundleKey: newcomer.bundleKey,
    url: null,
    quorum: checkQuorum(group, quorum),
    rehearsal: group.rehearsal,
    createdAt: '2026-01-01T00:00:00.000Z',
    nonce: bytesToHex(randomBytes(16)),
    ...over,
  };
  return signJoinRequest(newcomer.keys, request);
}

/** Approvals and contributions from every approver in the request. */
export function runApprovals(
  group: GroupPublic,
  ops: TestOperator[],
  signed: SignedJoinRequest,
): { approvals: Record<string, Approval>; sigmas: Record<string, string> } {
  const approvals: Record<string, Approval> = {};
  const byName = new Map(ops.map((o) => [o.moniker, o]));
  for (const q of signed.request.quorum) {
    const o = byName.get(q)!;
    approvals[q] = approveJoin(group, signed, q, o.keys, o.share!, o.seed);
  }
  const sigmas: Record<string, string> = {};
  for (const q of signed.request.quorum) {
    const o = byName.get(q)!;
    sigmas[q] = contributeToJoin(group, signed.request, q, o.keys, o.share!, o.seed, approvals);
  }
  return { approvals, sigmas };
}

export function runJoin(group: GroupPublic, ops: TestOperator[], newcomer: TestOperator, quorum: string[]): GroupPublic {
  const signed = makeRequest(group, newcomer, quorum);
  const { approvals, sigmas } = runApprovals(group, ops, signed);
  const res = finalizeJoin(group, signed, newcomer.keys, approvals, sigmas);
  newcomer.share = res.keyPackage.signingShare;
  newcomer.keyPackage = res.keyPackage;
  return res.group;
}
