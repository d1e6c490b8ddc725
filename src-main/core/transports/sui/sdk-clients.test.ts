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
import { ledgerGrpc, ledgerGrpcTransactions, ledgerJsonRpc, stubGrpcClient, stubJsonRpcClient } from './stub-nodes.ts';
import { fakeDump, freshCommittee, fundedLedger, keypair, proposalValues, registerAll, registration } from './test-support.ts';
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

/**
 * Each ledger mints its own object ids and digests (genesis differs), so results are compared
 * with ids and digests numbered in order of first appearance.
 */
function anonymous(results: unknown[]): unknown {
  const seen = new Map<string, string>();
  const name = (v: string) => seen.get(v) ?? (seen.set(v, `#${seen.size}`), seen.get(v)!);
  return JSON.parse(
    JSON.stringify(results, (key, v: unknown) => {
      if (v instanceof Uint8Array) return Array.from(v);
      // Created objects come in id order, which differs between ledgers: order them by type.
      if (key === 'created' && Array.isArray(v)) {
        const shape = (c: { type: string }) => c.type.replace(/0x[0-9a-f]{64}/g, 'X');
        return [...(v as { type: string }[])].sort((a, b) => shape(a).localeCompare(shape(b)));
      }
      if (typeof v === 'bigint') return v.toString();
      if (typeof v !== 'string') return v;
      if (key === 'digest') return name(v);
      if (/^[0-9a-f]{64}$/.test(v)) return name(`0x${v}`); // the key server's name: its first committee's id
      return v.replace(/0x[0-9a-f]{64}/g, (id) => (/^0x0{62}0[0-9a-f]$/.test(id) ? id : name(id)));
    }),
  ) as unknown;
}

/** Every transaction of a fresh DKG and a rotation, with the aborts a member can meet; returns what each step gave. */
async function ceremony(chain: CommitteeChain): Promise<unknown[]> {
  const out: unknown[] = [];
  const step = async <T>(p: Promise<T>) => {
    try {
      const r = await p;
      out.push(r);
      return r;
    } catch (e) {
      out.push({ error: (e as { code?: string }).code, message: (e as Error).message });
      return null;
    }
  };
  const coordinator = keypair(3400);
  const members = [keypair(3401), keypair(3402), keypair(3403)];
  const joiner = keypair(3404);
  const published = (await step(chain.execute({ kind: 'publish', dump: fakeDump() }, coordinator)))!;
  const init = (await step(
    chain.execute(
      {
        kind: 'init_committee',
        packageId: published.packageId!,
        upgradeCapId: published.upgradeCapId!,
        threshold: 2,
        members: members.map((m) => m.toSuiAddress()),
      },
      coordinator,
    ),
  ))!;
  const committeeId = init.committeeId!;
  for (const [i, m] of members.entries()) await step(chain.execute({ kind: 'register', committeeId, ...registration(i) }, m));
  await step(chain.execute({ kind: 'register', committeeId, ...registration(0) }, members[0]!)); // EAlreadyRegistered
  await step(chain.execute({ kind: 'register', committeeId, ...registration(5) }, joiner)); // ENotMember
  const v0 = proposalValues(3);
  for (const m of members) await step(chain.execute({ kind: 'propose', committeeId, ...v0 }, m));
  out.push(await chain.getKeyServer((await chain.getKeyServerIdOfCommittee(committeeId))!));
  await step(chain.execute({ kind: 'update_member_url', committeeId, url: 'https://moved.example' }, members[2]!));
  const next = [members[0]!, members[1]!, joiner];
  const rot = (await step(
    chain.execute(
      { kind: 'init_rotation', oldCommitteeId: committeeId, threshold: 2, members: next.map((m) => m.toSuiAddress()) },
      members[1]!,
    ),
  ))!;
  out.push(await chain.getRotationInfo(rot.committeeId!));
  for (const [i, m] of next.entries())
    await step(chain.execute({ kind: 'register', committeeId: rot.committeeId!, ...registration(10 + i) }, m));
  const v1 = proposalValues(3, 1);
  const call = {
    kind: 'propose_for_rotation' as const,
    committeeId: rot.committeeId!,
    partialPks: v1.partialPks,
    messagesHash: v1.messagesHash,
  };
  await step(chain.execute(call, next[0]!));
  await step(chain.execute({ ...call, messagesHash: new Uint8Array(32) }, next[1]!)); // EInvalidProposal
  for (const m of next.slice(1)) await step(chain.execute(call, m));
  await step(chain.execute(call, next[0]!)); // too late: already finalized
  out.push(await chain.getRotationInfo(rot.committeeId!));
  return out;
}

describe('ceremony transactions through the ledger and SuiGrpcClient', () => {
  it('give the same results step by step, aborts included', async () => {
    const keys = [3400, 3401, 3402, 3403, 3404].map(keypair);
    const viaLedger = await fundedLedger(keys);
    const onLedger = anonymous(await ceremony(viaLedger.chain));
    const { ledger } = await fundedLedger(keys);
    const grpc = new SuiCommitteeChain(stubGrpcClient({ ...ledgerGrpc(ledger), ...ledgerGrpcTransactions(ledger) }), { kind: 'testnet' });
    const onGrpc = anonymous(await ceremony(grpc));
    expect(onGrpc).toEqual(onLedger);
    const errors = (onLedger as { error?: string }[]).filter((r) => r.error).map((r) => r.error);
    expect(errors).toEqual([
      'chain-abort/EAlreadyRegistered',
      'chain-abort/ENotMember',
      'chain-abort/EInvalidProposal',
      'chain/object-deleted',
    ]);
  });
});
