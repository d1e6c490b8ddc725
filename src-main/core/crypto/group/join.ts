/**
 * Adding an operator to a group by quorum approval, without changing the group key: FROST's
 * repairable threshold scheme (frost-core `keys::repairable`, our crypto/frost/repair.ts) run
 * for a NEW identifier, the newcomer's moniker point x_D. Choreography over bundles:
 *
 *  1. request   the newcomer D signs a join request with its identity key: moniker, identity
 *               and bundle keys, the group (id, key, current state hash) and the quorum H of
 *               ≥ M members it asked to approve.
 *  2. approve   each approver i ∈ H checks the request (authentic, for this group and state, D is
 *               a new moniker, H is ≥ M members), then runs repair step 1: it splits λᵢ(x_D)·sᵢ
 *               into one random δᵢⱼ per approver j, seals each δᵢⱼ to j, and broadcasts the
 *               commitments δᵢⱼ·G with a signed approval statement. Everyone can check that the
 *               commitments add up to λᵢ(x_D)·Yᵢ, i.e. i used its real share.
 *  3. contribute once i holds every approver's approval, it opens the deltas sealed to it, checks
 *               each against its commitment (naming a cheat) and seals σᵢ = Σⱼ δⱼᵢ to D.
 *  4. finalise  D opens the σ's, checks each against the commitments, sums them into s_D and
 *               checks s_D·G = Σⱼ Cⱼ·x_Dʲ against the group commitment; the group key is unchanged.
 *
 * Unlike trust-server's `add-new` (pairwise DH masks, exactly M approvers, no blame), any helper
 * who cheats is named, and the request is authenticated and checked for a reused moniker.
 */
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import { bytesToBase64, base64ToBytes, isStrictBase64 } from '../../encoding/base64.ts';
import { lagrangeCoefficient } from '../frost/polynomial.ts';
import {
  createRepairPlan,
  repairHelperStep1,
  repairHelperStep2,
  repairParticipantStep3,
  type RepairCommitments,
  type RepairPlan,
} from '../frost/repair.ts';
import { seededRng } from '../frost/rng.ts';
import type { Identifier } from '../frost/identifier.ts';
import type { KeyPackage } from '../frost/types.ts';
import { openEnvelope, sealEnvelope, type EnvelopeContext } from './envelope.ts';
import {
  checkIdentityPublic,
  identityFingerprint,
  signStatement,
  verifyStatement,
  type IdentityKeys,
  type IdentityPublic,
} from './identity.ts';
import { findMember, groupStateHash, keyPackageOf, publicKeyPackageOf, verifyingShareOf, type GroupPublic } from './group-public.ts';
import { checkDistinctMonikers, monikerIdentifier, monikerX, sameMoniker, validateMoniker } from './moniker.ts';
import { proveKnowledge, verifyKnowledge } from './pok.ts';
import { groupDigest, sortMembers } from './roster.ts';
import { GROUP_SUITE as S, GROUP_SUITE_ID } from './suite.ts';

export type JoinRequest = {
  readonly groupId: string;
  readonly groupKey: string;
  /** groupStateHash of the group when the request was made. */
  readonly groupState: string;
  /** The join's sequence number: the group's epoch + 1. */
  readonly epoch: number;
  readonly moniker: string;
  readonly identity: IdentityPublic;
  readonly bundleKey: string;
  readonly url: string | null;
  /** Monikers of the members asked to approve (sorted, ≥ threshold). */
  readonly quorum: readonly string[];
  readonly rehearsal: boolean;
  readonly createdAt: string;
  /** 16 random bytes (hex): two requests are never the same bytes. */
  readonly nonce: string;
};

export type SignedJoinRequest = {
  readonly request: JoinRequest;
  /** Ed25519 signature by request.identity.signKey over the request (128 hex). */
  readonly signature: string;
};

export function joinRequestHash(r: JoinRequest): string {
  return groupDigest('join-request', r);
}

export function signJoinRequest(keys: IdentityKeys, request: JoinRequest): SignedJoinRequest {
  return { request, signature: signStatement(keys, 'join-request', request) };
}

