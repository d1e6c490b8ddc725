/**
 * Genesis, as engine steps. The coordinator lists the N agreed monikers and the threshold M in
 * an invitation; each operator joins from it under their moniker and sends a signed
 * registration (identity keys, server URL). When everyone is registered, every operator sees
 * the same roster check code, compares it with the others and confirms it, which sends their
 * round-1 package; then round 2 (sealed shares); then finalisation, where each dealt share is
 * checked against its dealer's commitment and a cheating dealer is named. Operators finally
 * exchange their group key and transcript hash to confirm they all derived the same result.
 */
import { acceptRecordSignature, signGenesisRecord } from './record.ts';
import { base64ToBytes, bytesToBase64 } from '../../encoding/base64.ts';
import { checkCodeOf, fingerprintOf } from '../../encoding/check-code.ts';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { CreateContext, Created, StepResult } from '../../engine/protocol.ts';
import { validatePeerUrl } from '../../formats/group/public-info.ts';
import {
  checkDealtShare,
  checkGenesisRound1,
  genesisFinalize,
  genesisRound1,
  genesisRound2,
  openDealtShare,
  type GenesisSession,
} from '../../crypto/group/genesis.ts';
import { signStatement, verifyStatement, type IdentityKeys } from '../../crypto/group/identity.ts';
import { checkDistinctMonikers, validateMoniker } from '../../crypto/group/moniker.ts';
import { checkThreshold, groupDigest, rosterFingerprint, sortMembers, type RosterMember } from '../../crypto/group/roster.ts';
import type { GroupPublic } from '../../crypto/group/group-public.ts';
import { deliverOutgoing, ensureNoProblem, publicArtifacts, requireFolder, send, wrongStep, type Ctx } from './common.ts';
import { readPayload, Steps, type Payload } from './payloads.ts';
import { ensureIdentity, genesisSeed, loadIdentity, readGenesisSeed, storeShare } from './secrets.ts';
import { clone, type GenesisState, type GroupCeremonyState, type Registration } from './state.ts';

export interface GenesisCreateParams {
  moniker: string;
  members: string[];
  threshold: number;
  url?: string | null;
  exchangeFolder?: string | null;
}

function registrationBody(groupId: string, r: Omit<Registration, 'signature'>) {
  return { groupId, moniker: r.moniker, identity: r.identity, url: r.url };
}

function register(groupId: string, moniker: string, keys: IdentityKeys, url: string | null): Registration {
  const body = { moniker, identity: keys.public, url };
  return { ...body, signature: signStatement(keys, 'registration', registrationBody(groupId, body)) };
}

function checkRegistration(groupId: string, sender: string, r: Registration): void {
  if (r.moniker !== sender)
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The registration sent by ${sender} is for "${r.moniker}"; each operator registers only themselves.`,
      { sender },
    );
  if (!verifyStatement(r.identity, 'registration', registrationBody(groupId, r), r.signature))
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The registration of ${sender} is not signed by the identity key it carries; it was altered.`,
      { sender },
    );
  if (r.url !== null) validatePeerUrl(r.url, sender);
}

function g(s: GroupCeremonyState): GenesisState {
  if (!s.genesis) throw wrongStep('This install joined the group later; it has no genesis to run.');
  return s.genesis;
}

/** The roster once everyone registered (my bundle key comes from the engine), else null. */
export function genesisRoster(s: GroupCeremonyState, myBundleKey: string): RosterMember[] | null {
  const gs = g(s);
  const keys = { ...gs.bundleKeys, [s.me]: myBundleKey };
  const out: RosterMember[] = [];
  for (const m of gs.planned) {
    const r = gs.registrations[m];
    if (!r || !keys[m]) return null;
    out.push({ moniker: m, identity: r.identity, bundleKey: keys[m]!, url: r.url });
  }
  return out;
}

export function genesisRosterFingerprint(s: GroupCeremonyState, myBundleKey: string): string | null {
  const members = genesisRoster(s, myBundleKey);
  return members && rosterFingerprint({ groupId: s.groupId, rehearsal: s.rehearsal, threshold: g(s).threshold, members });
}

function session(s: GroupCeremonyState, fp: string): GenesisSession {
  return { groupId: s.groupId, rosterFingerprint: fp, threshold: g(s).threshold, size: g(s).planned.length };
}

function requireRoster(s: GroupCeremonyState, ctx: Ctx): { fp: string; members: RosterMember[] } {
  const members = genesisRoster(s, ctx.meta.me.bundleKey);
  if (!members) {
    const missing = g(s).planned.filter((m) => !g(s).registrations[m]);
    throw wrongStep(`Not everyone has registered yet (waiting for ${missing.join(', ')}).`);
  }
  return { fp: genesisRosterFingerprint(s, ctx.meta.me.bundleKey)!, members };
}

