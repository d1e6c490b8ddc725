import { hexToBytes } from '@noble/hashes/utils.js';
import { BundleError } from '../../bundles/errors.ts';
import type { Bundle } from '../../bundles/format.ts';
import { canonicalJson } from '../../encoding/canonical-json.ts';
import { CeremonyError } from '../../errors.ts';
import type { StepContext, StepResult } from '../../engine/protocol.ts';
import type { CeremonyCall } from '../../transports/sui/chain.ts';
import { SEAL_ARTIFACTS, SEAL_BUNDLE_STEPS } from '../../../../src-shared/ceremonies/seal.ts';
import { refreshFromChain } from './chain-read.ts';
import { outgoing, ProposeRequestPayload, readPayload, RegisterRequestPayload, TxSignaturePayload } from './payloads.ts';
import { step } from './phases.ts';
import { dueSnapshots } from './snapshots.ts';
import type { RelayState } from './state.ts';
import { checkSignature, noPendingTx, prepareTx, submitStep } from './transactions.ts';
import { isDefaultMemberLabel, messagesHashCheckCode, partyName } from './values.ts';

/**
 * The relay: an online install acting for ONE air-gapped member. It reads the chain, prepares
 * the member's transactions from the member's request bundles, hands the unsigned bytes over,
 * submits the signature that comes back, and writes chain snapshots for the offline side.
 * It never holds a DKG secret.
 */

function member(s: RelayState): string {
  return partyName(s, s.partyId);
}

export async function acceptRequest(s: RelayState, bundle: Bundle, purpose: 'register' | 'propose'): Promise<StepResult<RelayState>> {
  const body =
    purpose === 'register'
      ? readPayload(bundle, RegisterRequestPayload, 'registration request')
      : readPayload(bundle, ProposeRequestPayload, 'proposal request');
  if (body.address !== s.address) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `This ${purpose} request is for ${body.address}, but this relay acts for ${member(s)} (${s.address}).`,
      { sender: bundle.header.sender.id },
    );
  }
  if (purpose === 'propose' && (body as { partialPks: string[] }).partialPks.length !== s.committee.members.length) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      `The proposal request of ${member(s)} holds ${(body as { partialPks: string[] }).partialPks.length} partial keys for a ${s.committee.members.length}-member committee.`,
    );
  }
  const existing = s.requests[purpose];
  if (existing && canonicalJson(existing.body) !== canonicalJson(body)) {
    throw new BundleError('bundle/rejected-by-protocol', `${member(s)} already sent a different ${purpose} request.`);
  }
  const next: RelayState = {
    ...adoptMemberName(s, bundle.header.sender.label),
    requests: { ...s.requests, [purpose]: { receivedAt: bundle.header.createdAt, source: 'member', body } },
  };
  const detail =
    purpose === 'propose' ? ` (messages_hash check code ${messagesHashCheckCode((body as { messagesHash: string }).messagesHash)})` : '';
  return step(
    next,
    `${purpose === 'register' ? 'Registration' : 'Proposal'} request of ${member(s)} received${detail}; prepare its transaction`,
  );
}

/**
 * A relay joined from dkg.yaml knows its member only by address ("Member 5 (0x551f…)"); the
 * member's own bundles carry the name its invitation gave it, which the relay's screens then use.
 */
function adoptMemberName(s: RelayState, senderLabel: string): RelayState {
  const current = s.committee.members[s.partyId]!;
  const name = senderLabel.trim();
  if (!isDefaultMemberLabel(current.label) || !name || isDefaultMemberLabel(name)) return s;
  const members = s.committee.members.map((m, i) => (i === s.partyId ? { ...m, label: name } : m));
  return { ...s, committee: { ...s.committee, members } };
}

