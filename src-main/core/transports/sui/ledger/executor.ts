/**
 * Executes one transaction on the ledger state the way a Sui full node would, for the subset of
 * Sui the ceremony uses: it decodes the BCS TransactionData, refuses what a node refuses before
 * execution (stale or foreign objects, bad gas, wrong network), assigns the lamport version, runs
 * the commands, charges gas from the payment coins, and writes BCS TransactionEffects (V2) that
 * the SDK's own parser reads back. A failed transaction still charges gas and bumps the versions
 * of its mutable inputs, with every other change dropped.
 *
 * Signatures are checked by the caller (ledger.ts) because verification is asynchronous.
 */
import { bcs } from '@mysten/sui/bcs';
import { TransactionDataBuilder } from '@mysten/sui/transactions';
import { fromBase58, fromBase64, normalizeSuiAddress, toBase58, toBase64 } from '@mysten/sui/utils';
import { GasCoin } from '../move-types.ts';
import { SUI_COIN_TYPE, SUI_FRAMEWORK } from '../type-names.ts';
import { CommandRunner, type InputInfo, type TxCommand, type TxInput } from './commands.ts';
import { ExecutionFailure, rejected, simpleFailure } from './failures.ts';
import { KeyServerModule } from './key-server-module.ts';
import { computeObjectDigest, objectEnvelope, ownerBcs, typedDigest } from './objects.ts';
import { PENDING_VERSION, TxOverlay, type Removal } from './overlay.ts';
import {
  GENESIS_DIGEST,
  type LedgerState,
  type StoredEvent,
  type StoredMoveObject,
  type StoredObject,
  type StoredOwner,
  type StoredTransaction,
} from './state.ts';

/** One computation bucket per command, at the gas price: 1000 units. */
const COMPUTATION_UNITS_PER_COMMAND = 1000n;
/** Rehearsal storage price, MIST per byte of object written. */
export const STORAGE_PRICE_PER_BYTE = 760n;
const MAX_GAS_BUDGET = 50_000_000_000n;
const MAX_GAS_PRICE_FACTOR = 100_000n;
const SUI_BALANCE_TYPE = `${SUI_FRAMEWORK}::sui::SUI`;

export interface RunRequest {
  bytes: Uint8Array;
  signatures: string[];
  /** `simulate`: nothing is committed, and an empty gas payment is funded by a virtual coin. */
  mode: 'execute' | 'simulate';
  nowMs: number;
}

type Parsed = ReturnType<typeof bcs.TransactionData.parse>;
type TxV1 = NonNullable<Parsed['V1']>;

interface Change {
  before: StoredObject | undefined;
  after: StoredObject | null;
  removal: Removal | null;
}

function ownerJson(o: StoredOwner): string {
  if ('AddressOwner' in o) return `address ${o.AddressOwner}`;
  if ('ObjectOwner' in o) return `object ${o.ObjectOwner}`;
  if ('Shared' in o) return 'shared';
  return 'immutable';
}

function parseTransaction(bytes: Uint8Array): TxV1 {
  let parsed: Parsed;
  try {
    parsed = bcs.TransactionData.parse(bytes);
  } catch {
    throw rejected('malformed-transaction', 'These bytes are not a Sui TransactionData.');
  }
  if (!parsed.V1 || !parsed.V1.kind.ProgrammableTransaction) {
    throw rejected('unsupported-transaction', 'The rehearsal ledger only executes programmable transactions.');
  }
  return parsed.V1;
}

function checkExpiration(state: LedgerState, tx: TxV1): void {
  const exp = tx.expiration;
  const epoch = BigInt(state.epoch);
  if (exp.$kind === 'Epoch' && epoch > BigInt(exp.Epoch!)) throw rejected('expired', `The transaction expired at epoch ${exp.Epoch}.`);
  const window = exp.ValidDuring ?? exp.Validity;
  if (window) {
    if (window.chain !== state.chainIdentifier) {
      throw rejected('wrong-network', 'The transaction was built for another network, not for this rehearsal ledger.');
    }
    if ((window.minEpoch !== null && epoch < BigInt(window.minEpoch)) || (window.maxEpoch !== null && epoch > BigInt(window.maxEpoch))) {
      throw rejected('expired', 'The transaction is not valid in the current epoch.');
    }
  }
}

