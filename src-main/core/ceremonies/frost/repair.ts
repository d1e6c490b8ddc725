/**
 * Repair of a lost share by a quorum of helpers (frost-core `keys::repairable`, with the core's
 * broadcast commitments so every step names a cheating helper). The member who lost their share
 * has lost this app's data too, so they come back as a newcomer with a fresh install:
 *
 *   coordinator (a helper)  repair-start → repair.<s>.request, which doubles as the newcomer's
 *                           invitation: it carries the group's public data and every member's
 *                           bundle key, so the newcomer can check everything that follows.
 *   newcomer                joins from it → repair.<s>.hello (new communication and bundle keys)
 *   each helper             imports the hello, compares its check code with the newcomer IN
 *                           PERSON, then repair-help → repair.<s>.deltas: public delta
 *                           commitments, each delta sealed to its helper, and the newcomer key
 *                           the helper is sealing for (all helpers must agree on it)
 *   each helper             (automatically, once all deltas are in) → repair.<s>.sigma, sealed to
 *                           the newcomer
 *   newcomer                (automatically, once all sigmas are in) rebuilds the KeyPackage, checks
 *                           it against the group's public key package, and stores it.
 *
 * The group key, the identifier and the public key package do not change. The repaired member's
 * bundle and communication keys do: helpers switch to the new ones when they send their sigma;
 * other members when they import the hello.
 *
 * The same exchange with a NEW identifier enrolls a new member (the core supports it: the public
 * key package gains a verifying share); that is the next step, on top of this module.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import type { CreateContext, Created, StepContext, StepResult } from '../../engine/protocol.ts';
import { decodeFrostJson, encodeFrostJson } from '../../formats/frost/frost-json.ts';
import {
  createRepairPlan,
  frostSuite,
  repairHelperStep1,
  repairHelperStep2,
  repairParticipantStep3,
  seededRng,
  type Identifier,
  type RepairCommitments,
  type RepairPlan,
} from '../../crypto/frost/index.ts';
import { fileSafe, fromMember, outgoing, readPayload, refuse, wrongPhase } from './bundle-io.ts';
import { assertUsableCommKey, openEnvelope, sealEnvelope, type SealedEnvelope } from './envelope.ts';
import { wireOf } from './exchange.ts';
import { EmptyPayload, RepairDeltasPayload, RepairHelloPayload, RepairRequestPayload, RepairSigmaPayload, T } from './payloads.ts';
import { commKey, readKeyPackage, seed, SECRET, storeKeyPackage } from './secrets.ts';
import { pickSession, requireGroup } from './signing.ts';
import { groupArtifacts } from './dkg.ts';
import { newGroupState, member, myMember, names, withMember, type GroupState, type RepairSession } from './state.ts';

function withRepair(state: GroupState, r: RepairSession): GroupState {
  const list = state.repairs.some((x) => x.id === r.id) ? state.repairs.map((x) => (x.id === r.id ? r : x)) : [...state.repairs, r];
  return { ...state, repairs: list };
}

function pkpOf(state: GroupState, r: RepairSession) {
  const json = state.group?.publicKeyPackage ?? r.publicKeyPackage;
  if (!json) throw new Error('no public key package for the repair');
  return decodeFrostJson('PublicKeyPackage', state.suite, json);
}

function planOf(state: GroupState, r: RepairSession): RepairPlan {
  return createRepairPlan(
    pkpOf(state, r),
    member(state, r.target).identifier,
    r.helpers.map((h) => member(state, h).identifier),
    { minSigners: state.threshold },
  );
}

function repairFor(state: GroupState, id: string, from: string): RepairSession {
  const r = state.repairs.find((x) => x.id === id);
  if (!r) throw wrongPhase(`This bundle belongs to repair ${id}, whose request has not been imported yet.`, from);
  return r;
}

/**
 * The bundle key the engine should expect from a member: while a repair of that member is open,
 * the newcomer's key once its hello is in, or null (the hello binds it) before that.
 */
export function rosterKey(state: GroupState, memberId: string, recorded: string | null): string | null {
  const open = state.repairs.find(
    (r) => r.status === 'open' && r.target === memberId && state.me !== memberId && r.decision !== 'declined',
  );
  if (!open) return recorded;
  return open.newcomerBundleKey;
}

