/**
 * Threshold signing over bundles.
 *
 *   coordinator  sign-request (message, chosen signers)   → sign.<s>.request
 *   each signer  reads the message (text and hex), approves → commits → sign.<s>.commit
 *   coordinator  (automatically, once every commitment is in) → sign.<s>.package
 *   each signer  imports the package: our nonces are BOUND to it in committed state
 *                sign → sign.<s>.share
 *   coordinator  verifies each share on import (cheater named; a share from someone not asked is
 *                refused), aggregates once all are in → signature, sign.<s>.result
 *
 * The single-use nonce rule survives crashes: nonces come from a per-session vault seed (so a
 * re-run re-derives the same ones), the package they may sign is recorded in state.json by the
 * import step BEFORE the separate `sign` step releases a share, and `sign` refuses any other
 * package. Re-signing the same package after a crash gives the same share, which is harmless.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import type { ArtifactDraft, StepContext, StepResult } from '../../engine/protocol.ts';
import { decodeFrostJson, encodeFrostJson } from '../../formats/frost/frost-json.ts';
import {
  aggregate,
  commit,
  createSigningPackage,
  seededRng,
  sign,
  verifySignature,
  verifySignatureShare,
  type Identifier,
  type SigningCommitments,
} from '../../crypto/frost/index.ts';
import { MAX_SIGN_MESSAGE_BYTES } from '../../../../src-shared/ceremonies/frost.ts';
import { digestOf, fileSafe, fromMember, outgoing, readPayload, refuse, wrongPhase } from './bundle-io.ts';
import {
  EmptyPayload,
  SignCommitPayload,
  SignPackagePayload,
  SignRequestPayload,
  SignResultPayload,
  SignSharePayload,
  T,
} from './payloads.ts';
import { groupKeyCode } from './code-checks.ts';
import { readKeyPackage, seed, SECRET } from './secrets.ts';
import { member, memberById, myMember, names, type GroupState, type SigningSession } from './state.ts';

const STEP = (s: string, what: string) => `sign.${s}.${what}`;

export function requireGroup(state: GroupState): NonNullable<GroupState['group']> {
  if (!state.group) throw new CeremonyError('frost/no-group', 'The group does not exist yet: finish the key generation first.', {});
  return state.group;
}

function withSession(state: GroupState, s: SigningSession): GroupState {
  const list = state.signings.some((x) => x.id === s.id) ? state.signings.map((x) => (x.id === s.id ? s : x)) : [...state.signings, s];
  return { ...state, signings: list };
}

/** The session an action is about: the one named, or the single one waiting for this action. */
export function pickSession<S extends { id: string }>(
  list: readonly S[],
  id: string | undefined,
  waiting: (s: S) => boolean,
  what: string,
): S {
  if (id) {
    const s = list.find((x) => x.id === id);
    if (!s) throw new CeremonyError('frost/no-session', `There is no session ${id}.`, { session: id });
    if (!waiting(s)) throw new CeremonyError('frost/wrong-step', `Session ${id} is not waiting for you to ${what}.`, { session: id });
    return s;
  }
  const s = list.find(waiting);
  if (!s) throw new CeremonyError('frost/wrong-step', `No session is waiting for you to ${what}.`, {});
  return s;
}

function checkSigners(state: GroupState, signers: readonly string[], from: string): string[] {
  const unique = [...new Set(signers)];
  if (unique.length !== signers.length) throw new CeremonyError('frost/sign-bad-signers', `${from}: a signer is listed twice.`, {});
  for (const id of unique) {
    const m = memberById(state, id);
    if (!m) throw new CeremonyError('frost/sign-bad-signers', `${from}: ${id} is not a member of this group.`, { member: id });
    if (m.evicted)
      throw new CeremonyError('frost/sign-bad-signers', `${from}: ${m.name} left the group in a refresh and cannot sign.`, { member: id });
  }
  if (unique.length < state.threshold)
    throw new CeremonyError(
      'frost/sign-too-few-signers',
      `${from}: ${unique.length} signer${unique.length === 1 ? '' : 's'} chosen, but this group needs ${state.threshold}.`,
      {
        expected: state.threshold,
        received: unique.length,
      },
    );
  // Roster order, so every machine lists them the same way.
  return state.members.filter((m) => unique.includes(m.id)).map((m) => m.id);
}