/** Gas checks a node makes before execution; returns the payment coins (empty: virtual coin in simulation). */
function checkGas(state: LedgerState, tx: TxV1, mode: RunRequest['mode']): { coins: string[]; total: bigint } {
  const sender = normalizeSuiAddress(tx.sender);
  const { gasData } = tx;
  const price = BigInt(gasData.price);
  const budget = BigInt(gasData.budget);
  const rgp = BigInt(state.referenceGasPrice);
  if (normalizeSuiAddress(gasData.owner) !== sender) {
    throw rejected(
      'sponsored-unsupported',
      'Sponsored transactions (gas paid by another address) are not modelled by the rehearsal ledger.',
    );
  }
  if (price < rgp) throw rejected('gas-price-too-low', `The gas price ${price} is below the reference gas price ${rgp}.`);
  if (price > rgp * MAX_GAS_PRICE_FACTOR) throw rejected('gas-price-too-high', `The gas price ${price} is above the maximum.`);
  if (budget < price * COMPUTATION_UNITS_PER_COMMAND)
    throw rejected('gas-budget-too-low', `The gas budget ${budget} MIST is below the minimum ${price * COMPUTATION_UNITS_PER_COMMAND}.`);
  if (budget > MAX_GAS_BUDGET)
    throw rejected('gas-budget-too-high', `The gas budget ${budget} MIST is above the maximum ${MAX_GAS_BUDGET}.`);
  if (gasData.payment.length === 0) {
    if (mode === 'simulate') return { coins: [], total: budget };
    throw rejected('no-gas-payment', 'The transaction names no gas coin; the rehearsal ledger pays gas from SUI coins only.');
  }
  let total = 0n;
  const seen = new Set<string>();
  const coins = gasData.payment.map((ref) => {
    const id = normalizeSuiAddress(ref.objectId);
    if (seen.has(id)) throw rejected('duplicate-gas-coin', `Gas coin ${id} is listed twice.`);
    seen.add(id);
    const o = state.objects[id];
    if (!o || o.kind !== 'move' || !o.isGasCoin) {
      throw rejected('gas-coin-missing', `Gas coin ${id} does not exist on this rehearsal ledger (it may have been used up or merged).`, {
        objectId: id,
      });
    }
    if (o.version !== ref.version || o.digest !== ref.digest) {
      throw rejected(
        'stale-gas-coin',
        `Gas coin ${id} changed after this transaction was prepared (now version ${o.version}, the transaction names ${ref.version}); prepare the transaction again.`,
        { objectId: id },
      );
    }
    if (!('AddressOwner' in o.owner) || o.owner.AddressOwner !== sender)
      throw rejected('gas-coin-not-owned', `Gas coin ${id} does not belong to the sender ${sender}.`);
    total += BigInt(GasCoin.parse(fromBase64(o.contents)).balance.value);
    return id;
  });
  if (total < budget) {
    throw rejected(
      'insufficient-gas',
      `The gas coins of ${sender} hold ${total} MIST, less than the budget of ${budget} MIST; use the rehearsal faucet.`,
      { address: sender },
    );
  }
  return { coins, total };
}

interface CheckedInputs {
  info: InputInfo[];
  /** Mutable inputs whose version is bumped whatever happens. */
  mutable: string[];
  readOnlyShared: string[];
  deletedShared: { id: string; mutable: boolean; version: string }[];
  versions: bigint[];
  dependencies: Set<string>;
}