function blankSession(id: string, coordinator: string, target: string, helpers: string[]): RepairSession {
  return {
    id,
    coordinator,
    target,
    helpers,
    newcomerCommKey: null,
    newcomerBundleKey: null,
    decision: 'not-asked',
    commitments: {},
    deltas: {},
    sentDeltas: false,
    sentSigma: false,
    sigmas: {},
    helloCheckCode: null,
    publicKeyPackage: null,
    status: 'open',
  };
}

function commitmentsOf(state: GroupState, r: RepairSession): Record<Identifier, RepairCommitments> {
  const out: Record<Identifier, RepairCommitments> = {};
  const target = member(state, r.target).identifier;
  for (const h of r.helpers) {
    const row = r.commitments[h] as Record<string, string>;
    const deltaCommitments: Record<Identifier, Uint8Array> = {};
    for (const [j, hex] of Object.entries(row)) deltaCommitments[member(state, j).identifier] = hexToBytes(hex);
    out[member(state, h).identifier] = { suite: state.suite, helper: member(state, h).identifier, participant: target, deltaCommitments };
  }
  return out;
}

const purposeDelta = (id: string) => `repair/${id}/delta`;
const purposeSigma = (id: string) => `repair/${id}/sigma`;

/** The highest session number we have seen `memberId` use (signings, refreshes, repairs). */
function sessionsSeenFrom(state: GroupState, memberId: string): number {
  const ids = [...state.signings, ...state.refreshes, ...state.repairs].map((s) => s.id).filter((id) => id.startsWith(`${memberId}-`));
  return Math.max(0, ...ids.map((id) => Number(id.slice(memberId.length + 1))));
}

/**
 * Session ids are "<member>-<n>" and must never repeat for a member (others would take a reused
 * id for a second, conflicting message). A rebuilt install has forgotten its counter: it starts
 * well above the highest number the coordinator has seen, leaving room for sessions the old
 * install started that never reached the coordinator.
 */
const REBUILT_COUNTER_MARGIN = 1000;

// ───────────── coordinator ─────────────

export function startRepair(state: GroupState, input: { target: string; helpers: string[] }, ctx: StepContext): StepResult<GroupState> {
  const g = requireGroup(state);
  const target = member(state, input.target);
  if (target.evicted)
    throw new CeremonyError('frost/repair-bad-target', `${target.name} left the group in a refresh; their share cannot be rebuilt.`, {});
  if (input.target === state.me)
    throw new CeremonyError(
      'frost/repair-bad-target',
      'You cannot rebuild your own share from this install; ask another member to start the repair.',
      {},
    );
  if (state.repairs.some((r) => r.status === 'open' && r.target === input.target))
    throw new CeremonyError('frost/repair-in-progress', `A repair for ${target.name} is already in progress.`, {});
  const helpers = state.members.filter((m) => input.helpers.includes(m.id)).map((m) => m.id);
  if (helpers.length !== new Set(input.helpers).size)
    throw new CeremonyError('frost/repair-bad-helpers', 'A helper is not a member of this group.', {});
  if (!helpers.includes(state.me))
    throw new CeremonyError('frost/repair-bad-helpers', 'You must be one of the helpers of a repair you start.', {});
  for (const h of helpers)
    if (member(state, h).evicted)
      throw new CeremonyError('frost/repair-bad-helpers', `${member(state, h).name} is no longer a member.`, {});
  const id = `${state.me}-${state.counter + 1}`;
  const r: RepairSession = { ...blankSession(id, state.me, input.target, helpers), decision: 'pending' };
  planOf(state, r); // the core checks the helpers against the threshold and the group
  const cards = state.members.map((m) => ({
    id: m.id,
    name: m.name,
    identifier: m.identifier,
    bundleKey: m.id === state.me ? ctx.meta.me.bundleKey : m.bundleKey,
    commKey: m.commKey,
  }));
  return {
    state: withRepair({ ...state, counter: state.counter + 1 }, r),
    summary: `Started repair ${id}: ${names(state, helpers)} will rebuild ${target.name}'s share`,
    outgoing: [
      outgoing({
        step: `repair.${id}.request`,
        phase: 3,
        type: T.repairRequest,
        body: {
          target: input.target,
          helpers,
          targetSessions: sessionsSeenFrom(state, input.target),
          group: {
            suite: state.suite,
            threshold: state.threshold,
            description: state.description,
            members: cards,
            publicKeyPackage: g.publicKeyPackage,
          },
        },
        fileName: `repair-${id}-for-${fileSafe(target.name)}`,
        description: `Repair ${id}: ${target.name} opens this with "Join" on a fresh install; the helpers import it.`,
      }),
    ],
  };
}

