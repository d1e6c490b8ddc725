import type { z } from 'zod';
import { existsSync } from 'node:fs';
import { randomBytes } from 'node:crypto';
import { bytesToHex, concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { BundleError } from '../../bundles/errors.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import type { Bundle } from '../../bundles/format.ts';
import { timeSlicer, yieldTurn } from '../../workers/time-slice.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { ArtifactDraft, StepContext, StepResult } from '../../engine/protocol.ts';
import { writeFileAtomic } from '../../fsx/atomic.ts';
import { requireGate } from '../../secret-export/gate.ts';
import { signingPublicKey } from '../../crypto/seal/bls-signature.ts';
import { createDealerMessage } from '../../crypto/seal/dealer.ts';
import { scalarFromBytes, scalarToBytes } from '../../crypto/seal/field.ts';
import { G1, mulBase } from '../../crypto/seal/groups.ts';
import { generateDkgKeys } from '../../crypto/seal/keys.ts';
import { decodeMessageJson, messageFileName } from '../../crypto/seal/message-json.ts';
import { messagesHashSliced, processAllMessages } from '../../crypto/seal/process-all.ts';
import { parseSignedMessage } from '../../crypto/seal/wire.ts';
import { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS } from '../../../../src-shared/ceremonies/seal.ts';
import { refreshFromChain } from './chain-read.ts';
import { findOldShare, myOldKey, readOldShare, shareSecretName } from './old-share.ts';
import {
  expectedMessageCount,
  isRotation,
  oldPartyIdOf,
  processRotationInput,
  requireRotation,
  rotationCheckCode,
  rotationOf,
  sameRotation,
} from './rotation.ts';
import { requireCodesMatch } from './code-checks.ts';
import { collectedMessageArtifact } from './coordinator.ts';
import {
  keyServerConfigArtifact,
  keyServerPlan,
  memberDkgYaml,
  memberDkgYamlArtifact,
  memberDkgYamlInput,
  memberShareEnvFile,
} from './member-files.ts';
import {
  FinalizedSnapshotPayload,
  type MessageSetPayload,
  MessageSetPayload as MessageSetSchema,
  messageSetBytes,
  outgoing,
  readPayload,
  RegisteredSnapshotPayload,
  UnsignedTxPayload,
} from './payloads.ts';
import { step } from './phases.ts';
import { refuseWhileFilesRefused } from './message-files.ts';
import { attachEvidence, evidenceFor } from './evidence.ts';
import { seededStream } from './randomness.ts';
import { checkRelayedTransaction, type RelayedExpectation } from './relayed-tx.ts';
import { handsOverBeforeFinalization } from './view-steps.ts';
import { sealServices } from './services.ts';
import type { CeremonyCall } from '../../transports/sui/chain.ts';
import type { DkgResult, KeyServerSnap, MemberState, MessageEntry, RegistrationSnap, RotationSnap } from './state.ts';
import { checkSignature, describeLines, noPendingTx, prepareTx, requirePending, submitStep, txFileArtifact } from './transactions.ts';
import {
  allRegistered,
  listNames,
  messageFingerprint,
  messagesHashCheckCode,
  partyName,
  registrationsCheckCode,
  shortId,
} from './values.ts';

/**
 * A committee member (online, or air-gapped with a relay): DKG keys into the vault, register,
 * create the message, process the message set, propose, and after finalization the
 * key-server config, the share hand-off, API credentials and cleanup.
 */

const DKG_KEYS = 'dkg-keys';
const MESSAGE_SEED = 'message-seed';
export { shareSecretName };

function me(s: MemberState): string {
  return partyName(s, s.partyId);
}

async function readDkgKeys(ctx: StepContext): Promise<{ encSk: bigint; signingSk: bigint }> {
  if (!(await ctx.hasSecret(DKG_KEYS))) {
    throw new CeremonyError(
      'seal/no-dkg-keys',
      'This install holds no DKG keys for this ceremony (they were cleaned up, or generated elsewhere).',
    );
  }
  const b = await ctx.readSecret(DKG_KEYS);
  try {
    return { encSk: scalarFromBytes(b.subarray(0, 32), 'enc_sk'), signingSk: scalarFromBytes(b.subarray(32, 64), 'signing_sk') };
  } finally {
    b.fill(0);
  }
}

/** Registrations must be complete before messages; online members read the chain for them. */
async function completeRegistrations(s: MemberState, ctx: StepContext, what: string): Promise<MemberState> {
  let next = s;
  if (!allRegistered(next) && !next.airGapped) next = afterChainRead(next, await refreshFromChain(next, ctx));
  if (!allRegistered(next)) {
    const missing = next.committee.members.map((_, i) => i).filter((i) => !next.registrations.some((r) => r.partyId === i));
    const how = next.airGapped ? 'import the chain snapshot from your relay once everyone has registered' : 'wait for them, then try again';
    throw new CeremonyError(
      'seal/not-all-registered',
      `${what} needs every member registered; still missing: ${listNames(missing.map((i) => partyName(next, i)))}. ${how[0]!.toUpperCase()}${how.slice(1)}.`,
      {
        missing: missing.join(','),
      },
    );
  }
  return next;
}

/** My registration as the chain shows it must hold the keys this install generated. */
function checkMyRegistration(s: MemberState, regs: readonly RegistrationSnap[], where: string): boolean {
  const mine = regs.find((r) => r.partyId === s.partyId);
  if (!mine) return false;
  if (!s.keys || mine.encPk !== s.keys.encPk || mine.signingPk !== s.keys.signingPk) {
    throw new CeremonyError(
      'seal/registered-elsewhere',
      `${where} shows your address registered with DKG keys this install did not generate: another install registered for you. Continue the ceremony there; a committee cannot be registered twice.`,
    );
  }
  return true;
}

// --- phase 1 -------------------------------------------------------------------------------------

export async function generateKeys(
  s: MemberState,
  input: { serverUrl: string; serverName: string },
  ctx: StepContext,
): Promise<StepResult<MemberState>> {
  const server = { url: input.serverUrl, name: input.serverName };
  if (s.keys && (s.registered || s.requested.register || s.pending)) {
    if (s.server?.url === server.url && s.server?.name === server.name) return step(s, 'Keys already generated');
    throw new CeremonyError(
      'seal/already-registering',
      'Your keys are already being registered with their URL and name, which cannot change any more.',
    );
  }
  const fresh = generateDkgKeys();
  const secret = concatBytes(scalarToBytes(fresh.encSk), scalarToBytes(fresh.signingSk));
  const stored = await ctx.secret(
    DKG_KEYS,
    {
      label: `Seal DKG keys, committee ${shortId(s.committee.committeeId!)}`,
      kind: 'seal.dkg-keys',
      publicPart: concatBytes(fresh.encPk, fresh.signingPk),
    },
    () => secret,
  );
  // After a crash the stored keys win over the ones just generated.
  const encPk = bytesToHex(G1.encode(mulBase(G1, scalarFromBytes(stored.subarray(0, 32), 'enc_sk'))));
  const signingPk = bytesToHex(signingPublicKey(scalarFromBytes(stored.subarray(32, 64), 'signing_sk')));
  secret.fill(0);
  stored.fill(0);
  const next: MemberState = { ...s, keys: { encPk, signingPk }, server };
  return step(next, `Generated the DKG keys in the vault for ${server.name} (${server.url})`, { artifacts: [memberDkgYamlArtifact(next)] });
}

export async function register(s: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!s.keys || !s.server) throw new CeremonyError('seal/no-keys', 'Generate your DKG keys first (with your key server URL and name).');
  if (s.registered) throw new CeremonyError('seal/already-registered', 'You are already registered in this committee.');
  noPendingTx(s);
  if (s.airGapped && s.requested.register)
    throw new CeremonyError(
      'seal/already-requested',
      'The registration request is already written: take it to your relay and bring back its unsigned transaction.',
    );
  // Repeats are answered above as before; a first registration needs the committee code compared.
  requireCodesMatch(s, 'committee');
  if (s.airGapped) {
    const next = { ...s, requested: { ...s.requested, register: true } };
    return step(next, 'Wrote the registration request for the relay', {
      outgoing: [
        outgoing({
          step: SEAL_BUNDLE_STEPS.registerRequest,
          phase: 1,
          payload: { address: s.address, encPk: s.keys.encPk, signingPk: s.keys.signingPk, url: s.server.url, name: s.server.name },
          artifactId: SEAL_ARTIFACTS.registerRequest,
          fileName: `register-request-${s.partyId}.ceremony`,
          description: 'Registration request for your relay (public keys, URL, name)',
        }),
      ],
    });
  }
  const { pending, artifact } = await prepareTx(s, ctx, 'register', registerCall(s), s.address);
  return step({ ...s, pending, lastTxError: null }, 'Prepared the registration transaction', { artifacts: [artifact] });
}

