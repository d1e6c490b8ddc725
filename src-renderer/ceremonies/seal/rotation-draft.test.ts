import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import type { SealRotationPreview } from '../../../src-shared/ceremonies/seal.ts';
import { checkRotationDraft, keyServerIdProblem, previewMatches, rotationPlanSentence, type RotationDraft } from './rotation-draft.ts';

const addr = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const KS = addr(0xabc);

/** A 2-of-3 committee at version 0; party i has address addr(i + 1). */
const PREVIEW: SealRotationPreview = {
  keyServerObjId: KS,
  keyServerPk: '0x' + 'aa'.repeat(96),
  version: 0,
  currentCommitteeId: addr(0xc0),
  packageId: addr(0xbeef),
  threshold: 2,
  members: [0, 1, 2].map((i) => ({
    partyId: i,
    address: addr(i + 1),
    name: i === 2 ? '' : `server-${i}`,
    url: `https://s${i}.example.org`,
  })),
};

function draft(over: Partial<RotationDraft> = {}): RotationDraft {
  return {
    network: 'rehearsal',
    customUrl: '',
    ledgerDir: '/tmp/ledger',
    keyServerObjId: KS,
    continuing: [0, 1],
    joining: [
      { key: 1, address: addr(10), label: ' Dave ' },
      { key: 2, address: addr(11), label: '' },
    ],
    threshold: 3,
    coordinatorAddress: addr(1),
    ...over,
  };
}