export function acceptRepairRequest(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  if (!id.startsWith(`${from.id}-`)) throw refuse(`${from.name} sent a repair request under someone else's session id.`, from.id);
  if (!state.group) throw wrongPhase(`The repair request from ${from.name} came before the group exists here.`, from.id);
  const p = readPayload(bundle, T.repairRequest, RepairRequestPayload, from.name);
  const pkp = fromMember(from, () => decodeFrostJson('PublicKeyPackage', state.suite, p.group.publicKeyPackage));
  if (bytesToHex(pkp.verifyingKey) !== state.group.verifyingKey || p.group.suite !== state.suite)
    throw refuse(`${from.name}'s repair request is for another group.`, from.id);
  const target = member(state, p.target);
  const r: RepairSession = {
    ...blankSession(id, from.id, p.target, p.helpers),
    decision: p.helpers.includes(state.me) ? 'pending' : 'not-asked',
  };
  fromMember(from, () => planOf(state, r));
  const aboutMe = p.target === state.me;
  return {
    state: withRepair(state, r),
    summary: aboutMe
      ? `WARNING: ${from.name} started repair ${id} to rebuild YOUR share on another install. If you did not lose it, tell the group at once: someone may be impersonating you.`
      : `${from.name} asks ${names(state, p.helpers)} to rebuild ${target.name}'s share (repair ${id})`,
  };
}

export function acceptHello(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const r = repairFor(state, id, bundle.header.sender.id);
  const target = member(state, r.target);
  if (bundle.header.sender.id !== r.target)
    throw refuse(`Only ${target.name} can send the hello of repair ${id}.`, bundle.header.sender.id);
  if (state.me === r.target) throw refuse(`This hello claims to come from you (${target.name}).`, bundle.header.sender.id);
  const p = readPayload(bundle, T.repairHello, RepairHelloPayload, target.name);
  assertUsableCommKey(p.commKey, target, `hello for repair ${id}`);
  let next: RepairSession = {
    ...r,
    newcomerCommKey: p.commKey,
    newcomerBundleKey: bundle.header.sender.publicKey,
    helloCheckCode: bundle.checkCode,
  };
  let s = state;
  // Members not helping have nothing to protect here: they switch to the new keys at once.
  if (!r.helpers.includes(state.me)) {
    s = withMember(s, r.target, { commKey: p.commKey, bundleKey: bundle.header.sender.publicKey });
    next = { ...next, status: 'done' };
  }
  return {
    state: withRepair(s, next),
    summary: `${target.name}'s new keys for repair ${id} (check code ${bundle.checkCode}: compare it with ${target.name} in person before helping)`,
  };
}

// ───────────── helpers ─────────────

async function step1(state: GroupState, r: RepairSession, ctx: StepContext) {
  const g = requireGroup(state);
  const kp = await readKeyPackage(ctx, state.suite, g.keyVersion);
  const s = await seed(ctx, SECRET.repairSeed(r.id), `FROST repair ${r.id} randomness`);
  try {
    return {
      ...repairHelperStep1(planOf(state, r), kp, seededRng(s, `repair/${r.id}/step1`)),
      kp,
      entropy: (to: string) => seededRng(s, `repair/${r.id}/${to}/entropy`)(32),
    };
  } finally {
    s.fill(0);
  }
}

const awaitingHelp = (state: GroupState) => (r: RepairSession) =>
  r.status === 'open' && r.helpers.includes(state.me) && r.decision === 'pending';