function baseState(p: {
  me: string;
  myIdentity: IdentityKeys['public'];
  origin: 'genesis' | 'newcomer';
  title: string;
  groupId: string;
  rehearsal: boolean;
  url: string | null;
  exchangeFolder: string | null;
}): GroupCeremonyState {
  return { version: 1, ...p, genesis: null, group: null, joins: [], agreements: {}, exports: [], problem: null };
}

/** A genesis's progress before the roster is fixed: no round run, nothing exchanged (fresh objects each time). */
function nothingExchanged(): Pick<GenesisState, 'rosterFingerprint' | 'round1' | 'round2' | 'sentShares' | 'final' | 'transcript'> {
  return { rosterFingerprint: null, round1: {}, round2: {}, sentShares: false, final: {}, transcript: null };
}

export async function createGenesis(params: GenesisCreateParams, ctx: CreateContext): Promise<Created<GroupCeremonyState>> {
  const me = validateMoniker(params.moniker, 'your moniker');
  checkDistinctMonikers(params.members);
  if (!params.members.includes(me))
    throw new CeremonyError('group/not-in-roster', `Your moniker "${me}" must be one of the listed operators.`, { moniker: me });
  checkThreshold(params.threshold, params.members.length);
  const url = params.url ? validatePeerUrl(params.url, me) : null;
  const exchangeFolder = params.exchangeFolder ? requireFolder(params.exchangeFolder, 'exchange folder') : null;
  const groupId = ctx.newCeremonyId();
  const keys = await ensureIdentity(ctx, me);
  const registration = register(groupId, me, keys, url);
  const s = baseState({
    me,
    myIdentity: keys.public,
    origin: 'genesis',
    title: ctx.meta.title,
    groupId,
    rehearsal: ctx.meta.rehearsal,
    url,
    exchangeFolder,
  });
  s.genesis = {
    threshold: params.threshold,
    planned: [...params.members],
    coordinator: me,
    bundleKeys: {},
    registrations: { [me]: registration },
    ...nothingExchanged(),
  };
  const invite = send(
    s,
    'invite',
    { kind: 'invite', title: ctx.meta.title, threshold: params.threshold, members: [...params.members], registration },
    {
      step: 'invite',
      phase: 1,
      description: `Invitation for ${params.members.filter((m) => m !== me).join(', ')}: open it in Ceremony and join as your moniker`,
      fileName: 'group-invitation.ceremony',
    },
  );
  return {
    ceremonyId: groupId,
    title: ctx.meta.title,
    role: 'coordinator',
    rehearsal: ctx.meta.rehearsal,
    me: { id: me, label: me },
    state: s,
    summary: `Created a ${params.threshold}-of-${params.members.length} group for ${params.members.join(', ')}`,
    outgoing: [invite],
    effects: deliverOutgoing(s, [invite]),
  };
}

export async function joinGenesis(
  bundle: Bundle,
  params: { moniker: string; url?: string | null; exchangeFolder?: string | null },
  ctx: CreateContext,
): Promise<Created<GroupCeremonyState>> {
  const inv = readPayload(bundle, 'invite');
  const me = validateMoniker(params.moniker, 'your moniker');
  const coordinator = bundle.header.sender.id;
  checkDistinctMonikers(inv.members);
  checkThreshold(inv.threshold, inv.members.length);
  if (!inv.members.includes(me))
    throw new CeremonyError(
      'group/not-in-roster',
      `"${me}" is not one of the operators this invitation lists (${inv.members.join(', ')}); use the moniker you agreed on.`,
      {
        moniker: me,
      },
    );
  if (me === coordinator)
    throw new CeremonyError('group/not-in-roster', `"${me}" is the coordinator's own moniker; choose yours from the list.`, {
      moniker: me,
    });
  if (!inv.members.includes(coordinator))
    throw new CeremonyError('engine/not-an-invitation', 'This invitation is damaged: its sender is not one of the listed operators.', {});
  checkRegistration(bundle.header.ceremonyId, coordinator, inv.registration);
  const url = params.url ? validatePeerUrl(params.url, me) : null;
  const exchangeFolder = params.exchangeFolder ? requireFolder(params.exchangeFolder, 'exchange folder') : null;
  const groupId = ctx.newCeremonyId();
  const keys = await ensureIdentity(ctx, me);
  const registration = register(groupId, me, keys, url);
  const s = baseState({
    me,
    myIdentity: keys.public,
    origin: 'genesis',
    title: inv.title,
    groupId,
    rehearsal: bundle.header.rehearsal,
    url,
    exchangeFolder,
  });
  s.genesis = {
    threshold: inv.threshold,
    planned: [...inv.members],
    coordinator,
    bundleKeys: { [coordinator]: bundle.header.sender.publicKey },
    registrations: { [coordinator]: inv.registration, [me]: registration },
    ...nothingExchanged(),
  };
  const reg = send(
    s,
    'register',
    { kind: 'register', registration },
    {
      step: 'register',
      phase: 1,
      description: `Your registration (identity keys${url ? ' and server address' : ''}) for every other operator`,
    },
  );
  const complete = inv.members.every((m) => s.genesis!.registrations[m]);
  return {
    ceremonyId: groupId,
    title: inv.title,
    role: 'operator',
    rehearsal: bundle.header.rehearsal,
    me: { id: me, label: me },
    state: s,
    summary: `Joined ${coordinator}'s group as ${me}`,
    phase: complete ? 2 : 1,
    outgoing: [reg],
    effects: deliverOutgoing(s, [reg]),
  };
}

