/**
 * The two ways a submitted transaction goes wrong on a full node, modelled for the ledger:
 *  - rejected before execution (bad signature, stale gas coin, unknown package…): nothing is
 *    recorded and no gas is charged; the client call throws;
 *  - executed and failed (a Move abort, a wrong argument, a deleted shared input…): gas is
 *    charged, mutable inputs get new versions, and the effects carry the failure status.
 */
import type { ErrorName } from '../../../../../src-shared/api/errors.ts';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError } from '../../../errors.ts';

/** Input shape of `ExecutionFailureStatus` in `bcs.TransactionEffects` (validated by the serializer). */
export type FailureStatusInput = Record<string, unknown>;

export class ExecutionFailure extends Error {
  /** Index of the failing command, when one command is to blame. */
  command: number | null = null;
  constructor(
    readonly status: FailureStatusInput,
    message: string,
  ) {
    super(message);
  }
}

/** A Move `abort <code>` raised in `<pkg>::<module>::<functionName>`. */
export function moveAbort(packageId: string, module: string, functionName: string, code: number): ExecutionFailure {
  const location = { module: { address: normalizeSuiAddress(packageId), name: module }, function: 0, instruction: 0, functionName };
  return new ExecutionFailure({ MoveAbort: [location, String(code)] }, `MoveAbort in ${module}::${functionName} with code ${code}`);
}

export function commandArgumentError(argIdx: number, kind: string): ExecutionFailure {
  return new ExecutionFailure(
    { CommandArgumentError: { argIdx, kind: { [kind]: true } } },
    `CommandArgumentError ${kind} at argument ${argIdx}`,
  );
}

export function simpleFailure(kind: string): ExecutionFailure {
  return new ExecutionFailure({ [kind]: true }, kind);
}

/** Framework abort codes the committee contract can hit (sui::group_ops, sui::vec_set, sui::dynamic_field). */
export const FRAMEWORK_ABORTS = {
  groupOpsInvalidInput: 1,
  vecSetKeyAlreadyExists: 0,
  dynamicFieldAlreadyExists: 0,
  dynamicFieldDoesNotExist: 1,
} as const;

/** Thrown by the ledger for a transaction a full node would refuse before executing it. */
export function rejected(
  code: ErrorName<'rehearsal'>,
  message: string,
  details: Record<string, string | number | boolean | null> = {},
): CeremonyError {
  return new CeremonyError(`rehearsal/${code}`, message, details);
}
