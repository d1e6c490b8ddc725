import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { bundleBytes } from '../../bundles/codec.ts';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { processPublicly } from '../../crypto/seal/process-all.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { isCeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { refreshFromChain } from './chain-read.ts';
import { MessageSetPayload, messageSetBytes, readPayload } from './payloads.ts';
import { timeSlicer } from '../../workers/time-slice.ts';
import { step } from './phases.ts';
import { prepareRelayed } from './relay.ts';
import { sealServices } from './services.ts';
import type { RelayRequest, RelayState } from './state.ts';
import { messagesHashCheckCode, partyName } from './values.ts';

/**
 * The relay takes in the coordinator's message set (fresh committee) so that the air-gapped
 * member's proposal travels WITH the set: one USB trip in, instead of a set in, a proposal
 * request out and a transaction in. The relay checks every message as the members do (all but
 * the decryption of a share it does not hold), derives the proposal's values, and prepares the
 * member's propose transaction. The member signs it only after its own processing gave the same
 * bytes (member.ts `propose`). The set file goes on, still signed by the coordinator.
 */
export async function acceptRelayMessageSet(s0: RelayState, bundle: Bundle, ctx: StepContext): Promise<StepResult<RelayState>> {
  const who = bundle.header.sender.label || 'the coordinator';
  const member = partyName(s0, s0.partyId);
  if (s0.committee.oldCommitteeId)
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `In a key rotation ${member} processes the set first and sends a proposal request; give the message set to ${member} only.`,
    );
  if (s0.done.propose) throw new BundleError('bundle/duplicate', `The proposal of ${member} is already on chain.`);
  const p = readPayload(bundle, MessageSetPayload, 'message set');
  const c = s0.committee;
  if (
    p.committeeId !== c.committeeId ||
    p.threshold !== c.threshold ||
    canonicalJson(p.members) !== canonicalJson(c.members.map((m) => m.address))
  )
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The message set from ${who} is for another committee than the one ${member} is in.`,
    );
  const s = await refreshFromChain(s0, ctx);
  if (s.registrations.length !== c.members.length)
    throw new BundleError(
      'bundle/wrong-phase',
      `Not every member is registered on chain yet; the message set from ${who} cannot be checked.`,
    );
  const members = [...s.registrations]
    .sort((a, b) => a.partyId - b.partyId)
    .map((r) => ({ encPk: hexToBytes(r.encPk), signingPk: hexToBytes(r.signingPk) }));
  let r;
  try {
    ctx.progress(`Checking ${p.messages.length} DKG messages`, 0, 1);
    r = await processPublicly(
      { committeeId: c.committeeId!, threshold: c.threshold, members, messages: await messageSetBytes(bundle, p, timeSlicer()) },
      {
        runner: sealServices(ctx.services).runner,
        onProgress: (done, total) => ctx.progress(`Checking ${total} DKG messages`, done, total),
      },
    );
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    const sender = typeof e.details.sender === 'number' ? e.details.sender : null;
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The message set from ${who} does not pass the checks${sender !== null ? ` (the message of ${partyName(s, sender)})` : ''}: ${e.message} ${member} would refuse it too; tell the coordinator.`,
      { ...(sender !== null ? { sender } : {}) },
    );
  } finally {
    ctx.progress(`Checking ${p.messages.length} DKG messages`, 1, 1);
  }
  const messagesHash = bytesToHex(r.messagesHash);
  if (messagesHash !== p.messagesHash)
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The messages_hash announced in the set from ${who} does not match its messages; the file was altered.`,
    );
  const body = { address: s.address, partialPks: r.partialPks.map((x) => bytesToHex(x)), pk: bytesToHex(r.keyServerPk), messagesHash };
  const existing = s.requests.propose;
  if (existing && canonicalJson(existing.body) !== canonicalJson(body))
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `${member} asked to propose other values than this message set gives (messages_hash check code ${messagesHashCheckCode(String(existing.body.messagesHash))}); compare check codes with the coordinator.`,
    );
  const request: RelayRequest = existing ?? { receivedAt: bundle.header.createdAt, source: 'message-set', body };
  const withSet: RelayState = { ...s, requests: { ...s.requests, propose: request } };
  const setFile = {
    id: SEAL_ARTIFACTS.messageSet,
    name: 'seal-message-set.ceremony',
    description: `The coordinator's message set, for ${member} (messages_hash check code ${messagesHashCheckCode(messagesHash)})`,
    mime: 'application/json',
    bytes: bundleBytes(bundle),
  };
  const summary = `Message set from ${who} checked (messages_hash check code ${messagesHashCheckCode(messagesHash)})`;
  if (s.pending) return step(withSet, `${summary}; a transaction is already waiting for ${member}`, { artifacts: [setFile] });
  try {
    const prepared = await prepareRelayed(withSet, { purpose: 'propose' }, ctx);
    return {
      ...prepared,
      summary: `${summary}; prepared the proposal of ${member}: take both files to ${member}`,
      artifacts: [setFile, ...(prepared.artifacts ?? [])],
    };
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    // The set is kept; the transaction can be prepared again from the relay's screen.
    const lastTxError = { purpose: 'propose' as const, code: e.code, message: e.message, at: ctx.now() };
    return step({ ...withSet, lastTxError }, `${summary}; the proposal transaction could not be prepared: ${e.message}`, {
      artifacts: [setFile],
    });
  }
}