/** Checks a quorum against the group: distinct members, at least the threshold. Returns it sorted. */
export function checkQuorum(group: GroupPublic, quorum: readonly string[]): string[] {
  if (!Array.isArray(quorum)) throw new CeremonyError('group/join-request-malformed', 'The join request does not list its approvers.', {});
  checkDistinctMonikers(quorum);
  for (const q of quorum)
    if (!findMember(group, q))
      throw new CeremonyError('group/join-quorum-unknown', `The approver "${q}" named in the join request is not a member of this group.`, {
        moniker: q,
      });
  if (quorum.length < group.threshold)
    throw new CeremonyError(
      'group/join-not-enough-approvers',
      `A join needs at least ${group.threshold} approving members (the threshold), but only ${quorum.length} ${quorum.length === 1 ? 'is' : 'are'} named; ask ${group.threshold - quorum.length} more.`,
      { expected: group.threshold, received: quorum.length },
    );
  return sortMembers(quorum.map((moniker) => ({ moniker }))).map((m) => findMember(group, m.moniker)!.moniker);
}

const HEX32 = /^[0-9a-f]{64}$/;

/**
 * Everything an approver (and the newcomer itself) checks about a request, each failure with
 * its own code: shape, signature (forged), group and rehearsal flag (another group), state hash
 * (stale or replayed), moniker (reused), quorum (too small or unknown members).
 */
export function checkJoinRequest(group: GroupPublic, signed: SignedJoinRequest): JoinRequest {
  const malformed = (what: string) => new CeremonyError('group/join-request-malformed', `This join request is malformed (${what}).`, {});
  const r = signed?.request as JoinRequest | undefined;
  if (!r || typeof r !== 'object') throw malformed('no request');
  if (typeof r.moniker !== 'string') throw malformed('no moniker');
  const who = r.moniker;
  const identity = checkIdentityPublic(r.identity, who);
  if (!verifyStatement(identity, 'join-request', r, signed.signature))
    throw new CeremonyError(
      'group/join-request-forged',
      `The join request claiming to come from "${who.slice(0, 64)}" is not signed by the identity key it carries: it was altered or forged. Do not approve it.`,
      { moniker: who.slice(0, 64) },
    );
  validateMoniker(who);
  if (typeof r.groupId !== 'string' || typeof r.groupKey !== 'string' || !HEX32.test(r.groupKey)) throw malformed('group fields');
  if (!HEX32.test(r.bundleKey ?? '')) throw malformed('bundle key');
  if (typeof r.nonce !== 'string' || !/^[0-9a-f]{32}$/.test(r.nonce)) throw malformed('nonce');
  if (r.url !== null && typeof r.url !== 'string') throw malformed('url');
  if (r.groupId !== group.groupId || r.groupKey !== group.groupKey)
    throw new CeremonyError(
      'group/join-request-other-group',
      `The join request from ${who} was made for another group (key ${r.groupKey.slice(0, 16)}…), not this one.`,
      {
        moniker: who,
      },
    );
  if (r.rehearsal !== group.rehearsal)
    throw new CeremonyError(
      'group/join-request-other-group',
      r.rehearsal
        ? `The join request from ${who} comes from a rehearsal and cannot be used in a real group.`
        : `The join request from ${who} is a real one and cannot be used in a rehearsal.`,
      { moniker: who },
    );
  if (r.epoch !== group.epoch + 1 || r.groupState !== groupStateHash(group))
    throw new CeremonyError(
      'group/join-request-stale',
      `The join request from ${who} was made for an earlier state of this group (a replayed or outdated request); ${who} must make a new request from the current group information.`,
      { moniker: who },
    );
  const existing = findMember(group, who);
  if (existing)
    throw new CeremonyError(
      'group/moniker-taken',
      `"${who}" is already the name of ${existing.moniker === who ? 'a member' : `member "${existing.moniker}"`} of this group; a newcomer must use a new moniker (approving would hand out a copy of that member's share).`,
      { moniker: who },
    );
  for (const m of group.members)
    if (monikerX(m.moniker) === monikerX(who))
      throw new CeremonyError('group/moniker-taken', `"${who}" maps to the same point as member "${m.moniker}"; choose another moniker.`, {
        moniker: who,
      });
  const quorum = checkQuorum(group, r.quorum);
  if (quorum.join('\n') !== r.quorum.join('\n')) throw malformed('the approvers must be listed by their exact monikers, in sorted order');
  return r;
}

