/**
 * Signing through a frostd relay, with frost-client's choreography, for any group that knows its
 * members' communication keys (made online, imported from frost-client, or made over bundles:
 * there each member's per-group key is its frostd identity too):
 *
 *   coordinator  "Request a signature online": signers and a message file → a session with the
 *                signers on the relay; waits for commitments, sends the signing package,
 *                verifies each share, aggregates; the signature is offered as files.
 *                A coordinator who signs too runs its own signer next to it: choosing the
 *                message is its approval (frost-client users run `participant` for that).
 *   signer       "Join an online signing": finds the session of this group that includes it
 *                (frost-client `participant`), sends its commitments, shows the message as text
 *                and hex, and sends its share only after the person approves.
 *
 * A frost-client user can be either: the runners speak its message shapes. Each run has its own
 * vault seed (nonces come from it and the session id), so a restart signs the same package with
 * the same nonces, never a different one.
 */
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../../errors.ts';
import type { StepResult } from '../../../engine/protocol.ts';
import { decodeFrostJson } from '../../../formats/frost/frost-json.ts';
import { FrostdSignCoordinator } from '../../../transports/frostd/sign-coordinator.ts';
import { FrostdSignParticipant } from '../../../transports/frostd/sign-participant.ts';
import { MAX_SIGN_MESSAGE_BYTES } from '../../../../../src-shared/ceremonies/frost.ts';
import { readKeyPackage } from '../secrets.ts';
import { randomizerArtifacts, requireGroup, signatureArtifacts } from '../signing.ts';
import {
  activeMembers,
  memberById,
  myMember,
  names,
  ONLINE_SIGNING_LABEL,
  type GroupState,
  type OnlineRun,
  type OnlineState,
} from '../state.ts';
import {
  DEFAULT_ONLINE_TIMEOUT_MS,
  frostd,
  groupCommKey,
  newRunSeed,
  reportOf,
  saved,
  seedName,
  withRun,
  type AnyRunner,
  type Ctx,
} from './runs.ts';

/** The group's members as frost-client's participant table: communication key by identifier. */
function participants(state: GroupState): Record<string, string> {
  const out: Record<string, string> = {};
  for (const m of activeMembers(state)) if (m.commKey) out[m.identifier] = m.commKey;
  return out;
}

/** Display names by communication key. */
function contacts(state: GroupState): Record<string, string> {
  return Object.fromEntries(
    activeMembers(state)
      .filter((m) => m.commKey && m.id !== state.me)
      .map((m) => [m.commKey!, m.name]),
  );
}

function onlineState(state: GroupState, server: string | undefined): { online: OnlineState; server: string } {
  const chosen = server ?? state.online?.server;
  if (!chosen) throw new CeremonyError('frost/online-no-server', 'Say which frostd relay to use (host:port).', {});
  return {
    online: state.online ?? { server: chosen, timeoutMs: DEFAULT_ONLINE_TIMEOUT_MS, addressBook: null, runs: [], counter: 0 },
    server: chosen,
  };
}

function blankRun(
  id: string,
  kind: OnlineRun['kind'],
  server: string,
  label: string,
  now: string,
  runner: AnyRunner,
  keyVersion: number | null,
  link: string | null,
): OnlineRun {
  return {
    id,
    kind,
    server,
    label,
    startedAt: now,
    seed: seedName(id),
    runner: saved(runner),
    report: reportOf(runner.toJSON()),
    accepted: true,
    request: null,
    signature: null,
    link,
    finished: false,
    keyVersion,
  };
}

function checkUsable(state: GroupState): void {
  requireGroup(state);
  if (myMember(state).evicted) throw new CeremonyError('frost/evicted', 'You left this group in a refresh and cannot sign.', {});
  const missing = activeMembers(state).filter((m) => !m.commKey);
  if (missing.length)
    throw new CeremonyError(
      'frost/online-no-comm-keys',
      `The communication keys of ${names(
        state,
        missing.map((m) => m.id),
      )} are not known here, so this group cannot sign through a relay.`,
      {},
    );
}

/** Coordinator: a new signing session on the relay (made by the first step). */
export async function requestOnlineSignature(
  state: GroupState,
  input: { signers: string[]; message: string; label: string; server?: string | undefined },
  ctx: Ctx,
): Promise<StepResult<GroupState>> {
  checkUsable(state);
  const g = requireGroup(state);
  const message = Buffer.from(input.message, 'base64');
  if (message.length > MAX_SIGN_MESSAGE_BYTES)
    throw new CeremonyError(
      'frost/sign-message-too-large',
      `The message has ${message.length} bytes; at most ${MAX_SIGN_MESSAGE_BYTES} can be signed in one request.`,
      {},
    );
  for (const id of input.signers) {
    const m = memberById(state, id);
    if (!m || m.evicted)
      throw new CeremonyError('frost/sign-bad-signers', `${id} is not a member of this group who can sign.`, { member: id });
  }
  const { online, server } = onlineState(state, input.server);
  const id = `o${online.counter + 1}`;
  const label = input.label || `${message.length}-byte message`;
  const f = frostd(ctx);
  const key = await groupCommKey(ctx);
  const seed = await newRunSeed(ctx, id, `signing ${id} (${label})`);
  try {
    const runner = FrostdSignCoordinator.create(
      {
        publicKeyPackage: decodeFrostJson('PublicKeyPackage', state.suite, g.publicKeyPackage),
        minSigners: state.threshold,
        participants: participants(state),
        signers: input.signers.map((s) => memberById(state, s)!.commKey!),
        message,
        contacts: contacts(state),
        timeoutMs: online.timeoutMs,
      },
      { communicationKey: key, seed },
      f.now(),
    );
    const run = blankRun(id, 'sign-coordinator', server, label, ctx.now(), runner, null, null);
    return {
      state: withRun({ ...state, online: { ...online, counter: online.counter + 1 } }, run),
      summary: `Asked ${names(state, input.signers)} to sign "${label}" online through ${server} (run ${id})`,
    };
  } finally {
    key.privateKey.fill(0);
    seed.fill(0);
  }
}

