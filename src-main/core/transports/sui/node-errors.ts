/**
 * What a real full node says when it does not execute a transaction, or does not answer at all,
 * read the same way whether it came through `SuiGrpcClient` (an `RpcError` with a status code
 * and the node's Rust text) or `SuiJsonRpcClient` (a `JsonRpcError`, or a dry run whose status
 * is only that text). The rehearsal ledger throws CeremonyErrors directly and never lands here.
 *
 * Texts matched are the node's own (sui-types `UserInputError`, `ExecutionFailureStatus` and the
 * `Debug` form of a `MoveAbort` that budget estimation and JSON-RPC dry runs print).
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError } from '../../errors.ts';
import type { ErrorCode } from '../../../../src-shared/api/errors.ts';

/**
 * `MoveAbort(MoveLocation { module: ModuleId { address: …, name: Identifier("seal_committee") },
 * function: 3, instruction: 20, function_name: Some("register") }, 4)`, as printed by
 * `Budget estimation failed with status: Failure { error: …, command: Some(0) }` (gRPC) and by
 * a JSON-RPC dry run's `effects.status.error` (`… in command 0`).
 */
const MOVE_ABORT_TEXT =
  /MoveAbort\(\s*MoveLocation\s*\{\s*module:\s*ModuleId\s*\{\s*address:\s*(?:0x)?([0-9a-fA-F]{1,64}),\s*name:\s*Identifier\("(\w+)"\)\s*\},\s*function:\s*(\d+),\s*instruction:\s*(\d+),\s*function_name:\s*(?:Some\("(\w+)"\)|None)\s*\},\s*(\d+)\s*\)/;
const COMMAND_TEXT = /command:\s*Some\((\d+)\)|in command (\d+)/;

/** A Move abort described only in the node's text, as the structured error the SDK gives when it can. */
export function parseMoveAbortText(text: string): SuiClientTypes.ExecutionError | null {
  const m = MOVE_ABORT_TEXT.exec(text);
  if (!m) return null;
  const [, address, module, fn, instruction, functionName, abortCode] = m;
  const c = COMMAND_TEXT.exec(text.slice(m.index + m[0].length)) ?? COMMAND_TEXT.exec(text);
  const command = c ? Number(c[1] ?? c[2]) : undefined;
  return {
    $kind: 'MoveAbort',
    message: `MoveAbort in ${module}${functionName ? `::${functionName}` : ''} with code ${abortCode}`,
    ...(command !== undefined ? { command } : {}),
    MoveAbort: {
      abortCode: abortCode!,
      location: {
        package: normalizeSuiAddress(address!),
        module: module!,
        function: Number(fn),
        instruction: Number(instruction),
        ...(functionName ? { functionName } : {}),
      },
    },
  };
}

/** Execution failures a node may name only in text (budget estimation, JSON-RPC dry runs without `abortError`). */
const FAILURE_NAMES = ['InsufficientGas', 'InputObjectDeleted', 'CommandArgumentError'] as const;

/** The failure, if the text names one the explainer knows. */
export function parseFailureText(text: string): SuiClientTypes.ExecutionError | null {
  const abort = parseMoveAbortText(text);
  if (abort) return abort;
  const name = FAILURE_NAMES.find((n) => new RegExp(`\\b${n}\\b`).test(text));
  if (!name || name === 'CommandArgumentError') return null; // an argument error needs its index: leave it to the raw text
  return { $kind: 'Unknown', message: name, Unknown: null };
}

/** All messages along an error's cause chain: the SDK wraps the transport's error in its own. */
export function errorText(e: unknown): string {
  const parts: string[] = [];
  let cur: unknown = e;
  for (let depth = 0; cur && depth < 5; depth++) {
    if (cur instanceof Error) parts.push(cur.message);
    else if (typeof cur === 'object' && cur !== null && 'message' in cur && typeof cur.message === 'string') parts.push(cur.message);
    else if (typeof cur === 'string') parts.push(cur);
    cur = cur instanceof Error ? cur.cause : undefined;
  }
  return parts.filter(Boolean).join(': ');
}

const GRPC_TRANSIENT = new Set(['UNAVAILABLE', 'INTERNAL', 'DEADLINE_EXCEEDED', 'RESOURCE_EXHAUSTED', 'ABORTED', 'UNKNOWN', 'CANCELLED']);
/** JSON-RPC codes of a node that is busy or broken, not of a bad request (sui-json-rpc `error.rs`). */
const JSONRPC_TRANSIENT = new Set([-32603, -32604, -32050]);