/** The registration transaction's call: this member's public keys, key server URL and name. */
export function registerCall(s: MemberState): CeremonyCall {
  if (!s.keys || !s.server) throw new CeremonyError('seal/no-keys', 'Generate your DKG keys first (with your key server URL and name).');
  return {
    kind: 'register',
    packageId: s.committee.packageId!,
    committeeId: s.committee.committeeId!,
    encPk: hexToBytes(s.keys.encPk),
    signingPk: hexToBytes(s.keys.signingPk),
    url: s.server.url,
    name: s.server.name,
  };
}

// --- phase 2 -------------------------------------------------------------------------------------

export async function createMessage(s0: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!s0.keys) throw new CeremonyError('seal/no-keys', 'Generate and register your DKG keys first.');
  if (s0.message)
    throw new CeremonyError(
      'seal/message-exists',
      `Your DKG message already exists (check code ${s0.message.checkCode}); send it to the coordinator.`,
    );
  let s = await completeRegistrations(s0, ctx, 'Creating the DKG message');
  checkMyRegistration(s, s.registrations, 'The chain');
  const rotation = isRotation(s);
  let oldShare: bigint | undefined;
  if (rotation) {
    const rot = requireRotation(s);
    myOldKey(s, rot); // a joining member deals nothing: refused here with the reason
    const found = s.oldShare ? s : await findOldShare(s, ctx);
    if (!found) {
      throw new CeremonyError(
        'seal/old-share-missing',
        `Your share of committee version ${rot.fromVersion} (MASTER_SHARE_V${rot.fromVersion}) is not in this install's vault. Import it first (import-old-share) from the env file or dkg.yaml your key server uses, or restore its encrypted backup into the vault.`,
        { version: rot.fromVersion },
      );
    }
    s = found;
    oldShare = await readOldShare(s, ctx);
  }
  const seed = await ctx.secret(
    MESSAGE_SEED,
    { label: `Seal DKG message seed, committee ${shortId(s.committee.committeeId!)}`, kind: 'seal.message-seed' },
    () => new Uint8Array(randomBytes(32)),
  );
  const { signingSk } = await readDkgKeys(ctx);
  const out = createDealerMessage({
    committeeId: s.committee.committeeId!,
    threshold: s.committee.threshold,
    encryptionPks: s.registrations.map((r) => hexToBytes(r.encPk)),
    myPartyId: s.partyId,
    signingSk,
    ...(oldShare !== undefined ? { oldShare } : {}),
    rng: seededStream(seed, `seal-dkg-message/${s.committee.committeeId}/${s.partyId}`),
  });
  seed.fill(0);
  const fp = messageFingerprint(out.bytes);
  const own: MessageEntry = { partyId: s.partyId, ...fp, receivedAt: ctx.now(), via: 'own' };
  // A rotation uses exactly the old threshold's messages, chosen by the coordinator: mine is in
  // the set only if the coordinator picked it, so it does not go into the inbox by itself.
  const next: MemberState = { ...s, registered: true, message: fp, inbox: rotation ? s.inbox : mergeInbox(s.inbox, own) };
  return step(next, `Created your DKG message (check code ${fp.checkCode})`, {
    artifacts: [
      {
        id: SEAL_ARTIFACTS.messageJson,
        name: out.fileName,
        description: `Your DKG message for seal-committee-cli users (check code ${fp.checkCode})`,
        mime: 'application/json',
        bytes: utf8ToBytes(out.json),
      },
      collectedMessageArtifact(s.partyId, out.bytes, `Your own DKG message (check code ${fp.checkCode})`),
    ],
    outgoing: [
      outgoing({
        step: SEAL_BUNDLE_STEPS.message,
        phase: 2,
        payload: { partyId: s.partyId, message: bytesToHex(out.bytes) },
        artifactId: SEAL_ARTIFACTS.messageBundle,
        fileName: `message-${s.partyId}.ceremony`,
        description: `Your DKG message for the coordinator (check code ${fp.checkCode})`,
      }),
    ],
  });
}

/**
 * seal-committee-cli's init-state for a member JOINING in a rotation: checks that everyone is
 * registered with the keys on chain; there is nothing to deal (the member waits for the set).
 */