// ───────────── actions ─────────────

export async function confirmRoster(
  state: GroupCeremonyState,
  input: { rosterCheckCode: string },
  ctx: Ctx,
): Promise<StepResult<GroupCeremonyState>> {
  ensureNoProblem(state);
  const s = clone(state);
  const gs = g(s);
  if (gs.round1[s.me]) throw wrongStep('You have already confirmed the roster and sent your round-1 package.');
  const { fp } = requireRoster(s, ctx);
  const code = checkCodeOf(fp);
  if (input.rosterCheckCode !== code)
    throw new CeremonyError(
      'group/roster-code-mismatch',
      `${input.rosterCheckCode} is not the roster check code this computer worked out. Check what you typed; if ${g(s).coordinator === s.me ? 'it is' : `it is what ${g(s).coordinator} read you`}, do not go on: someone has a different list of operators or different keys. Compare the roster (monikers and identity codes) with every operator.`,
      {},
    );
  // Each operator's round-1 package must agree with this roster; check what already arrived.
  const seed = await genesisSeed(ctx);
  const { broadcast } = genesisRound1(session(s, fp), s.me, seed);
  gs.rosterFingerprint = fp;
  gs.round1[s.me] = broadcast;
  gs.bundleKeys[s.me] = ctx.meta.me.bundleKey;
  const out = send(
    s,
    'round1',
    { kind: 'round1', rosterFingerprint: fp, commitment: [...broadcast.commitment], proof: broadcast.proof },
    {
      step: 'round1',
      phase: 2,
      description: 'Your round-1 package (public commitments and proof) for every other operator',
    },
  );
  return {
    state: s,
    summary: `Confirmed roster ${code} and sent my round-1 package`,
    phase: 2,
    outgoing: [out],
    effects: deliverOutgoing(s, [out]),
  };
}

export async function sendShares(state: GroupCeremonyState, ctx: Ctx): Promise<StepResult<GroupCeremonyState>> {
  ensureNoProblem(state);
  const s = clone(state);
  const gs = g(s);
  if (gs.sentShares) throw wrongStep('You have already sent your shares.');
  const { fp, members } = requireRoster(s, ctx);
  const missing = gs.planned.filter((m) => !gs.round1[m]);
  if (missing.length) throw wrongStep(`Round 2 starts when every round-1 package is in; still missing: ${missing.join(', ')}.`);
  const seed = await readGenesisSeed(ctx);
  const keys = await loadIdentity(ctx);
  const sess = session(s, fp);
  const { secret } = genesisRound1(sess, s.me, seed);
  const sealed = genesisRound2(
    sess,
    secret,
    s.me,
    keys,
    members.filter((m) => m.moniker !== s.me),
    seed,
  );
  const shares = Object.fromEntries(Object.entries(sealed).map(([m, b]) => [m, bytesToBase64(b)]));
  const body: Payload<'round2'> = { kind: 'round2', rosterFingerprint: fp, shares };
  const out = send(s, 'round2', body, {
    step: 'round2',
    phase: 2,
    description: 'Your round-2 package: a sealed share for each other operator (only they can open theirs)',
  });
  gs.sentShares = true;
  gs.round2[s.me] = { forMe: '', payloadHash: fingerprintOf(out.payload) };
  const allIn = gs.planned.every((m) => gs.round2[m]);
  return {
    state: s,
    summary: 'Sent my sealed shares (round 2)',
    phase: allIn ? 3 : 2,
    outgoing: [out],
    effects: deliverOutgoing(s, [out]),
  };
}

