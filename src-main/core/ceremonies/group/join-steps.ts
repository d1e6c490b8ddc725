/**
 * Admitting a new operator, as engine steps (the math is crypto/group/join.ts):
 *
 *  newcomer  joins from a member's group-info file under a new moniker, chooses the members
 *            (≥ M) it asks to approve, and hands them its signed join request (a .json file);
 *  approver  imports the request (checked: authentic, this group and state, new moniker),
 *            compares the newcomer's identity check code with them, and approves: the approval
 *            bundle carries its signed statement and its repair deltas sealed to each other
 *            approver; once every approver's approval is in, it sends its contribution (σ,
 *            sealed to the newcomer);
 *  newcomer  imports approvals and contributions, finalises (share checked against the group
 *            commitments, key unchanged) and sends a signed "joined" notice with a proof that it
 *            holds the share; every member then adds it to the roster and writes a transcript of
 *            who approved.
 */
import { randomBytes } from '@noble/hashes/utils.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { checkCodeOf } from '../../encoding/check-code.ts';
import { CeremonyError } from '../../errors.ts';
import type { ArtifactDraft, CreateContext, Created, StepResult } from '../../engine/protocol.ts';
import {
  decodeJoinRequestFile,
  encodeJoinRequestFile,
  joinRequestFileName,
  looksLikeJoinRequest,
  parseSignedJoinRequest,
} from '../../formats/group/join-request-file.ts';
import { validatePeerUrl } from '../../formats/group/public-info.ts';
import { checkIdentityPublic, identityFingerprint } from '../../crypto/group/identity.ts';
import { commitmentPoints, findMember, groupStateHash, type GroupPublic } from '../../crypto/group/group-public.ts';
import {
  approveJoin,
  checkApproval,
  checkJoinedStatement,
  checkJoinRequest,
  checkQuorum,
  contributeToJoin,
  finalizeJoin,
  groupAfterJoin,
  joinedStatement,
  joinRequestHash,
  signJoinRequest,
  type Approval,
  type JoinRequest,
} from '../../crypto/group/join.ts';
import { checkDistinctMonikers, sameMoniker, validateMoniker } from '../../crypto/group/moniker.ts';
import { deliverOutgoing, deliveries, ensureNoProblem, publicArtifacts, requireFolder, send, wrongStep, type Ctx } from './common.ts';
import { readPayload, Steps, type Payload } from './payloads.ts';
import { ensureIdentity, joinSeed, loadIdentity, readShare, storeShare } from './secrets.ts';
import { clone, pendingJoin, type GroupCeremonyState, type JoinState } from './state.ts';

function requireGroup(s: GroupCeremonyState): GroupPublic {
  if (!s.group) throw wrongStep('The group does not exist yet: finish genesis first.');
  return s.group;
}

/** Structural and cryptographic checks of a group-info file before a newcomer trusts it. */
function checkGroupInfo(group: GroupPublic, bundle: Bundle): void {
  const bad = (what: string) =>
    new CeremonyError(
      'group/bad-group-info',
      `This group information file is not consistent (${what}); ask the member who sent it for a new one.`,
      {},
    );
  if (group.groupId !== bundle.header.ceremonyId) throw bad('it names another group');
  if (group.rehearsal !== bundle.header.rehearsal) throw bad('rehearsal flag');
  checkDistinctMonikers(group.members.map((m) => m.moniker));
  for (const m of group.members) checkIdentityPublic(m.identity, m.moniker);
  if (group.commitment.length !== group.threshold || group.threshold > group.members.length) throw bad('threshold');
  try {
    commitmentPoints(group);
  } catch {
    throw bad('commitments');
  }
  if (group.commitment[0] !== group.groupKey) throw bad('group key');
  if (group.epoch !== group.joins.length) throw bad('join history');
  const sender = findMember(group, bundle.header.sender.id);
  if (!sender || sender.bundleKey !== bundle.header.sender.publicKey) throw bad('it was not sent by one of its members');
}