export async function initState(s0: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!isRotation(s0))
    throw new CeremonyError(
      'seal/not-a-rotation',
      'init-state is for members joining in a key rotation; in a fresh committee every member creates a DKG message.',
    );
  if (!s0.keys) throw new CeremonyError('seal/no-keys', 'Generate and register your DKG keys first.');
  const rot = requireRotation(s0);
  const oldPartyId = oldPartyIdOf(rot, s0.address);
  if (oldPartyId !== null) {
    throw new CeremonyError(
      'seal/continuing-member',
      `You are party ${oldPartyId} of the current committee and continue: create your DKG message with your share of version ${rot.fromVersion} instead (create-message).`,
    );
  }
  if (s0.initialized) return step(s0, 'Already initialised');
  const s = await completeRegistrations(s0, ctx, 'init-state');
  checkMyRegistration(s, s.registrations, s.airGapped ? 'The chain snapshot' : 'The chain');
  return step(
    { ...s, registered: true, initialized: true },
    `Initialised as a joining member (party ${s.partyId}): nothing to deal; wait for the message set of ${rot.oldThreshold} messages`,
  );
}

function mergeInbox(inbox: readonly MessageEntry[], e: MessageEntry): MessageEntry[] {
  return [...inbox.filter((m) => m.partyId !== e.partyId), e].sort((a, b) => a.partyId - b.partyId);
}

// --- phase 3: the message set --------------------------------------------------------------------

function checkSetCommittee(s: MemberState, p: MessageSetPayload, who: string): void {
  const c = s.committee;
  if (p.committeeId !== c.committeeId) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The message set from ${who} is for committee ${shortId(p.committeeId)}, not this one (${shortId(c.committeeId!)}).`,
    );
  }
  if (p.threshold !== c.threshold || canonicalJson(p.members) !== canonicalJson(c.members.map((m) => m.address))) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The message set from ${who} names a different threshold or member list than your invitation.`,
    );
  }
}

/**
 * A rotation described by a bundle (invitation, snapshot, message set): adopted when this
 * install does not know it yet (an air-gapped member that joined from dkg.yaml), else it must be
 * the same one.
 */
export function adoptRotation(s: MemberState, r: RotationSnap | null, where: string): MemberState {
  if (!r) return s;
  const known = rotationOf(s);
  if (known) {
    if (!sameRotation(known, r)) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `${where} describes another key server rotation than the one you know (rotation check code ${rotationCheckCode(r)}, yours ${rotationCheckCode(known)}); do not use it.`,
      );
    }
    return s;
  }
  if (
    r.oldCommitteeId !== s.committee.oldCommitteeId ||
    r.toVersion !== r.fromVersion + 1 ||
    r.oldPartialPks.length !== r.oldMembers.length
  ) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `${where} describes a rotation of another committee than your invitation's (CURRENT_COMMITTEE_ID ${shortId(s.committee.oldCommitteeId!)}).`,
    );
  }
  return { ...s, rotation: { ...r } };
}

/**
 * A rotation's message set: exactly the old threshold's number of messages, each from a
 * continuing member (a joining member holds no share to deal). `fail` builds the error.
 */
export function checkRotationSet(s: MemberState, senders: readonly number[], where: string, fail: (e: CeremonyError) => Error): void {
  const rot = requireRotation(s);
  // seal-committee-cli's validate_rotation_message_senders (and fastcrypto's
  // complete_optimistic_key_rotation): exactly old_t distinct senders, checked first, then that
  // every sender continues from the current committee.
  if (senders.length !== rot.oldThreshold) {
    throw fail(
      new CeremonyError(
        'seal/rotation-message-count',
        `${where} holds ${senders.length} DKG message${senders.length === 1 ? '' : 's'}, but a rotation uses exactly ${rot.oldThreshold} (the current threshold), from continuing members. Nothing was processed; ask the coordinator for the one set everyone processes.`,
        { expected: rot.oldThreshold, got: senders.length, check: 'message-count' },
      ),
    );
  }
  const joining = senders.filter((p) => oldPartyIdOf(rot, s.committee.members[p]?.address ?? '') === null);
  if (joining.length) {
    throw fail(
      new CeremonyError(
        'seal/rotation-message-from-new-member',
        `${where} holds a DKG message from ${listNames(joining.map((p) => partyName(s, p)))}, who ${joining.length === 1 ? 'joins' : 'join'} the committee in this rotation: only continuing members deal (with their share of version ${rot.fromVersion}). Nothing was processed; ask the coordinator for the correct set.`,
        { sender: joining[0]!, check: 'rotation-sender' },
      ),
    );
  }
}

