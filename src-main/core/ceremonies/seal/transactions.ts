import { fromBase64 } from '@mysten/sui/utils';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Json } from '../../encoding/canonical-json.ts';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import type { ArtifactDraft, EffectDraft, StepContext } from '../../engine/protocol.ts';
import type { CeremonyCall, ChainTxResult } from '../../transports/sui/chain.ts';
import { verifyOfflineSignature } from '../../transports/sui/offline.ts';
import { SuiWallet } from '../../wallet/sui-wallet.ts';
import { serializeTxFile } from '../../formats/seal/tx-json.ts';
import { SEAL_ARTIFACTS, SEAL_TX_TITLES as PURPOSE_TITLE, type SealTxPurpose } from '../../../../src-shared/ceremonies/seal.ts';
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { chainOf } from './chain-read.ts';
import type { PendingTx, SealState } from './state.ts';

/**
 * One shape for every on-chain step: an action prepares a PENDING transaction (online, gas
 * resolved), the person signs it with the app's wallet or elsewhere, `submit-signature` checks
 * the signature is for this transaction and sender and submits it as an idempotent effect.
 */

export const SUBMIT_EFFECT = 'submit-transaction';

/** Rehearsal SUI below this is topped up from the rehearsal faucet before preparing. */
const REHEARSAL_MIN_BALANCE = 2_000_000_000n;

export function noPendingTx(state: SealState): void {
  if (state.pending) {
    throw new CeremonyError(
      'seal/transaction-pending',
      `"${PURPOSE_TITLE[state.pending.purpose]}" is still waiting for its signature: sign and submit it, or cancel it first.`,
      { purpose: state.pending.purpose },
    );
  }
}

export function txFileArtifact(p: PendingTx): ArtifactDraft {
  return {
    id: SEAL_ARTIFACTS.tx(p.purpose),
    name: `tx-${p.purpose}.json`,
    description: `Unsigned transaction "${PURPOSE_TITLE[p.purpose]}" (digest ${p.digest}) for offline signing: sui keytool sign --address ${p.sender} --data <txBytes>`,
    mime: 'application/json',
    bytes: utf8ToBytes(
      serializeTxFile({
        txBytes: p.bytes,
        digest: p.digest,
        sender: p.sender,
        purpose: p.purpose,
        network: p.network,
        description: p.description,
      }),
    ),
  };
}

/** Lines a person reads before signing (the wallet's own description). */
export function describeLines(bytesBase64: string): string[] {
  return SuiWallet.describe(fromBase64(bytesBase64)).lines;
}

/** Prepares a transaction for `sender`; on a rehearsal ledger first tops the sender up from the faucet. */
export async function prepareTx(
  state: SealState,
  ctx: Pick<StepContext, 'services' | 'now'>,
  purpose: SealTxPurpose,
  call: CeremonyCall,
  sender: string,
  attempt = 1,
): Promise<{ pending: PendingTx; artifact: ArtifactDraft }> {
  const chain = await chainOf(state, ctx);
  if (chain.faucet && (await chain.getBalance(sender)) < REHEARSAL_MIN_BALANCE) await chain.faucet(sender);
  const prepared = await chain.prepare(call, sender);
  const pending: PendingTx = {
    purpose,
    bytes: prepared.bytes,
    digest: prepared.digest,
    sender: prepared.sender,
    network: chain.label,
    description: describeLines(prepared.bytes),
    preparedAt: ctx.now(),
    attempt,
    status: 'unsigned',
    signature: null,
  };
  return { pending, artifact: txFileArtifact(pending) };
}

/** Checks an imported signature against the pending transaction; returns the normalized signature. */
export async function checkSignature(pending: PendingTx, signatureText: string): Promise<string> {
  return verifyOfflineSignature(fromBase64(pending.bytes), signatureText, pending.sender);
}

export function requirePending(state: SealState): PendingTx {
  if (!state.pending) {
    throw new CeremonyError('seal/no-pending-transaction', 'There is no transaction waiting for a signature: prepare the step first.');
  }
  return state.pending;
}