export async function joinAsNewcomer(
  bundle: Bundle,
  params: { moniker: string; url?: string | null; exchangeFolder?: string | null },
  ctx: CreateContext,
): Promise<Created<GroupCeremonyState>> {
  const p = readPayload(bundle, 'groupInfo');
  const group = p.group as GroupPublic;
  checkGroupInfo(group, bundle);
  const me = validateMoniker(params.moniker, 'your moniker');
  const existing = findMember(group, me);
  if (existing)
    throw new CeremonyError(
      'group/moniker-taken',
      `"${me}" is already the moniker of member "${existing.moniker}"; a newcomer needs a new moniker.`,
      { moniker: me },
    );
  const url = params.url ? validatePeerUrl(params.url, me) : null;
  const exchangeFolder = params.exchangeFolder ? requireFolder(params.exchangeFolder, 'exchange folder') : null;
  const keys = await ensureIdentity(ctx, me);
  const s: GroupCeremonyState = {
    version: 1,
    me,
    myIdentity: keys.public,
    origin: 'newcomer',
    title: p.title,
    groupId: group.groupId,
    rehearsal: group.rehearsal,
    url,
    exchangeFolder,
    genesis: null,
    group,
    joins: [],
    agreements: { [bundle.header.sender.id]: groupStateHash(group) },
    exports: [],
    problem: null,
  };
  return {
    ceremonyId: ctx.newCeremonyId(),
    title: p.title,
    role: 'newcomer',
    rehearsal: group.rehearsal,
    me: { id: me, label: me },
    state: s,
    summary: `Read ${bundle.header.sender.id}'s group information (${group.threshold} of ${group.members.length}, key ${group.groupKey.slice(0, 16)}…) to join as ${me}`,
    phase: 1,
  };
}

// ───────────── newcomer: request ─────────────

export async function requestJoin(
  state: GroupCeremonyState,
  input: { quorum: string[] },
  ctx: Ctx,
): Promise<StepResult<GroupCeremonyState>> {
  const s = clone(state);
  const group = requireGroup(s);
  if (s.origin !== 'newcomer' || findMember(group, s.me)) throw wrongStep('Only a newcomer who has no share yet makes a join request.');
  if (pendingJoin(s))
    throw wrongStep('Your join request is still pending; wait for the approvals (or for a refusal) before making another.');
  const quorum = checkQuorum(group, input.quorum);
  const keys = await loadIdentity(ctx);
  const request: JoinRequest = {
    groupId: group.groupId,
    groupKey: group.groupKey,
    groupState: groupStateHash(group),
    epoch: group.epoch + 1,
    moniker: s.me,
    identity: keys.public,
    bundleKey: ctx.meta.me.bundleKey,
    url: s.url,
    quorum,
    rehearsal: s.rehearsal,
    createdAt: ctx.now(),
    nonce: bytesToHex(randomBytes(16)),
  };
  const signed = signJoinRequest(keys, request);
  const requestHash = joinRequestHash(request);
  s.joins.push({
    epoch: request.epoch,
    signed,
    requestHash,
    status: 'pending',
    approvals: {},
    contributions: {},
    refusal: null,
    completedAt: null,
  });
  const artifactId = `join-request-e${request.epoch}-${requestHash.slice(0, 8)}`;
  const fileName = joinRequestFileName(s.me);
  const artifact: ArtifactDraft = {
    id: artifactId,
    name: fileName,
    description: `Your signed join request for ${quorum.join(', ')} (they check your identity code ${checkCodeOf(identityFingerprint(keys.public))} with you)`,
    mime: 'application/json',
    bytes: encodeJoinRequestFile(signed),
  };
  return {
    state: s,
    summary: `Made a join request for approval by ${quorum.join(', ')}`,
    phase: 2,
    artifacts: [artifact],
    effects: deliveries(s, [{ artifactId, fileName }]),
  };
}