/** Takes in the coordinator's message set: complete, for this committee, and holding my own message unchanged. */
export async function acceptMessageSet(first: MemberState, bundle: Bundle, ctx: StepContext): Promise<StepResult<MemberState>> {
  let s0 = first;
  const who = bundle.header.sender.label || 'the coordinator';
  const p = readPayload(bundle, MessageSetSchema, 'message set');
  checkSetCommittee(s0, p, who);
  if (s0.result) {
    if (p.messagesHash === s0.result.messagesHash)
      throw new BundleError('bundle/duplicate', 'You have already processed this message set.');
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `You have already processed another message set (check code ${messagesHashCheckCode(s0.result.messagesHash)}); this one differs.`,
    );
  }
  const n = s0.committee.members.length;
  await yieldTurn(); // the payload's schema check ran in this turn
  // Up to 256 messages, about 12 MiB: checked, decoded, hashed and stored in time slices so the
  // main thread stays responsive.
  const slice = timeSlicer();
  const bySender = new Map<number, Uint8Array>();
  for (const [k, bytes] of (await messageSetBytes(bundle, p, slice)).entries()) {
    const sender = bytes.length >= 2 ? bytes[0]! | (bytes[1]! << 8) : -1;
    if (sender < 0 || sender >= n)
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `Message ${k + 1} of the set from ${who} claims to come from party ${sender}, who is not in the committee.`,
      );
    if (bySender.has(sender))
      throw new BundleError('bundle/rejected-by-protocol', `The set from ${who} holds two messages from ${partyName(s0, sender)}.`, {
        sender,
      });
    bySender.set(sender, bytes);
  }
  if (isRotation(s0)) {
    s0 = adoptRotation(s0, p.rotation ?? null, `The message set from ${who}`);
    checkRotationSet(
      s0,
      [...bySender.keys()],
      `The message set from ${who}`,
      (m) => new BundleError('bundle/rejected-by-protocol', m.message, m.details),
    );
  } else {
    const missing = s0.committee.members.map((_, i) => i).filter((i) => !bySender.has(i));
    if (missing.length) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `The message set from ${who} lacks the DKG message of ${listNames(missing.map((i) => partyName(s0, i)))}; every member's message is needed. Nothing was processed: ask ${who} for the complete set.`,
        { sender: missing[0]!, missing: missing.join(',') },
      );
    }
  }
  const sorted = [...bySender.entries()].sort((a, b) => a[0] - b[0]).map(([, b]) => b);
  if (bytesToHex(await messagesHashSliced(sorted, slice)) !== p.messagesHash) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The messages_hash announced in the set from ${who} does not match its messages; the file was altered.`,
    );
  }
  const own = bySender.get(s0.partyId);
  if (s0.message && own) {
    if (messageFingerprint(own).fingerprint !== s0.message.fingerprint) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `The set from ${who} holds a different message for you (${me(s0)}) than the one you created (check code ${s0.message.checkCode}). Do not process it; ask ${who} to check the message set.`,
        { sender: s0.partyId },
      );
    }
  }
  // Registrations in the set: cross-check with what this install knows (chain or snapshot).
  let s = s0;
  const regs = p.registrations.map((r) => ({ ...r })).sort((a, b) => a.partyId - b.partyId);
  if (!allRegistered(s) && !s.airGapped) s = afterChainRead(s, await refreshFromChain(s, ctx));
  if (allRegistered(s)) {
    if (canonicalJson(s.registrations) !== canonicalJson(regs)) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `The registrations in the set from ${who} differ from the ones ${s.airGapped ? 'in your chain snapshot' : 'on chain'}; do not process it.`,
      );
    }
  } else {
    s = adoptRegistrations(s, regs, `The message set from ${who}`);
  }
  const artifacts: ArtifactDraft[] = [];
  // The set IS what gets processed (a rotation's set may leave my own message out).
  let inbox: MessageEntry[] = [];
  for (const [sender, bytes] of bySender) {
    await slice();
    artifacts.push(collectedMessageArtifact(sender, bytes, `DKG message of ${partyName(s, sender)} (from the message set)`));
    inbox = mergeInbox(inbox, { partyId: sender, ...messageFingerprint(bytes), receivedAt: ctx.now(), via: 'message-set' });
  }
  const next: MemberState = { ...s, inbox, announcedHash: p.messagesHash };
  return step(
    next,
    `Imported the message set from ${who}: ${bySender.size} messages, messages_hash check code ${messagesHashCheckCode(p.messagesHash)}`,
    { artifacts },
  );
}

/**
 * A message_<P>.json (e.g. from a dkg-messages folder): added to the set this member will process.
 * A second, different message from the same sender is refused (never replaces the first): which
 * one is right is for the coordinator to say, and the refusal blocks processing until cleared.
 */
export async function acceptMessageFile(
  s: MemberState,
  file: string,
  bytes: Uint8Array,
  ctx: StepContext,
): Promise<StepResult<MemberState>> {
  let parsed;
  try {
    parsed = parseSignedMessage(bytes);
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    throw new CeremonyError('seal/message-file-invalid', `${file} is not a DKG message: ${e.message}`, { file });
  }
  const sender = parsed.wire.message.sender;
  const n = s.committee.members.length;
  if (sender >= n)
    throw new CeremonyError(
      'seal/message-file-invalid',
      `${file} claims to come from party ${sender}, but the committee has parties 0 to ${n - 1}.`,
      { sender, file },
    );
  const fp = messageFingerprint(bytes);
  const existing = s.inbox.find((m) => m.partyId === sender);
  if (existing?.fingerprint === fp.fingerprint)
    throw new BundleError('bundle/duplicate', `Already have the message of ${partyName(s, sender)}.`, { sender });
  if (s.result)
    throw new CeremonyError(
      'seal/message-after-processing',
      `${file} holds a message from ${partyName(s, sender)} that is not in the set you processed; do not propose until it is explained.`,
      { sender, file },
    );
  if (isRotation(s) && oldPartyIdOf(requireRotation(s), s.committee.members[sender]!.address) === null) {
    throw new CeremonyError(
      'seal/rotation-message-from-new-member',
      `${file} holds the DKG message of ${partyName(s, sender)}, who joins the committee in this rotation: only continuing members deal. Remove it from the messages folder.`,
      { sender, file },
    );
  }
  if (sender === s.partyId && s.message && fp.fingerprint !== s.message.fingerprint) {
    throw new CeremonyError(
      'seal/not-my-message',
      `${file} holds a different message for you (${me(s)}) than the one you created; remove it from the messages folder.`,
      { sender, file },
    );
  }
  if (existing) {
    const first =
      existing.via === 'own'
        ? 'your own message'
        : `the one imported before (${existing.via === 'file' ? 'from a file' : `from the ${existing.via}`})`;
    throw new CeremonyError(
      'seal/message-conflict',
      `${file} is a second, different DKG message from ${partyName(s, sender)} (check code ${fp.checkCode}; ${first} has ${existing.checkCode}): seal-committee-cli aborts on a duplicate sender. Remove the wrong one; ask the coordinator which is right.`,
      { sender, file },
    );
  }
  const next: MemberState = {
    ...s,
    inbox: mergeInbox(s.inbox, { partyId: sender, ...fp, receivedAt: ctx.now(), via: 'file' }),
    announcedHash: null,
  };
  return step(
    next,
    `Added the DKG message of ${partyName(s, sender)} from ${file} (check code ${fp.checkCode}); ${next.inbox.length} of ${expectedMessageCount(s) ?? n}`,
    {
      artifacts: [collectedMessageArtifact(sender, bytes, `DKG message of ${partyName(s, sender)} (imported file)`)],
    },
  );
}

const CHECK_WORDS: Record<string, string> = {
  encoding: 'decoding',
  sender: 'sender check',
  signature: 'signature check',
  'proof-of-knowledge': 'proof-of-knowledge check',
  sanity: 'consistency check',
  decryption: 'decryption of your share',
  feldman: 'check of your share against its commitments',
  'rotation-dealer': 'check of its constant term against its partial key of the current version on chain',
  'rotation-sender': 'continuing-member check',
  'duplicate-sender': 'duplicate check',
  'message-count': 'count check',
};

/**
 * process-all: every message checked in the worker pool; KEY_SERVER_PK, PARTIAL_PKS_V0 and
 * messages_hash into the state, the share into the vault BEFORE anything can be proposed. A bad
 * or missing message fails naming its sender and nothing changes.
 */
export async function processSet(s0: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (s0.result) return step(s0, 'Already processed');
  if (!s0.keys) throw new CeremonyError('seal/no-keys', 'This install has no DKG keys for this ceremony.');
  refuseWhileFilesRefused(s0, 'process');
  const rot = isRotation(s0) ? requireRotation(s0) : null;
  const missing = rot ? [] : s0.committee.members.map((_, i) => i).filter((i) => !s0.inbox.some((m) => m.partyId === i));
  if (rot)
    checkRotationSet(
      s0,
      s0.inbox.map((m) => m.partyId),
      'The messages to process',
      (e) => e,
    );
  if (missing.length) {
    throw new CeremonyError(
      'seal/message-missing',
      `The DKG message of ${listNames(missing.map((i) => partyName(s0, i)))} is missing; import the coordinator's complete message set. Nothing was processed or proposed.`,
      { sender: missing[0]!, missing: missing.join(',') },
    );
  }
  const s = await completeRegistrations(s0, ctx, 'Processing the messages');
  checkMyRegistration(s, s.registrations, s.airGapped ? 'The chain snapshot' : 'The chain');
  // Up to 256 files, about 12 MiB: read them in time slices so the main thread stays responsive.
  await yieldTurn();
  const slice = timeSlicer();
  const messages: Uint8Array[] = [];
  for (const m of s.inbox) {
    const text = new TextDecoder().decode(ctx.readArtifact(SEAL_ARTIFACTS.collectedMessage(m.partyId)));
    messages.push(decodeMessageJson(text, messageFileName(m.partyId)));
    await slice();
  }
  const { encSk } = await readDkgKeys(ctx);
  ctx.progress(`Checking ${messages.length} DKG messages`, 0, 1);
  let r;
  try {
    r = await processAllMessages(
      {
        committeeId: s.committee.committeeId!,
        threshold: s.committee.threshold,
        members: s.registrations.map((x) => ({ encPk: hexToBytes(x.encPk), signingPk: hexToBytes(x.signingPk) })),
        myPartyId: s.partyId,
        encSk,
        messages,
        ...(rot ? { rotation: processRotationInput(s, rot) } : {}),
      },
      {
        runner: sealServices(ctx.services).runner,
        onProgress: (done, total) => ctx.progress(`Checking ${total} DKG messages`, done, total),
      },
    );
  } catch (e) {
    ctx.progress(`Checking ${messages.length} DKG messages`, 1, 1);
    if (!isCeremonyError(e)) throw e;
    if (e.code === 'seal/rotation-key-mismatch') {
      throw new CeremonyError(
        e.code,
        `The messages rebuild a key server key different from KEY_SERVER_PK on chain (key server ${shortId(rot!.keyServerId)}): do NOT propose. The current partial keys on chain are inconsistent; tell the coordinator.`,
        e.details,
      );
    }
    const sender = typeof e.details.sender === 'number' ? e.details.sender : null;
    if (sender === null) throw e;
    const who = partyName(s, sender);
    const check = CHECK_WORDS[String(e.details.check)] ?? String(e.details.check ?? 'checks');
    const k = s.inbox.findIndex((m) => m.partyId === sender);
    const evidence = await evidenceFor(s, e, messages[k], ctx.now());
    if (!evidence) {
      throw new CeremonyError(
        e.code,
        `The DKG message of ${who} failed the ${check}: it was altered or made for another committee. Nothing was proposed. Ask the coordinator to check ${who}'s message and send a corrected set.`,
        { ...e.details, sender, culprit: who },
      );
    }
    // Signed by its sender and still wrong: the dealer cheated (or its app is broken), and the
    // evidence shows it to anyone.
    throw attachEvidence(
      new CeremonyError(
        e.code,
        `${who} signed a bad DKG message: it fails the ${check}. Nothing was proposed. Evidence against ${who} is saved as ${evidence.fileName}: send it to the coordinator, who can check it with "ceremony evidence verify".`,
        { ...e.details, sender, culprit: who, evidence: evidence.fileName },
      ),
      evidence,
    );
  }
  ctx.progress(`Checking ${messages.length} DKG messages`, 1, 1);
  const hashHex = bytesToHex(r.messagesHash);
  const version = rot ? rot.toVersion : 0;
  const myPartial = r.partialPks[s.partyId]!;
  const stored = await ctx.secret(
    shareSecretName(version),
    { label: `Seal master share V${version}, committee ${shortId(s.committee.committeeId!)}`, kind: 'seal.share', publicPart: myPartial },
    () => r.masterShare,
  );
  const same = stored.length === r.masterShare.length && stored.every((b, i) => b === r.masterShare[i]);
  stored.fill(0);
  r.masterShare.fill(0);
  if (!same)
    throw new CeremonyError(
      'seal/share-conflict',
      'The vault already holds a different share for this ceremony: a different message set was processed before.',
    );
  const result: DkgResult = {
    version,
    keyServerPk: bytesToHex(r.keyServerPk),
    partialPks: r.partialPks.map((p) => bytesToHex(p)),
    messagesHash: hashHex,
  };
  const next: MemberState = { ...s, result };
  const code = messagesHashCheckCode(hashHex);
  const differs = s.announcedHash && s.announcedHash !== hashHex;
  // The dkg.yaml with n partial keys is rendered by a worker (at n = 256 its YAML took the main
  // thread about 40 ms in one piece).
  const yaml = await sealServices(ctx.services).runner.run<string>('seal.memberDkgYaml', memberDkgYamlInput(next));
  await yieldTurn();
  const cfg = rot ? keyServerConfigArtifact(next) : null;
  const what = rot
    ? `the rebuilt key equals KEY_SERVER_PK on chain, MASTER_SHARE_V${version} is in the vault`
    : 'KEY_SERVER_PK ready, the share is in the vault';
  return step(
    next,
    `Processed ${messages.length} messages: ${what}; messages_hash check code ${code}${differs ? ' (DIFFERS from the announced set)' : ''}`,
    {
      artifacts: [memberDkgYamlArtifact(next, yaml), ...(cfg ? [cfg] : [])],
    },
  );
}

