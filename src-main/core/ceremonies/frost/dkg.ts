/**
 * The DKG over bundles, without frost-client's traps:
 *
 *  - The creator lists the members and the threshold; member i gets FROST identifier i (as
 *    frost-client's trusted dealer and copy/paste tools number them). Identifiers are then fixed
 *    before anyone's key exists, are the same on every machine, and show up in the invitation
 *    people compare. (frost-client's frostd DKG derives identifiers from the session id and the
 *    communication keys instead; an online runner can set those in `members[].identifier` —
 *    nothing below assumes small numbers.)
 *  - Each invitation names its recipient and carries the whole parameter set (suite, threshold,
 *    members with identifiers, description). The recipient joins as that member and sees the
 *    parameters before accepting them explicitly; there is no `-S` to get wrong.
 *  - Every round-1 bundle repeats the parameters its sender accepted; a bundle made for other
 *    parameters is refused with what differs, and every package is checked (threshold, proof of
 *    knowledge) on import, naming its sender.
 *  - Invitations the creator made for others can be imported too: they must carry the same
 *    parameters, which catches a creator telling people different things.
 */
import { bytesToHex } from '@noble/hashes/utils.js';
import type { z } from 'zod';
import type { Bundle } from '../../bundles/format.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { checkCodeOfBytes } from '../../encoding/check-code.ts';
import { CeremonyError } from '../../errors.ts';
import type { CreateContext, Created, OutgoingDraft, StepContext, StepResult } from '../../engine/protocol.ts';
import { encodeFrostJson } from '../../formats/frost/frost-json.ts';
import { frostSuite, identifierFromIndex, normalizeIdentifier, resolveFrostSuite } from '../../crypto/frost/index.ts';
import type { FrostDkgCreate } from '../../../../src-shared/ceremonies/frost.ts';
import { fileSafe, outgoing, readPayload, refuse } from './bundle-io.ts';
import { attemptOf, dkgExchangeId, dkgStep } from './dkg-attempt.ts';
import { finishExchange, makeRound1, makeRound2, missingRound1, receiveRound1, receiveRound2 } from './exchange.ts';
import { InvitationPayload, Round1Payload, Round2Payload, T, type Params } from './payloads.ts';
import { assertUsableCommKey } from './envelope.ts';
import { readKeyPackage, storeKeyPackage } from './secrets.ts';
import {
  newGroupState,
  member,
  myMember,
  names,
  withMember,
  type DkgParams,
  type Exchange,
  type GroupState,
  type Member,
} from './state.ts';

/** The short code members read aloud to confirm they hold the same parameters. */
export function paramsCheckCode(p: DkgParams): string {
  return checkCodeOfBytes(canonicalJson(p));
}

export function describeParams(p: DkgParams): string {
  return `${frostSuite(p.suite).name}, any ${p.threshold} of ${p.members.length} (${p.members.map((m) => m.name).join(', ')}) can sign`;
}

/** What differs between two parameter sets, in words. */
function paramsDiff(mine: DkgParams, theirs: DkgParams): string {
  const out: string[] = [];
  if (mine.suite !== theirs.suite) out.push(`ciphersuite ${theirs.suite} instead of ${mine.suite}`);
  if (mine.threshold !== theirs.threshold) out.push(`threshold ${theirs.threshold} instead of ${mine.threshold}`);
  const list = (p: DkgParams) => p.members.map((m) => `${m.name}=${m.id}/${m.identifier}`).join(', ');
  if (list(mine) !== list(theirs))
    out.push(`members ${theirs.members.map((m) => m.name).join(', ')} instead of ${mine.members.map((m) => m.name).join(', ')}`);
  if (mine.description !== theirs.description) out.push(`description "${theirs.description}" instead of "${mine.description}"`);
  if (attemptOf({ params: mine }) !== attemptOf({ params: theirs }))
    out.push(`attempt ${attemptOf({ params: theirs })} of the key generation instead of ${attemptOf({ params: mine })}`);
  return out.join('; ') || 'different parameters';
}

export function checkParams(p: z.infer<typeof Params>, from: string): DkgParams {
  const suite = frostSuite(p.suite);
  const bad = (why: string) => new CeremonyError('frost/dkg-invalid-parameters', `The parameters from ${from} are not usable: ${why}.`, {});
  if (p.threshold > p.members.length) throw bad(`threshold ${p.threshold} is more than the ${p.members.length} members`);
  const ids = new Set<string>();
  const idents = new Set<string>();
  const nameSet = new Set<string>();
  for (const m of p.members) {
    if (ids.has(m.id)) throw bad(`member id ${m.id} appears twice`);
    ids.add(m.id);
    let ident: string;
    try {
      ident = normalizeIdentifier(suite, m.identifier, `identifier of ${m.name}`);
    } catch (e) {
      throw bad((e as Error).message);
    }
    if (ident !== m.identifier || idents.has(ident)) throw bad(`the identifier of ${m.name} is repeated or not canonical`);
    idents.add(ident);
    const key = m.name.toLowerCase();
    if (nameSet.has(key)) throw bad(`the name ${m.name} appears twice`);
    nameSet.add(key);
  }
  return p as DkgParams;
}