describe('checkRotationDraft', () => {
  it('builds SealRotationCreateParams: continuing members first in their current order (on-chain names as labels), then the new ones', () => {
    const c = checkRotationDraft(draft({ continuing: [1, 0] }), PREVIEW);
    expect(c.fields).toEqual({});
    expect(c.rows.size).toBe(0);
    expect(c.params).toEqual({
      network: 'rehearsal:/tmp/ledger',
      keyServerObjId: KS,
      threshold: 3,
      coordinatorAddress: addr(1),
      members: [
        { address: addr(1), label: 'server-0' },
        { address: addr(2), label: 'server-1' },
        { address: addr(10), label: 'Dave' },
        { address: addr(11) },
      ],
    });
    expect(c.members.map((m) => [m.partyId, m.oldPartyId, m.label])).toEqual([
      [0, 0, 'server-0'],
      [1, 1, 'server-1'],
      [2, null, 'Dave'],
      [3, null, 'New member 2'],
    ]);
    expect(c.leaving).toEqual([2]);
    expect(rotationPlanSentence(PREVIEW, c, 3)).toBe('version 0 → 1: a 3-of-4 committee; 2 continue, 1 leaves, 2 join');
  });

  it('refuses, before anything is sent, fewer continuing members than the current threshold, saying how many more', () => {
    const one = checkRotationDraft(draft({ continuing: [1] }), PREVIEW);
    expect(one.fields.continuing).toBe(
      'At least 2 of the 3 current members must continue (the current threshold): their shares are what carries KEY_SERVER_PK over to the new committee. Only 1 continues: keep 1 more member.',
    );
    expect(one.params).toBeNull();
    expect(checkRotationDraft(draft({ continuing: [] }), PREVIEW).fields.continuing).toMatch(/None continues: keep 2 more members\.$/);
  });

  it('the coordinator must be a current member (a leaving one may coordinate)', () => {
    const outsider = checkRotationDraft(draft({ coordinatorAddress: addr(10) }), PREVIEW);
    expect(outsider.fields.coordinatorAddress).toMatch(
      /^Not a member of the current committee \(version 0\)\. Only a current member may send init_rotation/,
    );
    expect(outsider.params).toBeNull();
    const leaver = checkRotationDraft(draft({ coordinatorAddress: addr(3) }), PREVIEW);
    expect(leaver.fields.coordinatorAddress).toBeUndefined();
    expect(leaver.coordinatorLeaves).toBe(true);
    expect(leaver.params?.coordinatorAddress).toBe(addr(3));
    // the same address spelt short is still that member
    expect(checkRotationDraft(draft({ coordinatorAddress: '0x2' }), PREVIEW).fields.coordinatorAddress).toBeUndefined();
    expect(checkRotationDraft(draft({ coordinatorAddress: '0xg' }), PREVIEW).fields.coordinatorAddress).toMatch(/only hex digits/);
  });

  it('names the row of a bad, repeated or current-member address', () => {
    const c = checkRotationDraft(
      draft({
        joining: [
          { key: 5, address: addr(10), label: '' },
          { key: 6, address: '0x' + '0'.repeat(62) + '0a', label: '' },
          { key: 7, address: addr(1), label: '' },
          { key: 8, address: addr(3), label: '' },
          { key: 9, address: 'abc', label: '' },
        ],
      }),
      PREVIEW,
    );
    expect(c.rows.get(5)).toBeUndefined();
    expect(c.rows.get(6)).toBe('The same address as new member 1: every member needs their own address.');
    expect(c.rows.get(7)).toBe('This is server-0 (party 0 of the current committee), who already continues: remove this row.');
    expect(c.rows.get(8)).toBe(
      'This is Party 2 (party 2 of the current committee): to keep them, tick “continues” above instead of adding them again.',
    );
    expect(c.rows.get(9)).toMatch(/starts with 0x/);
    expect(c.params).toBeNull();
  });

  it('new threshold: 2 to the size of the new committee', () => {
    expect(checkRotationDraft(draft({ threshold: 1 }), PREVIEW).fields.threshold).toMatch(/at least 2/);
    expect(checkRotationDraft(draft({ threshold: 5 }), PREVIEW).fields.threshold).toBe(
      'The threshold cannot exceed the number of members of the new committee (4).',
    );
    expect(checkRotationDraft(draft({ threshold: Number.NaN }), PREVIEW).fields.threshold).toMatch(/at least 2/);
  });

  it('without a preview it asks for the key server and the read, and builds nothing', () => {
    expect(checkRotationDraft(draft(), null).fields).toEqual({ preview: expect.stringMatching(/^Read the current committee/) });
    expect(checkRotationDraft(draft({ keyServerObjId: '' }), null).fields.keyServerObjId).toMatch(/^Enter KEY_SERVER_OBJ_ID/);
    expect(checkRotationDraft(draft({ network: 'rehearsal', ledgerDir: ' ' }), null).fields.network).toMatch(/rehearsal ledger/);
    expect(keyServerIdProblem('0x12z')).toMatch(/0x followed by up to 64 hex digits/);
  });

  it('a preview describes the draft only for the network and key server it was read from', () => {
    const src = { network: 'rehearsal:/tmp/ledger', keyServerObjId: '0xabc' };
    expect(previewMatches(draft(), src)).toBe(true);
    expect(previewMatches(draft({ ledgerDir: '/tmp/other' }), src)).toBe(false);
    expect(previewMatches(draft({ keyServerObjId: addr(0xabd) }), src)).toBe(false);
    expect(previewMatches(draft(), null)).toBe(false);
  });

  it('property: params exist exactly when enough continue, the coordinator is current and every row is a new distinct address', () => {
    fc.assert(
      fc.property(
        fc.subarray([0, 1, 2]),
        fc.array(fc.integer({ min: 1, max: 14 }), { maxLength: 4 }),
        fc.integer({ min: 1, max: 14 }),
        fc.integer({ min: 0, max: 8 }),
        (keep, adds, coord, t) => {
          const c = checkRotationDraft(
            draft({
              continuing: keep,
              joining: adds.map((a, i) => ({ key: i, address: addr(a), label: '' })),
              coordinatorAddress: addr(coord),
              threshold: t,
            }),
            PREVIEW,
          );
          const n = keep.length + adds.length;
          const ok = keep.length >= 2 && coord <= 3 && adds.every((a) => a > 3) && new Set(adds).size === adds.length && t >= 2 && t <= n;
          expect(c.params !== null).toBe(ok);
          if (c.params) {
            expect(c.params.members.map((m) => m.address)).toEqual([
              ...[0, 1, 2].filter((i) => keep.includes(i)).map((i) => addr(i + 1)),
              ...adds.map(addr),
            ]);
          }
        },
      ),
    );
  });
});
