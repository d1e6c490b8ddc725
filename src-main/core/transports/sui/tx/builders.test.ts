/**
 * Acceptance 1 of issue 4: build every ceremony transaction, take the BCS `TransactionData` bytes,
 * decode them independently with the Sui BCS schema and check each Move call's target, argument
 * order and types against committee.move as transcribed in the reference notes (§3.3). The
 * expectations below are written out by hand from that table, not derived from abi.ts.
 */
import { bcs } from '@mysten/sui/bcs';
import type { Transaction } from '@mysten/sui/transactions';
import { fromBase64, normalizeSuiAddress, toBase58, toBase64 } from '@mysten/sui/utils';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { describe, expect, it } from 'vitest';
import { isCeremonyError } from '../../../errors.ts';
import {
  buildInitCommittee,
  buildInitRotation,
  buildPropose,
  buildProposeForRotation,
  buildPublish,
  buildRegister,
  buildUpdateMemberUrl,
} from './builders.ts';
import { parseBytecodeDump } from './bytecode-dump.ts';

const PKG = normalizeSuiAddress('0xc0ffee');
const SENDER = normalizeSuiAddress('0xa11ce');
const COMMITTEE = { objectId: normalizeSuiAddress('0xc0'), initialSharedVersion: 17 };
const OLD_COMMITTEE = { objectId: normalizeSuiAddress('0x01d'), initialSharedVersion: 5 };
const MEMBERS = ['0xa11ce', '0xb0b', '0xca401'].map((a) => normalizeSuiAddress(a));
const GAS_COIN = { objectId: normalizeSuiAddress('0x6a5'), version: '3', digest: toBase58(new Uint8Array(32).fill(9)) };

const g1 = (k: bigint) => bls12_381.G1.Point.BASE.multiply(k).toBytes(true);
const g2 = (k: bigint) => bls12_381.G2.Point.BASE.multiply(k).toBytes(true);

/** Gas is fixed so the bytes build without a client. */
async function bytesOf(tx: Transaction): Promise<Uint8Array> {
  tx.setSenderIfNotSet(SENDER);
  tx.setGasPrice(1000);
  tx.setGasBudget(10_000_000);
  tx.setGasPayment([GAS_COIN]);
  return tx.build();
}

type Decoded = ReturnType<typeof decode>;
function decode(bytes: Uint8Array) {
  const data = bcs.TransactionData.parse(bytes);
  const v1 = data.V1!;
  const ptb = v1.kind.ProgrammableTransaction!;
  return { v1, inputs: ptb.inputs, commands: ptb.commands };
}

/** The single MoveCall of a ceremony transaction, with its arguments resolved to inputs. */
function onlyCall(d: Decoded) {
  expect(d.commands).toHaveLength(1);
  const call = d.commands[0]!.MoveCall!;
  expect(call).toBeDefined();
  expect(call.typeArguments).toEqual([]);
  const inputs = call.arguments.map((a) => {
    expect(a.$kind).toBe('Input');
    return d.inputs[a.Input!]!;
  });
  return { call, inputs };
}

/** Decodes a pure input with `type` and proves the bytes are exactly that value's encoding. */
function pure<T>(input: Decoded['inputs'][number], type: { parse(b: Uint8Array): T; serialize(v: T): { toBytes(): Uint8Array } }): T {
  expect(input.$kind).toBe('Pure');
  const raw = fromBase64(input.Pure!.bytes);
  const value = type.parse(raw);
  expect(type.serialize(value).toBytes()).toEqual(raw);
  return value;
}

function sharedInput(input: Decoded['inputs'][number]) {
  expect(input.$kind).toBe('Object');
  expect(input.Object!.$kind).toBe('SharedObject');
  return input.Object!.SharedObject!;
}

const U16 = bcs.u16();
const ADDRS = bcs.vector(bcs.Address);
const BYTES = bcs.vector(bcs.u8());
const BYTES_LIST = bcs.vector(bcs.vector(bcs.u8()));
const STRING = bcs.string();