function transcriptOf(s: GroupCeremonyState, fp: string): string {
  const gs = g(s);
  return groupDigest('genesis-transcript', {
    roster: fp,
    round1: gs.round1,
    round2: Object.fromEntries(Object.entries(gs.round2).map(([m, r]) => [m, r.payloadHash])),
  });
}

export async function finalizeGenesis(state: GroupCeremonyState, ctx: Ctx): Promise<StepResult<GroupCeremonyState>> {
  ensureNoProblem(state);
  const s = clone(state);
  const gs = g(s);
  if (s.group) throw wrongStep('Genesis is already finalised.');
  const { fp, members } = requireRoster(s, ctx);
  if (!gs.sentShares) throw wrongStep('Send your own shares (round 2) first.');
  const missing = gs.planned.filter((m) => !gs.round2[m]);
  if (missing.length) throw wrongStep(`Finalisation needs every operator's round-2 package; still missing: ${missing.join(', ')}.`);
  const seed = await readGenesisSeed(ctx);
  const keys = await loadIdentity(ctx);
  const sess = session(s, fp);
  const { secret } = genesisRound1(sess, s.me, seed);
  const shares: Record<string, Uint8Array> = {};
  const others: Record<string, (typeof gs.round1)[string]> = {};
  for (const m of members) {
    if (m.moniker === s.me) continue;
    shares[m.moniker] = openDealtShare(sess, s.me, keys, m, base64ToBytes(gs.round2[m.moniker]!.forMe));
    others[m.moniker] = gs.round1[m.moniker]!;
  }
  const result = genesisFinalize(secret, s.me, others, shares);
  await storeShare(ctx, result.keyPackage.signingShare, result.keyPackage.verifyingShare, s.me);
  const transcript = transcriptOf(s, fp);
  const group: GroupPublic = {
    groupId: s.groupId,
    rehearsal: s.rehearsal,
    threshold: gs.threshold,
    groupKey: result.commitment[0]!,
    commitment: result.commitment,
    members: sortMembers(members.map((m) => ({ ...m, joinedAt: 0 }))),
    epoch: 0,
    genesisTranscript: transcript,
    joins: [],
  };
  s.group = group;
  gs.transcript = transcript;
  gs.final[s.me] = { groupKey: group.groupKey, transcript };
  const mismatch = Object.entries(gs.final).find(([, f]) => f.groupKey !== group.groupKey || f.transcript !== transcript);
  let status: StepResult<GroupCeremonyState>['status'];
  if (mismatch) {
    s.problem = {
      code: 'group/transcript-mismatch',
      message: `${mismatch[0]} derived a different group key or transcript than you: the operators did not see the same messages. Do not use this key; compare transcripts and start again.`,
      culprit: mismatch[0],
    };
    status = 'failed';
  }
  const final = send(
    s,
    'final',
    { kind: 'final', groupKey: group.groupKey, transcript },
    { step: 'final', phase: 3, description: 'Your group key and transcript hash, so every operator can confirm they match' },
  );
  const info = send(
    s,
    'groupInfo',
    { kind: 'group-info', title: s.title, group: structuredClone(group) as Payload<'groupInfo'>['group'] },
    {
      step: Steps.groupInfo(0),
      phase: 3,
      description: 'Group information for a future newcomer (public: roster, commitments, group key)',
    },
  );
  // The genesis record is signed only when this operator's group key and transcript agree with everyone's so far.
  const record = status === 'failed' ? null : await signGenesisRecord(s, ctx);
  const outgoing = [final, info, ...(record?.outgoing ?? [])];
  return {
    state: record?.state ?? s,
    summary: `Genesis finalised: group key ${group.groupKey.slice(0, 16)}…, my share is in the vault${record ? '; signed the ceremony record' : ''}`,
    phase: 3,
    status,
    outgoing,
    artifacts: [...publicArtifacts(group), ...(record?.artifacts ?? [])],
    effects: deliverOutgoing(s, outgoing),
  };
}

// ───────────── incoming bundles ─────────────

function reject(bundle: Bundle, message: string): BundleError {
  return new BundleError('bundle/rejected-by-protocol', message, { sender: bundle.header.sender.id });
}

function tooEarly(message: string): BundleError {
  return new BundleError('bundle/wrong-phase', message);
}

