/**
 * `@mysten/sui`'s CoreClient, answered by a rehearsal ledger. Everything above it (Transaction
 * building and gas resolution, `signAndExecuteTransaction`, `getObject`, `getDynamicField`,
 * `getDynamicObjectField`, `waitForTransaction`) is the SDK's own code, unchanged.
 */
import type { BaseClient, SuiClientTypes } from '@mysten/sui/client';
import { CoreClient, ObjectError, TransactionError, parseTransactionBcs, parseTransactionEffectsBcs } from '@mysten/sui/client';
import type { TransactionPlugin } from '@mysten/sui/transactions';
import { fromBase64, normalizeStructTag, normalizeSuiAddress } from '@mysten/sui/utils';
import { ceremonyFunctionResponse, isCeremonyFunction } from '../abi.ts';
import { GasCoin } from '../move-types.ts';
import { COMMITTEE_MODULE, SUI_COIN_TYPE, SUI_FRAMEWORK, sameType } from '../type-names.ts';
import type { RehearsalLedger } from './ledger.ts';
import { toClientObject } from './objects.ts';
import { ledgerResolvePlugin } from './resolver.ts';
import { REHEARSAL_NETWORK, type StoredMoveObject, type StoredTransaction } from './state.ts';

const SUI = normalizeStructTag(`${SUI_FRAMEWORK}::sui::SUI`);
const DEFAULT_PAGE = 50;

function page<T>(items: T[], key: (t: T) => string, limit: number | undefined, cursor: string | null | undefined) {
  const start = cursor ? items.findIndex((i) => key(i) === cursor) + 1 : 0;
  const size = Math.max(1, Math.min(limit ?? DEFAULT_PAGE, DEFAULT_PAGE));
  const slice = items.slice(start, start + size);
  const hasNextPage = start + size < items.length;
  return { slice, hasNextPage, cursor: slice.length ? key(slice[slice.length - 1]!) : null };
}

export class RehearsalClient extends CoreClient {
  constructor(readonly ledger: RehearsalLedger) {
    // BaseClient uses `base ?? this`; the ledger client is its own base.
    super({ network: REHEARSAL_NETWORK, base: undefined as unknown as BaseClient });
  }

  private state() {
    return this.ledger.read();
  }

  private transactionResult<Include extends SuiClientTypes.TransactionInclude>(
    rec: StoredTransaction,
    include: Include | undefined,
    fresh: boolean,
  ): SuiClientTypes.TransactionResult<Include> {
    const effects = parseTransactionEffectsBcs(fromBase64(rec.effects));
    const bytes = rec.bytes ? fromBase64(rec.bytes) : null;
    const tx = {
      digest: rec.digest,
      signatures: rec.signatures,
      epoch: this.state().epoch,
      // Like a node: execution and simulation results are not yet in a checkpoint.
      timestampMs: fresh ? null : rec.timestampMs,
      checkpoint: fresh ? null : rec.checkpoint,
      status: effects.status,
      balanceChanges: include?.balanceChanges ? rec.balanceChanges : undefined,
      effects: include?.effects ? effects : undefined,
      events: include?.events
        ? rec.events.map((e) => ({
            packageId: e.packageId,
            module: e.module,
            sender: e.sender,
            eventType: e.eventType,
            bcs: fromBase64(e.bcs),
            json: null,
          }))
        : undefined,
      objectTypes: include?.objectTypes ? rec.objectTypes : undefined,
      transaction: include?.transaction && bytes ? parseTransactionBcs(bytes) : undefined,
      bcs: include?.bcs && bytes ? bytes : undefined,
    } as unknown as SuiClientTypes.Transaction<Include>;
    return (
      effects.status.success ? { $kind: 'Transaction', Transaction: tx } : { $kind: 'FailedTransaction', FailedTransaction: tx }
    ) as SuiClientTypes.TransactionResult<Include>;
  }

