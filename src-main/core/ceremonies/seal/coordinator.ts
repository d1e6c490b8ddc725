import { existsSync, mkdirSync, readFileSync, statSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { CeremonyError } from '../../errors.ts';
import type { ArtifactDraft, CreateContext, Created, StepContext, StepResult } from '../../engine/protocol.ts';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import { DkgYaml } from '../../formats/seal/dkg-yaml.ts';
import { decodeMessageJson, encodeMessageJson, messageFileName } from '../../crypto/seal/message-json.ts';
import type { InspectMessageArgs, MessageReport } from '../../crypto/seal/inspect.ts';
import { sealServices } from './services.ts';
import { messagesHash } from '../../crypto/seal/process-all.ts';
import { parseBytecodeDump } from '../../transports/sui/tx/bytecode-dump.ts';
import type { ChainTxResult } from '../../transports/sui/chain.ts';
import { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS, sealParticipantId, type SealCreateParams } from '../../../../src-shared/ceremonies/seal.ts';
import { refreshFromChain } from './chain-read.ts';
import { makeCredentialsKey } from './credentials.ts';
import { dkgYamlNetwork, labelOf, networkConfig, networkString, withCeremonyNetwork } from './network.ts';
import { type InvitationPayload, type MessageSetPayload, MessagePayload, outgoing, readPayload } from './payloads.ts';
import { step } from './phases.ts';
import { rehearsalDump } from './rehearsal-dump.ts';
import { dueSnapshots } from './snapshots.ts';
import { expectedMessageCount, isRotation, oldPartyIdOf, requireRotation } from './rotation.ts';
import { baseState, type CommitteeInfo, type CoordinatorState, type MemberEntry, type MessageEntry, type RotationSnap } from './state.ts';
import type { NetworkConfig } from '../../transports/sui/network.ts';
import { noPendingTx, prepareTx } from './transactions.ts';
import { restartPayload } from './restart.ts';
import {
  addr,
  allRegistered,
  committeeCheckCode,
  defaultMemberLabel,
  listNames,
  messageFingerprint,
  messagesHashCheckCode,
  partyName,
  shortId,
} from './values.ts';

/**
 * The coordinator: creates the committee (publish + init_committee), writes the invitation,
 * collects and checks the members' DKG messages, freezes the one message set, watches the
 * chain to finalization, and builds the aggregator config from the members' API credentials.
 */

/** The coordinator's network: a rehearsal ledger folder is created here; the rehearsal flag must match. */
export function coordinatorNetwork(network: string, ctx: Pick<CreateContext, 'meta'>): NetworkConfig {
  let net = networkConfig(network);
  if (net.kind === 'rehearsal' && net.ledgerDir) {
    // The coordinator starts the rehearsal ledger; members on this machine (or share) open the same folder.
    const ledgerDir = resolve(net.ledgerDir);
    mkdirSync(ledgerDir, { recursive: true });
    net = { kind: 'rehearsal', ledgerDir };
  }
  if (ctx.meta.rehearsal !== (net.kind === 'rehearsal')) {
    throw new CeremonyError(
      'seal/rehearsal-mismatch',
      ctx.meta.rehearsal
        ? 'A rehearsal runs on a rehearsal ledger: choose the network "rehearsal:<folder>" (a folder every participant can open).'
        : 'The network is a rehearsal ledger, so this ceremony must be created as a rehearsal.',
    );
  }
  return net;
}

/** Member entries in party order, with default labels; each address once. */
export function memberEntries(input: readonly { address: string; label?: string | undefined }[]): MemberEntry[] {
  const members = input.map((m, i) => {
    const address = addr(m.address);
    return { address, label: m.label?.trim() || defaultMemberLabel(i, address) };
  });
  const seen = new Set<string>();
  for (const m of members) {
    if (seen.has(m.address))
      throw new CeremonyError('seal/duplicate-member', `${m.address} is listed twice; each member appears once.`, { address: m.address });
    seen.add(m.address);
  }
  return members;
}

export async function createCoordinator(params: SealCreateParams, ctx: CreateContext): Promise<Created<CoordinatorState>> {
  const net = coordinatorNetwork(params.network, ctx);
  const members = memberEntries(params.members);
  let dump;
  if (params.bytecodeDump) dump = { ...parseBytecodeDump(params.bytecodeDump), builtIn: false };
  else if (net.kind === 'rehearsal') dump = { ...rehearsalDump(), builtIn: true };
  else {
    throw new CeremonyError(
      'seal/no-bytecode',
      "Choose the committee package file: the JSON that `sui move build --dump-bytecode-as-base64` prints in seal's move/committee folder.",
    );
  }
  const network = networkString(net);
  const committee = {
    network,
    networkLabel: labelOf(network),
    packageId: null,
    committeeId: null,
    threshold: params.threshold,
    members,
    coordinatorAddress: addr(params.coordinatorAddress),
    oldCommitteeId: null,
  };
  const state = newCoordinatorState(committee, null, {
    modules: dump.modules,
    dependencies: dump.dependencies,
    digest: bytesToHex(dump.digest),
    builtIn: dump.builtIn,
  });
  return coordinatorCreated(
    ctx,
    net.kind === 'rehearsal',
    '',
    state,
    `Created a ${params.threshold}-of-${members.length} Seal committee on ${state.committee.networkLabel}`,
  );
}

/** A coordinator before its first transaction (a fresh committee, or a rotation with its snapshot of the current one). */
export function newCoordinatorState(
  committee: CommitteeInfo,
  rotation: RotationSnap | null,
  dump: CoordinatorState['dump'],
): CoordinatorState {
  return {
    ...baseState('coordinator', committee, null, rotation),
    role: 'coordinator',
    dump,
    upgradeCapId: null,
    messages: [],
    messageSet: null,
    credentials: [],
    committeeName: null,
    credentialsKey: null,
    snapshotsSent: { registered: false, finalized: false },
    evidence: [],
    recordSignatures: [],
    previousCommittees: [],
  };
}

/** What creating a coordinator ceremony returns to the engine. */
export async function coordinatorCreated(
  ctx: CreateContext,
  rehearsal: boolean,
  title: string,
  created: CoordinatorState,
  summary: string,
): Promise<Created<CoordinatorState>> {
  const state: CoordinatorState = {
    ...created,
    committeeName: title || ctx.meta.title || null,
    credentialsKey: await makeCredentialsKey(ctx, title || 'new committee'),
  };
  return {
    ceremonyId: ctx.newCeremonyId(),
    title,
    role: 'coordinator',
    rehearsal,
    me: { id: sealParticipantId.coordinator, label: 'Coordinator' },
    ...step(state, summary),
  };
}

export async function publish(state: CoordinatorState, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  noPendingTx(state);
  if (state.committee.packageId || !state.dump)
    throw new CeremonyError('seal/already-published', 'The committee package is already published; create the committee next.');
  const dump = { modules: state.dump.modules, dependencies: state.dump.dependencies, digest: hexToBytes(state.dump.digest) };
  const { pending, artifact } = await prepareTx(state, ctx, 'publish', { kind: 'publish', dump }, state.committee.coordinatorAddress);
  return step({ ...state, pending, lastTxError: null }, 'Prepared transaction 1 of 2: publish the committee package', {
    artifacts: [artifact],
  });
}

export async function initCommittee(state: CoordinatorState, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  noPendingTx(state);
  if (!state.committee.packageId || !state.upgradeCapId)
    throw new CeremonyError('seal/not-published', 'Publish the committee package first (transaction 1 of 2).');
  if (state.committee.committeeId)
    throw new CeremonyError('seal/already-created', 'The committee already exists; send the invitation to the members.');
  const c = state.committee;
  const { pending, artifact } = await prepareTx(
    state,
    ctx,
    'init-committee',
    {
      kind: 'init_committee',
      packageId: c.packageId!,
      upgradeCapId: state.upgradeCapId,
      threshold: c.threshold,
      members: c.members.map((m) => m.address),
    },
    c.coordinatorAddress,
  );
  return step({ ...state, pending, lastTxError: null }, 'Prepared transaction 2 of 2: create the committee', { artifacts: [artifact] });
}

/** The invitation dkg.yaml (seal-committee-cli layout) once the committee exists. */
export function invitationDkgYaml(state: CoordinatorState): string {
  const c = state.committee;
  const net = networkConfig(c.network);
  const { network, nodeUrl } = dkgYamlNetwork(net);
  const rot = isRotation(state) ? requireRotation(state) : null;
  const y = DkgYaml.create({
    network,
    threshold: c.threshold,
    members: c.members.map((m) => m.address),
    ...(nodeUrl ? { nodeUrl } : {}),
    ...(rot ? { keyServerObjId: rot.keyServerId } : {}),
  });
  // The rotation layout (init-rotation-params + init-rotation), as seal-committee-cli init-rotation leaves it.
  if (rot)
    y.setInitRotation({
      coordinatorAddress: c.coordinatorAddress,
      committeePkg: c.packageId!,
      currentCommitteeId: rot.oldCommitteeId,
      committeeId: c.committeeId!,
    });
  else y.setPublishAndInit({ committeePkg: c.packageId!, committeeId: c.committeeId!, coordinatorAddress: c.coordinatorAddress });
  return withCeremonyNetwork(y.toString(), net);
}

export function dkgYamlArtifact(text: string, description: string): ArtifactDraft {
  return { id: SEAL_ARTIFACTS.dkgYaml, name: 'dkg.yaml', description, mime: 'application/yaml', bytes: utf8ToBytes(text) };
}

/** Folds a coordinator transaction that executed. */
export function afterCoordinatorTx(
  state: CoordinatorState,
  purpose: string,
  r: ChainTxResult,
  summary: string,
): StepResult<CoordinatorState> {
  if (purpose === 'publish') {
    if (!r.packageId || !r.upgradeCapId)
      throw new CeremonyError('seal/publish-result', 'The publish transaction created no package or UpgradeCap; check the bytecode file.');
    const next: CoordinatorState = {
      ...state,
      committee: { ...state.committee, packageId: addr(r.packageId) },
      upgradeCapId: addr(r.upgradeCapId),
      // Kept: a restart (restart.ts) publishes the same package again, init_committee having used up this UpgradeCap.
    };
    return step(next, `${summary}; package ${r.packageId}`);
  }
  if (purpose === 'init-committee' || purpose === 'init-rotation') {
    if (!r.committeeId)
      throw new CeremonyError(
        'seal/init-result',
        `The ${purpose === 'init-rotation' ? 'init_rotation' : 'init_committee'} transaction created no committee object.`,
      );
    let next: CoordinatorState = { ...state, committee: { ...state.committee, committeeId: addr(r.committeeId) } };
    const dkgYaml = invitationDkgYaml(next);
    next = { ...next, dkgYaml };
    const c = next.committee;
    const payload: InvitationPayload = {
      format: 'seal-invitation/1',
      dkgYaml,
      network: c.network,
      networkLabel: c.networkLabel,
      committee: {
        packageId: c.packageId!,
        committeeId: c.committeeId!,
        threshold: c.threshold,
        members: c.members,
        coordinatorAddress: c.coordinatorAddress,
        ...(c.oldCommitteeId ? { oldCommitteeId: c.oldCommitteeId } : {}),
      },
      checkCode: committeeCheckCode(c),
      ...((next.committeeName ?? null) ? { title: next.committeeName! } : {}),
      ...(next.credentialsKey ? { credentialsKey: next.credentialsKey } : {}),
      ...(next.rotation ? { rotation: next.rotation } : {}),
      ...restartPayload(next),
    };
    return step(next, `${summary}; committee ${c.committeeId}`, {
      artifacts: [dkgYamlArtifact(dkgYaml, 'The invitation for seal-committee-cli users (dkg.yaml); no secrets')],
      outgoing: [
        outgoing({
          step: SEAL_BUNDLE_STEPS.invitation,
          phase: 1,
          payload,
          artifactId: SEAL_ARTIFACTS.invitation,
          fileName: 'seal-invitation.ceremony',
          description: `Invitation for every member (and relays): committee ${shortId(c.committeeId!)}, check code ${committeeCheckCode(c)}`,
        }),
      ],
    });
  }
  return step(state, summary);
}

// --- messages ----------------------------------------------------------------------------------

const CHECK_WORDS: Record<string, string> = {
  encoding: 'decoding',
  ciphertexts: 'encrypted-share check',
  'proof-of-knowledge': 'proof-of-knowledge check',
  'encryption-proof': 'encryption proof check',
  signature: 'signature check (against the key registered on chain)',
};

/**
 * Takes a member's DKG message (from its bundle or its message_P.json), after checking it the
 * way every member will: it decodes, it is for this committee's t and n, its proofs hold and it
 * is signed with the sender's registered key. A bad message is refused naming its sender.
 */
export async function collectMessage(
  state: CoordinatorState,
  bytes: Uint8Array,
  via: 'bundle' | 'file',
  claimedParty: number | null,
  ctx: StepContext,
): Promise<StepResult<CoordinatorState>> {
  if (!state.committee.committeeId)
    throw new BundleError('bundle/wrong-phase', 'The committee does not exist yet, so no DKG message can belong to it.');
  if (state.messageSet) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      'The message set was already exported; members process exactly that set, so no message can be added now.',
    );
  }
  let s = state;
  if (!allRegistered(s)) s = await refreshFromChain(s, ctx);
  if (!allRegistered(s)) {
    const missing = s.committee.members.map((_, i) => i).filter((i) => !s.registrations.some((r) => r.partyId === i));
    throw new BundleError(
      'bundle/wrong-phase',
      `Not everyone has registered yet (${listNames(missing.map((i) => partyName(s, i)))}); messages can only be checked once all keys are on chain.`,
    );
  }
  const n = s.committee.members.length;
  const sender = bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : -1;
  const who = sender >= 0 && sender < n ? partyName(s, sender) : `party ${sender}`;
  if (sender < 0 || sender >= n)
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `This DKG message claims to come from ${who}, but the committee has parties 0 to ${n - 1}.`,
      { sender },
    );
  if (claimedParty !== null && claimedParty !== sender) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The bundle of ${partyName(s, claimedParty)} holds a message from ${who}; members send only their own message.`,
      { sender: claimedParty },
    );
  }
  const rot = isRotation(s) ? requireRotation(s) : null;
  if (rot) {
    const oldId = oldPartyIdOf(rot, s.committee.members[sender]!.address);
    if (oldId === null) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `The DKG message from ${who} cannot be used: ${who} joins the committee in this rotation and holds no share of version ${rot.fromVersion}, so it deals nothing. Only continuing members send messages.`,
        { sender, check: 'rotation-sender' },
      );
    }
    const have = s.messages.filter((m) => m.partyId !== sender);
    if (have.length >= rot.oldThreshold) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `The rotation already has the ${rot.oldThreshold} messages it uses (from ${listNames(have.map((m) => partyName(s, m.partyId)))}); a rotation takes exactly the current threshold's number of messages, so the message of ${who} is not needed.`,
        { sender, check: 'message-count' },
      );
    }
  }
  const reg = s.registrations.find((r) => r.partyId === sender)!;
  let report;
  try {
    report = await sealServices(ctx.services).runner.run<MessageReport>('seal.inspectMessage', {
      bytes,
      committeeId: s.committee.committeeId!,
      signingPk: hexToBytes(reg.signingPk),
    } satisfies InspectMessageArgs);
  } catch (e) {
    if (!(e instanceof CeremonyError)) throw e;
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The DKG message from ${who} cannot be decoded (${e.message}). Ask ${who} to send the message file again.`,
      { sender },
    );
  }
  const failed = report.checks.find((c) => c.status === 'failed');
  if (failed) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The DKG message from ${who} failed the ${CHECK_WORDS[failed.name] ?? failed.name}: ${failed.detail}. It was altered or made for another committee; ask ${who} to send the message file again.`,
      { sender, check: failed.name },
    );
  }
  if (report.threshold !== s.committee.threshold || report.recipients !== n) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The DKG message from ${who} was made for a ${report.threshold}-of-${report.recipients} committee, not ${s.committee.threshold}-of-${n}.`,
      { sender, check: 'sanity' },
    );
  }
  if (rot) {
    // The dealer's constant term must be its share of the current version: its partial key on chain.
    const oldId = oldPartyIdOf(rot, s.committee.members[sender]!.address)!;
    if (report.commitmentC0 !== `0x${rot.oldPartialPks[oldId]}`) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `The DKG message from ${who} was not made with its share of version ${rot.fromVersion}: its constant commitment is not its partial key on chain (party ${oldId} of the current committee). Ask ${who} to create the message again with the right share.`,
        { sender, check: 'rotation-dealer' },
      );
    }
  }
  const { fingerprint, checkCode } = messageFingerprint(bytes);
  const existing = s.messages.find((m) => m.partyId === sender);
  if (existing) {
    if (existing.fingerprint === fingerprint) throw new BundleError('bundle/duplicate', `Already have the message of ${who}.`, { sender });
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `${who} sent two different DKG messages; the first one is kept. Ask ${who} which one is right.`,
      { sender },
    );
  }
  const entry: MessageEntry = { partyId: sender, fingerprint, checkCode, receivedAt: ctx.now(), via };
  const messages = [...s.messages, entry].sort((a, b) => a.partyId - b.partyId);
  const next = { ...s, messages };
  return step(
    next,
    `DKG message from ${who} checked (check code ${checkCode}); ${messages.length} of ${expectedMessageCount(s) ?? n} received`,
    {
      artifacts: [collectedMessageArtifact(sender, bytes, `DKG message of ${who}, checked (check code ${checkCode})`)],
    },
  );
}

export function collectedMessageArtifact(partyId: number, bytes: Uint8Array, description: string): ArtifactDraft {
  return {
    id: SEAL_ARTIFACTS.collectedMessage(partyId),
    name: messageFileName(partyId),
    description,
    mime: 'application/json',
    bytes: utf8ToBytes(encodeMessageJson(bytes)),
  };
}

export function readCollectedMessage(ctx: Pick<StepContext, 'readArtifact'>, partyId: number): Uint8Array {
  return decodeMessageJson(new TextDecoder().decode(ctx.readArtifact(SEAL_ARTIFACTS.collectedMessage(partyId))), messageFileName(partyId));
}

export async function acceptMessageBundle(
  state: CoordinatorState,
  bundle: Bundle,
  ctx: StepContext,
): Promise<StepResult<CoordinatorState>> {
  const p = readPayload(bundle, MessagePayload, 'DKG message');
  const expected = sealParticipantId.member(p.partyId);
  if (bundle.header.sender.id !== expected) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `A message bundle from ${bundle.header.sender.label || bundle.header.sender.id} says it holds party ${p.partyId}'s message.`,
      {
        sender: bundle.header.sender.id,
      },
    );
  }
  return collectMessage(state, hexToBytes(p.message), 'bundle', p.partyId, ctx);
}