async function myCommitments(state: GroupState, s: SigningSession, ctx: StepContext) {
  const kp = await readKeyPackage(ctx, state.suite, s.keyVersion);
  const nonceSeed = await seed(ctx, SECRET.nonceSeed(s.id), `FROST signing nonces, session ${s.id}`);
  try {
    return commit(kp, seededRng(nonceSeed, `sign/${s.id}/nonces`));
  } finally {
    nonceSeed.fill(0);
    kp.signingShare.fill(0);
  }
}

/** A signing session's progress when the request is made or received: nothing exchanged yet (fresh objects each time). */
const nothingYet = () =>
  ({
    declined: [],
    commitments: {},
    signingPackage: null,
    nonceBoundTo: null,
    signed: false,
    shares: {},
    signature: null,
    status: 'open',
  }) satisfies Partial<SigningSession>;

// ───────────── coordinator: request ─────────────

export async function requestSignature(
  state: GroupState,
  input: { signers: string[]; message: string; label: string },
  ctx: StepContext,
): Promise<StepResult<GroupState>> {
  const g = requireGroup(state);
  const me = myMember(state);
  if (me.evicted) throw new CeremonyError('frost/evicted', 'You left this group in a refresh and cannot start signings.', {});
  const message = Buffer.from(input.message, 'base64');
  if (message.length > MAX_SIGN_MESSAGE_BYTES)
    throw new CeremonyError(
      'frost/sign-message-too-large',
      `The message has ${message.length} bytes; at most ${MAX_SIGN_MESSAGE_BYTES} can be signed in one request.`,
      {},
    );
  const signers = checkSigners(state, input.signers, 'Your request');
  const id = `${state.me}-${state.counter + 1}`;
  let s: SigningSession = {
    id,
    coordinator: state.me,
    signers,
    message: bytesToHex(message),
    label: input.label,
    createdAt: ctx.now(),
    keyVersion: g.keyVersion,
    decision: signers.includes(state.me) ? 'approved' : 'not-asked',
    ...nothingYet(),
  };
  // As coordinator and signer, writing the request is our approval: commit at once.
  if (signers.includes(state.me))
    s = { ...s, commitments: { [state.me]: encodeFrostJson('SigningCommitments', (await myCommitments(state, s, ctx)).commitments) } };
  const next = withSession({ ...state, counter: state.counter + 1 }, s);
  return {
    state: next,
    summary: `Asked ${names(state, signers)} to sign "${input.label || `${message.length}-byte message`}" (session ${id})`,
    outgoing: [
      outgoing({
        step: STEP(id, 'request'),
        phase: 3,
        type: T.signRequest,
        body: { signers, message: s.message, label: input.label, groupKey: g.verifyingKey },
        fileName: `sign-${id}-request`,
        description: `Signing request ${id} from ${me.name} for ${names(state, signers)}: each reads the message and approves.`,
      }),
    ],
  };
}

export function acceptRequest(state: GroupState, bundle: Bundle, session: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  if (!session.startsWith(`${from.id}-`))
    throw refuse(`${from.name} sent a signing request under someone else's session id (${session}).`, from.id);
  if (!state.group)
    throw wrongPhase(`The signing request from ${from.name} came before the group exists here; finish the key generation first.`, from.id);
  const p = readPayload(bundle, T.signRequest, SignRequestPayload, from.name);
  if (p.groupKey !== state.group.verifyingKey)
    throw refuse(`${from.name}'s signing request is for another group key (${p.groupKey.slice(0, 16)}…).`, from.id);
  if (p.message.length / 2 > MAX_SIGN_MESSAGE_BYTES)
    throw refuse(`${from.name}'s message is larger than ${MAX_SIGN_MESSAGE_BYTES} bytes.`, from.id);
  const signers = fromMember(from, () => checkSigners(state, p.signers, `${from.name}'s request`));
  const s: SigningSession = {
    id: session,
    coordinator: from.id,
    signers,
    message: p.message,
    label: p.label,
    createdAt: bundle.header.createdAt,
    keyVersion: state.group.keyVersion,
    decision: signers.includes(state.me) ? 'pending' : 'not-asked',
    ...nothingYet(),
  };
  return {
    state: withSession(state, s),
    summary: signers.includes(state.me)
      ? `${from.name} asks you to sign "${p.label || 'a message'}" (session ${session})`
      : `${from.name} asked ${names(state, signers)} to sign (session ${session}); you are not among them`,
  };
}