/** A member imports a join request file (not a bundle: the newcomer's bundle key is unknown until now). */
export async function acceptJoinRequestFile(
  state: GroupCeremonyState,
  file: { name: string; bytes: Uint8Array },
  _ctx: Ctx,
): Promise<StepResult<GroupCeremonyState> | null> {
  if (!looksLikeJoinRequest(file.bytes)) return null;
  const signed = decodeJoinRequestFile(file.bytes);
  const s = clone(state);
  const requestHash = joinRequestHash(signed.request);
  const known = s.joins.find((j) => j.requestHash === requestHash);
  if (known) {
    const mine = sameMoniker(signed.request.moniker, s.me) && s.origin === 'newcomer';
    const what =
      known.status === 'joined'
        ? `; ${known.signed.request.moniker} joined with it (join ${known.epoch})`
        : known.status === 'refused'
          ? '; you refused it'
          : '';
    throw new CeremonyError(
      mine ? 'bundle/own-bundle' : 'bundle/duplicate',
      mine ? 'This is your own join request.' : `Already imported (join request from ${signed.request.moniker}${what}).`,
      {},
    );
  }
  const group = requireGroup(s);
  const done = group.joins.find((x) => x.requestHash === requestHash);
  if (done)
    throw new CeremonyError('bundle/duplicate', `Already handled: ${done.moniker} joined with this request (join ${done.epoch}).`, {});
  if (s.origin === 'newcomer' && !findMember(group, s.me))
    throw new BundleError('bundle/wrong-phase', `You can act on ${signed.request.moniker}'s join request once you are a member yourself.`);
  const r = checkJoinRequest(group, signed);
  const pending = pendingJoin(s);
  if (pending)
    throw new CeremonyError(
      'group/join-in-progress',
      `The join of ${pending.signed.request.moniker} is still in progress; finish it (or refuse it) before taking ${r.moniker}'s request.`,
      { moniker: r.moniker },
    );
  s.joins.push({
    epoch: r.epoch,
    signed,
    requestHash,
    status: 'pending',
    approvals: {},
    contributions: {},
    refusal: null,
    completedAt: null,
  });
  const mineToApprove = r.quorum.includes(s.me);
  return {
    state: s,
    // No identity code here: an approver types the one the newcomer reads them (it is journaled once approved).
    summary: `Join request from ${r.moniker} asking ${r.quorum.join(', ')}${mineToApprove ? ', including you,' : ''} to approve`,
    phase: 2,
  };
}

// ───────────── approvers ─────────────

function joinFor(s: GroupCeremonyState, epoch: number): JoinState {
  const j = pendingJoin(s);
  if (!j || j.epoch !== epoch) throw wrongStep(`There is no pending join number ${epoch}.`);
  return j;
}

function approvalsOf(j: JoinState): Record<string, Approval> {
  return Object.fromEntries(Object.entries(j.approvals).map(([m, { at: _at, ...a }]) => [m, a]));
}

export async function approve(
  state: GroupCeremonyState,
  input: { epoch: number; identityCheckCode: string },
  ctx: Ctx,
): Promise<StepResult<GroupCeremonyState>> {
  ensureNoProblem(state);
  const s = clone(state);
  const group = requireGroup(s);
  const j = joinFor(s, input.epoch);
  const r = j.signed.request;
  if (!r.quorum.includes(s.me))
    throw new CeremonyError('group/join-not-an-approver', `${r.moniker} did not ask you to approve; only ${r.quorum.join(', ')} can.`, {});
  if (j.approvals[s.me]) throw wrongStep(`You have already approved ${r.moniker}.`);
  const code = checkCodeOf(identityFingerprint(r.identity));
  if (input.identityCheckCode !== code)
    throw new CeremonyError(
      'group/identity-code-mismatch',
      `${input.identityCheckCode} is not the identity code in ${r.moniker}'s request. Check what you typed; if it is what ${r.moniker} read you, do not approve: the request may not come from ${r.moniker}.`,
      {},
    );
  const keys = await loadIdentity(ctx);
  const share = await readShare(ctx);
  const seed = await joinSeed(ctx, j.epoch, j.requestHash);
  const approval = approveJoin(group, j.signed, s.me, keys, share, seed);
  share.fill(0);
  j.approvals[s.me] = { ...approval, at: ctx.now() };
  const out = send(
    s,
    'approve',
    { kind: 'approve', epoch: j.epoch, approval },
    {
      step: Steps.approve(j.epoch),
      phase: 2,
      description: `Your approval of ${r.moniker}: for the other approvers (${r.quorum.filter((q) => q !== s.me).join(', ')}) and ${r.moniker}`,
    },
  );
  return {
    state: s,
    summary: `Approved ${r.moniker}'s join (identity code ${code} confirmed)`,
    outgoing: [out],
    effects: deliverOutgoing(s, [out]),
  };
}

export async function refuse(state: GroupCeremonyState, input: { epoch: number; reason: string }): Promise<StepResult<GroupCeremonyState>> {
  const s = clone(state);
  const j = joinFor(s, input.epoch);
  if (j.contributions[s.me]) throw wrongStep('You already sent your contribution for this join; it can no longer be refused here.');
  j.status = 'refused';
  j.refusal = input.reason;
  return { state: s, summary: `Refused ${j.signed.request.moniker}'s join: ${input.reason}` };
}