export async function helpRepair(
  state: GroupState,
  input: { session?: string; code: string },
  ctx: StepContext,
): Promise<StepResult<GroupState>> {
  const r0 = pickSession(state.repairs, input.session, awaitingHelp(state), 'help with a repair');
  const target = member(state, r0.target);
  if (!r0.newcomerCommKey || !r0.helloCheckCode)
    throw new CeremonyError(
      'frost/repair-no-hello',
      `Import ${target.name}'s hello first (repair ${r0.id}), and compare its check code with ${target.name}.`,
      {},
    );
  // The part is sealed to the key whose code the person compared with the newcomer, never another.
  if (input.code !== r0.helloCheckCode)
    throw new CeremonyError(
      'frost/code-changed',
      `The code you compared (${input.code}) is not the check code of ${target.name}'s hello (${r0.helloCheckCode}); compare again.`,
      {},
    );
  const st = await step1(state, r0, ctx);
  const keys = await commKey(ctx, state.description);
  const me = myMember(state);
  const commitmentsRow: Record<string, string> = {};
  const sealed: Record<string, SealedEnvelope> = {};
  try {
    for (const h of r0.helpers) {
      const hm = member(state, h);
      commitmentsRow[h] = bytesToHex(st.commitments.deltaCommitments[hm.identifier]!);
      if (h === state.me) continue;
      if (!hm.commKey) throw new CeremonyError('frost/repair-no-key', `${hm.name} has no communication key in this group.`, {});
      sealed[h] = sealEnvelope({
        plaintext: st.deltas[hm.identifier]!,
        senderSecret: keys.secret,
        recipientPublic: hexToBytes(hm.commKey),
        context: { ceremony: wireOf(state, ctx), purpose: purposeDelta(r0.id), from: state.me, to: h },
        entropy: st.entropy(h),
      });
    }
  } finally {
    keys.secret.fill(0);
    st.kp.signingShare.fill(0);
    for (const d of Object.values(st.deltas)) d.fill(0);
  }
  let r: RepairSession = { ...r0, decision: 'approved', sentDeltas: true, commitments: { ...r0.commitments, [state.me]: commitmentsRow } };
  const out = [
    outgoing({
      step: `repair.${r.id}.deltas`,
      phase: 3,
      type: T.repairDeltas,
      body: { newcomerCommKey: r0.newcomerCommKey, commitments: commitmentsRow, deltas: sealed },
      fileName: `repair-${r.id}-deltas-${fileSafe(me.name)}`,
      description: `${me.name}'s part of repair ${r.id}: public commitments and one sealed delta per helper.`,
    }),
  ];
  const sig = await maybeSigma(state, r, ctx);
  r = sig.session;
  return {
    state: sig.state(withRepair(state, r)),
    summary: `Codes match: ${target.name}'s hello check code ${r0.helloCheckCode}, compared with ${target.name}. Helping repair ${r.id}: sent my sealed deltas${sig.out.length ? ' and my sigma' : ''}`,
    outgoing: [...out, ...sig.out],
  };
}

export function declineRepair(state: GroupState, input: { session?: string; differs?: string }): StepResult<GroupState> {
  const r = pickSession(state.repairs, input.session, awaitingHelp(state), 'help with or decline a repair');
  const me = myMember(state);
  const target = member(state, r.target).name;
  return {
    state: withRepair(state, { ...r, decision: 'declined', status: 'cancelled' }),
    summary: input.differs
      ? `A code differs: ${target}'s hello check code here is ${input.differs}, not the one ${target} read. Declined to help with repair ${r.id}`
      : `Declined to help with repair ${r.id}`,
    outgoing: [
      outgoing({
        step: `repair.${r.id}.decline`,
        phase: 3,
        type: T.repairDecline,
        body: {},
        fileName: `repair-${r.id}-decline-${fileSafe(me.name)}`,
        description: `${me.name} declines to help with repair ${r.id}.`,
      }),
    ],
  };
}

export function acceptRepairDecline(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const from = member(state, bundle.header.sender.id);
  const r = repairFor(state, id, from.id);
  readPayload(bundle, T.repairDecline, EmptyPayload, from.name);
  return {
    state: withRepair(state, { ...r, status: r.status === 'open' ? 'cancelled' : r.status }),
    summary: `${from.name} declined to help with repair ${id}; it is cancelled`,
  };
}

async function openDelta(state: GroupState, r: RepairSession, from: string, env: SealedEnvelope, ctx: StepContext): Promise<Uint8Array> {
  const sender = member(state, from);
  const keys = await commKey(ctx, state.description);
  try {
    return fromMember(sender, () =>
      openEnvelope({
        envelope: env,
        recipientSecret: keys.secret,
        senderPublic: hexToBytes(sender.commKey!),
        context: { ceremony: wireOf(state, ctx), purpose: purposeDelta(r.id), from, to: state.me },
        senderName: sender.name,
      }),
    );
  } finally {
    keys.secret.fill(0);
  }
}

