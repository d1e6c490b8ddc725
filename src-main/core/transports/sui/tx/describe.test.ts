import { normalizeSuiAddress, toBase58 } from '@mysten/sui/utils';
import type { Transaction } from '@mysten/sui/transactions';
import { describe, expect, it } from 'vitest';
import { fakeDump, g2 } from '../test-support.ts';
import { buildInitRotation, buildProposeForRotation, buildPublish } from './builders.ts';
import { describeTransaction } from './describe.ts';

const SENDER = normalizeSuiAddress('0xa11ce');
const PKG = normalizeSuiAddress('0xc0ffee');

async function bytes(tx: Transaction) {
  tx.setSenderIfNotSet(SENDER);
  tx.setGasPrice(1000);
  tx.setGasBudget(5_000_000);
  tx.setGasPayment([{ objectId: normalizeSuiAddress('0x6a5'), version: '1', digest: toBase58(new Uint8Array(32).fill(1)) }]);
  return tx.build();
}

describe('describeTransaction (what the signer is shown)', () => {
  it('publish: module count, dependencies, and the UpgradeCap going to the sender', async () => {
    const d = describeTransaction(await bytes(buildPublish({ dump: fakeDump(), sender: SENDER })));
    expect(d.sender).toBe(SENDER);
    expect(d.gas).toEqual({ owner: SENDER, price: '1000', budget: '5000000', coins: 1 });
    expect(d.commands).toEqual([
      { kind: 'publish', modules: 1, dependencies: ['0x1', '0x2', '0x5ea1'].map((x) => normalizeSuiAddress(x)) },
      { kind: 'transfer', objects: ['result of command 1'], recipient: SENDER },
    ]);
    expect(d.digest).toMatch(/^[1-9A-HJ-NP-Za-km-z]{43,44}$/);
  });

  it('rotation calls: read-only old committee for init_rotation, mutable for propose_for_rotation', async () => {
    const old = { objectId: normalizeSuiAddress('0x01d'), initialSharedVersion: 3 };
    const d1 = describeTransaction(
      await bytes(buildInitRotation({ packageId: PKG, oldCommittee: old, threshold: 3, members: [SENDER, normalizeSuiAddress('0xb0b')] })),
    );
    expect(d1.commands[0]).toEqual({
      kind: 'move-call',
      target: `${PKG}::seal_committee::init_rotation`,
      function: 'init_rotation',
      committeeCall: true,
      arguments: [
        { name: 'old_committee', type: '&seal_committee::Committee', value: `shared ${old.objectId} (read-only)` },
        { name: 'threshold', type: 'u16', value: '3' },
        { name: 'members', type: 'vector<address>', value: `${SENDER}, ${normalizeSuiAddress('0xb0b')}` },
      ],
    });
    const committee = { objectId: normalizeSuiAddress('0xc0'), initialSharedVersion: 9 };
    const d2 = describeTransaction(
      await bytes(
        buildProposeForRotation({
          packageId: PKG,
          committee,
          partialPks: [g2(2n)],
          messagesHash: new Uint8Array([0xab, 0xcd]),
          oldCommittee: old,
        }),
      ),
    );
    const args = d2.commands[0]!.kind === 'move-call' ? d2.commands[0]!.arguments : [];
    expect(args.map((a) => [a.name, a.type])).toEqual([
      ['committee', '&mut seal_committee::Committee'],
      ['partial_pks', 'vector<vector<u8>>'],
      ['messages_hash', 'vector<u8>'],
      ['old_committee', 'seal_committee::Committee'],
    ]);
    expect(args[2]!.value).toBe('0xabcd (2 bytes)');
    expect(args[3]!.value).toBe(`shared ${old.objectId} (mutable)`);
  });

  it('refuses bytes that are not a transaction', () => {
    expect(() => describeTransaction(new Uint8Array([1, 2, 3]))).toThrowError(expect.objectContaining({ code: 'tx/malformed' }));
  });
});