export async function propose(s0: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!s0.result) throw new CeremonyError('seal/not-processed', 'Process the message set first.');
  if (s0.proposed) throw new CeremonyError('seal/already-proposed', 'You have already proposed.');
  noPendingTx(s0);
  refuseWhileFilesRefused(s0, 'propose');
  const r = s0.result;
  if (s0.airGapped && s0.requested.propose)
    throw new CeremonyError(
      'seal/already-requested',
      'The proposal request is already written: take it to your relay and bring back its unsigned transaction.',
    );
  requireCodesMatch(s0, 'messages-hash');
  const relayed = s0.airGapped ? (s0.relayedPropose ?? null) : null;
  // The relay's transaction came with the message set: signed only if it holds exactly what this
  // install computed (partial keys, key, messages_hash). One that does not is discarded, and the
  // proposal request below asks the relay for one built from this install's values.
  let mismatch: string | null = null;
  if (relayed) {
    try {
      checkRelayedTransaction(relayed.txBytes, relayed.digest, { sender: s0.address, ...proposalExpectation(s0) });
    } catch (e) {
      if (!isCeremonyError(e)) throw e;
      mismatch = e.message;
    }
  }
  if (relayed && mismatch === null) {
    const pending = {
      purpose: 'propose' as const,
      bytes: relayed.txBytes,
      digest: relayed.digest,
      sender: s0.address,
      network: relayed.network,
      description: describeLines(relayed.txBytes),
      preparedAt: relayed.preparedAt,
      attempt: relayed.attempt,
      status: 'unsigned' as const,
      signature: null,
    };
    return step(
      { ...s0, pending, relayedPropose: null, lastTxError: null },
      `Your relay's proposal transaction holds exactly your result (messages_hash check code ${messagesHashCheckCode(r.messagesHash)}): sign it`,
      { artifacts: [txFileArtifact(pending)] },
    );
  }
  if (s0.airGapped) {
    const next = { ...s0, relayedPropose: null, requested: { ...s0.requested, propose: true } };
    const why = mismatch ? `Discarded the proposal transaction your relay sent: ${mismatch} ` : '';
    return step(next, `${why}Wrote the proposal request for the relay`, {
      outgoing: [
        outgoing({
          step: SEAL_BUNDLE_STEPS.proposeRequest,
          phase: 3,
          payload: { address: s0.address, partialPks: r.partialPks, pk: r.keyServerPk, messagesHash: r.messagesHash },
          artifactId: SEAL_ARTIFACTS.proposeRequest,
          fileName: `propose-request-${s0.partyId}.ceremony`,
          description: `Proposal request for your relay (messages_hash check code ${messagesHashCheckCode(r.messagesHash)})`,
        }),
      ],
    });
  }
  let s = s0;
  s = afterChainRead(s, await refreshFromChain(s, ctx));
  if (s.chain?.proposalHash && s.chain.proposalHash !== r.messagesHash) {
    throw new CeremonyError(
      'seal/proposal-differs',
      `Other members proposed messages_hash check code ${messagesHashCheckCode(s.chain.proposalHash)}, but yours is ${messagesHashCheckCode(r.messagesHash)}: you processed a different message set. Do not propose; compare check codes with the coordinator.`,
    );
  }
  const { pending, artifact } = await prepareTx(s, ctx, 'propose', proposeCall(s, r), s.address);
  return step(
    { ...s, pending, lastTxError: null },
    `Prepared the proposal (messages_hash check code ${messagesHashCheckCode(r.messagesHash)})`,
    { artifacts: [artifact] },
  );
}