export async function acceptDeltas(state: GroupState, bundle: Bundle, id: string, ctx: StepContext): Promise<StepResult<GroupState>> {
  const from = member(state, bundle.header.sender.id);
  const r0 = repairFor(state, id, from.id);
  if (!r0.helpers.includes(from.id)) throw refuse(`${from.name} is not a helper of repair ${id}.`, from.id);
  const p = readPayload(bundle, T.repairDeltas, RepairDeltasPayload, from.name);
  const involved = r0.helpers.includes(state.me) || r0.target === state.me;
  if (!involved) return { state, summary: `Repair ${id}: deltas from ${from.name} (you are not taking part)` };
  if (r0.status !== 'open') throw refuse(`Repair ${id} is ${r0.status}; ${from.name}'s deltas are not needed.`, from.id);
  if (!r0.newcomerCommKey)
    throw wrongPhase(`Import ${member(state, r0.target).name}'s hello for repair ${id} before the helpers' deltas.`, from.id);
  if (p.newcomerCommKey !== r0.newcomerCommKey)
    throw new CeremonyError(
      'frost/repair-newcomer-mismatch',
      `${from.name} is helping a different "${member(state, r0.target).name}" (another new key) than you. Stop: someone may be impersonating ${member(state, r0.target).name}.`,
      { sender: from.id },
    );
  const ids = Object.keys(p.commitments).sort().join(',');
  if (ids !== [...r0.helpers].sort().join(','))
    throw refuse(`${from.name}'s repair commitments do not cover exactly the helpers of repair ${id}.`, from.id);
  const suite = frostSuite(state.suite);
  for (const [j, hex] of Object.entries(p.commitments))
    fromMember(from, () => suite.elementFromBytes(hexToBytes(hex), `delta commitment for ${j}`));
  let r: RepairSession = { ...r0, commitments: { ...r0.commitments, [from.id]: p.commitments } };
  if (r0.helpers.includes(state.me)) {
    const env = p.deltas[state.me];
    if (!env) throw refuse(`${from.name}'s repair bundle has no delta sealed for you.`, from.id);
    const delta = await openDelta(state, r0, from.id, env, ctx);
    const ok = fromMember(from, () =>
      suite.base
        .multiply(suite.scalarFromBytes(delta, 'delta'))
        .equals(suite.elementFromBytes(hexToBytes(p.commitments[state.me]!), 'delta commitment')),
    );
    delta.fill(0);
    if (!ok)
      throw new CeremonyError(
        'frost/repair-invalid-delta',
        `The delta ${from.name} sealed for you does not match what ${from.name} committed to publicly; ${from.name}'s part of the repair is refused.`,
        {
          sender: from.id,
          culpritName: from.name,
        },
      );
    r = { ...r, deltas: { ...r.deltas, [from.id]: env } };
    const sig = await maybeSigma(state, r, ctx);
    return {
      state: sig.state(withRepair(state, sig.session)),
      summary: `Repair ${id}: delta from ${from.name} opened and checked${sig.out.length ? '; sent my sigma' : ''}`,
      outgoing: sig.out,
    };
  }
  const rebuilt = await maybeRebuild(withRepair(state, r), r, ctx);
  return { ...rebuilt, summary: `Repair ${id}: commitments from ${from.name}${rebuilt.state.group ? '; your share is rebuilt' : ''}` };
}