// ───────────── signer: approve (commit) or decline ─────────────

const awaitingDecision = () => (s: SigningSession) => s.status === 'open' && s.decision === 'pending';

export async function approve(state: GroupState, input: { session?: string }, ctx: StepContext): Promise<StepResult<GroupState>> {
  const s0 = pickSession(state.signings, input.session, awaitingDecision(), 'approve a message');
  if (s0.keyVersion !== state.group?.keyVersion)
    throw new CeremonyError('frost/sign-stale', `Session ${s0.id} was requested before the last refresh; ask for a new signing.`, {});
  const { commitments } = await myCommitments(state, s0, ctx);
  const json = encodeFrostJson('SigningCommitments', commitments);
  const s: SigningSession = { ...s0, decision: 'approved', commitments: { ...s0.commitments, [state.me]: json } };
  const me = myMember(state);
  return {
    state: withSession(state, s),
    summary: `Approved the message of session ${s.id} and sent my commitments`,
    outgoing: [
      outgoing({
        step: STEP(s.id, 'commit'),
        phase: 3,
        type: T.signCommit,
        body: { commitments: json },
        fileName: `sign-${s.id}-commit-${fileSafe(me.name)}`,
        description: `${me.name}'s signing commitments for session ${s.id}, for ${member(state, s.coordinator).name} (the coordinator).`,
      }),
    ],
  };
}

export function decline(state: GroupState, input: { session?: string }): StepResult<GroupState> {
  const s0 = pickSession(state.signings, input.session, awaitingDecision(), 'approve or decline a message');
  const s: SigningSession = { ...s0, decision: 'declined', status: 'declined', declined: [...s0.declined, state.me] };
  const me = myMember(state);
  return {
    state: withSession(state, s),
    summary: `Declined to sign in session ${s.id}`,
    outgoing: [
      outgoing({
        step: STEP(s.id, 'decline'),
        phase: 3,
        type: T.signDecline,
        body: {},
        fileName: `sign-${s.id}-decline-${fileSafe(me.name)}`,
        description: `${me.name} declines to sign in session ${s.id}.`,
      }),
    ],
  };
}

function sessionFor(state: GroupState, id: string, from: string): SigningSession {
  const s = state.signings.find((x) => x.id === id);
  if (!s)
    throw wrongPhase(
      `This bundle from ${nameOfId(state, from)} belongs to signing session ${id}, whose request has not been imported yet.`,
      from,
    );
  return s;
}

const nameOfId = (state: GroupState, id: string) => memberById(state, id)?.name ?? id;

export function acceptDecline(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const s = sessionFor(state, id, from.id);
  readPayload(bundle, T.signDecline, EmptyPayload, from.name);
  if (!s.signers.includes(from.id)) throw refuse(`${from.name} was not asked to sign in session ${id}.`, from.id);
  return {
    state: withSession(state, {
      ...s,
      declined: [...new Set([...s.declined, from.id])],
      status: s.status === 'open' ? 'declined' : s.status,
    }),
    summary: `${from.name} declined to sign in session ${id}${s.coordinator === state.me ? '; start a new request without them' : ''}`,
  };
}

// ───────────── coordinator: commitments → signing package ─────────────

function commitmentsById(state: GroupState, s: SigningSession): Record<Identifier, SigningCommitments> {
  const out: Record<Identifier, SigningCommitments> = {};
  for (const id of s.signers) out[member(state, id).identifier] = decodeFrostJson('SigningCommitments', state.suite, s.commitments[id]);
  return out;
}

/** Coordinator: once every commitment is in, build the package (binding our own nonces to it). */
function maybeBuildPackage(state: GroupState, s: SigningSession): { session: SigningSession; out: ReturnType<typeof outgoing>[] } {
  if (s.coordinator !== state.me || s.signingPackage || s.status !== 'open' || s.signers.some((id) => !s.commitments[id]))
    return { session: s, out: [] };
  const pkg = createSigningPackage(state.suite, commitmentsById(state, s), hexToBytes(s.message));
  const json = encodeFrostJson('SigningPackage', pkg);
  const session = { ...s, signingPackage: json, nonceBoundTo: s.signers.includes(state.me) ? digestOf(json) : null };
  return {
    session,
    out: [
      outgoing({
        step: STEP(s.id, 'package'),
        phase: 3,
        type: T.signPackage,
        body: { signingPackage: json },
        fileName: `sign-${s.id}-package`,
        description: `Signing package for session ${s.id} (the message and every signer's commitments), for ${names(
          state,
          s.signers.filter((x) => x !== state.me),
        )}.`,
      }),
    ],
  };
}

