/**
 * The chain code through the SDK's real clients: every read and transaction of a fresh DKG and a
 * rotation (aborts included) through the rehearsal ledger's client, `SuiGrpcClient` and
 * `SuiJsonRpcClient` gives the same results. The stub transports answer from a ledger in each
 * wire format, like a full node: gRPC selects gas server-side and reports an abort found while
 * estimating the budget as INVALID_ARGUMENT text, JSON-RPC dry runs carry no `abortError`, and a
 * deleted object is NOT_FOUND on gRPC but "deleted" on JSON-RPC.
 */
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import type { CommitteeChain } from './chain.ts';
import { SuiCommitteeChain } from './sui-chain.ts';
import {
  ledgerGrpc,
  ledgerGrpcTransactions,
  ledgerJsonRpc,
  ledgerJsonRpcTransactions,
  stubGrpcClient,
  stubJsonRpcClient,
} from './stub-nodes.ts';
import { fakeDump, fundedLedger, keypair, proposalValues, registration } from './test-support.ts';

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
  /** A read; "gone" stands for either way a node reports a deleted object. */
  const read = async <T>(p: Promise<T>) => {
    try {
      out.push(await p);
    } catch (e) {
      const code = (e as { code?: string }).code;
      out.push({ error: code === 'chain/object-deleted' || code === 'chain/object-not-found' ? 'gone-or-unknown' : code });
    }
  };
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
  await read(chain.getCommittee(committeeId));
  for (const [i, m] of members.entries()) await step(chain.execute({ kind: 'register', committeeId, ...registration(i) }, m));
  await read(chain.getCommittee(committeeId));
  await read(chain.getKeyServerIdOfCommittee(committeeId));
  await read(chain.getRotationInfo(committeeId));
  await read(chain.getBalance(members[0]!.toSuiAddress()).then((b) => b > 0n));
  await read(chain.getCommittee(normalizeSuiAddress('0xbad')));
  await read(chain.getKeyServer(committeeId));
  await step(chain.execute({ kind: 'register', committeeId, ...registration(0) }, members[0]!)); // EAlreadyRegistered
  await step(chain.execute({ kind: 'register', committeeId, ...registration(5) }, joiner)); // ENotMember
  const v0 = proposalValues(3);
  await step(chain.execute({ kind: 'propose', committeeId, ...v0 }, members[0]!));
  await read(chain.getCommittee(committeeId));
  for (const m of members.slice(1)) await step(chain.execute({ kind: 'propose', committeeId, ...v0 }, m));
  const ksId = (await chain.getKeyServerIdOfCommittee(committeeId))!;
  await read(chain.getKeyServer(ksId));
  await read(chain.getCommitteeOfKeyServer(ksId));
  await read(chain.getRotationInfo(committeeId));
  await step(chain.execute({ kind: 'update_member_url', committeeId, url: 'https://moved.example' }, members[2]!));
  const next = [members[0]!, members[1]!, joiner];
  const rot = (await step(
    chain.execute(
      { kind: 'init_rotation', oldCommitteeId: committeeId, threshold: 2, members: next.map((m) => m.toSuiAddress()) },
      members[1]!,
    ),
  ))!;
  await read(chain.getRotationInfo(rot.committeeId!));
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
  // The old committee is deleted now: gRPC says NOT_FOUND, JSON-RPC and the ledger "deleted".
  await step(chain.execute(call, next[0]!)); // too late: already finalized
  await read(chain.getRotationInfo(rot.committeeId!));
  await read(chain.getCommitteeOfKeyServer(ksId));
  await read(chain.getKeyServer(ksId));
  await read(chain.getCommittee(committeeId));
  await read(chain.getKeyServerIdOfCommittee(rot.committeeId!));
  return out;
}

describe('a ceremony through the ledger, SuiGrpcClient and SuiJsonRpcClient', () => {
  it('gives the same result at every read and transaction of a fresh DKG and a rotation, aborts included', async () => {
    const keys = [3400, 3401, 3402, 3403, 3404].map(keypair);
    const viaLedger = await fundedLedger(keys);
    const onLedger = anonymous(await ceremony(viaLedger.chain));
    const { ledger } = await fundedLedger(keys);
    const grpc = new SuiCommitteeChain(stubGrpcClient({ ...ledgerGrpc(ledger), ...ledgerGrpcTransactions(ledger) }), { kind: 'testnet' });
    const onGrpc = anonymous(await ceremony(grpc));
    expect(onGrpc).toEqual(onLedger);
    const jsonRpcLedger = (await fundedLedger(keys)).ledger;
    const jsonRpc = new SuiCommitteeChain(
      stubJsonRpcClient({ ...ledgerJsonRpc(jsonRpcLedger), ...ledgerJsonRpcTransactions(jsonRpcLedger) }),
      {
        kind: 'testnet',
        transport: 'jsonrpc',
      },
    );
    expect(anonymous(await ceremony(jsonRpc))).toEqual(onLedger);
    const results = (onLedger as (Record<string, unknown> | null)[]).filter((r) => r !== null && typeof r === 'object');
    expect(results.filter((r) => r!.error).map((r) => r!.error)).toEqual([
      'gone-or-unknown', // 0xbad
      'chain/not-a-key-server',
      'chain-abort/EAlreadyRegistered',
      'chain-abort/ENotMember',
      'chain-abort/EInvalidProposal',
      'chain/object-deleted', // the late proposal, explained before signing
      'gone-or-unknown', // the deleted old committee
    ]);
    expect(results.filter((r) => r!.kind)).toEqual([
      { kind: 'fresh', nextVersion: 0 },
      { kind: 'fresh', nextVersion: 0 },
      expect.objectContaining({ kind: 'rotation', nextVersion: 1 }),
      { kind: 'rotation-finalized', version: 1, keyServerId: expect.stringMatching(/^#\d+$/) },
    ]);
  });
});
