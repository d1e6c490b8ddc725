import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { checkSealOutputs, type OutputsCheckInput } from './consistency.ts';
import { scalarToBytes } from './field.ts';
import { G2, mulBase } from './groups.ts';
import { processAllMessages } from './process-all.ts';
import { dealAll, generateCommitteeKeys, registeredKeys, seededRandom } from './simulation.ts';

describe('checkSealOutputs', async () => {
  const rng = seededRandom('consistency');
  const id = '0x' + '3c'.repeat(32);
  const members = generateCommitteeKeys(5, rng);
  const messages = dealAll(id, 3, members, rng);
  const me = 2;
  const r = await processAllMessages({
    committeeId: id,
    threshold: 3,
    members: registeredKeys(members),
    myPartyId: me,
    encSk: members[me]!.encSk,
    messages,
  });
  const base: OutputsCheckInput = {
    threshold: 3,
    partialPks: r.partialPks,
    keyServerPk: r.keyServerPk,
    myPartyId: me,
    masterShare: r.masterShare,
  };
  const other = G2.encode(mulBase(G2, 424242n));

  it('accepts consistent outputs', () => {
    const res = checkSealOutputs(base);
    expect(res.ok).toBe(true);
    expect(res.checks.map((c) => c.ok)).toEqual([true, true, true]);
    expect(bytesToHex(res.impliedKeyServerPk!)).toBe(bytesToHex(r.keyServerPk));
  });

  it('names an altered MASTER_SHARE', () => {
    const res = checkSealOutputs({ ...base, masterShare: scalarToBytes(12345n) });
    expect(res.ok).toBe(false);
    expect(res.culprit).toEqual({ field: 'MASTER_SHARE' });
  });

  it('names an altered partial key (another member or my own)', () => {
    for (const j of [0, 4, me]) {
      const partialPks = r.partialPks.map((p, i) => (i === j ? other : p));
      const res = checkSealOutputs({ ...base, partialPks });
      expect(res.ok).toBe(false);
      expect(res.culprit).toEqual({ field: 'PARTIAL_PKS', index: j });
      // My share still matches the key the others imply for me.
      if (j === me) expect(res.checks.find((c) => c.name === 'master-share')!.detail).toMatch(/implied|imply/);
    }
  });

  it('names an altered KEY_SERVER_PK and reports the key the partial keys imply', () => {
    const res = checkSealOutputs({ ...base, keyServerPk: other });
    expect(res.culprit).toEqual({ field: 'KEY_SERVER_PK' });
    expect(bytesToHex(res.impliedKeyServerPk!)).toBe(bytesToHex(r.keyServerPk));
  });

  it('detects but does not guess when two values are altered or redundancy is one', () => {
    const two = r.partialPks.map((p, i) => (i === 0 || i === 1 ? other : p));
    let res = checkSealOutputs({ ...base, partialPks: two });
    expect(res.ok).toBe(false);
    expect(res.culprit).toBeUndefined();
    // Without KEY_SERVER_PK and with t = 4 of 5 keys there is a single redundant value.
    const one = r.partialPks.map((p, i) => (i === 0 ? other : p));
    res = checkSealOutputs({ ...base, threshold: 4, keyServerPk: undefined, partialPks: one });
    expect(res.ok).toBe(false);
    expect(res.culprit).toBeUndefined();
  });

  it('names a value that is not a point, and checks without KEY_SERVER_PK', () => {
    const broken = r.partialPks.map((p, i) => (i === 3 ? new Uint8Array(96).fill(0xaa) : p));
    expect(checkSealOutputs({ ...base, partialPks: broken }).culprit).toEqual({ field: 'PARTIAL_PKS', index: 3 });
    const res = checkSealOutputs({ ...base, keyServerPk: undefined });
    expect(res.ok).toBe(true);
    expect(bytesToHex(res.impliedKeyServerPk!)).toBe(bytesToHex(r.keyServerPk));
  });
});
