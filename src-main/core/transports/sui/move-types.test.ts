/**
 * The Move layouts byte for byte, on values small enough to write the expected BCS by hand
 * (field order, enum variant indexes, u16/u32/u64 little-endian, ULEB lengths, Option as 0/1).
 */
import { describe, expect, it } from 'vitest';
import {
  Committee,
  CommitteeRotationInitiated,
  KeyServer,
  KeyServerV2,
  UpgradeCap,
  UpgradeManager,
  UpgradeManagerKey,
} from './move-types.ts';

const addr = (b: number) => '0x' + b.toString(16).padStart(2, '0').repeat(32);
const bytesOf = (b: number) => Array(32).fill(b);
const str = (s: string) => [s.length, ...new TextEncoder().encode(s)];

describe('Move BCS layouts', () => {
  it('Committee in Init with one registration', () => {
    const value = {
      id: addr(0x11),
      threshold: 2,
      members: [addr(0x22), addr(0x33)],
      state: {
        Init: {
          members_info: {
            contents: [
              { key: addr(0x22), value: { enc_pk: new Uint8Array([1, 2]), signing_pk: new Uint8Array([3]), url: 'u', name: 'n' } },
            ],
          },
        },
      },
      old_committee_id: null,
    };
    const expected = [
      ...bytesOf(0x11),
      2,
      0, // id, threshold u16 LE
      2,
      ...bytesOf(0x22),
      ...bytesOf(0x33), // members
      0, // State::Init
      1,
      ...bytesOf(0x22),
      2,
      1,
      2,
      1,
      3,
      ...str('u'),
      ...str('n'), // VecMap { contents: [Entry] }
      0, // old_committee_id: None
    ];
    const bytes = Committee.serialize(value).toBytes();
    expect([...bytes]).toEqual(expected);
    const back = Committee.parse(bytes);
    expect(back.state.$kind).toBe('Init');
    expect(back.state.Init!.members_info.contents[0]!.value.name).toBe('n');
  });

  it('Committee in PostDKG and Finalized, with old_committee_id', () => {
    const post = Committee.serialize({
      id: addr(1),
      threshold: 3,
      members: [addr(2)],
      state: {
        PostDKG: {
          members_info: { contents: [] },
          partial_pks: [new Uint8Array([7])],
          pk: new Uint8Array([8]),
          messages_hash: new Uint8Array([9]),
          approvals: { contents: [addr(2)] },
        },
      },
      old_committee_id: addr(4),
    }).toBytes();
    expect([...post]).toEqual([...bytesOf(1), 3, 0, 1, ...bytesOf(2), 1, 0, 1, 1, 7, 1, 8, 1, 9, 1, ...bytesOf(2), 1, ...bytesOf(4)]);
    const fin = Committee.serialize({
      id: addr(1),
      threshold: 2,
      members: [],
      state: { Finalized: true },
      old_committee_id: null,
    }).toBytes();
    expect([...fin]).toEqual([...bytesOf(1), 2, 0, 0, 2, 0]);
    expect(Committee.parse(fin).state.$kind).toBe('Finalized');
  });

  it('KeyServer, KeyServerV2 with ServerType::Committee, PartialKeyServer', () => {
    expect([...KeyServer.serialize({ id: addr(5), first_version: 2, last_version: 2 }).toBytes()]).toEqual([
      ...bytesOf(5),
      2,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
      2,
      0,
      0,
      0,
      0,
      0,
      0,
      0,
    ]);
    const v2 = KeyServerV2.serialize({
      name: 'ab',
      key_type: 0,
      pk: new Uint8Array([9]),
      server_type: {
        Committee: {
          version: 1,
          threshold: 2,
          partial_key_servers: [{ name: 'x', url: 'y', partial_pk: new Uint8Array([5]), party_id: 0 }],
        },
      },
    }).toBytes();
    expect([...v2]).toEqual([...str('ab'), 0, 1, 9, 1, 1, 0, 0, 0, 2, 0, 1, ...str('x'), ...str('y'), 1, 5, 0, 0]);
    const ind = KeyServerV2.serialize({
      name: '',
      key_type: 0,
      pk: new Uint8Array(),
      server_type: { Independent: { url: 'h' } },
    }).toBytes();
    expect([...ind]).toEqual([0, 0, 0, 0, ...str('h')]);
  });

  it('UpgradeCap, UpgradeManager, UpgradeManagerKey, the rotation event', () => {
    const cap = { id: addr(6), package: addr(7), version: 1n, policy: 0 };
    const capBytes = [...bytesOf(6), ...bytesOf(7), 1, 0, 0, 0, 0, 0, 0, 0, 0];
    expect([...UpgradeCap.serialize(cap).toBytes()]).toEqual(capBytes);
    expect([...UpgradeManager.serialize({ id: addr(8), cap, upgrade_proposal: null }).toBytes()]).toEqual([...bytesOf(8), ...capBytes, 0]);
    expect([...UpgradeManagerKey.serialize({ dummy_field: false }).toBytes()]).toEqual([0]);
    expect([...CommitteeRotationInitiated.serialize({ committee_id: addr(1), old_committee_id: addr(2) }).toBytes()]).toEqual([
      ...bytesOf(1),
      ...bytesOf(2),
    ]);
  });
});