export async function contribute(state: GroupCeremonyState, input: { epoch?: number }, ctx: Ctx): Promise<StepResult<GroupCeremonyState>> {
  ensureNoProblem(state);
  const s = clone(state);
  const group = requireGroup(s);
  const j = joinFor(s, input.epoch ?? pendingJoin(s)?.epoch ?? 0);
  const r = j.signed.request;
  if (!j.approvals[s.me]) throw wrongStep(`Approve ${r.moniker} first.`);
  if (j.contributions[s.me]) throw wrongStep(`You already sent your contribution to ${r.moniker}.`);
  const keys = await loadIdentity(ctx);
  const share = await readShare(ctx);
  const seed = await joinSeed(ctx, j.epoch, j.requestHash);
  const sigma = contributeToJoin(group, r, s.me, keys, share, seed, approvalsOf(j));
  share.fill(0);
  j.contributions[s.me] = { sigma: null, at: ctx.now() };
  const out = send(
    s,
    'contribution',
    { kind: 'contribution', epoch: j.epoch, requestHash: j.requestHash, sigma },
    {
      step: Steps.share(j.epoch),
      phase: 3,
      description: `Your sealed contribution to ${r.moniker}'s share (only ${r.moniker} can open it)`,
    },
  );
  return {
    state: s,
    summary: `Sent my sealed contribution to ${r.moniker}`,
    phase: 3,
    outgoing: [out],
    effects: deliverOutgoing(s, [out]),
  };
}

// ───────────── newcomer: finalise ─────────────

function transcriptArtifact(s: GroupCeremonyState, before: GroupPublic, j: JoinState): ArtifactDraft {
  const r = j.signed.request;
  const doc = {
    format: 'ceremony-group-join-transcript',
    version: 1,
    rehearsal: s.rehearsal,
    group: { id: before.groupId, key: before.groupKey, threshold: before.threshold, stateBefore: groupStateHash(before) },
    newcomer: {
      moniker: r.moniker,
      identityFingerprint: identityFingerprint(r.identity),
      identityCheckCode: checkCodeOf(identityFingerprint(r.identity)),
      url: r.url,
    },
    request: { hash: j.requestHash, createdAt: r.createdAt, signature: j.signed.signature, quorum: r.quorum },
    approvals: r.quorum.map((q) => ({
      approver: q,
      receivedAt: j.approvals[q]?.at ?? null,
      signature: j.approvals[q]?.signature ?? null,
      contributionSentAt: j.contributions[q]?.at ?? null,
    })),
    result: {
      epoch: j.epoch,
      completedAt: j.completedAt,
      groupKeyUnchanged: true,
      members: (s.group ?? before).members.map((m) => m.moniker),
    },
  };
  return {
    id: `join-transcript-e${j.epoch}`,
    name: `join-${j.epoch}-${r.moniker}-transcript.json`,
    description: `Who approved ${r.moniker}'s join, with their signatures (public record)`,
    mime: 'application/json',
    bytes: utf8ToBytes(`${JSON.stringify(doc, null, 2)}\n`),
  };
}

export async function finalizeAsNewcomer(state: GroupCeremonyState, ctx: Ctx): Promise<StepResult<GroupCeremonyState>> {
  const s = clone(state);
  const group = requireGroup(s);
  const j = pendingJoin(s);
  if (s.origin !== 'newcomer' || !j || !sameMoniker(j.signed.request.moniker, s.me))
    throw wrongStep('There is no join request of yours to finalise.');
  const keys = await loadIdentity(ctx);
  const sigmas = Object.fromEntries(Object.entries(j.contributions).flatMap(([m, c]) => (c.sigma ? [[m, c.sigma]] : [])));
  const result = finalizeJoin(group, j.signed, keys, approvalsOf(j), sigmas);
  await storeShare(ctx, result.keyPackage.signingShare, result.keyPackage.verifyingShare, s.me);
  const statement = joinedStatement(keys, j.signed.request, result.keyPackage);
  j.status = 'joined';
  j.completedAt = ctx.now();
  s.group = result.group;
  const joined = send(
    s,
    'joined',
    {
      kind: 'joined',
      epoch: j.epoch,
      request: { request: { ...j.signed.request }, signature: j.signed.signature },
      approvals: approvalsOf(j),
      statement,
    },
    { step: Steps.joined(j.epoch), phase: 3, description: 'Your "joined" notice for every member (they add you to the roster)' },
  );
  const info = send(
    s,
    'groupInfo',
    { kind: 'group-info', title: s.title, group: structuredClone(result.group) as Payload<'groupInfo'>['group'] },
    {
      step: Steps.groupInfo(result.group.epoch),
      phase: 3,
      description: 'Group information for a future newcomer (public)',
    },
  );
  return {
    state: s,
    summary: `Joined: my share is checked against the group commitments and in the vault; the group key is unchanged`,
    phase: 3,
    outgoing: [joined, info],
    artifacts: [...publicArtifacts(result.group), transcriptArtifact(s, group, j)],
    effects: deliverOutgoing(s, [joined, info]),
  };
}