describe('ceremony transaction builders (decoded from TransactionData bytes)', () => {
  it('publish: Publish(modules, dependencies) then TransferObjects([UpgradeCap], sender)', async () => {
    const module = toBase64(Uint8Array.from([0xa1, 0x1c, 0xeb, 0x0b, 6, 0, 0, 0, 1, 2, 3]));
    const dump = parseBytecodeDump(
      JSON.stringify({ modules: [module], dependencies: ['0x1', '0x2', '0x4614e5da'], digest: Array(32).fill(1) }),
    );
    const d = decode(await bytesOf(buildPublish({ dump, sender: SENDER })));
    expect(d.v1.sender).toBe(SENDER);
    expect(d.commands.map((c) => c.$kind)).toEqual(['Publish', 'TransferObjects']);
    const publish = d.commands[0]!.Publish!;
    expect(publish.modules).toEqual([module]);
    expect(publish.dependencies).toEqual(['0x1', '0x2', '0x4614e5da'].map((x) => normalizeSuiAddress(x)));
    const transfer = d.commands[1]!.TransferObjects!;
    expect(transfer.objects).toEqual([{ $kind: 'Result', Result: 0 }]);
    expect(transfer.address.$kind).toBe('Input');
    expect(pure(d.inputs[transfer.address.Input!]!, bcs.Address)).toBe(SENDER);
  });

  it('init_committee(cap: UpgradeCap, threshold: u16, members: vector<address>)', async () => {
    const cap = { objectId: normalizeSuiAddress('0xcab'), version: '4', digest: toBase58(new Uint8Array(32).fill(3)) };
    const d = decode(await bytesOf(buildInitCommittee({ packageId: PKG, upgradeCap: cap, threshold: 2, members: MEMBERS })));
    const { call, inputs } = onlyCall(d);
    expect([call.package, call.module, call.function]).toEqual([PKG, 'seal_committee', 'init_committee']);
    expect(inputs).toHaveLength(3);
    expect(inputs[0]!.Object!.ImmOrOwnedObject).toEqual(cap);
    expect(pure(inputs[1]!, U16)).toBe(2);
    expect(pure(inputs[2]!, ADDRS)).toEqual(MEMBERS);
  });

  it('init_rotation(old_committee: &Committee [immutable shared], threshold: u16, members: vector<address>)', async () => {
    const d = decode(await bytesOf(buildInitRotation({ packageId: PKG, oldCommittee: OLD_COMMITTEE, threshold: 3, members: MEMBERS })));
    const { call, inputs } = onlyCall(d);
    expect([call.package, call.module, call.function]).toEqual([PKG, 'seal_committee', 'init_rotation']);
    expect(inputs).toHaveLength(3);
    expect(sharedInput(inputs[0]!)).toEqual({ objectId: OLD_COMMITTEE.objectId, initialSharedVersion: '5', mutable: false });
    expect(pure(inputs[1]!, U16)).toBe(3);
    expect(pure(inputs[2]!, ADDRS)).toEqual(MEMBERS);
  });

  it('register(committee: &mut Committee, enc_pk: vector<u8>, signing_pk: vector<u8>, url: String, name: String)', async () => {
    const encPk = g1(7n);
    const signingPk = g2(11n);
    const d = decode(
      await bytesOf(
        buildRegister({ packageId: PKG, committee: COMMITTEE, encPk, signingPk, url: 'https://ks.example/a', name: 'server-α' }),
      ),
    );
    const { call, inputs } = onlyCall(d);
    expect([call.package, call.module, call.function]).toEqual([PKG, 'seal_committee', 'register']);
    expect(inputs).toHaveLength(5);
    expect(sharedInput(inputs[0]!)).toEqual({ objectId: COMMITTEE.objectId, initialSharedVersion: '17', mutable: true });
    expect(pure(inputs[1]!, BYTES)).toEqual([...encPk]);
    expect(encPk).toHaveLength(48);
    expect(pure(inputs[2]!, BYTES)).toEqual([...signingPk]);
    expect(signingPk).toHaveLength(96);
    expect(pure(inputs[3]!, STRING)).toBe('https://ks.example/a');
    expect(pure(inputs[4]!, STRING)).toBe('server-α');
  });

  it('propose(committee: &mut Committee, partial_pks: vector<vector<u8>>, pk: vector<u8>, messages_hash: vector<u8>)', async () => {
    const partialPks = [g2(2n), g2(3n), g2(4n)];
    const pk = g2(1n);
    const messagesHash = new Uint8Array(32).fill(0xab);
    const d = decode(await bytesOf(buildPropose({ packageId: PKG, committee: COMMITTEE, partialPks, pk, messagesHash })));
    const { call, inputs } = onlyCall(d);
    expect([call.package, call.module, call.function]).toEqual([PKG, 'seal_committee', 'propose']);
    expect(inputs).toHaveLength(4);
    expect(sharedInput(inputs[0]!)).toEqual({ objectId: COMMITTEE.objectId, initialSharedVersion: '17', mutable: true });
    expect(pure(inputs[1]!, BYTES_LIST)).toEqual(partialPks.map((p) => [...p]));
    expect(pure(inputs[2]!, BYTES)).toEqual([...pk]);
    expect(pure(inputs[3]!, BYTES)).toEqual([...messagesHash]);
  });

  it('propose_for_rotation(committee: &mut Committee, partial_pks, messages_hash, old_committee: Committee [shared, mutable, by value])', async () => {
    const partialPks = [g2(5n), g2(6n), g2(7n), g2(8n)];
    const messagesHash = new Uint8Array(32).fill(0xcd);
    const d = decode(
      await bytesOf(
        buildProposeForRotation({ packageId: PKG, committee: COMMITTEE, partialPks, messagesHash, oldCommittee: OLD_COMMITTEE }),
      ),
    );
    const { call, inputs } = onlyCall(d);
    expect([call.package, call.module, call.function]).toEqual([PKG, 'seal_committee', 'propose_for_rotation']);
    expect(inputs).toHaveLength(4);
    expect(sharedInput(inputs[0]!)).toEqual({ objectId: COMMITTEE.objectId, initialSharedVersion: '17', mutable: true });
    expect(pure(inputs[1]!, BYTES_LIST)).toEqual(partialPks.map((p) => [...p]));
    expect(pure(inputs[2]!, BYTES)).toEqual([...messagesHash]);
    expect(sharedInput(inputs[3]!)).toEqual({ objectId: OLD_COMMITTEE.objectId, initialSharedVersion: '5', mutable: true });
  });

  it('update_member_url(committee: &mut Committee, url: String)', async () => {
    const d = decode(await bytesOf(buildUpdateMemberUrl({ packageId: PKG, committee: COMMITTEE, url: 'https://new.example' })));
    const { call, inputs } = onlyCall(d);
    expect([call.package, call.module, call.function]).toEqual([PKG, 'seal_committee', 'update_member_url']);
    expect(inputs).toHaveLength(2);
    expect(sharedInput(inputs[0]!)).toEqual({ objectId: COMMITTEE.objectId, initialSharedVersion: '17', mutable: true });
    expect(pure(inputs[1]!, STRING)).toBe('https://new.example');
  });

  it('keeps the sender and gas the online side set', async () => {
    const d = decode(await bytesOf(buildUpdateMemberUrl({ packageId: PKG, committee: COMMITTEE, url: 'u' })));
    expect(d.v1.sender).toBe(SENDER);
    expect(d.v1.gasData).toEqual({ payment: [GAS_COIN], owner: SENDER, price: '1000', budget: '10000000' });
  });

  it('rejects a threshold outside u16 and a malformed member address before building', () => {
    const base = { packageId: PKG, upgradeCap: GAS_COIN, members: MEMBERS };
    for (const threshold of [-1, 65536, 2.5]) {
      expect(() => buildInitCommittee({ ...base, threshold })).toThrowError(expect.objectContaining({ code: 'tx/invalid-argument' }));
    }
    try {
      buildInitRotation({ packageId: PKG, oldCommittee: OLD_COMMITTEE, threshold: 2, members: [MEMBERS[0]!, 'bob'] });
      expect.unreachable();
    } catch (e) {
      expect(isCeremonyError(e, 'tx/invalid-argument')).toBe(true);
      expect((e as Error).message).toContain('Entry 2 of the member list');
    }
  });
});