export function dkgExchange(params: DkgParams): Exchange {
  return {
    kind: 'dkg',
    id: dkgExchangeId(attemptOf({ params })),
    coordinator: params.members[0]!.id,
    participants: params.members.map((m) => m.id),
    threshold: params.threshold,
    round1: {},
    round2: {},
    sentRound1: false,
    sentRound2: false,
    declined: [],
    status: 'open',
  };
}

function initialState(params: DkgParams, me: string, creator: string, creatorBundleKey: string | null): GroupState {
  const members: Member[] = params.members.map((m) => ({
    id: m.id,
    name: m.name,
    identifier: m.identifier,
    bundleKey: m.id === creator ? creatorBundleKey : null,
    commKey: null,
    evicted: false,
  }));
  return newGroupState({
    suite: params.suite,
    threshold: params.threshold,
    description: params.description,
    origin: 'dkg',
    me,
    creator,
    members,
    params,
    dkg: dkgExchange(params),
  });
}

export async function createDkg(
  input: z.infer<typeof FrostDkgCreate>,
  ctx: CreateContext,
  rehearsal: boolean,
): Promise<Created<GroupState>> {
  const suite = resolveFrostSuite(input.suite);
  const params: DkgParams = {
    suite: suite.id,
    threshold: input.threshold,
    description: input.description,
    members: input.members.map((name, i) => ({ id: `p${i + 1}`, name: name.trim(), identifier: identifierFromIndex(suite, i + 1) })),
  };
  checkParams(params, 'you');
  const state = initialState(params, 'p1', 'p1', null);
  const me = params.members[0]!;
  return {
    ceremonyId: ctx.newCeremonyId(),
    title: input.description,
    role: 'creator',
    rehearsal,
    me: { id: me.id, label: me.name },
    state,
    summary: `Created a FROST group: ${describeParams(params)}`,
    phase: 1,
    outgoing: invitations(params),
  };
}

/** `-attempt-2` in file names once the key generation was restarted: old and new files can be told apart on a stick. */
function attemptSuffix(params: DkgParams): string {
  const k = attemptOf({ params });
  return k === 1 ? '' : `-attempt-${k}`;
}

/**
 * One invitation per member other than the creator, carrying all the parameters. A restart's
 * new invitations replace the earlier ones under the same artifact id: the file list then shows
 * only the invitations to hand out now.
 */
export function invitations(params: DkgParams): OutgoingDraft[] {
  const creator = params.members[0]!;
  const k = attemptOf({ params });
  return params.members.slice(1).map((m) =>
    outgoing({
      step: dkgStep(k, `invite.${m.id}`),
      phase: 1,
      type: T.invitation,
      body: { recipient: m.id, creator: creator.id, params },
      artifactId: `invitation:${m.id}`,
      fileName: `invitation-for-${fileSafe(m.name)}${attemptSuffix(params)}`,
      description: `${k === 1 ? 'Invitation' : `New invitation (attempt ${k})`} for ${m.name} (only ${m.name} opens it). Parameters check code ${paramsCheckCode(params)}.`,
    }),
  );
}

/** Joining from the invitation addressed to us. */
export function joinFromInvitation(bundle: Bundle, ctx: CreateContext): Created<GroupState> {
  const p = readPayload(bundle, T.invitation, InvitationPayload, bundle.header.sender.label || 'the creator');
  if (p.creator !== bundle.header.sender.id || p.params.members[0]?.id !== p.creator)
    throw new CeremonyError(
      'frost/dkg-invalid-invitation',
      'This invitation was not made by the first member of the group it describes.',
      {},
    );
  const params = checkParams(p.params, bundle.header.sender.label || 'the creator');
  const me = params.members.find((m) => m.id === p.recipient);
  if (!me || p.recipient === p.creator)
    throw new CeremonyError('frost/dkg-invalid-invitation', 'This invitation is not addressed to a member of the group.', {});
  const state = { ...initialState(params, me.id, p.creator, bundle.header.sender.publicKey), invitationsChecked: [me.id] };
  return {
    ceremonyId: ctx.newCeremonyId(),
    title: params.description,
    role: 'member',
    rehearsal: bundle.header.rehearsal,
    me: { id: me.id, label: me.name },
    state,
    summary: `Joined as ${me.name}; the parameters (${describeParams(params)}) still need your acceptance`,
    phase: 1,
  };
}

