/**
 * What real full nodes answer where the rehearsal ledger never would, through the SDK's real
 * clients over stub transports: aborts found while estimating the budget (gRPC's Rust text, a
 * JSON-RPC dry run without `abortError`), address-balance gas with an epoch window, refusals
 * before execution, a silent node, a transaction that is never indexed, and a publish against
 * another network's dependencies.
 */
import { GrpcTypes, RpcError } from '@mysten/sui/grpc';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { beforeAll, describe, expect, it } from 'vitest';
import { SuiWallet } from '../../wallet/sui-wallet.ts';
import { SuiCommitteeChain } from './sui-chain.ts';
import { ledgerGrpc, ledgerJsonRpc, stubGrpcClient, stubJsonRpcClient, type GrpcHandlers, type ProtoJson } from './stub-nodes.ts';
import { fakeDump, freshCommittee, registration, type Fixture } from './test-support.ts';

const EPOCH = 7;

/** A node that pays gas from the sender's address balance: no gas coins, valid during this epoch and the next. */
function addressBalanceGas(chainId: string): GrpcHandlers {
  return {
    SimulateTransaction(input) {
      const tx = input.transaction as Record<string, unknown>;
      const response = GrpcTypes.SimulateTransactionResponse.fromJson({
        transaction: { effects: { status: { success: true }, epoch: String(EPOCH) } },
      } as unknown as ProtoJson);
      response.transaction!.transaction = {
        ...tx,
        gasPayment: GrpcTypes.GasPayment.fromJson({ objects: [], owner: tx.sender as string, price: '1000', budget: '5000000' }),
        expiration: GrpcTypes.TransactionExpiration.fromJson({
          kind: 'VALID_DURING',
          minEpoch: String(EPOCH),
          epoch: String(EPOCH + 1),
          chain: chainId,
          nonce: 7,
        }),
      };
      return response;
    },
  };
}

function epochIs(epoch: number): GrpcHandlers {
  return {
    GetEpoch: () =>
      GrpcTypes.GetEpochResponse.fromJson({
        epoch: {
          epoch: String(epoch),
          referenceGasPrice: '1000',
          systemState: { version: '2', epoch: String(epoch), referenceGasPrice: '1000', epochStartTimestampMs: '1700000000000' },
        },
      } as unknown as ProtoJson),
  };
}

const budgetAbort = (pkg: string, fn: string, code: number) =>
  `Budget estimation failed with status: Failure { error: MoveAbort(MoveLocation { module: ModuleId { address: ${pkg.slice(2)}, name: Identifier("seal_committee") }, function: 3, instruction: 27, function_name: Some("${fn}") }, ${code}), command: Some(0) }`;