/** A helper, once every helper's deltas are in: σ = Σ δ, sealed to the newcomer. */
async function maybeSigma(
  state: GroupState,
  r: RepairSession,
  ctx: StepContext,
): Promise<{ session: RepairSession; out: ReturnType<typeof outgoing>[]; state: (s: GroupState) => GroupState }> {
  const none = { session: r, out: [], state: (s: GroupState) => s };
  if (!r.sentDeltas || r.sentSigma || r.status !== 'open' || r.helpers.some((h) => !r.commitments[h] || (h !== state.me && !r.deltas[h])))
    return none;
  const st = await step1(state, r, ctx);
  const received: Record<Identifier, Uint8Array> = { [myMember(state).identifier]: st.deltas[myMember(state).identifier]! };
  for (const h of r.helpers) if (h !== state.me) received[member(state, h).identifier] = await openDelta(state, r, h, r.deltas[h]!, ctx);
  const keys = await commKey(ctx, state.description);
  let env: SealedEnvelope;
  try {
    const { sigma } = repairHelperStep2(planOf(state, r), st.kp, pkpOf(state, r), received, commitmentsOf(state, r));
    env = sealEnvelope({
      plaintext: sigma,
      senderSecret: keys.secret,
      recipientPublic: hexToBytes(r.newcomerCommKey!),
      context: { ceremony: wireOf(state, ctx), purpose: purposeSigma(r.id), from: state.me, to: r.target },
      entropy: st.entropy(`sigma:${r.target}`),
    });
    sigma.fill(0);
  } finally {
    keys.secret.fill(0);
    st.kp.signingShare.fill(0);
    for (const d of Object.values(received)) d.fill(0);
  }
  const me = myMember(state);
  const target = member(state, r.target);
  return {
    session: { ...r, sentSigma: true, status: 'done' },
    // After our sigma, the repaired member is the newcomer: switch to its keys.
    state: (s) => withMember(s, r.target, { commKey: r.newcomerCommKey, bundleKey: r.newcomerBundleKey }),
    out: [
      outgoing({
        step: `repair.${r.id}.sigma`,
        phase: 3,
        type: T.repairSigma,
        body: { sigma: env },
        fileName: `repair-${r.id}-sigma-${fileSafe(me.name)}`,
        description: `${me.name}'s sigma for repair ${r.id}, sealed so only ${target.name}'s new install can open it.`,
      }),
    ],
  };
}

// ───────────── the newcomer ─────────────

export async function joinFromRepairRequest(bundle: Bundle, id: string, ctx: CreateContext): Promise<Created<GroupState>> {
  const p = readPayload(bundle, T.repairRequest, RepairRequestPayload, bundle.header.sender.label || 'the coordinator');
  const g = p.group;
  const me = g.members.find((m) => m.id === p.target);
  const coordinator = g.members.find((m) => m.id === bundle.header.sender.id);
  if (!me || !coordinator || !id.startsWith(`${coordinator.id}-`) || coordinator.bundleKey !== bundle.header.sender.publicKey)
    throw new CeremonyError(
      'frost/repair-invalid-request',
      'This repair request is inconsistent (its sender is not the member it claims to be).',
      {},
    );
  const pkp = decodeFrostJson('PublicKeyPackage', g.suite, g.publicKeyPackage);
  const helperIds = p.helpers.map((h) => g.members.find((m) => m.id === h)?.identifier ?? '');
  createRepairPlan(pkp, me.identifier, helperIds, { minSigners: g.threshold });
  const keys = await commKey(ctx, g.description);
  keys.secret.fill(0);
  const comm = bytesToHex(keys.publicKey);
  const state = newGroupState({
    suite: g.suite,
    threshold: g.threshold,
    description: g.description,
    origin: 'repair',
    me: me.id,
    creator: coordinator.id,
    members: g.members.map((m) => ({
      ...m,
      bundleKey: m.id === me.id ? null : m.bundleKey,
      commKey: m.id === me.id ? comm : m.commKey,
      evicted: false,
    })),
    repairs: [
      {
        ...blankSession(id, coordinator.id, me.id, p.helpers),
        newcomerCommKey: comm,
        publicKeyPackage: encodeFrostJson('PublicKeyPackage', pkp),
      },
    ],
    counter: p.targetSessions + REBUILT_COUNTER_MARGIN,
  });
  return {
    ceremonyId: ctx.newCeremonyId(),
    title: g.description,
    role: 'member rebuilding a share',
    rehearsal: bundle.header.rehearsal,
    me: { id: me.id, label: me.name },
    state,
    summary: `Joined repair ${id} as ${me.name}: ${p.helpers.length} helpers will rebuild your share of group ${bytesToHex(pkp.verifyingKey).slice(0, 16)}…`,
    phase: 2,
    outgoing: [
      outgoing({
        step: `repair.${id}.hello`,
        phase: 2,
        type: T.repairHello,
        body: { commKey: comm },
        fileName: `repair-${id}-hello-${fileSafe(me.name)}`,
        description: `${me.name}'s new keys for repair ${id}. Each helper compares this file's check code with ${me.name} in person before helping.`,
      }),
    ],
  };
}