export async function exportMessageSet(state: CoordinatorState, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  if (state.messageSet)
    throw new CeremonyError(
      'seal/message-set-exported',
      `The message set is already exported (messages_hash check code ${state.messageSet.checkCode}); send that file.`,
    );
  const rot = isRotation(state) ? requireRotation(state) : null;
  const n = rot ? rot.oldThreshold : state.committee.members.length;
  if (rot && state.messages.length !== rot.oldThreshold) {
    throw new CeremonyError(
      'seal/messages-missing',
      `A rotation needs exactly ${rot.oldThreshold} DKG messages from continuing members; ${state.messages.length} received so far. Ask the continuing members to create their messages.`,
      { expected: rot.oldThreshold, got: state.messages.length },
    );
  }
  const missing = rot ? [] : state.committee.members.map((_, i) => i).filter((i) => !state.messages.some((m) => m.partyId === i));
  if (missing.length) {
    throw new CeremonyError(
      'seal/messages-missing',
      `Still waiting for the DKG messages of ${listNames(missing.map((i) => partyName(state, i)))}; every member's message must be in the set.`,
      {
        missing: missing.join(','),
      },
    );
  }
  const messages = state.messages.map((m) => readCollectedMessage(ctx, m.partyId));
  const hash = bytesToHex(messagesHash(messages));
  const checkCode = messagesHashCheckCode(hash);
  const payload: MessageSetPayload = {
    committeeId: state.committee.committeeId!,
    threshold: state.committee.threshold,
    members: state.committee.members.map((m) => m.address),
    registrations: state.registrations,
    messages: messages.map((m) => bytesToHex(m)),
    messagesHash: hash,
    ...(state.rotation ? { rotation: state.rotation } : {}),
  };
  const next: CoordinatorState = { ...state, messageSet: { messagesHash: hash, checkCode, exportedAt: ctx.now() } };
  return step(next, `Exported the message set of ${n} messages (messages_hash check code ${checkCode})`, {
    outgoing: [
      outgoing({
        step: SEAL_BUNDLE_STEPS.messageSet,
        phase: 3,
        payload,
        artifactId: SEAL_ARTIFACTS.messageSet,
        fileName: 'seal-message-set.ceremony',
        description: `The message set every member processes (messages_hash check code ${checkCode})`,
      }),
    ],
  });
}