function checkInputs(state: LedgerState, sender: string, inputs: readonly TxInput[], gasCoins: readonly string[]): CheckedInputs {
  const out: CheckedInputs = { info: [], mutable: [], readOnlyShared: [], deletedShared: [], versions: [], dependencies: new Set() };
  const gone = (id: string) => {
    const t = state.tombstones[id];
    return t
      ? rejected('object-gone', `Object ${id} was ${t.reason} in transaction ${t.transaction}; it cannot be used any more.`, {
          objectId: id,
        })
      : rejected('object-not-found', `Object ${id} does not exist on this rehearsal ledger.`, { objectId: id });
  };
  const seen = new Set<string>();
  for (const input of inputs) {
    const objectId = input.Object
      ? normalizeSuiAddress((input.Object.ImmOrOwnedObject ?? input.Object.SharedObject ?? input.Object.Receiving)!.objectId)
      : null;
    if (objectId) {
      if (seen.has(objectId)) throw rejected('duplicate-input', `Object ${objectId} is given twice as a transaction input.`, { objectId });
      seen.add(objectId);
    }
    if (input.$kind === 'Pure') {
      out.info.push({ kind: 'pure' });
      continue;
    }
    if (input.$kind !== 'Object') throw rejected('unsupported-input', `The rehearsal ledger does not model ${input.$kind} inputs.`);
    const arg = input.Object!;
    if (arg.$kind === 'ImmOrOwnedObject') {
      const ref = arg.ImmOrOwnedObject!;
      const id = normalizeSuiAddress(ref.objectId);
      if (gasCoins.includes(id)) throw rejected('gas-coin-as-input', `Gas coin ${id} is also used as a transaction input.`);
      const o = state.objects[id];
      if (!o) throw gone(id);
      if (o.version !== ref.version || o.digest !== ref.digest) {
        throw rejected(
          'stale-object',
          `Object ${id} is at version ${o.version} now, but the transaction was prepared for version ${ref.version}; prepare it again.`,
          { objectId: id },
        );
      }
      if ('Immutable' in o.owner) out.info.push({ kind: 'immutable', objectId: id });
      else if ('AddressOwner' in o.owner && o.owner.AddressOwner === sender) {
        out.info.push({ kind: 'owned', objectId: id });
        out.mutable.push(id);
      } else throw rejected('not-owner', `Object ${id} is owned by ${ownerJson(o.owner)}, not by the sender ${sender}.`, { objectId: id });
      out.versions.push(BigInt(o.version));
      out.dependencies.add(o.previousTransaction);
    } else if (arg.$kind === 'SharedObject') {
      const ref = arg.SharedObject!;
      const id = normalizeSuiAddress(ref.objectId);
      const o = state.objects[id];
      const t = state.tombstones[id];
      if (o) {
        if (!('Shared' in o.owner)) throw rejected('not-shared', `Object ${id} is not a shared object.`, { objectId: id });
        if (o.owner.Shared.initialSharedVersion !== ref.initialSharedVersion) {
          throw rejected(
            'wrong-shared-version',
            `Shared object ${id} was shared at version ${o.owner.Shared.initialSharedVersion}, not ${ref.initialSharedVersion}.`,
            { objectId: id },
          );
        }
        out.info.push({ kind: 'shared', objectId: id, mutable: ref.mutable });
        (ref.mutable ? out.mutable : out.readOnlyShared).push(id);
        out.versions.push(BigInt(o.version));
        out.dependencies.add(o.previousTransaction);
      } else if (t && t.reason === 'deleted') {
        // A deleted consensus object still sequences: execution fails with InputObjectDeleted.
        out.info.push({ kind: 'shared', objectId: id, mutable: ref.mutable });
        out.deletedShared.push({ id, mutable: ref.mutable, version: t.version });
        out.versions.push(BigInt(t.version));
      } else throw gone(id);
    } else {
      throw rejected('unsupported-input', 'The rehearsal ledger does not model Receiving inputs.');
    }
  }
  return out;
}

function checkCommands(state: LedgerState, commands: readonly TxCommand[]): void {
  for (const c of commands) {
    if (c.$kind !== 'MoveCall' && c.$kind !== 'Publish' && c.$kind !== 'TransferObjects') {
      throw rejected('unsupported-command', `The rehearsal ledger does not model ${c.$kind} commands.`);
    }
    if (c.$kind === 'TransferObjects' && c.TransferObjects!.objects.some((a) => a.$kind === 'GasCoin')) {
      throw rejected('unsupported-command', 'The rehearsal ledger does not model transfers of the gas coin.');
    }
    if (c.$kind === 'MoveCall') {
      const id = normalizeSuiAddress(c.MoveCall!.package);
      const pkg = state.objects[id];
      if (!pkg || pkg.kind !== 'package')
        throw rejected('unknown-package', `Package ${id} is not on this rehearsal ledger.`, { packageId: id });
    }
  }
}