/** The repair plan for a request: participant x_D, helpers = the quorum's points. */
export function joinPlan(group: GroupPublic, r: JoinRequest): RepairPlan {
  return createRepairPlan(
    publicKeyPackageOf(group),
    monikerIdentifier(r.moniker),
    r.quorum.map((q) => monikerIdentifier(q)),
  );
}

function deltaContext(group: GroupPublic, requestHash: string, from: string, to: string): EnvelopeContext {
  return { groupId: group.groupId, purpose: 'repair-delta', from, to, session: requestHash };
}
function sigmaContext(group: GroupPublic, requestHash: string, from: string, to: string): EnvelopeContext {
  return { groupId: group.groupId, purpose: 'repair-sigma', from, to, session: requestHash };
}

/** An approval as broadcast by approver i. Public: the deltas are sealed. */
export type Approval = {
  readonly requestHash: string;
  readonly approver: string;
  /** δᵢⱼ·G for each approver j, keyed by j's moniker (hex). */
  readonly commitments: Readonly<Record<string, string>>;
  /** δᵢⱼ sealed to j, for every other approver j (base64). */
  readonly deltas: Readonly<Record<string, string>>;
  /** Approver's identity signature over the statement below (128 hex). */
  readonly signature: string;
};

function approvalStatement(r: JoinRequest, requestHash: string, approver: string, commitments: Readonly<Record<string, string>>) {
  return {
    requestHash,
    approver,
    newcomer: r.moniker,
    newcomerIdentity: identityFingerprint(r.identity),
    groupKey: r.groupKey,
    commitments,
  };
}

function helperSeedRng(seed: Uint8Array, requestHash: string) {
  return seededRng(seed, `group/join/${requestHash}/deltas`);
}

/**
 * Approver `me`'s repair step 1 for request `r`, re-derivable from its join seed: the secret
 * deltas (by helper identifier) and their public commitments.
 */
export function repairStep1(group: GroupPublic, r: JoinRequest, me: string, share: Uint8Array, seed: Uint8Array) {
  return repairHelperStep1(joinPlan(group, r), keyPackageFor(group, me, share), helperSeedRng(seed, joinRequestHash(r)));
}

function keyPackageFor(group: GroupPublic, me: string, share: Uint8Array): KeyPackage {
  return keyPackageOf(group, findMember(group, me)!.moniker, share);
}

/** Maps a FROST error naming a culprit identifier to one naming the member's moniker. */
function withMonikers<T>(group: GroupPublic, extra: readonly string[], fn: () => T): T {
  try {
    return fn();
  } catch (e) {
    if (isCeremonyError(e) && typeof e.details.culprit === 'string') {
      const names = new Map([...group.members.map((m) => m.moniker), ...extra].map((m) => [monikerIdentifier(m), m] as const));
      const name = names.get(e.details.culprit);
      if (name)
        throw new CeremonyError(e.code, e.message.replaceAll(e.details.culprit, name), {
          ...e.details,
          culprit: name,
        });
    }
    throw e;
  }
}

/**
 * Step 2, approver `me`: checks the request again, then splits its weighted share. `seed` is a
 * vault secret for this approval, so a re-run produces the same deltas and envelopes.
 */
export function approveJoin(
  group: GroupPublic,
  signed: SignedJoinRequest,
  me: string,
  keys: IdentityKeys,
  share: Uint8Array,
  seed: Uint8Array,
): Approval {
  const r = checkJoinRequest(group, signed);
  if (!r.quorum.some((q) => sameMoniker(q, me)))
    throw new CeremonyError(
      'group/join-not-an-approver',
      `${r.moniker} did not ask you (${me}) to approve; only ${r.quorum.join(', ')} can.`,
      { moniker: me },
    );
  const requestHash = joinRequestHash(r);
  const { deltas, commitments } = repairStep1(group, r, me, share, seed);
  const byMoniker: Record<string, string> = {};
  const sealed: Record<string, string> = {};
  for (const q of r.quorum) {
    const id = monikerIdentifier(q);
    byMoniker[q] = bytesToHex(commitments.deltaCommitments[id]!);
    if (sameMoniker(q, me)) continue;
    const to = findMember(group, q)!;
    sealed[q] = bytesToBase64(
      sealEnvelope(
        keys.encSecret,
        to.identity.encKey,
        deltaContext(group, requestHash, me, q),
        deltas[id]!,
        seededRng(seed, `group/join/${requestHash}/envelope/${q}`),
      ),
    );
  }
  return {
    requestHash,
    approver: me,
    commitments: byMoniker,
    deltas: sealed,
    signature: signStatement(keys, 'join-approval', approvalStatement(r, requestHash, me, byMoniker)),
  };
}