export async function acceptGenesis(state: GroupCeremonyState, bundle: Bundle, ctx: Ctx): Promise<StepResult<GroupCeremonyState> | null> {
  const step = bundle.header.step;
  if (!['register', 'round1', 'round2', 'final', 'invite', 'record'].includes(step)) return null;
  if (step === 'record') return acceptRecordSignature(state, bundle, ctx);
  const s = clone(state);
  const gs = g(s);
  const who = bundle.header.sender.id;
  if (!gs.planned.includes(who)) throw reject(bundle, `${who} is not one of this group's operators.`);
  if (s.problem && step !== 'final') throw new BundleError('bundle/rejected-by-protocol', `This genesis was stopped: ${s.problem.message}`);
  gs.bundleKeys[who] ??= bundle.header.sender.publicKey;
  gs.bundleKeys[s.me] = ctx.meta.me.bundleKey;

  if (step === 'invite') throw reject(bundle, 'This is the invitation you already joined from.');

  if (step === 'register') {
    const { registration } = readPayload(bundle, 'register');
    checkRegistration(s.groupId, who, registration);
    gs.registrations[who] = registration;
    const complete = gs.planned.every((m) => gs.registrations[m]);
    return {
      state: s,
      summary: `Registration from ${who}${complete ? '; everyone is registered: compare the roster check code' : ''}`,
      phase: complete ? 2 : 1,
    };
  }

  const fp = genesisRosterFingerprint(s, ctx.meta.me.bundleKey);
  if (!fp) throw tooEarly(`The ${step} package from ${who} came before every registration; import the registrations first.`);
  const sess = session(s, fp);

  if (step === 'round1') {
    const p = readPayload(bundle, 'round1');
    if (p.rosterFingerprint !== fp)
      throw reject(
        bundle,
        `${who} confirmed a different roster (check code ${checkCodeOf(p.rosterFingerprint)}) than yours (${checkCodeOf(fp)}). Compare the roster with ${who} before going on.`,
      );
    checkGenesisRound1(sess, who, { commitment: p.commitment, proof: p.proof });
    gs.round1[who] = { commitment: p.commitment, proof: p.proof };
    return { state: s, summary: `Round-1 package from ${who} verified (commitments and proof of knowledge)` };
  }

  if (step === 'round2') {
    const p = readPayload(bundle, 'round2');
    if (p.rosterFingerprint !== fp)
      throw reject(bundle, `${who}'s shares were made for a different roster (check code ${checkCodeOf(p.rosterFingerprint)}).`);
    const r1 = gs.round1[who];
    if (!r1) throw tooEarly(`The round-2 package from ${who} came before their round-1 package; import that first.`);
    const expected = gs.planned.filter((m) => m !== who).sort();
    const got = Object.keys(p.shares).sort();
    if (expected.join('\n') !== got.join('\n'))
      throw reject(bundle, `${who}'s round-2 package does not hold exactly one sealed share for each other operator.`);
    const forMe = p.shares[s.me]!;
    gs.round2[who] = { forMe, payloadHash: fingerprintOf(bundle.payload) };
    const allIn = gs.planned.every((m) => gs.round2[m]);
    // Check the share dealt to me now, so a cheating dealer is named as soon as their file arrives.
    const keys = await loadIdentity(ctx);
    const dealer = { moniker: who, identity: gs.registrations[who]!.identity };
    try {
      const share = openDealtShare(sess, s.me, keys, dealer, base64ToBytes(forMe));
      checkDealtShare(s.me, who, r1, share);
      share.fill(0);
    } catch (e) {
      if (!isCeremonyError(e) || (e.code !== 'group/dealer-wrong-share' && e.code !== 'group/envelope-unreadable')) throw e;
      s.problem = { code: e.code, message: e.message, culprit: who };
      return { state: s, summary: `Genesis stopped: ${who} dealt a share that does not match their commitment`, status: 'failed' };
    }
    return {
      state: s,
      summary: `Sealed share from ${who} opened and checked against ${who}'s commitment`,
      phase: allIn && gs.sentShares ? 3 : undefined,
    };
  }

  // final
  const p = readPayload(bundle, 'final');
  gs.final[who] = { groupKey: p.groupKey, transcript: p.transcript };
  const mine = gs.final[s.me];
  if (mine && (mine.groupKey !== p.groupKey || mine.transcript !== p.transcript) && !s.problem) {
    s.problem = {
      code: 'group/transcript-mismatch',
      message: `${who} derived a different group key or transcript than you: the operators did not see the same messages. Do not use this key; compare transcripts and start again.`,
      culprit: who,
    };
    return { state: s, summary: `${who} reports a different group key or transcript`, status: 'failed' };
  }
  return {
    state: s,
    summary: mine ? `${who} confirmed the same group key and transcript` : `${who} finalised (group key ${p.groupKey.slice(0, 16)}…)`,
  };
}