/** propose (fresh) or propose_for_rotation (the contract takes KEY_SERVER_PK from the old key server, not from us). */
export function proposeCall(s: Pick<MemberState, 'committee'>, r: DkgResult): CeremonyCall {
  const c = s.committee;
  const partialPks = r.partialPks.map((p) => hexToBytes(p));
  if (c.oldCommitteeId) {
    return {
      kind: 'propose_for_rotation',
      packageId: c.packageId!,
      committeeId: c.committeeId!,
      partialPks,
      messagesHash: hexToBytes(r.messagesHash),
      oldCommitteeId: c.oldCommitteeId,
    };
  }
  return {
    kind: 'propose',
    packageId: c.packageId!,
    committeeId: c.committeeId!,
    partialPks,
    pk: hexToBytes(r.keyServerPk),
    messagesHash: hexToBytes(r.messagesHash),
  };
}

// --- chain state -----------------------------------------------------------------------------------

/** My own status from a chain read (registered, proposed) and finalization. */
export function afterChainRead(before: MemberState, read: MemberState): MemberState {
  let s = read;
  const registered = s.registered || checkMyRegistration(s, s.registrations, 'The chain');
  const proposed = s.proposed || (s.chain?.approvals.includes(s.address) ?? false);
  s = { ...s, registered, proposed };
  if (s.keyServer && !before.keyServer) checkKeyServer(s, s.keyServer);
  return s;
}

function checkKeyServer(s: MemberState, ks: KeyServerSnap): void {
  if (!s.result) return;
  const mine = ks.partials.find((p) => p.partyId === s.partyId);
  if (ks.pk !== s.result.keyServerPk || mine?.partialPk !== s.result.partialPks[s.partyId] || ks.version !== s.result.version) {
    throw new CeremonyError(
      'seal/key-server-mismatch',
      `The finalized key server ${ks.id} does not hold the key you computed: do not start a key server with your share; tell the coordinator.`,
      { keyServerId: ks.id },
    );
  }
}

function finalizationArtifacts(before: MemberState, s: MemberState): ArtifactDraft[] {
  if (!s.keyServer || before.keyServer) return [];
  const cfg = keyServerConfigArtifact(s);
  return cfg ? [cfg] : [];
}

export async function refreshMember(s: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  // An air-gapped install never reads the chain (it imports snapshots): polling it changes nothing.
  if (s.airGapped) return step(s, 'Air-gapped: nothing to read');
  const next = afterChainRead(s, await refreshFromChain(s, ctx));
  const artifacts = finalizationArtifacts(s, next);
  const summary =
    next.keyServer && !s.keyServer
      ? `Committee finalized: KEY_SERVER_OBJ_ID ${next.keyServer.id}`
      : `${next.registrations.length} of ${next.committee.members.length} registered`;
  return step(next, summary, artifacts.length ? { artifacts } : {});
}

function adoptRegistrations(s: MemberState, regs: RegistrationSnap[], where: string): MemberState {
  const members = s.committee.members;
  for (const r of regs) {
    if (members[r.partyId]?.address !== r.address) {
      throw new BundleError(
        'bundle/rejected-by-protocol',
        `${where} lists ${r.address} as party ${r.partyId}, which does not match the member list.`,
      );
    }
  }
  if (s.registrations.length && canonicalJson(s.registrations) !== canonicalJson(regs) && s.registrations.length === regs.length) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `${where} shows different registrations than the snapshot imported before; compare the registrations check codes with the coordinator.`,
    );
  }
  const registered = s.registered || checkMyRegistration(s, regs, where);
  return { ...s, registrations: regs.length >= s.registrations.length ? regs : s.registrations, registered };
}