/**
 * A key-generation file on a shared stick, imported by an install that joined the group later
 * (a repaired member) or never ran its DKG here (an imported group): nothing to do.
 */
function notNeeded(state: GroupState, what: string): StepResult<GroupState> {
  return {
    state,
    summary: `${what} belongs to the key generation that made this group; this install did not take part in it, so it is kept but not needed`,
  };
}

/** An invitation the creator made for someone else: must carry the same parameters as ours. */
export function acceptOtherInvitation(state: GroupState, bundle: Bundle): StepResult<GroupState> {
  const creator = member(state, bundle.header.sender.id);
  if (bundle.header.sender.id !== state.creator && state.params)
    throw refuse(`${creator.name} is not the creator of this group and cannot send invitations.`, creator.id);
  const p = readPayload(bundle, T.invitation, InvitationPayload, creator.name);
  if (!state.params) return notNeeded(state, `${creator.name}'s invitation`);
  const recipient = state.members.find((m) => m.id === p.recipient);
  if (!recipient) throw refuse('This invitation is for someone who is not in this group.', creator.id);
  if (canonicalJson(p.params) !== canonicalJson(state.params))
    throw new CeremonyError(
      'frost/dkg-parameters-mismatch',
      `${creator.name} gave ${recipient.name} an invitation with other parameters than yours (${paramsDiff(state.params, p.params as DkgParams)}). Stop and clear this up with ${creator.name} before going on.`,
      { sender: creator.id },
    );
  return {
    state: { ...state, invitationsChecked: [...new Set([...state.invitationsChecked, recipient.id])] },
    summary: `Checked ${recipient.name}'s invitation: same parameters as yours`,
  };
}

function phaseOf(state: GroupState): 1 | 2 | 3 {
  const ex = state.dkg!;
  if (state.group) return 3;
  return ex.sentRound1 && missingRound1(state, ex).length === 0 ? 2 : 1;
}

/** Accept the parameters and send our round-1 package. */
export async function sendRound1(state: GroupState, ctx: StepContext): Promise<StepResult<GroupState>> {
  const ex = state.dkg;
  if (!ex || ex.status !== 'open' || !state.params)
    throw new CeremonyError('frost/wrong-step', 'There is no key generation waiting for your round-1 package.', {});
  if (ex.sentRound1) throw new CeremonyError('frost/wrong-step', 'You have already sent your round-1 package.', {});
  const r = await makeRound1(state, ex, ctx);
  const next = withMember({ ...state, dkg: r.ex }, state.me, { commKey: r.commKey, bundleKey: ctx.meta.me.bundleKey || null });
  const me = myMember(next);
  return {
    state: next,
    summary: `Accepted the parameters (${describeParams(state.params)}) and sent my round-1 package`,
    phase: phaseOf(next),
    outgoing: [
      outgoing({
        step: dkgStep(attemptOf(state), 'round1'),
        phase: 1,
        type: T.round1,
        body: { params: state.params, commKey: r.commKey, package: r.packageJson },
        fileName: `round1-${fileSafe(me.name)}${attemptSuffix(state.params)}`,
        description: `${me.name}'s round-1 package (public commitment and proof of knowledge) for every other member.`,
      }),
    ],
  };
}

export function acceptRound1(state: GroupState, bundle: Bundle): StepResult<GroupState> {
  const sender = member(state, bundle.header.sender.id);
  const ex = state.dkg;
  const p = readPayload(bundle, T.round1, Round1Payload, sender.name);
  if (!ex || !state.params) return notNeeded(state, `${sender.name}'s round-1 package`);
  if (ex.status !== 'open')
    throw refuse(`The key generation is already finished; ${sender.name}'s round-1 package is not needed.`, sender.id);
  if (canonicalJson(p.params) !== canonicalJson(state.params))
    throw new CeremonyError(
      'frost/dkg-parameters-mismatch',
      `${sender.name}'s round-1 package was made for other parameters than yours: ${paramsDiff(state.params, p.params as DkgParams)}. It is refused; everyone must accept the same invitation before round 1.`,
      { sender: sender.id },
    );
  assertUsableCommKey(p.commKey, sender, 'round-1 package');
  const nextEx = receiveRound1(state, ex, sender.id, p.package);
  const next = withMember({ ...state, dkg: nextEx }, sender.id, { commKey: p.commKey, bundleKey: bundle.header.sender.publicKey });
  const waiting = missingRound1(next, nextEx);
  return {
    state: next,
    summary: `Round-1 package from ${sender.name} verified (proof of knowledge, threshold ${state.threshold})${waiting.length ? `; waiting for ${names(next, waiting)}` : ''}`,
    phase: phaseOf(next),
  };
}