export function acceptCommit(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const s = sessionFor(state, id, from.id);
  const p = readPayload(bundle, T.signCommit, SignCommitPayload, from.name);
  if (!s.signers.includes(from.id))
    throw refuse(`${from.name} sent signing commitments for session ${id} but was not asked to sign.`, from.id);
  if (s.status !== 'open') throw refuse(`Session ${id} is ${s.status}; ${from.name}'s commitments are not needed.`, from.id);
  const json = fromMember(from, () =>
    encodeFrostJson('SigningCommitments', decodeFrostJson('SigningCommitments', state.suite, p.commitments)),
  );
  const withC = { ...s, commitments: { ...s.commitments, [from.id]: json } };
  const built = maybeBuildPackage(state, withC);
  const waiting = built.session.signers.filter((x) => !built.session.commitments[x]);
  return {
    state: withSession(state, built.session),
    summary: `Commitments from ${from.name} for session ${id}${built.out.length ? '; all in, signing package made' : waiting.length ? `; waiting for ${names(state, waiting)}` : ''}`,
    outgoing: built.out,
  };
}

// ───────────── signer: package → share ─────────────

export function acceptPackage(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const s = sessionFor(state, id, from.id);
  if (from.id !== s.coordinator)
    throw refuse(`${from.name} is not the coordinator of session ${id} and cannot send its signing package.`, from.id);
  const p = readPayload(bundle, T.signPackage, SignPackagePayload, from.name);
  const pkg = fromMember(from, () => decodeFrostJson('SigningPackage', state.suite, p.signingPackage));
  if (bytesToHex(pkg.message) !== s.message)
    throw new CeremonyError(
      'frost/sign-message-changed',
      `${from.name}'s signing package for session ${id} carries a different message than the request you saw. It is refused.`,
      { sender: from.id },
    );
  const expected = s.signers
    .map((x) => member(state, x).identifier)
    .sort()
    .join(',');
  if (Object.keys(pkg.signingCommitments).sort().join(',') !== expected)
    throw refuse(`${from.name}'s signing package for session ${id} names other signers than the request.`, from.id);
  const json = encodeFrostJson('SigningPackage', pkg);
  const digest = digestOf(json);
  let session: SigningSession = { ...s, signingPackage: json };
  if (s.signers.includes(state.me) && s.decision === 'approved') {
    if (s.nonceBoundTo && s.nonceBoundTo !== digest)
      throw new CeremonyError(
        'frost/sign-nonce-bound',
        `Your nonces for session ${id} are already bound to another signing package; a second package is refused (signing both would reveal your share).`,
        { sender: from.id },
      );
    const mine = s.commitments[state.me];
    const inPkg = encodeFrostJson('SigningCommitments', pkg.signingCommitments[myMember(state).identifier]!);
    if (!mine || JSON.stringify(mine) !== JSON.stringify(inPkg))
      throw new CeremonyError(
        'frost/sign-commitment-mismatch',
        `${from.name}'s signing package for session ${id} does not carry the commitments you sent. It is refused.`,
        { sender: from.id },
      );
    // The binding is committed with this import, before any share exists.
    session = { ...session, nonceBoundTo: digest };
  }
  return {
    state: withSession(state, session),
    summary: `Signing package for session ${id} from ${from.name}${session.nonceBoundTo ? '; your nonces are now bound to it' : ''}`,
  };
}

const awaitingShare = (state: GroupState) => (s: SigningSession) =>
  s.status === 'open' && s.decision === 'approved' && !s.signed && s.signingPackage !== null && s.signers.includes(state.me);