export async function acceptRegisteredSnapshot(s: MemberState, bundle: Bundle): Promise<StepResult<MemberState>> {
  const who = bundle.header.sender.label || bundle.header.sender.id;
  const p = readPayload(bundle, RegisteredSnapshotPayload, 'chain snapshot');
  const c = s.committee;
  if (
    p.committeeId !== c.committeeId ||
    p.packageId !== c.packageId ||
    p.threshold !== c.threshold ||
    canonicalJson(p.members) !== canonicalJson(c.members.map((m) => m.address))
  ) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The chain snapshot from ${who} describes another committee than your invitation.`,
    );
  }
  const regs = [...p.registrations].sort((a, b) => a.partyId - b.partyId);
  const withRotation = isRotation(s) ? adoptRotation(s, p.rotation ?? null, `The chain snapshot from ${who}`) : s;
  const next = adoptRegistrations(withRotation, regs, `The chain snapshot from ${who}`);
  return step(
    next,
    `Chain snapshot from ${who}: ${regs.length} of ${c.members.length} registered (registrations check code ${registrationsCheckCode(regs)})`,
  );
}

export async function acceptFinalizedSnapshot(s: MemberState, bundle: Bundle): Promise<StepResult<MemberState>> {
  const who = bundle.header.sender.label || bundle.header.sender.id;
  const p = readPayload(bundle, FinalizedSnapshotPayload, 'chain snapshot');
  if (p.committeeId !== s.committee.committeeId)
    throw new BundleError('bundle/rejected-by-protocol', `The chain snapshot from ${who} is for another committee.`);
  if (s.keyServer) {
    if (canonicalJson(s.keyServer) === canonicalJson(p.keyServer))
      throw new BundleError('bundle/duplicate', 'You already know the finalized key server.');
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The chain snapshot from ${who} shows a different key server than the one you know; compare KEY_SERVER_OBJ_ID with the coordinator.`,
    );
  }
  const ks: KeyServerSnap = p.keyServer;
  checkKeyServer(s, ks);
  const next: MemberState = { ...s, keyServer: ks, proposed: s.proposed || s.requested.propose };
  return step(next, `Committee finalized (snapshot from ${who}): KEY_SERVER_OBJ_ID ${ks.id}`, {
    artifacts: finalizationArtifacts(s, next),
  });
}

// --- air-gapped transactions ---------------------------------------------------------------------

export async function acceptUnsignedTx(s: MemberState, bundle: Bundle): Promise<StepResult<MemberState>> {
  const p = readPayload(bundle, UnsignedTxPayload, 'unsigned transaction');
  if (!s.airGapped)
    throw new BundleError(
      'bundle/rejected-by-protocol',
      'This install is online and prepares its own transactions; it does not take them from a relay.',
    );
  const purpose = p.purpose;
  if (purpose === 'register') {
    if (!s.keys || !s.server || !s.requested.register)
      throw new BundleError(
        'bundle/wrong-phase',
        'You have not asked for a registration yet: generate your keys and write the registration request first.',
      );
    if (s.registered) throw new BundleError('bundle/rejected-by-protocol', 'You are already registered; this transaction is not needed.');
    checkRelayedTransaction(p.txBytes, p.digest, {
      sender: s.address,
      packageId: s.committee.packageId!,
      committeeId: s.committee.committeeId!,
      call: { function: 'register', encPk: s.keys.encPk, signingPk: s.keys.signingPk, url: s.server.url, name: s.server.name },
    });
  } else {
    if (s.proposed) throw new BundleError('bundle/rejected-by-protocol', 'Your proposal is already on chain.');
    // The relay builds the proposal from the message set and sends it along (one USB trip for
    // both): kept until this install has processed the set and the code was compared.
    if (!s.requested.propose) return keepRelayedPropose(s, p, bundle.header.createdAt);
    checkRelayedTransaction(p.txBytes, p.digest, { sender: s.address, ...proposalExpectation(s) });
  }
  if (s.pending && s.pending.purpose === purpose && s.pending.attempt >= p.attempt) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `You already have attempt ${s.pending.attempt} of this transaction; this is attempt ${p.attempt}.`,
    );
  }
  const pending = {
    purpose,
    bytes: p.txBytes,
    digest: p.digest,
    sender: s.address,
    network: p.network,
    description: describeLines(p.txBytes),
    preparedAt: bundle.header.createdAt,
    attempt: p.attempt,
    status: 'unsigned' as const,
    signature: null,
  };
  return step(
    { ...s, pending, lastTxError: null },
    `Unsigned ${purpose} transaction from your relay (digest ${p.digest}): check it and sign`,
    { artifacts: [txFileArtifact(pending)] },
  );
}

/** What a proposal transaction of this member must hold: its own processing's result. */
function proposalExpectation(s: MemberState): Omit<RelayedExpectation, 'sender'> {
  if (!s.result) throw new CeremonyError('seal/not-processed', 'Process the message set first.');
  const c = s.committee;
  return {
    packageId: c.packageId!,
    committeeId: c.committeeId!,
    call: c.oldCommitteeId
      ? {
          function: 'propose_for_rotation',
          partialPks: s.result.partialPks,
          messagesHash: s.result.messagesHash,
          oldCommitteeId: c.oldCommitteeId,
        }
      : { function: 'propose', partialPks: s.result.partialPks, pk: s.result.keyServerPk, messagesHash: s.result.messagesHash },
  };
}

function keepRelayedPropose(s: MemberState, p: z.infer<typeof UnsignedTxPayload>, preparedAt: string): StepResult<MemberState> {
  if (p.sender !== s.address)
    throw new BundleError('bundle/rejected-by-protocol', `This proposal transaction is sent by ${p.sender}, not by you (${s.address}).`);
  const kept = s.relayedPropose ?? null;
  if (kept && kept.attempt >= p.attempt) {
    if (kept.digest === p.digest) throw new BundleError('bundle/duplicate', 'You already have this proposal transaction from your relay.');
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `You already have attempt ${kept.attempt} of the proposal transaction; this is attempt ${p.attempt}.`,
    );
  }
  const relayedPropose = { txBytes: p.txBytes, digest: p.digest, network: p.network, attempt: p.attempt, preparedAt };
  return step(
    { ...s, relayedPropose },
    `Proposal transaction from your relay kept (digest ${p.digest}): it is checked against your own result when you propose`,
  );
}