describe('full-node answers through SuiGrpcClient and SuiJsonRpcClient', () => {
  let f: Fixture;
  beforeAll(async () => {
    f = await freshCommittee(3, 2, 3300);
    await f.chain.execute({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, f.members[0]!);
  });
  const grpcChain = (handlers: GrpcHandlers, calls: string[] = [], waitTimeoutMs?: number) =>
    new SuiCommitteeChain(stubGrpcClient({ ...ledgerGrpc(f.ledger), ...handlers }, calls), { kind: 'testnet' }, { waitTimeoutMs });
  const register = () => ({ kind: 'register' as const, committeeId: f.committeeId, ...registration(0) });
  const sender = () => f.members[0]!.toSuiAddress();

  it('reads an abort found during gRPC budget estimation (INVALID_ARGUMENT, Rust text) as the contract abort', async () => {
    const calls: string[] = [];
    const chain = grpcChain(
      {
        SimulateTransaction: () => {
          throw new RpcError(budgetAbort(f.packageId, 'register', 4), 'INVALID_ARGUMENT');
        },
      },
      calls,
    );
    const e = chain.prepare(register(), sender());
    await expect(e).rejects.toMatchObject({ code: 'chain-abort/EAlreadyRegistered', details: { abortCode: 4, function: 'register' } });
    await expect(e).rejects.not.toThrow(/MoveLocation/);
    expect(calls).not.toContain('ExecuteTransaction');
  });

  it('reads a JSON-RPC dry run that reports the abort only as text (no abortError)', async () => {
    const addr = normalizeSuiAddress(sender());
    const coin = await f.ledger.client.core.listCoins({ owner: addr });
    const chain = new SuiCommitteeChain(
      stubJsonRpcClient({
        ...ledgerJsonRpc(f.ledger),
        suix_getLatestSuiSystemState: () => ({
          epoch: String(EPOCH),
          referenceGasPrice: '1000',
          protocolVersion: '1',
          systemStateVersion: '2',
        }),
        sui_getCheckpoint: () => ({ sequenceNumber: '0', digest: '4btiuiMPvEENsttpZC7CZ53DruC3MAgfznDbASZ7DR6S', epoch: '0' }),
        suix_getReferenceGasPrice: () => '1000',
        suix_getCoins: () => ({
          data: coin.objects.map((c) => ({
            coinType: '0x2::sui::SUI',
            coinObjectId: c.objectId,
            version: c.version,
            digest: c.digest,
            balance: c.balance,
            previousTransaction: '11111111111111111111111111111111',
          })),
          nextCursor: null,
          hasNextPage: false,
        }),
        sui_dryRunTransactionBlock: () => ({
          effects: {
            messageVersion: 'v1',
            status: {
              status: 'failure',
              error: `MoveAbort(MoveLocation { module: ModuleId { address: ${f.packageId.slice(2)}, name: Identifier("seal_committee") }, function: 3, instruction: 12, function_name: Some("register") }, 0) in command 0`,
            },
            executedEpoch: String(EPOCH),
            gasUsed: { computationCost: '1000000', storageCost: '0', storageRebate: '0', nonRefundableStorageFee: '0' },
            transactionDigest: '11111111111111111111111111111111',
            gasObject: {
              owner: { AddressOwner: addr },
              reference: { objectId: coin.objects[0]!.objectId, version: 2, digest: coin.objects[0]!.digest },
            },
            dependencies: [],
          },
          events: [],
          objectChanges: [],
          balanceChanges: [],
          input: {},
        }),
      }),
      { kind: 'testnet', transport: 'jsonrpc' },
    );
    await expect(chain.prepare(register(), sender())).rejects.toMatchObject({ code: 'chain-abort/ENotMember' });
  });

  it('shows when an address-balance transaction expires, and refuses it once expired instead of offering it again', async () => {
    const calls: string[] = [];
    const chainId = f.ledger.read().chainIdentifier;
    const prepared = await grpcChain({ ...addressBalanceGas(chainId), ...epochIs(EPOCH) }).prepare(
      { kind: 'update_member_url', committeeId: f.committeeId, url: 'https://x.example' },
      sender(),
    );
    expect(prepared.description.gas.coins).toBe(0);
    expect(prepared.description.validUntilEpoch).toBe(String(EPOCH + 1));
    expect(SuiWallet.describe(fromBase64(prepared.bytes)).lines).toContainEqual(expect.stringMatching(/Expires: .*epoch 8/));
    const { signature } = await f.members[0]!.signTransaction(fromBase64(prepared.bytes));

    const later = grpcChain(epochIs(EPOCH + 2), calls);
    await expect(later.submitSigned(prepared, signature)).rejects.toMatchObject({
      code: 'chain/transaction-expired',
      message: expect.stringMatching(/prepare the step again/),
    });
    expect(calls).not.toContain('ExecuteTransaction');

    // A node that still refuses it (its clock ahead of ours) says so in its own words.
    const refusing = grpcChain({
      ...epochIs(EPOCH + 1),
      ExecuteTransaction: () => {
        throw new RpcError('Transaction Expired', 'INVALID_ARGUMENT');
      },
    });
    await expect(refusing.submitSigned(prepared, signature)).rejects.toMatchObject({ code: 'chain/transaction-expired' });
  });

  it('tells node refusals before execution and a silent node apart from "no such object" or a bare rejection', async () => {
    const chainId = f.ledger.read().chainIdentifier;
    const prepared = await grpcChain({ ...addressBalanceGas(chainId), ...epochIs(EPOCH) }).prepare(
      { kind: 'update_member_url', committeeId: f.committeeId, url: 'https://y.example' },
      sender(),
    );
    const { signature } = await f.members[0]!.signTransaction(fromBase64(prepared.bytes));
    const submitWith = (e: RpcError) =>
      grpcChain({
        ...epochIs(EPOCH),
        ExecuteTransaction: () => {
          throw e;
        },
      }).submitSigned(prepared, signature);
    await expect(
      submitWith(new RpcError('Balance of gas object 1000 is lower than the needed amount: 5000000', 'INVALID_ARGUMENT')),
    ).rejects.toMatchObject({ code: 'chain/insufficient-funds' });
    await expect(
      submitWith(
        new RpcError(
          `Object (${f.committeeId}, SequenceNumber(3), o#7Cx1111111111111111111111111111111111111111) is not available for consumption, its current version: SequenceNumber(4)`,
          'INVALID_ARGUMENT',
        ),
      ),
    ).rejects.toMatchObject({ code: 'chain/stale-object' });
    await expect(submitWith(new RpcError('Gas budget: 10 is lower than min: 2000', 'INVALID_ARGUMENT'))).rejects.toMatchObject({
      code: 'chain/gas-budget-too-low',
    });
    await expect(submitWith(new RpcError('upstream connect error', 'UNAVAILABLE'))).rejects.toMatchObject({
      code: 'chain/unreachable',
      details: { retryable: true, reason: 'UNAVAILABLE' },
      message: expect.stringMatching(/Submitting the same signed transaction again is safe/),
    });

    // Reads: a node error is not "not a committee key server" nor "no such object".
    const ksId = await f.chain.getKeyServerIdOfCommittee(f.committeeId);
    expect(ksId).toBeNull();
    let n = 0;
    const flaky = grpcChain({
      BatchGetObjects: (input) => {
        if (++n > 1) throw new RpcError('internal error', 'INTERNAL');
        return ledgerGrpc(f.ledger).BatchGetObjects!(input);
      },
    });
    await expect(flaky.getKeyServerIdOfCommittee(f.committeeId)).rejects.toMatchObject({
      code: 'chain/unreachable',
      details: { retryable: true },
    });
    const down = grpcChain({
      BatchGetObjects: () => {
        throw new RpcError('deadline', 'DEADLINE_EXCEEDED');
      },
    });
    await expect(down.getCommittee(f.committeeId)).rejects.toMatchObject({ code: 'chain/unreachable', details: { retryable: true } });
  });

  it('a transaction the node accepts but never shows becomes a clear, retryable error', async () => {
    const chainId = f.ledger.read().chainIdentifier;
    const prepared = await grpcChain({ ...addressBalanceGas(chainId), ...epochIs(EPOCH) }).prepare(
      { kind: 'update_member_url', committeeId: f.committeeId, url: 'https://z.example' },
      sender(),
    );
    const { signature } = await f.members[0]!.signTransaction(fromBase64(prepared.bytes));
    const chain = grpcChain(
      {
        ...epochIs(EPOCH),
        ExecuteTransaction: () =>
          GrpcTypes.ExecuteTransactionResponse.fromJson({
            transaction: { digest: prepared.digest, effects: { status: { success: true }, changedObjects: [] } },
          } as unknown as ProtoJson),
        GetTransaction: () => {
          throw new RpcError('not found', 'NOT_FOUND');
        },
      },
      [],
      20,
    );
    await expect(chain.submitSigned(prepared, signature)).rejects.toMatchObject({
      code: 'chain/confirmation-timeout',
      details: { digest: prepared.digest, retryable: true },
    });
  });

  it('says in words that a publish built against another network cannot link, and that nothing ran', async () => {
    const dependency = (text: string) =>
      grpcChain({
        SimulateTransaction: () => {
          throw new RpcError(text, 'INVALID_ARGUMENT');
        },
      }).prepare({ kind: 'publish', dump: fakeDump() }, f.coordinator.toSuiAddress());
    const missing = dependency(`Dependent package not found on-chain: ${normalizeSuiAddress('0x5ea1')}`);
    await expect(missing).rejects.toMatchObject({ code: 'chain/publish-wrong-network', details: { stage: 'prepare' } });
    await expect(missing).rejects.toThrow(/another network's dependencies.*Nothing ran on chain/);
    // The same failure found by execution in the estimate (structured status).
    const structured = grpcChain({
      SimulateTransaction: () =>
        GrpcTypes.SimulateTransactionResponse.fromJson({
          transaction: {
            effects: {
              status: {
                success: false,
                error: { description: 'PublishUpgradeMissingDependency', kind: 'PUBLISH_UPGRADE_MISSING_DEPENDENCY', command: '0' },
              },
            },
          },
        } as unknown as ProtoJson),
    }).prepare({ kind: 'publish', dump: fakeDump() }, f.coordinator.toSuiAddress());
    await expect(structured).rejects.toMatchObject({ code: 'chain/publish-wrong-network' });
  });
});