// ───────────── incoming bundles ─────────────

function reject(bundle: Bundle, message: string): BundleError {
  return new BundleError('bundle/rejected-by-protocol', message, { sender: bundle.header.sender.id });
}
function tooEarly(message: string): BundleError {
  return new BundleError('bundle/wrong-phase', message);
}

export async function acceptJoinBundle(
  state: GroupCeremonyState,
  bundle: Bundle,
  kind: 'approve' | 'share' | 'joined' | 'group-info',
  epoch: number,
  ctx: Ctx,
): Promise<StepResult<GroupCeremonyState>> {
  const s = clone(state);
  const who = bundle.header.sender.id;
  if (!s.group) throw tooEarly(`The "${bundle.header.step}" bundle from ${who} came before genesis finished here.`);
  const group = s.group;

  if (kind === 'group-info') {
    const p = readPayload(bundle, 'groupInfo');
    const theirs = groupStateHash(p.group as GroupPublic);
    if (epoch > group.epoch && s.origin === 'newcomer' && !findMember(group, s.me)) {
      // A newcomer who is not a member yet may catch up with a newer state of the same group.
      const newer = p.group as GroupPublic;
      checkGroupInfo(newer, bundle);
      if (!extendsGroup(group, newer))
        throw reject(
          bundle,
          `${who}'s newer group information does not extend the group you know (different key, commitments or history).`,
        );
      s.group = newer;
      s.agreements = { [who]: theirs };
      const outdated = retireOutdated(s);
      return {
        state: s,
        summary: `Updated the group to ${who}'s newer information (join ${epoch}, ${newer.members.length} members)${outdated ? `; ${outdated}` : ''}`,
        phase: 1,
      };
    }
    if (epoch > group.epoch) throw tooEarly(`${who}'s group information is newer than yours (join ${epoch}); import that join first.`);
    if (epoch < group.epoch)
      return { state: s, summary: `${who}'s group information is from before join ${group.epoch} (older, nothing to compare)` };
    if (theirs !== groupStateHash(group))
      throw reject(
        bundle,
        `${who}'s group information differs from yours at the same point (join ${epoch}); compare group keys and rosters with ${who}.`,
      );
    s.agreements[who] = theirs;
    return {
      state: s,
      summary: `${who} holds the same group state as you (${group.members.length} members, key ${group.groupKey.slice(0, 16)}…)`,
    };
  }

  if (kind === 'approve') {
    const p = readPayload(bundle, 'approve');
    if (p.epoch !== epoch) throw reject(bundle, `${who}'s approval names join ${p.epoch} in a "${bundle.header.step}" bundle.`);
    const j = s.joins.find((x) => x.requestHash === p.approval.requestHash);
    if (!j) throw tooEarly(`${who}'s approval is for a join request you have not imported yet; import the request first.`);
    checkApproval(group, j.signed.request, who, p.approval);
    j.approvals[who] = { ...p.approval, at: ctx.now() };
    const n = Object.keys(j.approvals).length;
    return {
      state: s,
      summary: `Approval from ${who} for ${j.signed.request.moniker}'s join (${n} of ${j.signed.request.quorum.length})`,
    };
  }

  if (kind === 'share') {
    const p = readPayload(bundle, 'contribution');
    const j = s.joins.find((x) => x.requestHash === p.requestHash);
    if (!j || p.epoch !== j.epoch) throw tooEarly(`${who}'s contribution is for a join request you have not imported yet.`);
    if (!j.signed.request.quorum.includes(who))
      throw reject(bundle, `${who} is not one of the approvers of ${j.signed.request.moniker}'s join.`);
    const forMe = s.origin === 'newcomer' && sameMoniker(j.signed.request.moniker, s.me);
    j.contributions[who] = { sigma: forMe ? p.sigma : null, at: ctx.now() };
    const all = j.signed.request.quorum.every((q) => j.contributions[q]);
    return {
      state: s,
      summary: forMe
        ? `Sealed contribution from ${who}${all ? '; every approver has contributed' : ''}`
        : `${who} sent their contribution to ${j.signed.request.moniker}`,
      phase: forMe && all ? 3 : undefined,
    };
  }

  // joined
  const p = readPayload(bundle, 'joined');
  const signed = parseSignedJoinRequest(p.request);
  const r = signed.request;
  if (!sameMoniker(r.moniker, who)) throw reject(bundle, `The "joined" notice from ${who} is about ${r.moniker}.`);
  if (epoch > group.epoch + 1) throw tooEarly(`${who}'s "joined" notice is for join ${epoch}; import join ${group.epoch + 1} first.`);
  if (epoch <= group.epoch) throw reject(bundle, `Join ${epoch} is already recorded here.`);
  checkJoinRequest(group, signed);
  const approvals = p.approvals as Record<string, Approval>;
  const missing = r.quorum.filter((q) => !approvals[q]);
  if (missing.length)
    throw reject(bundle, `${who}'s "joined" notice lacks the approvals of ${missing.join(', ')}; a join needs every named approver.`);
  for (const q of r.quorum) checkApproval(group, r, q, approvals[q]!);
  checkJoinedStatement(group, r, p.statement);
  const requestHash = joinRequestHash(r);
  let j = s.joins.find((x) => x.requestHash === requestHash);
  if (!j) {
    j = { epoch: r.epoch, signed, requestHash, status: 'pending', approvals: {}, contributions: {}, refusal: null, completedAt: null };
    s.joins.push(j);
  }
  for (const q of r.quorum) j.approvals[q] ??= { ...approvals[q]!, at: bundle.header.createdAt };
  j.status = 'joined';
  j.completedAt = ctx.now();
  s.group = groupAfterJoin(group, r);
  retireOutdated(s);
  const info = send(
    s,
    'groupInfo',
    { kind: 'group-info', title: s.title, group: structuredClone(s.group) as Payload<'groupInfo'>['group'] },
    {
      step: Steps.groupInfo(s.group.epoch),
      phase: 3,
      description: 'Group information for a future newcomer (public)',
    },
  );
  return {
    state: s,
    summary: `${r.moniker} joined the group (approved by ${r.quorum.join(', ')}); the group key is unchanged`,
    phase: 3,
    outgoing: [info],
    artifacts: [...publicArtifacts(s.group), transcriptArtifact(s, group, j)],
    effects: deliverOutgoing(s, [info]),
  };
}