/** Air-gapped `submit-signature`: the checked signature goes to the relay as a bundle. */
export async function sendSignature(s: MemberState, signatureText: string): Promise<StepResult<MemberState>> {
  const pending = requirePending(s);
  if (pending.purpose !== 'register' && pending.purpose !== 'propose')
    throw new CeremonyError('seal/wrong-transaction', 'Only registration and proposal go through a relay.');
  const signature = await checkSignature(pending, signatureText);
  const purpose = pending.purpose;
  const next: MemberState = { ...s, pending: { ...pending, status: 'signed', signature } };
  return step(next, `Signed the ${purpose} transaction ${pending.digest}; take the signature to your relay`, {
    outgoing: [
      outgoing({
        step: SEAL_BUNDLE_STEPS.txSignature(purpose, pending.attempt),
        phase: purpose === 'register' ? 1 : 3,
        payload: { purpose, attempt: pending.attempt, digest: pending.digest, signature },
        artifactId: SEAL_ARTIFACTS.txSignature(purpose),
        fileName: `tx-signature-${purpose}-${pending.attempt}.ceremony`,
        description: `Your signature of the ${purpose} transaction ${pending.digest}, for the relay to submit`,
      }),
    ],
  });
}

export function onlineSignature(s: MemberState, signature: string): StepResult<MemberState> {
  const pending = requirePending(s);
  const { state, effect } = submitStep(s, pending, signature);
  return step(state, `Signed the ${pending.purpose} transaction ${pending.digest}; submitting`, { effects: [effect] });
}

export function afterMemberTx(s: MemberState, purpose: string, summary: string): StepResult<MemberState> {
  const next: MemberState = purpose === 'register' ? { ...s, registered: true } : purpose === 'propose' ? { ...s, proposed: true } : s;
  return step(next, summary);
}

// --- after finalization: the share, credentials, cleanup -------------------------------------------

export async function readShare(s: MemberState, ctx: StepContext, version = s.result?.version): Promise<Uint8Array> {
  if (!s.result || version === undefined) throw new CeremonyError('seal/no-share', 'There is no share yet: process the message set first.');
  const name = shareSecretName(version);
  if (!(await ctx.hasSecret(name)))
    throw new CeremonyError('seal/no-share', `The vault holds no share of version ${version} for this ceremony.`);
  return ctx.readSecret(name);
}

/** The versions whose shares the key server needs now (both during a continuing member's rotation). */
export function handoffVersions(s: MemberState): number[] {
  return keyServerPlan(s)?.shareVersions ?? (s.result ? [s.result.version] : []);
}

export async function exportShareFile(
  s: MemberState,
  input: { format: 'env' | 'dkg-yaml'; confirmCode?: string },
  ctx: StepContext,
): Promise<StepResult<MemberState>> {
  const versions = input.format === 'env' ? handoffVersions(s) : [s.result?.version ?? 0];
  const names = versions.map((v) => `MASTER_SHARE_V${v}`).join(' and ');
  const label = input.format === 'env' ? names : `dkg.yaml with MASTER_SHARE_V${versions[0]}`;
  // Check there is a share before asking the person anything.
  for (const version of versions) (await readShare(s, ctx, version)).fill(0);
  const path = await requireGate(sealServices(ctx.services).secretExport).destination({
    what: `the SECRET Seal share (${label}, unencrypted)`,
    fileName: input.format === 'env' ? `master-share-v${versions.at(-1)}.env` : 'dkg.yaml',
    ...(input.confirmCode !== undefined ? { code: input.confirmCode } : {}),
  });
  if (!path) return step(s, 'Writing the share file was cancelled');
  if (existsSync(path)) {
    throw new CeremonyError(
      'seal/file-exists',
      `${path} already exists; choose a new file name (the share is never written over another file).`,
      {
        path,
      },
    );
  }
  const shares: { version: number; share: Uint8Array }[] = [];
  try {
    for (const version of versions) shares.push({ version, share: await readShare(s, ctx, version) });
    const mine = shares[shares.length - 1]!.share;
    const text = input.format === 'env' ? memberShareEnvFile(s, shares) : memberDkgYaml(s, mine);
    writeFileAtomic(path, text, { mode: 0o600 });
  } finally {
    for (const x of shares) x.share.fill(0);
  }
  const method = input.format === 'env' ? ('env-file' as const) : ('dkg-yaml' as const);
  const next: MemberState = { ...s, handoffs: [...s.handoffs, { method, where: path, at: ctx.now() }] };
  return step(next, `Wrote the SECRET ${label} to ${path} (mode 0600): move it to the key server machine, then delete it`);
}

export async function copyShare(s: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  const copy = sealServices(ctx.services).copySecretToClipboard;
  if (!copy)
    throw new CeremonyError(
      'seal/no-clipboard',
      'Copying to the clipboard is only available in the desktop app; export an env file or an encrypted backup instead.',
    );
  const share = await readShare(s, ctx);
  try {
    await copy(`0x${bytesToHex(share)}`, 60_000);
  } finally {
    share.fill(0);
  }
  const next: MemberState = { ...s, handoffs: [...s.handoffs, { method: 'clipboard', where: null, at: ctx.now() }] };
  return step(next, 'Copied the share to the clipboard; it is cleared in 60 seconds');
}

export async function noteShareBackup(s: MemberState, input: { path: string }, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!s.result) throw new CeremonyError('seal/no-share', 'There is no share yet: process the message set first.');
  const next: MemberState = { ...s, handoffs: [...s.handoffs, { method: 'backup', where: input.path, at: ctx.now() }] };
  return step(next, `Encrypted backup of the share written to ${input.path}`);
}

export async function cleanup(s: MemberState, ctx: StepContext): Promise<StepResult<MemberState>> {
  if (!s.keyServer && !handsOverBeforeFinalization(s))
    throw new CeremonyError('seal/not-finalized', 'Clean up after the committee is finalized; until then the DKG keys are still needed.');
  if (s.cleanedUp) return step(s, 'Already cleaned up');
  const del = sealServices(ctx.services).deleteSecret;
  if (!del) throw new CeremonyError('seal/no-vault-access', 'This app cannot delete vault entries for the ceremony.');
  // A rotation's copy of the retired share of version X goes too: with enough other retired
  // shares it still rebuilds the master key, and nothing needs it once the chain is at X+1.
  const rot = rotationOf(s);
  const retiredCopy = rot && s.oldShare ? [shareSecretName(rot.fromVersion)] : [];
  for (const name of [DKG_KEYS, MESSAGE_SEED, ...retiredCopy]) await del(`${ctx.meta.id}/${name}`);
  const extra = retiredCopy.length ? ` and this ceremony's copy of the retired share of version ${rot!.fromVersion}` : '';
  return step(
    { ...s, cleanedUp: true },
    `Deleted the DKG keys and message seed${extra} from the vault; the share of version ${s.result?.version ?? 0} stays`,
  );
}

export { DKG_KEYS, MESSAGE_SEED };