/** Writes every collected message_<P>.json into a folder (a dkg-messages folder for the Rust CLI). */
export async function exportMessagesFolder(
  state: CoordinatorState,
  input: { path: string },
  ctx: StepContext,
): Promise<StepResult<CoordinatorState>> {
  if (!state.messages.length) throw new CeremonyError('seal/no-messages', 'No DKG message has been received yet.');
  if (existsSync(input.path) && !statSync(input.path).isDirectory())
    throw new CeremonyError('seal/not-a-folder', `${input.path} is a file, not a folder.`, { path: input.path });
  mkdirSync(input.path, { recursive: true });
  for (const m of state.messages) {
    const text = encodeMessageJson(readCollectedMessage(ctx, m.partyId));
    const file = join(input.path, messageFileName(m.partyId));
    if (existsSync(file) && readFileSync(file, 'utf8') !== text) {
      throw new CeremonyError('seal/file-exists', `${file} already holds a different message; choose an empty folder.`, { path: file });
    }
    writeFileAtomic(file, text);
  }
  // Nothing in the ceremony changes: the engine records no step.
  return step(state, `Wrote ${state.messages.length} message files to ${input.path}`);
}

// --- after finalization -------------------------------------------------------------------------

export async function refreshCoordinator(state: CoordinatorState, ctx: StepContext): Promise<StepResult<CoordinatorState>> {
  if (!state.committee.committeeId) return step(state, 'Nothing on chain yet');
  const read = await refreshFromChain(state, ctx);
  const newlyFinal = read.keyServer && !state.keyServer;
  const { state: next, outgoing: snaps } = dueSnapshots(read);
  const artifacts: ArtifactDraft[] = [];
  const regs = next.registrations.length;
  const n = next.committee.members.length;
  const summary = newlyFinal
    ? `Committee finalized: KEY_SERVER_OBJ_ID ${next.keyServer!.id}`
    : next.chain?.phase === 'PostDKG'
      ? `${next.chain.approvals.length} of ${n} members proposed`
      : `${regs} of ${n} members registered`;
  return step(next, summary, { ...(artifacts.length ? { artifacts } : {}), ...(snaps.length ? { outgoing: snaps } : {}) });
}