/**
 * Checks an approval as it arrives (at members and at the newcomer): from a quorum member, for
 * this request, signed by that member's identity key, one commitment per approver and a sealed
 * delta for every other approver, and Σⱼ δᵢⱼ·G = λᵢ(x_D)·Yᵢ (the approver split its real share).
 */
export function checkApproval(group: GroupPublic, r: JoinRequest, sender: string, a: Approval): void {
  const requestHash = joinRequestHash(r);
  const bad = (code: ErrorCode, what: string) =>
    new CeremonyError(code, `The approval from ${sender} for ${r.moniker}'s join ${what}.`, { culprit: sender });
  if (!a || typeof a !== 'object' || a.approver !== sender) throw bad('group/approval-malformed', 'is malformed or names another approver');
  if (!r.quorum.some((q) => q === sender))
    throw bad('group/join-not-an-approver', `comes from someone ${r.moniker} did not ask (${sender} is not in the quorum)`);
  if (a.requestHash !== requestHash) throw bad('group/approval-other-request', 'approves a different join request');
  const member = findMember(group, sender)!;
  if (typeof a.commitments !== 'object' || a.commitments === null || typeof a.deltas !== 'object' || a.deltas === null)
    throw bad('group/approval-malformed', 'is malformed');
  if (!verifyStatement(member.identity, 'join-approval', approvalStatement(r, requestHash, sender, a.commitments), a.signature))
    throw bad('group/approval-forged', `is not signed by ${sender}'s identity key`);
  const keys = Object.keys(a.commitments);
  if (keys.length !== r.quorum.length || r.quorum.some((q) => !HEX32.test(a.commitments[q] ?? '')))
    throw bad('group/approval-malformed', 'does not commit to one delta per approver');
  for (const q of r.quorum) {
    if (q === sender) continue;
    const d = a.deltas[q];
    if (typeof d !== 'string' || !isStrictBase64(d)) throw bad('group/approval-malformed', `has no sealed delta for ${q}`);
  }
  let sum = S.zero;
  for (const q of r.quorum) {
    try {
      sum = sum.add(S.elementFromBytes(hexToBytes(a.commitments[q]!), 'delta commitment'));
    } catch {
      throw bad('group/approval-malformed', 'carries an invalid delta commitment');
    }
  }
  const xs = r.quorum.map((q) => monikerX(q));
  const lambda = lagrangeCoefficient(S, xs, monikerX(sender), monikerX(r.moniker));
  const expected = S.elementFromBytes(verifyingShareOf(group, sender), 'verifying share').multiplyUnsafe(lambda);
  if (!sum.equals(expected))
    throw bad(
      'group/approval-wrong-share',
      `does not add up to ${sender}'s share of the group key, so ${sender} did not use their real share`,
    );
}

function repairCommitments(r: JoinRequest, approvals: Readonly<Record<string, Approval>>): Record<Identifier, RepairCommitments> {
  const out: Record<Identifier, RepairCommitments> = {};
  const participant = monikerIdentifier(r.moniker);
  for (const i of r.quorum) {
    const a = approvals[i]!;
    const deltaCommitments: Record<Identifier, Uint8Array> = {};
    for (const j of r.quorum) deltaCommitments[monikerIdentifier(j)] = hexToBytes(a.commitments[j]!);
    out[monikerIdentifier(i)] = { suite: GROUP_SUITE_ID, helper: monikerIdentifier(i), participant, deltaCommitments };
  }
  return out;
}