export async function signPackage(state: GroupState, input: { session?: string }, ctx: StepContext): Promise<StepResult<GroupState>> {
  const s = pickSession(state.signings, input.session, awaitingShare(state), 'sign');
  const pkgJson = s.signingPackage!;
  if (s.nonceBoundTo !== digestOf(pkgJson))
    throw new CeremonyError(
      'frost/sign-nonce-bound',
      `Your nonces for session ${s.id} are bound to another signing package; refusing to sign this one.`,
      {},
    );
  const pkg = decodeFrostJson('SigningPackage', state.suite, pkgJson);
  const kp = await readKeyPackage(ctx, state.suite, s.keyVersion);
  const nonceSeed = await seed(ctx, SECRET.nonceSeed(s.id), `FROST signing nonces, session ${s.id}`);
  let shareJson;
  try {
    const { nonces } = commit(kp, seededRng(nonceSeed, `sign/${s.id}/nonces`));
    shareJson = encodeFrostJson('SignatureShare', sign(pkg, nonces, kp));
    nonces.hiding.fill(0);
    nonces.binding.fill(0);
  } finally {
    nonceSeed.fill(0);
    kp.signingShare.fill(0);
  }
  const me = myMember(state);
  if (s.coordinator === state.me) {
    const done = maybeAggregate(state, { ...s, signed: true, shares: { ...s.shares, [state.me]: shareJson } });
    return {
      state: withSession(state, done.session),
      summary: `Signed session ${s.id}${done.session.signature ? '; all shares in, signature made' : ''}`,
      outgoing: done.out,
      artifacts: done.artifacts,
    };
  }
  return {
    state: withSession(state, { ...s, signed: true }),
    summary: `Signed the package of session ${s.id}`,
    outgoing: [
      outgoing({
        step: STEP(s.id, 'share'),
        phase: 3,
        type: T.signShare,
        body: { share: shareJson },
        fileName: `sign-${s.id}-share-${fileSafe(me.name)}`,
        description: `${me.name}'s signature share for session ${s.id}, for ${member(state, s.coordinator).name} (the coordinator).`,
      }),
    ],
  };
}

// ───────────── coordinator: shares → signature ─────────────

function maybeAggregate(
  state: GroupState,
  s: SigningSession,
): { session: SigningSession; out: ReturnType<typeof outgoing>[]; artifacts: ArtifactDraft[] } {
  if (s.signature || s.signers.some((id) => !s.shares[id])) return { session: s, out: [], artifacts: [] };
  const pkg = decodeFrostJson('SigningPackage', state.suite, s.signingPackage!);
  const pkp = decodeFrostJson('PublicKeyPackage', state.suite, requireGroup(state).publicKeyPackage);
  const shares: Record<Identifier, ReturnType<typeof decodeFrostJson<'SignatureShare'>>> = {};
  for (const id of s.signers) shares[member(state, id).identifier] = decodeFrostJson('SignatureShare', state.suite, s.shares[id]);
  const signature = bytesToHex(aggregate(pkg, shares, pkp));
  const session: SigningSession = { ...s, signature, status: 'done' };
  return {
    session,
    out: [
      outgoing({
        step: STEP(s.id, 'result'),
        phase: 3,
        type: T.signResult,
        body: { signature },
        fileName: `sign-${s.id}-signature`,
        description: `The signature of session ${s.id}, for every member's records.`,
      }),
    ],
    artifacts: signatureArtifacts(s.id, signature),
  };
}

/** A rerandomized signature's randomizer and the randomized key it verifies under (public, hex). */
export function randomizerArtifacts(id: string, randomizer: Uint8Array, randomizedKey: Uint8Array): ArtifactDraft[] {
  return [
    {
      id: `randomizer:${id}`,
      name: `randomizer-${id}.hex`,
      description: `Randomizer of the rerandomized signature of session ${id} (hex, as frost-client reads it with -r).`,
      mime: 'text/plain',
      bytes: new TextEncoder().encode(bytesToHex(randomizer) + '\n'),
    },
    {
      id: `randomized-key:${id}`,
      name: `randomized-key-${id}.hex`,
      description: `The key the signature of session ${id} verifies under: the group key plus randomizer times the base point (hex).`,
      mime: 'text/plain',
      bytes: new TextEncoder().encode(bytesToHex(randomizedKey) + '\n'),
    },
  ];
}

