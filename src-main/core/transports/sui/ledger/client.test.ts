/**
 * The ledger as a plain `@mysten/sui` client: SDK code that knows nothing about the ceremony
 * (unresolved `tx.object(id)` inputs, `getMoveFunction`, owned-object and transaction queries,
 * simulation of a Transaction) works against it like against a full node.
 */
import { bcs } from '@mysten/sui/bcs';
import { Transaction } from '@mysten/sui/transactions';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { COMMITTEE_MODULE, SUI_COIN_TYPE, UPGRADE_CAP_TYPE } from '../type-names.ts';
import { freshCommittee, registration } from '../test-support.ts';

describe('RehearsalClient as a CoreClient', () => {
  it('resolves tx.object(id) inputs through getMoveFunction (shared → mutable ref for &mut)', async () => {
    const f = await freshCommittee(3, 2, 2000);
    const client = f.ledger.client;
    const fn = await client.core.getMoveFunction({ packageId: f.packageId, moduleName: COMMITTEE_MODULE, name: 'register' });
    expect(fn.function.parameters.map((p) => p.reference)).toEqual(['mutable', null, null, null, null, 'mutable']);

    const r = registration(0);
    const tx = new Transaction();
    tx.moveCall({
      target: `${f.packageId}::${COMMITTEE_MODULE}::register`,
      arguments: [
        tx.object(f.committeeId),
        tx.pure.vector('u8', [...r.encPk]),
        tx.pure.vector('u8', [...r.signingPk]),
        tx.pure.string(r.url),
        tx.pure.string(r.name),
      ],
    });
    const result = await client.core.signAndExecuteTransaction({
      transaction: tx,
      signer: f.members[0]!,
      include: { effects: true, transaction: true, events: true, balanceChanges: true, bcs: true },
    });
    expect(result.$kind).toBe('Transaction');
    const t = result.Transaction!;
    expect(t.transaction.inputs[0]).toMatchObject({ Object: { SharedObject: { objectId: f.committeeId, mutable: true } } });
    expect(t.balanceChanges).toEqual([
      {
        coinType: normalizeSuiAddress('0x2') + '::sui::SUI',
        address: f.members[0]!.toSuiAddress(),
        amount: expect.stringMatching(/^-\d+$/),
      },
    ]);
    expect(bcs.TransactionData.parse(t.bcs).V1!.sender).toBe(f.members[0]!.toSuiAddress());
    expect((await f.chain.getCommittee(f.committeeId)).registrations).toHaveLength(1);

    const fetched = await client.core.waitForTransaction({ result, include: { effects: true } });
    expect(fetched.Transaction!.checkpoint).not.toBeNull();
    await expect(
      client.core.getMoveFunction({ packageId: f.packageId, moduleName: COMMITTEE_MODULE, name: 'authorize_upgrade' }),
    ).rejects.toThrow(/not on the rehearsal ledger/);
  });

  it('answers owned objects, coins, balances, metadata, transactions by sender and function', async () => {
    const f = await freshCommittee(3, 2, 2100);
    const client = f.ledger.client;
    const coord = f.coordinator.toSuiAddress();
    const owned = await client.core.listOwnedObjects({ owner: coord });
    expect(owned.objects.map((o) => o.type).sort()).toEqual([SUI_COIN_TYPE]); // the UpgradeCap was wrapped by init_committee
    const other = await f.chain.execute({ kind: 'publish', dump: (await import('../test-support.ts')).fakeDump() }, f.coordinator);
    const caps = await client.core.listOwnedObjects({ owner: coord, type: UPGRADE_CAP_TYPE });
    expect(caps.objects.map((o) => o.objectId)).toEqual([other.upgradeCapId]);

    const coins = await client.core.listCoins({ owner: coord });
    const balance = await client.core.getBalance({ owner: coord });
    expect(coins.objects.reduce((s, c) => s + BigInt(c.balance), 0n).toString()).toBe(balance.balance.balance);
    expect(balance.balance.addressBalance).toBe('0');
    expect((await client.core.getCoinMetadata({ coinType: '0x2::sui::SUI' })).coinMetadata).toMatchObject({ symbol: 'SUI', decimals: 9 });
    expect((await client.core.getChainIdentifier()).chainIdentifier).toBe(f.ledger.read().chainIdentifier);
    expect((await client.core.getReferenceGasPrice()).referenceGasPrice).toBe('1000');

    const bySender = await client.core.listTransactions({ filter: { sender: coord } });
    expect(bySender.transactions).toHaveLength(3); // publish, init_committee, publish
    const byFn = await client.core.listTransactions({ filter: { function: `${f.packageId}::${COMMITTEE_MODULE}::init_committee` } });
    expect(byFn.transactions.map((t) => t.Transaction!.digest)).toEqual([bySender.transactions[1]!.Transaction!.digest]);
  });

  it('simulates a Transaction without committing it', async () => {
    const f = await freshCommittee(3, 2, 2200);
    const before = f.ledger.read().transactions.length;
    const tx = new Transaction();
    tx.setSender(f.members[0]!.toSuiAddress());
    const r = registration(0);
    tx.moveCall({
      target: `${f.packageId}::${COMMITTEE_MODULE}::register`,
      arguments: [
        tx.object(f.committeeId),
        tx.pure.vector('u8', [...r.encPk]),
        tx.pure.vector('u8', [...r.signingPk]),
        tx.pure.string(r.url),
        tx.pure.string(r.name),
      ],
    });
    const sim = await f.ledger.client.core.simulateTransaction({ transaction: tx, include: { effects: true } });
    expect(sim.$kind).toBe('Transaction');
    expect(sim.Transaction!.effects.changedObjects.some((c) => c.objectId === f.committeeId)).toBe(true);
    expect(f.ledger.read().transactions.length).toBe(before);
    expect((await f.chain.getCommittee(f.committeeId)).registrations).toEqual([]);
  });
});
