/**
 * The ledger's transaction-resolution plugin: what a full node's gas selection does for
 * `Transaction.build({ client })`. It fills unresolved inputs (object versions, shared-object
 * mutability, pure values typed by the called function), the gas price, a gas budget from a dry
 * run, and gas coins of the sender, so the real SDK build path runs unchanged against the ledger.
 */
import type { TransactionDataBuilder, TransactionPlugin } from '@mysten/sui/transactions';
import { Inputs, getPureBcsSchema } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { SimulationError } from '@mysten/sui/client';
import { CeremonyError } from '../../../errors.ts';
import type { RehearsalClient } from './client.ts';

/** Same safety margin the SDK's own resolver adds: 1000 computation units at the gas price. */
const GAS_SAFE_OVERHEAD = 1000n;
const DRY_RUN_BUDGET = 50_000_000_000n;

type Command = TransactionDataBuilder['commands'][number];

async function resolveInputs(data: TransactionDataBuilder, client: RehearsalClient): Promise<void> {
  const paramsFor = new Map<Command, Awaited<ReturnType<RehearsalClient['getMoveFunction']>>['function']['parameters']>();
  for (const command of data.commands) {
    const call = command.MoveCall;
    if (!call) continue;
    const needs = call.arguments.some(
      (a) => a.$kind === 'Input' && (data.inputs[a.Input]?.UnresolvedPure || data.inputs[a.Input]?.UnresolvedObject),
    );
    if (!needs) continue;
    const { function: fn } = await client.getMoveFunction({ packageId: call.package, moduleName: call.module, name: call.function });
    const params = fn.parameters.slice(0, -1); // drop TxContext
    if (params.length !== call.arguments.length)
      throw new Error(`Incorrect number of arguments for ${call.package}::${call.module}::${call.function}`);
    paramsFor.set(command, params);
    params.forEach((p, i) => {
      const arg = call.arguments[i]!;
      if (arg.$kind !== 'Input') return;
      const input = data.inputs[arg.Input]!;
      const schema = getPureBcsSchema(p.body);
      if (input.UnresolvedPure && schema) data.inputs[arg.Input] = Inputs.Pure(schema.serialize(input.UnresolvedPure.value as never));
    });
  }

  for (let index = 0; index < data.inputs.length; index++) {
    const input = data.inputs[index]!;
    if (input.UnresolvedPure)
      throw new Error(`Input ${index} is an untyped value the rehearsal ledger cannot resolve; give it an explicit type.`);
    if (!input.UnresolvedObject) continue;
    const { object } = await client.getObject({ objectId: input.UnresolvedObject.objectId });
    if (object.owner.$kind === 'Shared') {
      let mutable = input.UnresolvedObject.mutable ?? false;
      data.getInputUses(index, (arg, command) => {
        const params = paramsFor.get(command);
        if (command.MoveCall && params) {
          const p = params[command.MoveCall.arguments.indexOf(arg)];
          if (p && p.reference !== 'immutable') mutable = true;
        } else mutable = true;
      });
      data.inputs[index] = Inputs.SharedObjectRef({
        objectId: object.objectId,
        initialSharedVersion: object.owner.Shared.initialSharedVersion,
        mutable,
      });
    } else {
      data.inputs[index] = Inputs.ObjectRef({ objectId: object.objectId, version: object.version, digest: object.digest });
    }
  }
}

export function ledgerResolvePlugin(client: RehearsalClient): TransactionPlugin {
  return async (data, options, next) => {
    await resolveInputs(data, client);
    if (options.onlyTransactionKind) return next();
    const sender = data.sender ? normalizeSuiAddress(data.sender) : null;
    if (!data.gasData.price) data.gasData.price = (await client.getReferenceGasPrice()).referenceGasPrice;

    if (!data.gasData.budget) {
      const dryRun = data.build({ overrides: { gasData: { budget: DRY_RUN_BUDGET.toString(), payment: [] } } });
      const result = await client.simulateTransaction({ transaction: dryRun, include: { effects: true } });
      if (result.$kind === 'FailedTransaction') {
        const executionError = result.FailedTransaction.status.error ?? undefined;
        throw new SimulationError(`Transaction resolution failed: ${executionError?.message ?? 'Unknown error'}`, {
          cause: result,
          executionError,
        });
      }
      const used = result.Transaction.effects.gasUsed;
      const computation = BigInt(used.computationCost) + GAS_SAFE_OVERHEAD * BigInt(data.gasData.price);
      const budget = computation + BigInt(used.storageCost) - BigInt(used.storageRebate);
      data.gasData.budget = (budget > computation ? budget : computation).toString();
    }

    if (!data.gasData.payment) {
      if (!sender) throw new Error('Set the sender before building: gas coins are chosen from the sender.');
      const budget = BigInt(data.gasData.budget);
      const inputIds = new Set(data.inputs.map((i) => i.Object?.ImmOrOwnedObject?.objectId).filter((x): x is string => !!x));
      const { objects } = await client.listCoins({ owner: sender });
      const coins = objects.filter((c) => !inputIds.has(c.objectId)).sort((a, b) => (BigInt(b.balance) > BigInt(a.balance) ? 1 : -1));
      const chosen: typeof coins = [];
      let total = 0n;
      for (const c of coins) {
        if (total >= budget) break;
        chosen.push(c);
        total += BigInt(c.balance);
      }
      if (total < budget) {
        throw new CeremonyError(
          'rehearsal/insufficient-gas',
          `${sender} has ${total} MIST of rehearsal SUI, less than the ${budget} MIST this transaction may cost; fund it with the rehearsal faucet.`,
          { address: sender },
        );
      }
      data.gasData.payment = chosen.map((c) => ({ objectId: c.objectId, version: c.version, digest: c.digest }));
    }
    return next();
  };
}