/** A signer run for this member: in the named session, or the one session of this group that includes it. */
export async function joinOnlineSigning(
  state: GroupState,
  input: {
    session?: string | undefined;
    server?: string | undefined;
    expectedMessage?: Uint8Array;
    autoApprove?: boolean;
    link?: string;
    label?: string;
  },
  ctx: Ctx,
): Promise<StepResult<GroupState>> {
  checkUsable(state);
  const g = requireGroup(state);
  const { online, server } = onlineState(state, input.server);
  if (input.session && online.runs.some((r) => r.kind === 'sign-participant' && r.report.sessionId === input.session))
    throw new CeremonyError('frost/online-already-joined', `You already take part in signing session ${input.session}.`, {
      session: input.session,
    });
  const id = `o${online.counter + 1}`;
  const f = frostd(ctx);
  const key = await groupCommKey(ctx);
  const seed = await newRunSeed(ctx, id, `signing ${id}`);
  const keyPackage = await readKeyPackage(ctx, state.suite, g.keyVersion);
  try {
    const runner = FrostdSignParticipant.create(
      {
        participants: participants(state),
        contacts: contacts(state),
        timeoutMs: online.timeoutMs,
        skipSessions: online.runs.flatMap((r) => (r.report.sessionId ? [r.report.sessionId] : [])),
        ...(input.session ? { sessionId: input.session } : {}),
        ...(input.expectedMessage ? { expectedMessage: input.expectedMessage, autoApprove: input.autoApprove ?? false } : {}),
      },
      { communicationKey: key, seed, keyPackage },
      f.now(),
    );
    const run = blankRun(
      id,
      'sign-participant',
      server,
      input.label ?? ONLINE_SIGNING_LABEL,
      ctx.now(),
      runner,
      g.keyVersion,
      input.link ?? null,
    );
    return {
      state: withRun({ ...state, online: { ...online, counter: online.counter + 1 } }, run),
      summary: input.session
        ? `Joined signing session ${input.session} on ${server} (run ${id})`
        : `Looking for a signing session of this group on ${server} (run ${id})`,
    };
  } finally {
    key.privateKey.fill(0);
    seed.fill(0);
    keyPackage.signingShare.fill(0);
  }
}

/** After a coordinator step: the signature once aggregated, and its own signer run once the session exists. */
export async function afterCoordinatorStep(
  state: GroupState,
  run: OnlineRun,
  runner: FrostdSignCoordinator,
  ctx: Ctx,
): Promise<StepResult<GroupState> | null> {
  let s = state;
  let r = run;
  const artifacts: NonNullable<StepResult<GroupState>['artifacts']> = [];
  const notes: string[] = [];
  const result = runner.result;
  if (result && !r.finished) {
    const signature = Buffer.from(result.signature).toString('hex');
    r = { ...r, signature, finished: true };
    s = withRun(s, r);
    artifacts.push(...signatureArtifacts(r.id, signature));
    if (result.randomizer) {
      // Rerandomized (RedPallas, as frost-client signs it): the signature is under VK + randomizer·G.
      artifacts.push(...randomizerArtifacts(r.id, result.randomizer, result.verifyingKey));
      notes.push(
        `Signature of "${r.label}" (run ${r.id}) made rerandomized and verified under the randomized key ${bytesToHex(result.verifyingKey)}; keep its randomizer file with it`,
      );
    } else notes.push(`Signature of "${r.label}" (run ${r.id}) made and verified under the group key`);
  }
  const me = myMember(state).commKey;
  const st = runner.toJSON();
  if (!r.link && st.sessionId && me && st.signers.includes(me) && st.status !== 'failed') {
    const joined = await joinOnlineSigning(
      s,
      { session: st.sessionId, server: r.server, expectedMessage: hexToBytes(st.message), autoApprove: true, link: r.id, label: r.label },
      ctx,
    );
    const mine = joined.state.online!.runs.at(-1)!;
    s = withRun(joined.state, { ...r, link: mine.id });
    notes.push(`Signing as well (run ${mine.id}): choosing the message was your approval`);
  }
  if (s === state) return null;
  return { state: s, summary: notes.join('; '), artifacts };
}

/** After a signer step: the message to approve, when the signing package is in. */
export function afterParticipantStep(state: GroupState, run: OnlineRun, runner: FrostdSignParticipant): GroupState {
  const req = runner.request;
  const request =
    req && run.request === null ? { messageHex: req.messageHex, coordinator: req.coordinator, signers: [...req.signers] } : run.request;
  const finished = run.finished || runner.status === 'done';
  if (request === run.request && finished === run.finished) return state;
  return withRun(state, { ...run, request, finished });
}