export async function sendRound2(state: GroupState, ctx: StepContext): Promise<StepResult<GroupState>> {
  const ex = state.dkg;
  if (!ex || ex.status !== 'open') throw new CeremonyError('frost/wrong-step', 'There is no key generation in progress.', {});
  if (ex.sentRound2) throw new CeremonyError('frost/wrong-step', 'You have already sent your round-2 packages.', {});
  const r = await makeRound2(state, ex, ctx);
  const me = myMember(state);
  return {
    state: { ...state, dkg: r.ex },
    summary: 'Sent my round-2 packages, each sealed to its recipient',
    phase: 2,
    outgoing: [
      outgoing({
        step: dkgStep(attemptOf(state), 'round2'),
        phase: 2,
        type: T.round2,
        body: { packages: r.packages },
        fileName: `round2-${fileSafe(me.name)}${state.params ? attemptSuffix(state.params) : ''}`,
        description: `${me.name}'s round-2 packages: one secret share for each other member, each sealed so only its recipient can open it.`,
      }),
    ],
  };
}

export async function acceptRound2(state: GroupState, bundle: Bundle, ctx: StepContext): Promise<StepResult<GroupState>> {
  const sender = member(state, bundle.header.sender.id);
  const ex = state.dkg;
  const p = readPayload(bundle, T.round2, Round2Payload, sender.name);
  if (!ex || !state.params) return notNeeded(state, `${sender.name}'s round-2 package`);
  if (ex.status !== 'open')
    throw refuse(`The key generation is already finished; ${sender.name}'s round-2 package is not needed.`, sender.id);
  const nextEx = await receiveRound2(state, ex, sender.id, p.packages, ctx);
  return {
    state: { ...state, dkg: nextEx },
    summary: `Round-2 package from ${sender.name} opened and checked against their commitment`,
    phase: phaseOf({ ...state, dkg: nextEx }),
  };
}

export async function finalizeDkg(state: GroupState, ctx: StepContext): Promise<StepResult<GroupState>> {
  const ex = state.dkg;
  if (!ex || ex.status !== 'open') throw new CeremonyError('frost/wrong-step', 'There is no key generation to finish.', {});
  const { keyPackage, publicKeyPackage } = await finishExchange(state, ex, ctx);
  await storeKeyPackage(ctx, 1, keyPackage, `FROST key package: ${state.description} (${myMember(state).name})`);
  // The vault keeps the first key package stored under a name: after a restart, one an abandoned
  // attempt made here must be gone (its deletion is an effect that may have failed), never reused.
  const stored = await readKeyPackage(ctx, state.suite, 1);
  const same = bytesToHex(stored.verifyingShare) === bytesToHex(keyPackage.verifyingShare);
  stored.signingShare.fill(0);
  if (!same) {
    keyPackage.signingShare.fill(0);
    throw new CeremonyError(
      'frost/wrong-step',
      'The vault still holds the key package of the abandoned attempt of this key generation: retry once its deletion went through (see the activity log).',
      {},
    );
  }
  keyPackage.signingShare.fill(0);
  const verifyingKey = bytesToHex(publicKeyPackage.verifyingKey);
  const next: GroupState = {
    ...state,
    dkg: { ...ex, status: 'done' },
    group: { publicKeyPackage: encodeFrostJson('PublicKeyPackage', publicKeyPackage), verifyingKey, keyVersion: 1 },
  };
  return {
    state: next,
    summary: `Key generation finished: group public key ${verifyingKey}`,
    phase: 3,
    artifacts: groupArtifacts(next),
  };
}

/** Public files about the group: its key and its public key package (frost-core JSON, 2.x layout for frost-client). */
export function groupArtifacts(state: GroupState): { id: string; name: string; description: string; mime: string; bytes: Uint8Array }[] {
  const g = state.group!;
  const enc = new TextEncoder();
  const pkp = { ...g.publicKeyPackage };
  delete pkp.min_signers;
  return [
    {
      id: 'group-public-key',
      name: 'group-public-key.hex',
      description: 'The group verifying key, as the ciphersuite serializes it (public).',
      mime: 'text/plain',
      bytes: enc.encode(g.verifyingKey + '\n'),
    },
    {
      id: 'public-key-package',
      name: 'public-key-package.json',
      description: 'The public key package (frost-core JSON), for verifiers and frost tools (public).',
      mime: 'application/json',
      bytes: enc.encode(JSON.stringify(pkp) + '\n'),
    },
  ];
}