  async getObjects<Include extends SuiClientTypes.ObjectInclude = object>(
    options: SuiClientTypes.GetObjectsOptions<Include>,
  ): Promise<SuiClientTypes.GetObjectsResponse<Include>> {
    const state = this.state();
    return {
      objects: options.objectIds.map((raw) => {
        const id = normalizeSuiAddress(raw);
        const o = state.objects[id];
        if (o) return toClientObject(id, o, options.include);
        const t = state.tombstones[id];
        return t
          ? new ObjectError('deleted', `Object ${id} was ${t.reason} in transaction ${t.transaction}.`, { reason: 'deleted', objectId: id })
          : new ObjectError('notExists', `Object ${id} does not exist on the rehearsal ledger.`, { reason: 'notFound', objectId: id });
      }),
    };
  }

  private coinsOf(owner: string): (StoredMoveObject & { id: string })[] {
    const o = normalizeSuiAddress(owner);
    return Object.entries(this.state().objects)
      .filter(([, obj]) => obj.kind === 'move' && obj.isGasCoin && 'AddressOwner' in obj.owner && obj.owner.AddressOwner === o)
      .map(([id, obj]) => ({ ...(obj as StoredMoveObject), id }))
      .sort((a, b) => (a.id < b.id ? -1 : 1));
  }

  async listCoins(options: SuiClientTypes.ListCoinsOptions): Promise<SuiClientTypes.ListCoinsResponse> {
    const coins = options.coinType && normalizeStructTag(options.coinType) !== SUI ? [] : this.coinsOf(options.owner);
    const p = page(coins, (c) => c.id, options.limit, options.cursor);
    return {
      objects: p.slice.map((c) => ({
        objectId: c.id,
        version: c.version,
        digest: c.digest,
        owner: { $kind: 'AddressOwner', AddressOwner: normalizeSuiAddress(options.owner) },
        type: SUI_COIN_TYPE,
        balance: GasCoin.parse(fromBase64(c.contents)).balance.value,
      })),
      hasNextPage: p.hasNextPage,
      cursor: p.cursor,
    };
  }

  private balanceOf(owner: string): SuiClientTypes.Balance {
    const total = this.coinsOf(owner).reduce((sum, c) => sum + BigInt(GasCoin.parse(fromBase64(c.contents)).balance.value), 0n);
    return { coinType: SUI, balance: total.toString(), coinBalance: total.toString(), addressBalance: '0' };
  }

  async getBalance(options: SuiClientTypes.GetBalanceOptions): Promise<SuiClientTypes.GetBalanceResponse> {
    if (options.coinType && normalizeStructTag(options.coinType) !== SUI) {
      return { balance: { coinType: normalizeStructTag(options.coinType), balance: '0', coinBalance: '0', addressBalance: '0' } };
    }
    return { balance: this.balanceOf(options.owner) };
  }

  async listBalances(options: SuiClientTypes.ListBalancesOptions): Promise<SuiClientTypes.ListBalancesResponse> {
    return { balances: [this.balanceOf(options.owner)], hasNextPage: false, cursor: null };
  }

  async getCoinMetadata(options: SuiClientTypes.GetCoinMetadataOptions): Promise<SuiClientTypes.GetCoinMetadataResponse> {
    if (normalizeStructTag(options.coinType) !== SUI) return { coinMetadata: null };
    return {
      coinMetadata: {
        id: null,
        decimals: 9,
        name: 'Sui (rehearsal)',
        symbol: 'SUI',
        description: 'Rehearsal SUI: worthless, local to this ledger',
        iconUrl: null,
      },
    };
  }

  async listOwnedObjects<Include extends SuiClientTypes.ObjectInclude = object>(
    options: SuiClientTypes.ListOwnedObjectsOptions<Include>,
  ): Promise<SuiClientTypes.ListOwnedObjectsResponse<Include>> {
    const owner = normalizeSuiAddress(options.owner);
    const owned = Object.entries(this.state().objects)
      .filter(([, o]) => 'AddressOwner' in o.owner && o.owner.AddressOwner === owner)
      .filter(([, o]) => !options.type || (o.kind === 'move' && sameType(o.type, options.type)))
      .sort(([a], [b]) => (a < b ? -1 : 1));
    const p = page(owned, ([id]) => id, options.limit, options.cursor);
    return { objects: p.slice.map(([id, o]) => toClientObject(id, o, options.include)), hasNextPage: p.hasNextPage, cursor: p.cursor };
  }