function storageCost(id: string, o: StoredObject): bigint {
  return BigInt(objectEnvelope(id, o).length) * STORAGE_PRICE_PER_BYTE;
}

function coinWithBalance(o: StoredMoveObject, id: string, balance: bigint): StoredMoveObject {
  return { ...o, contents: toBase64(GasCoin.serialize({ id, balance: { value: balance } }).toBytes()) };
}

/** Runs (and in execute mode commits) one transaction. Returns its record; `checkpoint` is '' in simulation. */
export function runTransaction(state: LedgerState, req: RunRequest): StoredTransaction {
  const tx = parseTransaction(req.bytes);
  const digest = TransactionDataBuilder.getDigestFromBytes(req.bytes);
  if (req.mode === 'execute') {
    const previous = state.transactions.find((t) => t.digest === digest);
    if (previous) return previous; // resubmitting the same transaction is harmless, as on chain
  }
  const sender = normalizeSuiAddress(tx.sender);
  const ptb = tx.kind.ProgrammableTransaction!;
  checkExpiration(state, tx);
  const gas = checkGas(state, tx, req.mode);
  const inputs = checkInputs(state, sender, ptb.inputs, gas.coins);
  checkCommands(state, ptb.commands);

  for (const c of gas.coins) {
    const o = state.objects[c]!;
    inputs.versions.push(BigInt(o.version));
    inputs.dependencies.add(o.previousTransaction);
  }
  const lamport = (inputs.versions.reduce((a, b) => (a > b ? a : b), 0n) + 1n).toString();

  // ---- execution
  const events: StoredEvent[] = [];
  const overlay = new TxOverlay(state, fromBase58(digest));
  let failure: ExecutionFailure | null = null;
  let functions: string[] = [];
  if (inputs.deletedShared.length > 0) failure = simpleFailure('InputObjectDeleted');
  else {
    const runner = new CommandRunner({
      sender,
      overlay,
      inputs: ptb.inputs,
      inputInfo: inputs.info,
      keyServer: new KeyServerModule(overlay, state.sealPackageId),
      emit: (e) => events.push(e),
    });
    try {
      runner.run(ptb.commands);
    } catch (e) {
      if (!(e instanceof ExecutionFailure)) throw e;
      failure = e;
    }
    functions = runner.functions;
  }

  // ---- gas and final object set
  const price = BigInt(tx.gasData.price);
  const budget = BigInt(tx.gasData.budget);
  const computation = price * COMPUTATION_UNITS_PER_COMMAND * BigInt(Math.max(1, ptb.commands.length));

  const collect = (): Map<string, Change> => {
    const changes = new Map<string, Change>();
    if (!failure) for (const c of overlay.changes()) changes.set(c.id, { before: state.objects[c.id], after: c.after, removal: c.removal });
    for (const id of inputs.mutable)
      if (!changes.has(id)) changes.set(id, { before: state.objects[id], after: { ...state.objects[id]! }, removal: null });
    // Objects created and removed within this transaction leave no trace.
    for (const [id, c] of changes) if (!c.before && !c.after) changes.delete(id);
    return changes;
  };
  let changes = collect();

  const finalize = (id: string, o: StoredObject): StoredObject => {
    const created = !state.objects[id];
    const version = o.kind === 'package' ? o.version : lamport;
    let owner = o.owner;
    if ('Shared' in owner && owner.Shared.initialSharedVersion === 'pending') owner = { Shared: { initialSharedVersion: lamport } };
    const next = { ...o, owner, version, previousTransaction: digest } as StoredObject;
    if (o.kind === 'package' && created) next.version = '1';
    if (next.version === PENDING_VERSION) throw new Error('ledger invariant: version left pending');
    next.storageRebate = storageCost(id, next).toString();
    return next;
  };

  const costOf = (set: Map<string, Change>) => {
    let storage = 0n;
    let rebateBase = 0n;
    for (const [id, c] of set) {
      if (c.before) rebateBase += BigInt(c.before.storageRebate);
      if (c.after) storage += storageCost(id, finalize(id, c.after));
    }
    for (const coin of gas.coins) {
      const o = state.objects[coin]!;
      rebateBase += BigInt(o.storageRebate);
      if (coin === gas.coins[0]) storage += storageCost(coin, finalize(coin, o));
    }
    const rebate = (rebateBase * 99n) / 100n;
    return { storage, rebate, nonRefundable: rebateBase - rebate };
  };
  const cost = costOf(changes);
  let gasUsed = {
    computationCost: computation,
    storageCost: cost.storage,
    storageRebate: cost.rebate,
    nonRefundableStorageFee: cost.nonRefundable,
  };
  if (computation + cost.storage - cost.rebate > budget) {
    failure = simpleFailure('InsufficientGas');
    events.length = 0;
    changes = collect();
    // Charged the whole budget; the rebates of the untouched inputs stay with them.
    gasUsed = { computationCost: budget, storageCost: 0n, storageRebate: 0n, nonRefundableStorageFee: 0n };
  }
  if (failure) events.length = 0;
  const charge = gasUsed.computationCost + gasUsed.storageCost - gasUsed.storageRebate;

  // Gas coins: all merged into the first, which pays.
  const [primary, ...smashed] = gas.coins;
  if (primary) {
    const coin = state.objects[primary] as StoredMoveObject;
    changes.set(primary, { before: coin, after: coinWithBalance(coin, primary, gas.total - charge), removal: null });
    for (const id of smashed) changes.set(id, { before: state.objects[id], after: null, removal: 'deleted' });
  }

  // ---- effects
  const finals = new Map<string, StoredObject | null>();
  for (const [id, c] of changes) {
    const f = c.after ? finalize(id, c.after) : null;
    if (f) f.digest = computeObjectDigest(id, f);
    finals.set(id, f);
  }
  const ids = [...changes.keys()].sort();
  const changedObjects = ids.map((id) => {
    const c = changes.get(id)!;
    const after = finals.get(id)!;
    const inputState = c.before
      ? { Exist: [[c.before.version, c.before.digest], bcs.Owner.parse(ownerBcs(c.before.owner))] }
      : { NotExist: true };
    const outputState = !after
      ? { NotExist: true }
      : after.kind === 'package'
        ? { PackageWrite: [after.version, after.digest] }
        : { ObjectWrite: [after.digest, bcs.Owner.parse(ownerBcs(after.owner))] };
    const idOperation = !c.before && after ? { Created: true } : !after && c.removal === 'deleted' ? { Deleted: true } : { None: true };
    return [id, { inputState, outputState, idOperation }];
  });
  const unchangedConsensusObjects = [
    ...inputs.readOnlyShared.map((id) => [id, { ReadOnlyRoot: [state.objects[id]!.version, state.objects[id]!.digest] }]),
    ...inputs.deletedShared.map((d) => [
      d.id,
      d.mutable ? { MutateConsensusStreamEnded: d.version } : { ReadConsensusStreamEnded: d.version },
    ]),
  ];
  const eventsBcs = events.length
    ? toBase58(typedDigest('TransactionEvents', new Uint8Array(events.flatMap((e) => [...fromBase64(e.bcs)]))))
    : null;
  const dependencies = [...inputs.dependencies].filter((d) => d && d !== GENESIS_DIGEST).sort();
  const effects = bcs.TransactionEffects.serialize({
    V2: {
      status: failure
        ? { Failure: { error: failure.status as never, command: failure.command === null ? null : String(failure.command) } }
        : { Success: true },
      executedEpoch: state.epoch,
      gasUsed: {
        computationCost: gasUsed.computationCost.toString(),
        storageCost: gasUsed.storageCost.toString(),
        storageRebate: gasUsed.storageRebate.toString(),
        nonRefundableStorageFee: gasUsed.nonRefundableStorageFee.toString(),
      },
      transactionDigest: digest,
      gasObjectIndex: primary ? ids.indexOf(primary) : null,
      eventsDigest: eventsBcs,
      dependencies,
      lamportVersion: lamport,
      changedObjects: changedObjects as never,
      unchangedConsensusObjects: unchangedConsensusObjects as never,
      auxDataDigest: null,
    },
  }).toBytes();

  const objectTypes: Record<string, string> = {};
  for (const [id, c] of changes) {
    const o = c.after ?? c.before;
    if (o) objectTypes[id] = o.kind === 'package' ? 'package' : o.type;
  }
  const record: StoredTransaction = {
    digest,
    kind: 'user',
    checkpoint: '',
    timestampMs: req.nowMs,
    sender,
    bytes: toBase64(req.bytes),
    signatures: [...req.signatures],
    effects: toBase64(effects),
    events: failure ? [] : events,
    objectTypes,
    balanceChanges: primary && charge !== 0n ? [{ coinType: SUI_BALANCE_TYPE, address: sender, amount: (-charge).toString() }] : [],
    functions,
  };
  if (req.mode === 'simulate') return record;

  for (const [id, after] of finals) {
    if (after) {
      state.objects[id] = after;
      delete state.tombstones[id];
    } else {
      delete state.objects[id];
      state.tombstones[id] = { version: lamport, reason: changes.get(id)!.removal ?? 'deleted', transaction: digest };
    }
  }
  state.sequence += 1;
  record.checkpoint = String(state.sequence);
  state.transactions.push(record);
  return record;
}