function missingApprovals(r: JoinRequest, approvals: Readonly<Record<string, Approval>>): string[] {
  return r.quorum.filter((q) => !approvals[q]);
}

/**
 * Step 3, approver `me`: once every approver's approval is in, opens the deltas sealed to `me`,
 * checks them (naming a cheat) and seals σ to the newcomer. Returns the envelope (base64).
 */
export function contributeToJoin(
  group: GroupPublic,
  r: JoinRequest,
  me: string,
  keys: IdentityKeys,
  share: Uint8Array,
  seed: Uint8Array,
  approvals: Readonly<Record<string, Approval>>,
): string {
  const requestHash = joinRequestHash(r);
  const missing = missingApprovals(r, approvals);
  if (missing.length)
    throw new CeremonyError(
      'group/join-waiting-for-approvals',
      `You can send your contribution once every approver's approval is in; still missing: ${missing.join(', ')}.`,
      { missing: missing.join(', ') },
    );
  for (const [sender, a] of Object.entries(approvals)) checkApproval(group, r, sender, a);
  const plan = joinPlan(group, r);
  const kp = keyPackageFor(group, me, share);
  const own = repairStep1(group, r, me, share, seed).deltas[monikerIdentifier(me)]!;
  const received: Record<Identifier, Uint8Array> = { [monikerIdentifier(me)]: own };
  for (const i of r.quorum) {
    if (i === me) continue;
    const from = findMember(group, i)!;
    received[monikerIdentifier(i)] = openEnvelope(
      keys.encSecret,
      from.identity.encKey,
      deltaContext(group, requestHash, i, me),
      base64ToBytes(approvals[i]!.deltas[me]!),
      32,
    );
  }
  const { sigma } = withMonikers(group, [r.moniker], () =>
    repairHelperStep2(plan, kp, publicKeyPackageOf(group), received, repairCommitments(r, approvals)),
  );
  return bytesToBase64(
    sealEnvelope(
      keys.encSecret,
      r.identity.encKey,
      sigmaContext(group, requestHash, me, r.moniker),
      sigma,
      seededRng(seed, `group/join/${requestHash}/sigma`),
    ),
  );
}

export interface JoinResult {
  readonly keyPackage: KeyPackage;
  /** The group after the join: one more member, same key. */
  readonly group: GroupPublic;
}

/**
 * Step 4, the newcomer: needs an approval and a sealed σ from EVERY approver in its request
 * (at least the threshold). Checks each σ, rebuilds s_D, checks it against the group commitment
 * and that the group key is unchanged.
 */
export function finalizeJoin(
  group: GroupPublic,
  signed: SignedJoinRequest,
  keys: IdentityKeys,
  approvals: Readonly<Record<string, Approval>>,
  sigmas: Readonly<Record<string, string>>,
): JoinResult {
  const r = checkJoinRequest(group, signed);
  const requestHash = joinRequestHash(r);
  const approved = r.quorum.filter((q) => approvals[q]);
  const contributed = r.quorum.filter((q) => approvals[q] && sigmas[q]);
  if (contributed.length < r.quorum.length) {
    const missing = r.quorum.filter((q) => !contributed.includes(q));
    throw new CeremonyError(
      'group/join-not-enough-approvals',
      `Only ${contributed.length} of the ${r.quorum.length} approvals this join needs are complete (at least ${group.threshold}, the threshold, and every member you asked); still missing: ${missing.join(', ')}. Nothing was changed.`,
      { expected: r.quorum.length, received: contributed.length, approved: approved.length, missing: missing.join(', ') },
    );
  }
  for (const [sender, a] of Object.entries(approvals)) checkApproval(group, r, sender, a);
  const plan = joinPlan(group, r);
  const opened: Record<Identifier, Uint8Array> = {};
  for (const j of r.quorum) {
    const from = findMember(group, j)!;
    opened[monikerIdentifier(j)] = openEnvelope(
      keys.encSecret,
      from.identity.encKey,
      sigmaContext(group, requestHash, j, r.moniker),
      base64ToBytes(sigmas[j]!),
      32,
    );
  }
  const out = withMonikers(group, [r.moniker], () =>
    repairParticipantStep3(plan, publicKeyPackageOf(group), opened, repairCommitments(r, approvals)),
  );
  const expected = bytesToHex(verifyingShareOf(group, r.moniker));
  if (bytesToHex(out.keyPackage.verifyingShare) !== expected)
    throw new CeremonyError(
      'group/join-share-mismatch',
      `The rebuilt share does not match the group's commitments; the approvers may hold different group data.`,
      {},
    );
  if (bytesToHex(out.publicKeyPackage.verifyingKey) !== group.groupKey) throw new Error('finalizeJoin: the group key changed');
  return { keyPackage: out.keyPackage, group: groupAfterJoin(group, r) };
}