export async function acceptSigma(state: GroupState, bundle: Bundle, id: string, ctx: StepContext): Promise<StepResult<GroupState>> {
  const from = member(state, bundle.header.sender.id);
  const r0 = repairFor(state, id, from.id);
  if (!r0.helpers.includes(from.id)) throw refuse(`${from.name} is not a helper of repair ${id}.`, from.id);
  const p = readPayload(bundle, T.repairSigma, RepairSigmaPayload, from.name);
  if (r0.target !== state.me) return { state, summary: `Repair ${id}: sigma from ${from.name} (for ${member(state, r0.target).name})` };
  if (r0.status !== 'open') throw refuse(`Repair ${id} is ${r0.status}; ${from.name}'s sigma is not needed.`, from.id);
  // Open it now, so a damaged or misdirected sigma is refused at once with its sender named.
  (await openSigma(state, r0, from.id, p.sigma, ctx)).fill(0);
  const r = { ...r0, sigmas: { ...r0.sigmas, [from.id]: p.sigma } };
  const rebuilt = await maybeRebuild(withRepair(state, r), r, ctx);
  return {
    ...rebuilt,
    summary: `Repair ${id}: sigma from ${from.name} received${rebuilt.state.group ? '; your share is rebuilt and checked against the group' : ''}`,
  };
}

async function openSigma(state: GroupState, r: RepairSession, from: string, env: SealedEnvelope, ctx: StepContext): Promise<Uint8Array> {
  const sender = member(state, from);
  const keys = await commKey(ctx, state.description);
  try {
    return fromMember(sender, () =>
      openEnvelope({
        envelope: env,
        recipientSecret: keys.secret,
        senderPublic: hexToBytes(sender.commKey!),
        context: { ceremony: wireOf(state, ctx), purpose: purposeSigma(r.id), from, to: state.me },
        senderName: sender.name,
      }),
    );
  } finally {
    keys.secret.fill(0);
  }
}

async function maybeRebuild(state: GroupState, r: RepairSession, ctx: StepContext): Promise<StepResult<GroupState>> {
  if (r.target !== state.me || state.group || r.helpers.some((h) => !r.commitments[h] || !r.sigmas[h])) return { state, summary: '' };
  const sigmas: Record<Identifier, Uint8Array> = {};
  for (const h of r.helpers) sigmas[member(state, h).identifier] = await openSigma(state, r, h, r.sigmas[h]!, ctx);
  let out;
  try {
    out = repairParticipantStep3(planOf(state, r), pkpOf(state, r), sigmas, commitmentsOf(state, r));
  } finally {
    for (const s of Object.values(sigmas)) s.fill(0);
  }
  await storeKeyPackage(ctx, 1, out.keyPackage, `FROST key package (repaired): ${state.description} (${myMember(state).name})`);
  out.keyPackage.signingShare.fill(0);
  const next: GroupState = {
    ...withRepair(state, { ...r, status: 'done' }),
    members: state.members.map((m) => (m.id === state.me ? { ...m, bundleKey: ctx.meta.me.bundleKey || null } : m)),
    group: {
      publicKeyPackage: encodeFrostJson('PublicKeyPackage', out.publicKeyPackage),
      verifyingKey: bytesToHex(out.publicKeyPackage.verifyingKey),
      keyVersion: 1,
    },
  };
  const me = myMember(state);
  return {
    state: next,
    summary: '',
    phase: 3,
    artifacts: groupArtifacts(next),
    // Tells the helpers their parts arrived: until then each still has a file to carry here.
    outgoing: [
      outgoing({
        step: `repair.${r.id}.restored`,
        phase: 3,
        type: T.repairRestored,
        body: {},
        fileName: `repair-${r.id}-restored-${fileSafe(me.name)}`,
        description: `${me.name}'s share is rebuilt (repair ${r.id}): the helpers' parts all arrived.`,
      }),
    ],
  };
}

/** A helper learns the newcomer rebuilt its share: its own part arrived, nothing is left to carry. */
export function acceptRestored(state: GroupState, bundle: Bundle, id: string): StepResult<GroupState> {
  const r = repairFor(state, id, bundle.header.sender.id);
  const target = member(state, r.target);
  if (bundle.header.sender.id !== r.target)
    throw refuse(`Only ${target.name} can say their share of repair ${id} is rebuilt.`, bundle.header.sender.id);
  readPayload(bundle, T.repairRestored, EmptyPayload, target.name);
  return {
    state: withRepair(state, { ...r, restored: true }),
    summary: `${target.name}'s share is rebuilt (repair ${id}): every helper's part arrived`,
  };
}
