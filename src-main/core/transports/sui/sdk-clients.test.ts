/**
 * The chain code through the SDK's real clients: the same reads of a fresh DKG and a rotation
 * through the rehearsal ledger's client, `SuiGrpcClient` and `SuiJsonRpcClient` (stub transports
 * answering from the same ledger state in each wire format) give the same results, including
 * once the old committee is deleted (gRPC full nodes answer NOT_FOUND for it, JSON-RPC "deleted").
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import type { CommitteeChain } from './chain.ts';
import { SuiCommitteeChain } from './sui-chain.ts';
import { ledgerGrpc, ledgerJsonRpc, stubGrpcClient, stubJsonRpcClient } from './stub-nodes.ts';
import { freshCommittee, keypair, proposalValues, registerAll } from './test-support.ts';
import type { RehearsalLedger } from './ledger/ledger.ts';

function threeChains(ledger: RehearsalLedger, ledgerChain: CommitteeChain): [string, CommitteeChain][] {
  return [
    ['ledger', ledgerChain],
    ['grpc', new SuiCommitteeChain(stubGrpcClient(ledgerGrpc(ledger)), { kind: 'testnet' })],
    ['jsonrpc', new SuiCommitteeChain(stubJsonRpcClient(ledgerJsonRpc(ledger)), { kind: 'testnet' })],
  ];
}

/** Runs one read on every client; all must agree (errors compared by code). */
async function same<T>(chains: [string, CommitteeChain][], read: (c: CommitteeChain) => Promise<T>): Promise<T> {
  const results = await Promise.all(
    chains.map(([name, c]) =>
      read(c).then(
        (value) => ({ name, value }),
        (e: unknown) => ({ name, value: { error: (e as { code?: string }).code ?? String(e) } }),
      ),
    ),
  );
  for (const r of results.slice(1)) expect({ client: r.name, value: r.value }).toEqual({ client: r.name, value: results[0]!.value });
  return results[0]!.value as T;
}

describe('chain reads through the ledger, SuiGrpcClient and SuiJsonRpcClient', () => {
  it('agree on every read of a fresh DKG and a rotation, before and after the old committee is deleted', async () => {
    const f = await freshCommittee(3, 2, 3100);
    const { chain, ledger, members, committeeId } = f;
    const chains = threeChains(ledger, chain);
    const addr = members[0]!.toSuiAddress();

    await registerAll(f, members);
    expect((await same(chains, (c) => c.getCommittee(committeeId))).phase).toBe('Init');
    expect(await same(chains, (c) => c.getKeyServerIdOfCommittee(committeeId))).toBeNull();
    expect(await same(chains, (c) => c.getRotationInfo(committeeId))).toEqual({ kind: 'fresh', nextVersion: 0 });
    expect(await same(chains, (c) => c.getBalance(addr))).toBeGreaterThan(0n);

    const v0 = proposalValues(3);
    await chain.execute({ kind: 'propose', committeeId, ...v0 }, members[0]!);
    expect((await same(chains, (c) => c.getCommittee(committeeId))).proposal?.approvals).toEqual([normalizeSuiAddress(addr)]);
    for (const m of members.slice(1)) await chain.execute({ kind: 'propose', committeeId, ...v0 }, m);
    const ksId = (await same(chains, (c) => c.getKeyServerIdOfCommittee(committeeId)))!;
    expect((await same(chains, (c) => c.getKeyServer(ksId))).version).toBe(0);
    expect(await same(chains, (c) => c.getCommitteeOfKeyServer(ksId))).toEqual({ committeeId, packageId: f.packageId });
    expect(await same(chains, (c) => c.getCommittee(normalizeSuiAddress('0xbad')))).toEqual({ error: 'chain/object-not-found' });
    expect(await same(chains, (c) => c.getKeyServer(committeeId))).toEqual({ error: 'chain/not-a-key-server' });

    // Rotation 2-of-3 → 2-of-3 with one member replaced.
    const joiner = keypair(3200);
    await ledger.faucet(joiner.toSuiAddress());
    const next = [members[0]!, members[1]!, joiner];
    const init = await chain.execute(
      { kind: 'init_rotation', oldCommitteeId: committeeId, threshold: 2, members: next.map((m) => m.toSuiAddress()) },
      members[0]!,
    );
    const newId = init.committeeId!;
    expect((await same(chains, (c) => c.getRotationInfo(newId))).kind).toBe('rotation');
    await registerAll({ chain, committeeId: newId }, next, 40);
    const v1 = proposalValues(3, 4);
    const call = { kind: 'propose_for_rotation' as const, committeeId: newId, partialPks: v1.partialPks, messagesHash: v1.messagesHash };
    for (const m of next) await chain.execute(call, m);

    // The old committee is gone: each client reports it its own way, the chain code decides the same.
    expect(await same(chains, (c) => c.getRotationInfo(newId))).toEqual({ kind: 'rotation-finalized', version: 1, keyServerId: ksId });
    expect(await same(chains, (c) => c.getCommitteeOfKeyServer(ksId))).toEqual({ committeeId: newId, packageId: f.packageId });
    expect((await same(chains, (c) => c.getKeyServer(ksId))).version).toBe(1);
    const [, grpc] = chains[1]!;
    const [, jsonRpc] = chains[2]!;
    await expect(grpc.getCommittee(committeeId)).rejects.toMatchObject({ code: 'chain/object-not-found' });
    await expect(jsonRpc.getCommittee(committeeId)).rejects.toMatchObject({ code: 'chain/object-deleted' });
    // A late proposal is explained the same way on every client, before anything is signed.
    for (const [, c] of chains) {
      await expect(c.prepare(call, members[0]!.toSuiAddress())).rejects.toThrow(/already been finalized/);
    }
  });
});