/** The group's public state once `r.moniker` holds a share (every member computes the same). */
export function groupAfterJoin(group: GroupPublic, r: JoinRequest): GroupPublic {
  return {
    ...group,
    members: sortMembers([
      ...group.members,
      { moniker: r.moniker, identity: r.identity, bundleKey: r.bundleKey, url: r.url, joinedAt: group.epoch + 1 },
    ]),
    epoch: group.epoch + 1,
    joins: [...group.joins, { epoch: group.epoch + 1, moniker: r.moniker, requestHash: joinRequestHash(r), approvers: [...r.quorum] }],
  };
}

/**
 * The newcomer's signed "I hold my share" statement, sent to every member. Since anyone can
 * compute Y_D from public data, it carries a proof of knowledge of s_D (bound to the request):
 * the newcomer really rebuilt the share, it is not just claiming membership.
 */
export interface JoinedStatement {
  readonly requestHash: string;
  readonly verifyingShare: string;
  readonly groupKey: string;
  readonly shareProof: string;
  readonly signature: string;
}

export function joinedStatement(keys: IdentityKeys, r: JoinRequest, keyPackage: KeyPackage): JoinedStatement {
  const requestHash = joinRequestHash(r);
  const s = S.scalarFromBytes(keyPackage.signingShare, 'share');
  // Deterministic nonce keyed by the share itself (as RFC 8032 does), so a re-run proves identically.
  const proof = proveKnowledge(
    requestHash,
    monikerIdentifier(r.moniker),
    s,
    seededRng(keyPackage.signingShare, `group/join/${requestHash}/share-proof`),
    'share',
  );
  const body = { requestHash, verifyingShare: bytesToHex(keyPackage.verifyingShare), groupKey: r.groupKey, shareProof: bytesToHex(proof) };
  return { ...body, signature: signStatement(keys, 'joined', body) };
}

/**
 * A member checks the newcomer's statement: signed by the requester for this request, the
 * verifying share the group's commitments give x_D, and a valid proof of holding its share.
 */
export function checkJoinedStatement(group: GroupPublic, r: JoinRequest, s: JoinedStatement): void {
  const body = { requestHash: s?.requestHash, verifyingShare: s?.verifyingShare, groupKey: s?.groupKey, shareProof: s?.shareProof };
  if (!verifyStatement(r.identity, 'joined', body, s?.signature) || s.requestHash !== joinRequestHash(r))
    throw new CeremonyError(
      'group/joined-forged',
      `The "joined" notice for ${r.moniker} is not signed by ${r.moniker}'s identity key for this request.`,
      { culprit: r.moniker },
    );
  const expected = verifyingShareOf(group, r.moniker);
  if (s.groupKey !== group.groupKey || s.verifyingShare !== bytesToHex(expected))
    throw new CeremonyError(
      'group/joined-mismatch',
      `${r.moniker} reports a share that does not fit this group's commitments; their join failed.`,
      { culprit: r.moniker },
    );
  if (typeof s.shareProof !== 'string' || !/^[0-9a-f]{128}$/.test(s.shareProof))
    throw new CeremonyError('group/joined-forged', `The "joined" notice for ${r.moniker} carries no valid proof of holding the share.`, {
      culprit: r.moniker,
    });
  verifyKnowledge(
    s.requestHash,
    r.moniker,
    monikerIdentifier(r.moniker),
    S.elementFromBytes(expected, 'verifying share'),
    hexToBytes(s.shareProof),
    'share',
  );
}