export function signatureArtifacts(id: string, signatureHex: string): ArtifactDraft[] {
  return [
    {
      id: `signature:${id}`,
      name: `signature-${id}.hex`,
      description: `Signature of session ${id} (hex, the suite's standard encoding).`,
      mime: 'text/plain',
      bytes: new TextEncoder().encode(signatureHex + '\n'),
    },
    {
      id: `signature-raw:${id}`,
      name: `signature-${id}.sig`,
      description: `Signature of session ${id} (raw bytes, as frost-client writes with -o).`,
      mime: 'application/octet-stream',
      bytes: hexToBytes(signatureHex),
    },
  ];
}

export function acceptShare(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const s = sessionFor(state, id, from.id);
  const p = readPayload(bundle, T.signShare, SignSharePayload, from.name);
  if (!s.signers.includes(from.id))
    throw new CeremonyError(
      'frost/aggregate-unexpected-share',
      `${from.name} sent a signature share for session ${id} but was not asked to sign; it is refused.`,
      { sender: from.id, culprit: from.identifier },
    );
  if (s.coordinator !== state.me)
    return {
      state,
      summary: `Signature share from ${from.name} for session ${id} (for the coordinator, ${nameOfId(state, s.coordinator)})`,
    };
  if (!s.signingPackage)
    throw wrongPhase(`${from.name}'s signature share for session ${id} came before the signing package was made.`, from.id);
  if (s.status !== 'open') throw refuse(`Session ${id} is ${s.status}; ${from.name}'s share is not needed.`, from.id);
  const share = fromMember(from, () => decodeFrostJson('SignatureShare', state.suite, p.share));
  fromMember(from, () =>
    verifySignatureShare(
      decodeFrostJson('SigningPackage', state.suite, s.signingPackage!),
      from.identifier,
      share,
      decodeFrostJson('PublicKeyPackage', state.suite, requireGroup(state).publicKeyPackage),
    ),
  );
  const done = maybeAggregate(state, { ...s, shares: { ...s.shares, [from.id]: encodeFrostJson('SignatureShare', share) } });
  const waiting = s.signers.filter((x) => !done.session.shares[x]);
  return {
    state: withSession(state, done.session),
    summary: `Signature share from ${from.name} for session ${id} verified${done.session.signature ? '; signature made' : `; waiting for ${names(state, waiting)}`}`,
    outgoing: done.out,
    artifacts: done.artifacts,
  };
}

export function acceptResult(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const s = sessionFor(state, id, from.id);
  if (from.id !== s.coordinator) throw refuse(`${from.name} is not the coordinator of session ${id}.`, from.id);
  const p = readPayload(bundle, T.signResult, SignResultPayload, from.name);
  const g = requireGroup(state);
  if (!verifySignature(state.suite, hexToBytes(s.message), hexToBytes(p.signature), hexToBytes(g.verifyingKey)))
    throw new CeremonyError(
      'frost/signature-invalid',
      `The signature ${from.name} reports for session ${id} does not verify under the group key; it is refused.`,
      { sender: from.id },
    );
  return {
    state: withSession(state, { ...s, signature: p.signature, status: 'done' }),
    summary: `Signature of session ${id} received from ${from.name} and verified`,
    artifacts: signatureArtifacts(id, p.signature),
  };
}

// ───────────── anyone: verify ─────────────

export function verifyAction(state: GroupState, input: { message: string; signature: string }, ctx: StepContext): StepResult<GroupState> {
  const g = requireGroup(state);
  const message = Buffer.from(input.message, 'base64');
  const sig = hexToBytes(input.signature.toLowerCase());
  const valid = verifySignature(state.suite, message, sig, hexToBytes(g.verifyingKey));
  if (!valid)
    throw new CeremonyError(
      'frost/signature-invalid',
      `This signature does not verify: it was not made by this group${state.description ? ` (“${state.description}”, ` : ' ('}group key check code ${groupKeyCode(state)!}) over exactly this message file. Check that you chose the file that was signed, and the signature of that signing.`,
      {},
    );
  return {
    state: {
      ...state,
      verifications: [
        ...state.verifications.slice(-19),
        { at: ctx.now(), messageDigest: digestOf(bytesToHex(message)), signature: bytesToHex(sig), valid },
      ],
    },
    summary: `Verified a signature over a ${message.length}-byte message: valid for the group key`,
  };
}