  async listDynamicFields(options: SuiClientTypes.ListDynamicFieldsOptions): Promise<SuiClientTypes.ListDynamicFieldsResponse> {
    const parent = normalizeSuiAddress(options.parentId);
    const fields = Object.entries(this.state().objects)
      .filter(([, o]) => o.kind === 'move' && o.dynamicField && 'ObjectOwner' in o.owner && o.owner.ObjectOwner === parent)
      .sort(([a], [b]) => (a < b ? -1 : 1)) as [string, StoredMoveObject][];
    const p = page(fields, ([id]) => id, options.limit, options.cursor);
    return {
      dynamicFields: p.slice.map(([fieldId, o]) => {
        const df = o.dynamicField!;
        const base = { fieldId, type: o.type, name: { type: df.nameType, bcs: fromBase64(df.nameBcs) }, valueType: df.valueType };
        return df.childId ? { ...base, $kind: 'DynamicObject' as const, childId: df.childId } : { ...base, $kind: 'DynamicField' as const };
      }),
      hasNextPage: p.hasNextPage,
      cursor: p.cursor,
    };
  }

  async getTransaction<Include extends SuiClientTypes.TransactionInclude = object>(
    options: SuiClientTypes.GetTransactionOptions<Include>,
  ): Promise<SuiClientTypes.TransactionResult<Include>> {
    const rec = this.state().transactions.find((t) => t.digest === options.digest);
    if (!rec) throw new TransactionError('notFound', options.digest);
    return this.transactionResult(rec, options.include, false);
  }

  async executeTransaction<Include extends SuiClientTypes.TransactionInclude = object>(
    options: SuiClientTypes.ExecuteTransactionOptions<Include>,
  ): Promise<SuiClientTypes.TransactionResult<Include>> {
    const rec = await this.ledger.execute(options.transaction, options.signatures);
    return this.transactionResult(rec, options.include, true);
  }

  async simulateTransaction<Include extends SuiClientTypes.SimulateTransactionInclude = object>(
    options: SuiClientTypes.SimulateTransactionOptions<Include>,
  ): Promise<SuiClientTypes.SimulateTransactionResult<Include>> {
    const bytes = options.transaction instanceof Uint8Array ? options.transaction : await options.transaction.build({ client: this });
    const rec = await this.ledger.simulate(bytes);
    const result = this.transactionResult(rec, options.include, true);
    return {
      ...result,
      commandResults: options.include?.commandResults ? [] : undefined,
    } as SuiClientTypes.SimulateTransactionResult<Include>;
  }

  async getReferenceGasPrice(): Promise<SuiClientTypes.GetReferenceGasPriceResponse> {
    return { referenceGasPrice: this.state().referenceGasPrice };
  }

  async getCurrentSystemState(): Promise<SuiClientTypes.GetCurrentSystemStateResponse> {
    const s = this.state();
    return {
      systemState: {
        systemStateVersion: '2',
        epoch: s.epoch,
        protocolVersion: '1',
        referenceGasPrice: s.referenceGasPrice,
        epochStartTimestampMs: '0',
        safeMode: false,
        safeModeStorageRewards: '0',
        safeModeComputationRewards: '0',
        safeModeStorageRebates: '0',
        safeModeNonRefundableStorageFee: '0',
        parameters: {
          epochDurationMs: '86400000',
          stakeSubsidyStartEpoch: '0',
          maxValidatorCount: '0',
          minValidatorJoiningStake: '0',
          validatorLowStakeThreshold: '0',
          validatorLowStakeGracePeriod: '0',
        },
        storageFund: { totalObjectStorageRebates: '0', nonRefundableBalance: '0' },
        stakeSubsidy: {
          balance: '0',
          distributionCounter: '0',
          currentDistributionAmount: '0',
          stakeSubsidyPeriodLength: '0',
          stakeSubsidyDecreaseRate: 0,
        },
      },
    };
  }

  async getProtocolConfig(): Promise<SuiClientTypes.GetProtocolConfigResponse> {
    return { protocolConfig: { protocolVersion: '1', featureFlags: {}, attributes: {} } };
  }