/** Why the node could not be asked, if that is what happened: a gRPC status, an HTTP status, a network failure or a timeout. */
export function transientReason(e: unknown): string | null {
  let cur: unknown = e;
  for (let depth = 0; cur instanceof Error && depth < 5; depth++, cur = cur.cause) {
    const err = cur as Error & { code?: unknown; status?: unknown };
    if (err.name === 'RpcError' && typeof err.code === 'string') return GRPC_TRANSIENT.has(err.code) ? err.code : null;
    if (err.name === 'TimeoutError' || err.name === 'AbortError') return 'timeout';
    if (typeof err.code === 'number' && JSONRPC_TRANSIENT.has(err.code)) return `JSON-RPC ${err.code}`;
    if (typeof err.status === 'number' && (err.status >= 500 || err.status === 429)) return `HTTP ${err.status}`;
    if (err instanceof TypeError && /fetch failed|network|ECONNREFUSED|ENOTFOUND|ETIMEDOUT/i.test(errorText(err))) return 'no connection';
  }
  return null;
}

/** A read the node could not answer: a retryable CeremonyError naming the node. */
export function unreachable(what: string, label: string, e: unknown, details: Record<string, string | number | boolean | null> = {}) {
  const reason = transientReason(e);
  return new CeremonyError(
    'chain/unreachable',
    reason
      ? `${label} did not answer while reading ${what} (${reason}): check the connection and try again in a moment.`
      : `Could not read ${what} from ${label}: ${errorText(e)}`,
    { ...details, retryable: reason !== null, reason },
  );
}

type NodeRefusal = { code: ErrorCode; message: string; test: RegExp };

/**
 * Refusals before execution (sui-types `UserInputError`): nothing ran and no gas was charged.
 * Each says what to do next.
 */
const REFUSALS: NodeRefusal[] = [
  {
    code: 'chain/transaction-expired',
    test: /Transaction Expired|TransactionExpired|not valid in the current epoch/i,
    message:
      'The transaction expired before it was submitted (it pays gas from the address balance, so it is valid only until the end of the next epoch, about a day): prepare the step again and sign the new transaction.',
  },
  {
    code: 'chain/insufficient-funds',
    test: /Balance of gas object \d+ is lower than the needed amount|GasBalanceTooLow|No valid gas coins found|Unable to find a coin to cover the gas budget|InsufficientFundsForWithdraw|insufficient (?:SUI )?balance/i,
    message:
      "The sender's SUI does not cover this transaction's gas budget: send SUI to the sender's address, then prepare the step again.",
  },
  {
    code: 'chain/gas-budget-too-low',
    test: /Gas budget: \d+ is lower than min|GasBudgetTooLow/i,
    message: 'The gas budget is below the network minimum: prepare the step again without a fixed budget (the node estimates one).',
  },
  {
    code: 'chain/stale-object',
    test: /is not available for consumption, its current version|ObjectVersionUnavailableForConsumption|Could not find the referenced object \S+ at version/i,
    message:
      'An object this transaction uses (usually a gas coin) changed after the transaction was prepared, for example by another transaction from the same address: prepare the step again and sign the new transaction.',
  },
];

/** Why a publish cannot work on this network: the bytecode dump links to packages this network does not have. */
const PUBLISH_DEPENDENCIES =
  /Dependent package not found|PublishUpgradeMissingDependency|PublishUpgradeDependencyDowngrade|LINKER_ERROR|LinkerError|FUNCTION_RESOLUTION_FAILURE|LOOKUP_FAILED|VMVerificationOrDeserializationError/;

/**
 * A node's refusal or silence, in words; null when the text says nothing the app knows (the
 * caller keeps the raw text). `stage` tells whether anything could have run on chain.
 */
export function explainNodeRefusal(e: unknown, call: string | undefined, stage: 'prepare' | 'submit', label: string): CeremonyError | null {
  const text = errorText(e);
  const base = { call: call ?? null, stage, chainMessage: text.slice(0, 500) };
  if (call === 'publish' && PUBLISH_DEPENDENCIES.test(text)) {
    return new CeremonyError(
      'chain/publish-wrong-network',
      `${label} cannot link the committee package: the bytecode dump was built against another network's dependencies (or other versions of them). Build the dump for this network (sui move build --dump-bytecode-as-base64 with this network's environment) and prepare again.${stage === 'prepare' ? ' Nothing ran on chain.' : ''}`,
      base,
    );
  }
  const refusal = REFUSALS.find((r) => r.test.test(text));
  if (refusal) return new CeremonyError(refusal.code, `${refusal.message}${stage === 'prepare' ? ' Nothing ran on chain.' : ''}`, base);
  const reason = transientReason(e);
  if (reason) {
    return new CeremonyError(
      'chain/unreachable',
      stage === 'prepare'
        ? `${label} did not answer while the transaction was being prepared (${reason}); nothing ran on chain: try again in a moment.`
        : `${label} did not answer while the transaction was being submitted (${reason}): it may or may not have run. Submitting the same signed transaction again is safe (a transaction runs at most once); try again in a moment.`,
      { ...base, retryable: true, reason },
    );
  }
  return null;
}
