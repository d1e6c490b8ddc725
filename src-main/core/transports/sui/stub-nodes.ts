/**
 * For this folder's tests only: the SDK's real `SuiGrpcClient` and `SuiJsonRpcClient` (their core
 * clients, resolvers and error mapping, unchanged) over stub transports. The gRPC stub dispatches
 * on the method name and answers with proto messages made by the SDK's own `fromJson`, or throws
 * an `RpcError`; the JSON-RPC stub answers each method with the node's JSON, or throws a
 * `JsonRpcError`. `ledgerGrpc` / `ledgerJsonRpc` answer object and balance reads from a
 * rehearsal ledger's state, the way a full node would (NOT_FOUND for a deleted object on gRPC,
 * `deleted` on JSON-RPC), so the same chain code can run against all three.
 */
import type { SuiClientTypes } from '@mysten/sui/client';
import { GrpcTypes, RpcError, SuiGrpcClient } from '@mysten/sui/grpc';
import { JsonRpcError, SuiJsonRpcClient } from '@mysten/sui/jsonRpc';
import { normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
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