  async getChainIdentifier(): Promise<SuiClientTypes.GetChainIdentifierResponse> {
    return { chainIdentifier: this.state().chainIdentifier };
  }

  async listTransactions<Include extends SuiClientTypes.TransactionInclude = object>(
    options: SuiClientTypes.ListTransactionsOptions<Include>,
  ): Promise<SuiClientTypes.ListTransactionsResponse<Include>> {
    const f = options.filter;
    let txs = this.state().transactions.filter((t) => {
      if (!f) return true;
      if (f.sender) return t.sender === normalizeSuiAddress(f.sender);
      const parts = f.function!.split('::');
      const want = [normalizeSuiAddress(parts[0]!), ...parts.slice(1)];
      return t.functions.some((fn) => {
        const got = fn.split('::');
        return want.every((w, i) => w === got[i]);
      });
    });
    const descending = options.order === 'descending' || !!options.before;
    if (descending) txs = [...txs].reverse();
    const p = page(txs, (t) => t.digest, options.limit, options.after ?? options.before);
    return {
      transactions: p.slice.map((t) => this.transactionResult(t, options.include, false)),
      hasNextPage: p.hasNextPage,
      startCursor: p.slice[0]?.digest ?? null,
      endCursor: p.cursor,
    };
  }

  async listEvents(options: SuiClientTypes.ListEventsOptions): Promise<SuiClientTypes.ListEventsResponse> {
    const f = options.filter;
    let all = this.state().transactions.flatMap((t) =>
      t.events.map((e, eventIndex) => ({ e, t, eventIndex, key: `${t.digest}:${eventIndex}` })),
    );
    all = all.filter(({ e }) => {
      if (!f) return true;
      if (f.sender) return e.sender === normalizeSuiAddress(f.sender);
      const spec = (f.emitModule ?? f.eventType)!;
      const [pkg, mod, name] = spec.split('::');
      const [epkg, emod, ename] = e.eventType.split('::');
      if (normalizeSuiAddress(pkg!) !== normalizeSuiAddress(f.emitModule ? e.packageId : epkg!)) return false;
      if (mod !== (f.emitModule ? e.module : emod)) return false;
      return name === undefined || name === ename;
    });
    if (options.order === 'descending' || options.before) all.reverse();
    const p = page(all, (x) => x.key, options.limit, options.after ?? options.before);
    return {
      events: p.slice.map(({ e, t, eventIndex }) => ({
        packageId: e.packageId,
        module: e.module,
        sender: e.sender,
        eventType: e.eventType,
        bcs: fromBase64(e.bcs),
        json: null,
        checkpoint: t.checkpoint,
        transactionDigest: t.digest,
        eventIndex,
      })),
      hasNextPage: p.hasNextPage,
      startCursor: p.slice[0]?.key ?? null,
      endCursor: p.cursor,
    };
  }

  resolveTransactionPlugin(): TransactionPlugin {
    return ledgerResolvePlugin(this);
  }

  async verifyZkLoginSignature(): Promise<SuiClientTypes.ZkLoginVerifyResponse> {
    return { success: false, errors: ['zkLogin signatures are not modelled by the rehearsal ledger'] };
  }

  async getMoveFunction(options: SuiClientTypes.GetMoveFunctionOptions): Promise<SuiClientTypes.GetMoveFunctionResponse> {
    const id = normalizeSuiAddress(options.packageId);
    const pkg = this.state().objects[id];
    if (
      pkg?.kind === 'package' &&
      pkg.role === 'seal_committee' &&
      options.moduleName === COMMITTEE_MODULE &&
      isCeremonyFunction(options.name)
    ) {
      return { function: ceremonyFunctionResponse(id, options.name) };
    }
    throw new Error(`Function ${id}::${options.moduleName}::${options.name} is not on the rehearsal ledger.`);
  }

  async defaultNameServiceName(): Promise<SuiClientTypes.DefaultNameServiceNameResponse> {
    return { data: { name: null } };
  }

  async resolveNameServiceAddress(): Promise<SuiClientTypes.ResolveNameServiceAddressResponse> {
    return { address: null };
  }
}