/** Gives `amount` MIST to `address` as a new coin, recorded as a faucet pseudo-transaction. */
export function faucetGift(
  state: LedgerState,
  address: string,
  amount: bigint,
  nowMs: number,
): { coinId: string; record: StoredTransaction } {
  const recipient = normalizeSuiAddress(address);
  state.faucetCount += 1;
  const digestBytes = typedDigest(
    'Faucet',
    new TextEncoder().encode(`${state.chainIdentifier}/${recipient}/${state.faucetCount}/${amount}`),
  );
  const digest = toBase58(digestBytes);
  const coinId = new TxOverlay(state, digestBytes).freshId();
  const coin: StoredMoveObject = {
    kind: 'move',
    type: SUI_COIN_TYPE,
    isGasCoin: true,
    hasPublicTransfer: true,
    version: '1',
    owner: { AddressOwner: recipient },
    previousTransaction: digest,
    storageRebate: '0',
    contents: toBase64(GasCoin.serialize({ id: coinId, balance: { value: amount } }).toBytes()),
    digest: '',
  };
  coin.storageRebate = storageCost(coinId, coin).toString();
  coin.digest = computeObjectDigest(coinId, coin);
  const effects = bcs.TransactionEffects.serialize({
    V2: {
      status: { Success: true },
      executedEpoch: state.epoch,
      gasUsed: { computationCost: '0', storageCost: '0', storageRebate: '0', nonRefundableStorageFee: '0' },
      transactionDigest: digest,
      gasObjectIndex: null,
      eventsDigest: null,
      dependencies: [],
      lamportVersion: '1',
      changedObjects: [
        [
          coinId,
          {
            inputState: { NotExist: true },
            outputState: { ObjectWrite: [coin.digest, { AddressOwner: recipient }] },
            idOperation: { Created: true },
          },
        ],
      ],
      unchangedConsensusObjects: [],
      auxDataDigest: null,
    },
  }).toBytes();
  state.objects[coinId] = coin;
  state.sequence += 1;
  const record: StoredTransaction = {
    digest,
    kind: 'faucet',
    checkpoint: String(state.sequence),
    timestampMs: nowMs,
    sender: normalizeSuiAddress('0x0'),
    bytes: null,
    signatures: [],
    effects: toBase64(effects),
    events: [],
    objectTypes: { [coinId]: SUI_COIN_TYPE },
    balanceChanges: [{ coinType: SUI_BALANCE_TYPE, address: recipient, amount: amount.toString() }],
    functions: [],
  };
  state.transactions.push(record);
  return { coinId, record };
}