export async function prepareRelayed(
  s0: RelayState,
  input: { purpose: 'register' | 'propose' },
  ctx: StepContext,
): Promise<StepResult<RelayState>> {
  const purpose = input.purpose;
  const req = s0.requests[purpose];
  if (!req) throw new CeremonyError('seal/no-request', `Import the ${purpose} request bundle of ${member(s0)} first.`);
  if (s0.done[purpose]) throw new CeremonyError('seal/already-done', `The ${purpose} transaction of ${member(s0)} is already on chain.`);
  noPendingTx(s0);
  const s = await refreshFromChain(s0, ctx);
  const c = s.committee;
  const b = req.body as {
    encPk: string;
    signingPk: string;
    url: string;
    name: string;
    partialPks: string[];
    pk: string;
    messagesHash: string;
  };
  const call: CeremonyCall =
    purpose === 'register'
      ? {
          kind: 'register',
          packageId: c.packageId!,
          committeeId: c.committeeId!,
          encPk: hexToBytes(b.encPk),
          signingPk: hexToBytes(b.signingPk),
          url: b.url,
          name: b.name,
        }
      : c.oldCommitteeId
        ? {
            kind: 'propose_for_rotation',
            packageId: c.packageId!,
            committeeId: c.committeeId!,
            partialPks: b.partialPks.map((p) => hexToBytes(p)),
            messagesHash: hexToBytes(b.messagesHash),
            oldCommitteeId: c.oldCommitteeId,
          }
        : {
            kind: 'propose',
            packageId: c.packageId!,
            committeeId: c.committeeId!,
            partialPks: b.partialPks.map((p) => hexToBytes(p)),
            pk: hexToBytes(b.pk),
            messagesHash: hexToBytes(b.messagesHash),
          };
  const attempt = s.attempts[purpose] + 1;
  const { pending, artifact } = await prepareTx(s, ctx, purpose, call, s.address, attempt);
  const next: RelayState = { ...s, pending, lastTxError: null, attempts: { ...s.attempts, [purpose]: attempt } };
  return step(
    next,
    `Prepared the ${purpose} transaction of ${member(s)} (attempt ${attempt}, digest ${pending.digest}); take it to the air-gapped machine`,
    {
      artifacts: [artifact],
      outgoing: [
        outgoing({
          step: SEAL_BUNDLE_STEPS.unsignedTx(purpose, attempt),
          phase: purpose === 'register' ? 1 : 3,
          payload: { purpose, attempt, txBytes: pending.bytes, digest: pending.digest, sender: pending.sender, network: pending.network },
          artifactId: SEAL_ARTIFACTS.unsignedTx(purpose),
          fileName: `unsigned-tx-${purpose}-${attempt}.ceremony`,
          description: `Unsigned ${purpose} transaction for ${member(s)} to sign on the air-gapped machine (digest ${pending.digest})`,
        }),
      ],
    },
  );
}

/** The air-gapped member's signature: checked against the pending transaction, then submitted. */
export async function acceptSignature(s: RelayState, bundle: Bundle): Promise<StepResult<RelayState>> {
  const p = readPayload(bundle, TxSignaturePayload, 'transaction signature');
  const pending = s.pending;
  if (!pending || pending.purpose !== p.purpose || pending.attempt !== p.attempt || pending.digest !== p.digest) {
    throw new BundleError(
      'bundle/rejected-by-protocol',
      pending
        ? `This signature is for ${p.purpose} attempt ${p.attempt} (digest ${p.digest}), but the transaction waiting here is ${pending.purpose} attempt ${pending.attempt} (digest ${pending.digest}).`
        : `No transaction is waiting for this signature (${p.purpose} attempt ${p.attempt}); it may have been submitted already.`,
      { sender: bundle.header.sender.id },
    );
  }
  const signature = await checkSignature(pending, p.signature);
  const { state, effect } = submitStep(s, pending, signature);
  return step(state, `Signature of ${member(s)} for the ${p.purpose} transaction checked; submitting`, { effects: [effect] });
}

export function afterRelayTx(s: RelayState, purpose: string, summary: string): StepResult<RelayState> {
  const next: RelayState = purpose === 'register' || purpose === 'propose' ? { ...s, done: { ...s.done, [purpose]: true } } : s;
  return step(next, summary);
}

export async function refreshRelay(s: RelayState, ctx: StepContext): Promise<StepResult<RelayState>> {
  const read = await refreshFromChain(s, ctx);
  const registered = read.registrations.some((r) => r.partyId === s.partyId);
  const proposed = read.chain?.approvals.includes(s.address) ?? false;
  const withDone: RelayState = { ...read, done: { register: s.done.register || registered, propose: s.done.propose || proposed } };
  const { state: next, outgoing: snaps } = dueSnapshots(withDone);
  const n = next.committee.members.length;
  const summary =
    next.keyServer && !s.keyServer
      ? `Committee finalized: KEY_SERVER_OBJ_ID ${next.keyServer.id}; take the snapshot to ${member(s)}`
      : `${next.registrations.length} of ${n} registered`;
  return step(next, summary, snaps.length ? { outgoing: snaps } : {});
}
