/**
 * For this folder's tests only: the SDK's real `SuiGrpcClient` and `SuiJsonRpcClient` (their core
 * clients, resolvers and error mapping, unchanged) over stub transports. The gRPC stub dispatches
 * on the method name and answers with proto messages made by the SDK's own `fromJson`, or throws
 * an `RpcError`; the JSON-RPC stub answers each method with the node's JSON, or throws a
 * `JsonRpcError`. `ledgerGrpc` / `ledgerJsonRpc` answer object and balance reads from a
 * rehearsal ledger's state, the way a full node would (NOT_FOUND for a deleted object on gRPC,
 * `deleted` on JSON-RPC), so the same chain code can run against all three.
 */
import { bcs } from '@mysten/sui/bcs';
import type { SuiClientTypes } from '@mysten/sui/client';
import { SimulationError, parseTransactionEffectsBcs } from '@mysten/sui/client';
import { GrpcTypes, RpcError, SuiGrpcClient } from '@mysten/sui/grpc';
import { JsonRpcError, SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import { isCeremonyError } from '../../errors.ts';
import type { RehearsalLedger } from './ledger/ledger.ts';

/** Proto JSON in, a proto message out (the handler builds it with `GrpcTypes.X.fromJson`). */
/** The proto JSON that `fromJson` takes. */
export type ProtoJson = Parameters<typeof GrpcTypes.BatchGetObjectsResponse.fromJson>[0];

type GrpcHandler = (input: Record<string, unknown>) => unknown;
export type GrpcHandlers = Record<string, GrpcHandler>;

interface MethodInfoLike {
  name: string;
}

/** A `SuiGrpcClient` whose transport calls `handlers[method.name]`; every call is logged in `calls`. */
export function stubGrpcClient(handlers: GrpcHandlers, calls: string[] = []): SuiGrpcClient {
  const transport = {
    mergeOptions: (o?: object) => ({ ...o }),
    unary(method: MethodInfoLike, input: Record<string, unknown>) {
      calls.push(method.name);
      const handler = handlers[method.name];
      const response = Promise.resolve().then(() => {
        if (!handler) throw new RpcError(`stub node: no answer for ${method.name}`, 'UNIMPLEMENTED');
        return handler(input);
      });
      // A UnaryCall is awaited for `{ response }` by the generated service clients.
      return response.then((r) => ({ method, request: input, requestHeaders: {}, headers: {}, response: r, status: { code: 'OK' } }));
    },
    serverStreaming() {
      throw new Error('stub node: no streaming');
    },
    clientStreaming() {
      throw new Error('stub node: no streaming');
    },
    duplex() {
      throw new Error('stub node: no streaming');
    },
  };
  return new SuiGrpcClient({ network: 'testnet', transport: transport as never });
}

export type JsonRpcHandlers = Record<string, (params: unknown[]) => unknown>;

/** A `SuiJsonRpcClient` whose transport calls `handlers[method]`. */
export function stubJsonRpcClient(handlers: JsonRpcHandlers, calls: string[] = []): SuiJsonRpcClient {
  const transport = {
    async request<T>({ method, params }: { method: string; params: unknown[] }): Promise<T> {
      calls.push(method);
      const handler = handlers[method];
      if (!handler) throw new JsonRpcError(`Method not found: ${method}`, -32601);
      return (await handler(params)) as T;
    },
    async subscribe(): Promise<() => Promise<boolean>> {
      throw new Error('stub node: no subscriptions');
    },
  };
  return new SuiJsonRpcClient({ network: 'testnet', transport: transport as never });
}

function ledgerObjects(ledger: RehearsalLedger, ids: string[]) {
  return ledger.client.core.getObjects({ objectIds: ids, include: { content: true } }).then((r) => r.objects);
}

function protoOwner(owner: SuiClientTypes.ObjectOwner): Record<string, unknown> {
  switch (owner.$kind) {
    case 'AddressOwner':
      return { kind: 'ADDRESS', address: owner.AddressOwner };
    case 'ObjectOwner':
      return { kind: 'OBJECT', address: owner.ObjectOwner };
    case 'Shared':
      return { kind: 'SHARED', version: owner.Shared.initialSharedVersion };
    case 'Immutable':
      return { kind: 'IMMUTABLE' };
    default:
      throw new Error(`stub node: owner ${owner.$kind}`);
  }
}

function jsonRpcOwner(owner: SuiClientTypes.ObjectOwner): unknown {
  switch (owner.$kind) {
    case 'AddressOwner':
      return { AddressOwner: owner.AddressOwner };
    case 'ObjectOwner':
      return { ObjectOwner: owner.ObjectOwner };
    case 'Shared':
      return { Shared: { initial_shared_version: Number(owner.Shared.initialSharedVersion) } };
    case 'Immutable':
      return 'Immutable';
    default:
      throw new Error(`stub node: owner ${owner.$kind}`);
  }
}

/** Reads answered from the ledger like a gRPC full node: deleted and unknown objects are both NOT_FOUND. */
export function ledgerGrpc(ledger: RehearsalLedger): GrpcHandlers {
  return {
    async BatchGetObjects(input) {
      const ids = (input.requests as { objectId: string }[]).map((r) => r.objectId);
      const objects = await ledgerObjects(ledger, ids);
      return GrpcTypes.BatchGetObjectsResponse.fromJson({
        objects: objects.map((o, i) =>
          o instanceof Error
            ? { error: { code: 5, message: `Object ${normalizeSuiAddress(ids[i]!)} not found` } }
            : {
                object: {
                  objectId: o.objectId,
                  version: o.version,
                  digest: o.digest,
                  owner: protoOwner(o.owner),
                  objectType: o.type,
                  ...(o.content ? { contents: { name: o.type, value: toBase64(o.content) } } : {}),
                },
              },
        ),
      } as unknown as ProtoJson);
    },
    async GetBalance(input) {
      const { balance } = await ledger.client.core.getBalance({ owner: input.owner as string });
      return GrpcTypes.GetBalanceResponse.fromJson({
        balance: { coinType: balance.coinType, balance: balance.balance, coinBalance: balance.coinBalance, addressBalance: '0' },
      });
    },
  };
}

/** Reads answered from the ledger like a JSON-RPC full node (which still says `deleted`). */
export function ledgerJsonRpc(ledger: RehearsalLedger): JsonRpcHandlers {
  return {
    async sui_multiGetObjects(params) {
      const ids = params[0] as string[];
      const objects = await ledgerObjects(ledger, ids);
      return objects.map((o, i) => {
        const id = normalizeSuiAddress(ids[i]!);
        if (o instanceof Error) {
          const t = ledger.read().tombstones[id];
          return t
            ? { error: { code: 'deleted', object_id: id, version: '1', digest: '11111111111111111111111111111111' } }
            : { error: { code: 'notExists', object_id: id } };
        }
        return {
          data: {
            objectId: o.objectId,
            version: o.version,
            digest: o.digest,
            type: o.type,
            owner: jsonRpcOwner(o.owner),
            bcs: o.content
              ? { dataType: 'moveObject', type: o.type, hasPublicTransfer: false, version: o.version, bcsBytes: toBase64(o.content) }
              : { dataType: 'package', id: o.objectId, moduleMap: {}, typeOriginTable: [], linkageTable: {}, version: o.version },
          },
        };
      });
    },
    async suix_getBalance(params) {
      const { balance } = await ledger.client.core.getBalance({ owner: params[0] as string });
      return { coinType: balance.coinType, coinObjectCount: 1, totalBalance: balance.balance, lockedBalance: {} };
    },
  };
}

type ProtoArg = { kind?: number; input?: number; result?: number; subresult?: number };
type ProtoInput = { kind?: number; pure?: Uint8Array; objectId?: string; version?: bigint; digest?: string; mutable?: boolean };
type ProtoCommand = { command: { oneofKind: string } & Record<string, unknown> };
type ProtoTransaction = {
  sender?: string;
  kind?: { data?: { oneofKind: string; programmableTransaction?: { inputs: ProtoInput[]; commands: ProtoCommand[] } } };
};

function argFromProto(a: ProtoArg): unknown {
  const K = GrpcTypes.Argument_ArgumentKind;
  if (a.kind === K.GAS) return { GasCoin: true };
  if (a.kind === K.INPUT) return { Input: a.input };
  if (a.kind === K.RESULT) return a.subresult === undefined ? { Result: a.result } : { NestedResult: [a.result, a.subresult] };
  throw new Error(`stub node: argument kind ${a.kind}`);
}

/** What a full node does with the proto Transaction it is sent: read it back as TransactionData (the ceremony's subset). */
function transactionFromProto(t: ProtoTransaction): Transaction {
  const ptb = t.kind?.data?.programmableTransaction;
  if (!ptb) throw new RpcError('stub node: only programmable transactions', 'INVALID_ARGUMENT');
  const I = GrpcTypes.Input_InputKind;
  const inputs = ptb.inputs.map((i) => {
    if (i.kind === I.PURE) return { Pure: { bytes: toBase64(i.pure!) } };
    if (i.kind === I.IMMUTABLE_OR_OWNED)
      return { Object: { ImmOrOwnedObject: { objectId: i.objectId, version: String(i.version), digest: i.digest } } };
    if (i.kind === I.SHARED)
      return { Object: { SharedObject: { objectId: i.objectId, initialSharedVersion: String(i.version), mutable: i.mutable ?? false } } };
    throw new Error(`stub node: input kind ${i.kind}`);
  });
  const commands = ptb.commands.map(({ command: c }) => {
    const body = c[c.oneofKind] as Record<string, unknown>;
    switch (c.oneofKind) {
      case 'moveCall':
        return {
          MoveCall: {
            package: body.package,
            module: body.module,
            function: body.function,
            typeArguments: body.typeArguments,
            arguments: (body.arguments as ProtoArg[]).map(argFromProto),
          },
        };
      case 'transferObjects':
        return {
          TransferObjects: { objects: (body.objects as ProtoArg[]).map(argFromProto), address: argFromProto(body.address as ProtoArg) },
        };
      case 'publish':
        return { Publish: { modules: (body.modules as Uint8Array[]).map((m) => toBase64(m)), dependencies: body.dependencies } };
      default:
        throw new Error(`stub node: command ${c.oneofKind}`);
    }
  });
  const gasData = { budget: null, price: null, owner: null, payment: null };
  return Transaction.from(JSON.stringify({ version: 2, sender: t.sender ?? null, expiration: null, gasData, inputs, commands }));
}

/** The Rust `Debug` text of a failure, as a node prints it in "Budget estimation failed with status: …". */
function failureDebugText(error: SuiClientTypes.ExecutionError | undefined): string {
  const command = error?.command === undefined ? 'None' : `Some(${error.command})`;
  if (error?.$kind === 'MoveAbort') {
    const l = error.MoveAbort.location;
    const fn = l?.functionName ? `Some("${l.functionName}")` : 'None';
    const address = normalizeSuiAddress(l?.package ?? '0x0').slice(2);
    return `Failure { error: MoveAbort(MoveLocation { module: ModuleId { address: ${address}, name: Identifier("${l?.module}") }, function: ${l?.function ?? 0}, instruction: ${l?.instruction ?? 0}, function_name: ${fn} }, ${error.MoveAbort.abortCode}), command: ${command} }`;
  }
  return `Failure { error: ${error?.message ?? 'Unknown'}, command: ${command} }`;
}

const ID_OPERATION: Record<string, string> = { Created: 'CREATED', Deleted: 'DELETED', None: 'NONE' };
const OUTPUT_STATE: Record<string, string> = { ObjectWrite: 'OBJECT_WRITE', PackageWrite: 'PACKAGE_WRITE', DoesNotExist: 'DOES_NOT_EXIST' };

/**
 * Transactions answered from the ledger like a gRPC full node: SimulateTransaction selects gas
 * from the sender's coins and estimates the budget (an abort comes back as INVALID_ARGUMENT with
 * the node's text), ExecuteTransaction runs the signed BCS, GetTransaction and GetEpoch follow.
 */
export function ledgerGrpcTransactions(ledger: RehearsalLedger): GrpcHandlers {
  return {
    async SimulateTransaction(input) {
      const proto = input.transaction as ProtoTransaction;
      const tx = transactionFromProto(proto);
      let bytes: Uint8Array;
      try {
        bytes = await tx.build({ client: ledger.client });
      } catch (e) {
        if (e instanceof SimulationError)
          throw new RpcError(`Budget estimation failed with status: ${failureDebugText(e.executionError)}`, 'INVALID_ARGUMENT');
        if (isCeremonyError(e)) throw new RpcError(e.message, 'INVALID_ARGUMENT');
        throw e;
      }
      const gas = bcs.TransactionData.parse(bytes).V1!.gasData;
      const response = GrpcTypes.SimulateTransactionResponse.fromJson({
        transaction: { effects: { status: { success: true }, epoch: ledger.read().epoch } },
      } as unknown as ProtoJson);
      response.transaction!.transaction = {
        ...(proto as object),
        gasPayment: GrpcTypes.GasPayment.fromJson({
          objects: gas.payment.map((p) => ({ objectId: p.objectId, version: String(p.version), digest: p.digest })),
          owner: gas.owner,
          price: String(gas.price),
          budget: String(gas.budget),
        }),
      };
      return response;
    },
    async ExecuteTransaction(input) {
      const bytes = (input.transaction as { bcs: { value: Uint8Array } }).bcs.value;
      const signatures = (input.signatures as { bcs: { value: Uint8Array } }[]).map((s) => toBase64(s.bcs.value));
      let rec;
      try {
        rec = await ledger.execute(bytes, signatures);
      } catch (e) {
        if (isCeremonyError(e)) throw new RpcError(e.message, 'INVALID_ARGUMENT');
        throw e;
      }
      const effects = parseTransactionEffectsBcs(fromBase64(rec.effects));
      const error = effects.status.error;
      const status = effects.status.success
        ? { success: true }
        : {
            success: false,
            error:
              error?.$kind === 'MoveAbort'
                ? {
                    description: error.message,
                    command: error.command !== undefined ? String(error.command) : undefined,
                    kind: 'MOVE_ABORT',
                    abort: { abortCode: error.MoveAbort.abortCode, location: error.MoveAbort.location },
                  }
                : { description: error?.message, kind: 'EXECUTION_ERROR_KIND_UNKNOWN' },
          };
      return GrpcTypes.ExecuteTransactionResponse.fromJson({
        transaction: {
          digest: rec.digest,
          effects: {
            status,
            epoch: ledger.read().epoch,
            transactionDigest: rec.digest,
            changedObjects: effects.changedObjects.map((c) => ({
              objectId: c.objectId,
              idOperation: ID_OPERATION[c.idOperation] ?? 'ID_OPERATION_UNKNOWN',
              outputState: OUTPUT_STATE[c.outputState] ?? 'OUTPUT_OBJECT_STATE_UNKNOWN',
              ...(rec.objectTypes[c.objectId] ? { objectType: rec.objectTypes[c.objectId] } : {}),
            })),
          },
        },
      } as unknown as ProtoJson);
    },
    GetTransaction(input) {
      const rec = ledger.read().transactions.find((t) => t.digest === input.digest);
      if (!rec) throw new RpcError(`Transaction ${String(input.digest)} not found`, 'NOT_FOUND');
      return GrpcTypes.GetTransactionResponse.fromJson({ transaction: { digest: rec.digest } } as unknown as ProtoJson);
    },
    GetEpoch() {
      const { epoch, referenceGasPrice } = ledger.read();
      return GrpcTypes.GetEpochResponse.fromJson({
        epoch: {
          epoch,
          referenceGasPrice,
          systemState: { version: '2', epoch, referenceGasPrice, epochStartTimestampMs: '1700000000000' },
        },
      } as unknown as ProtoJson);
    },
  };
}

/** An execution failure as a JSON-RPC node words `effects.status.error` (without `abortError`, as many nodes send it). */
function jsonRpcFailureText(error: SuiClientTypes.ExecutionError | null): string {
  if (error?.$kind !== 'MoveAbort') return error?.message ?? 'Unknown';
  const l = error.MoveAbort.location;
  const address = normalizeSuiAddress(l?.package ?? '0x0').slice(2);
  const fn = l?.functionName ? `Some("${l.functionName}")` : 'None';
  const text = `MoveAbort(MoveLocation { module: ModuleId { address: ${address}, name: Identifier("${l?.module}") }, function: ${l?.function ?? 0}, instruction: ${l?.instruction ?? 0}, function_name: ${fn} }, ${error.MoveAbort.abortCode})`;
  return error.command === undefined ? text : `${text} in command ${error.command}`;
}

function jsonRpcEffects(rec: { digest: string; effects: string }, epoch: string) {
  const effects = parseTransactionEffectsBcs(fromBase64(rec.effects));
  return {
    messageVersion: 'v1',
    status: effects.status.success ? { status: 'success' } : { status: 'failure', error: jsonRpcFailureText(effects.status.error) },
    executedEpoch: epoch,
    gasUsed: effects.gasUsed,
    transactionDigest: rec.digest,
    gasObject: { owner: 'Immutable', reference: { objectId: normalizeSuiAddress('0x0'), version: 0, digest: rec.digest } },
    dependencies: [],
  };
}

/**
 * Transactions answered from the ledger like a JSON-RPC full node, under the SDK's own resolver:
 * system state, coins, chain identifier, dry runs (aborts only as text) and execution.
 */
export function ledgerJsonRpcTransactions(ledger: RehearsalLedger): JsonRpcHandlers {
  const rejected = (e: unknown) => (isCeremonyError(e) ? new JsonRpcError(e.message, -32002) : e);
  return {
    suix_getLatestSuiSystemState: () => {
      const { epoch, referenceGasPrice } = ledger.read();
      return { epoch, referenceGasPrice, protocolVersion: '1', systemStateVersion: '2', epochStartTimestampMs: '1700000000000' };
    },
    suix_getReferenceGasPrice: () => ledger.read().referenceGasPrice,
    sui_getCheckpoint: () => ({ sequenceNumber: '0', epoch: '0', digest: ledger.read().chainIdentifier }),
    async suix_getCoins(params) {
      const { objects } = await ledger.client.core.listCoins({ owner: params[0] as string });
      return {
        data: objects.map((c) => ({
          coinType: '0x2::sui::SUI',
          coinObjectId: c.objectId,
          version: c.version,
          digest: c.digest,
          balance: c.balance,
          previousTransaction: c.digest,
        })),
        nextCursor: null,
        hasNextPage: false,
      };
    },
    async sui_dryRunTransactionBlock(params) {
      let rec;
      try {
        rec = await ledger.simulate(fromBase64(params[0] as string));
      } catch (e) {
        throw rejected(e);
      }
      return { effects: jsonRpcEffects(rec, ledger.read().epoch), events: [], objectChanges: [], balanceChanges: [], input: {} };
    },
    async sui_executeTransactionBlock(params) {
      let rec;
      try {
        rec = await ledger.execute(fromBase64(params[0] as string), params[1] as string[]);
      } catch (e) {
        throw rejected(e);
      }
      const effects = parseTransactionEffectsBcs(fromBase64(rec.effects));
      const sender = normalizeSuiAddress(rec.sender);
      return {
        digest: rec.digest,
        rawEffects: Array.from(fromBase64(rec.effects)),
        effects: jsonRpcEffects(rec, ledger.read().epoch),
        objectChanges: effects.changedObjects
          .filter((c) => c.idOperation === 'Created')
          .map((c) =>
            c.outputState === 'PackageWrite'
              ? { type: 'published', packageId: c.objectId, version: c.outputVersion, digest: c.outputDigest, modules: [] }
              : {
                  type: 'created',
                  sender,
                  owner: { AddressOwner: sender },
                  objectType: rec.objectTypes[c.objectId] ?? '',
                  objectId: c.objectId,
                  version: c.outputVersion,
                  digest: c.outputDigest,
                },
          ),
      };
    },
    sui_getTransactionBlock(params) {
      const rec = ledger.read().transactions.find((t) => t.digest === params[0]);
      if (!rec) throw new JsonRpcError(`Could not find the referenced transaction [TransactionDigest(${String(params[0])})].`, -32602);
      return { digest: rec.digest, rawEffects: Array.from(fromBase64(rec.effects)), effects: jsonRpcEffects(rec, ledger.read().epoch) };
    },
  };
}