/** True when `newer` is `old` after more joins: same key, commitments and threshold, old members and history kept. */
function extendsGroup(old: GroupPublic, newer: GroupPublic): boolean {
  if (
    newer.groupId !== old.groupId ||
    newer.groupKey !== old.groupKey ||
    newer.threshold !== old.threshold ||
    newer.genesisTranscript !== old.genesisTranscript
  )
    return false;
  if (newer.commitment.join() !== old.commitment.join() || newer.epoch <= old.epoch) return false;
  const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);
  if (!old.joins.every((j, i) => same(j, newer.joins[i]))) return false;
  return old.members.every((m) => {
    const n = findMember(newer, m.moniker);
    return n !== undefined && n.bundleKey === m.bundleKey && same(n.identity, m.identity);
  });
}

/** Pending joins made for an earlier state of the group can never complete: mark them. Returns a sentence, or ''. */
function retireOutdated(s: GroupCeremonyState): string {
  const g = s.group!;
  const stale = s.joins.filter(
    (j) => j.status === 'pending' && j.signed.request.groupState !== groupStateHash(g) && !findMember(g, j.signed.request.moniker),
  );
  for (const j of stale) {
    j.status = 'refused';
    j.refusal = `outdated: the group changed (join ${g.epoch}) before this request was approved; a new request is needed`;
  }
  return stale.length ? `the pending request of ${stale.map((j) => j.signed.request.moniker).join(', ')} is outdated` : '';
}