/** The state and effect after a valid signature: the transaction is submitted by the engine right after the commit. */
export function submitStep<S extends SealState>(state: S, pending: PendingTx, signature: string): { state: S; effect: EffectDraft } {
  const seq = state.txSeq + 1;
  return {
    state: { ...state, txSeq: seq, pending: { ...pending, status: 'submitting', signature }, lastTxError: null },
    effect: {
      id: `submit:${seq}:${pending.purpose}`,
      kind: SUBMIT_EFFECT,
      args: { purpose: pending.purpose, bytes: pending.bytes, digest: pending.digest, sender: pending.sender, signature },
    },
  };
}

export interface SubmitOutcome {
  [k: string]: Json;
  ok: boolean;
  digest: string;
  code: ErrorCode | null;
  message: string | null;
  /** ChainTxResult as JSON when ok. */
  result: Json;
  at: string;
}

/** Errors that mean the transaction executed and failed, or can never execute: drop it. */
function isFinalFailure(code: string): boolean {
  return (
    code.startsWith('chain-abort/') ||
    code.startsWith('offline-signature/') ||
    code.startsWith('tx/') ||
    code === 'chain/execution-failed' ||
    code === 'chain/insufficient-gas' ||
    code === 'chain/bad-argument' ||
    code === 'chain/object-deleted' ||
    // The same bytes can never run again: the step must be prepared anew.
    code === 'chain/transaction-expired' ||
    code === 'chain/stale-object' ||
    code === 'chain/publish-wrong-network'
  );
}

/**
 * Runs the submission effect. Idempotent: the chain answers a resubmitted transaction with its
 * first execution. Chain refusals are returned (not thrown) so the ceremony can go on: the
 * person signs again or prepares the step again. Unexpected failures (a bug, a dead process)
 * are thrown and the engine offers "Try again".
 */
export async function runSubmit(effect: EffectDraft, state: SealState, ctx: Pick<StepContext, 'services' | 'now'>): Promise<SubmitOutcome> {
  const a = effect.args as { purpose: SealTxPurpose; bytes: string; digest: string; sender: string; signature: string };
  const chain = await chainOf(state, ctx);
  try {
    const r: ChainTxResult = await chain.submitSigned({ bytes: a.bytes, digest: a.digest, sender: a.sender }, a.signature, a.sender);
    return { ok: true, digest: r.digest, code: null, message: null, result: JSON.parse(JSON.stringify(r)) as Json, at: ctx.now() };
  } catch (e) {
    if (!isCeremonyError(e)) throw e;
    return { ok: false, digest: a.digest, code: e.code, message: e.message, result: null, at: ctx.now() };
  }
}

/**
 * The generic part of folding a submission: the pending transaction is cleared on success and
 * on a final failure; other failures keep it (unsigned again) so it can be signed and submitted
 * again, or cancelled.
 */
export function foldSubmit<S extends SealState>(
  state: S,
  effect: EffectDraft,
  outcome: SubmitOutcome,
): { state: S; ok: boolean; result: ChainTxResult | null; summary: string } {
  const a = effect.args as { purpose: SealTxPurpose; digest: string };
  const title = PURPOSE_TITLE[a.purpose];
  const mine = state.pending && state.pending.digest === a.digest;
  const now = outcome.at;
  const txLog = [...state.txLog, { purpose: a.purpose, digest: a.digest, at: now, ok: outcome.ok }];
  if (outcome.ok) {
    return {
      state: { ...state, txLog, pending: mine ? null : state.pending, lastTxError: null },
      ok: true,
      result: outcome.result as unknown as ChainTxResult,
      summary: `${title}: transaction ${a.digest} executed`,
    };
  }
  const final = isFinalFailure(outcome.code ?? '');
  const pending = mine ? (final ? null : { ...state.pending!, status: 'unsigned' as const, signature: null }) : state.pending;
  return {
    state: {
      ...state,
      txLog,
      pending,
      lastTxError: {
        purpose: a.purpose,
        code: outcome.code ?? 'chain/failed',
        message: outcome.message ?? 'The transaction failed.',
        at: now,
      },
    },
    ok: false,
    result: null,
    summary: `${title}: transaction ${a.digest} failed: ${outcome.message}`,
  };
}
