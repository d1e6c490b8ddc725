import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { checkDraft, dumpProblem, normalizeAddress, type CreateDraft } from './create-draft.ts';

const addr = (n: number) => `0x${n.toString(16).padStart(64, '0')}`;
const DUMP = JSON.stringify({ modules: ['oRzrCwYAAAAK'], dependencies: ['0x1', '0x2'], digest: [1, 2] });

function draft(over: Partial<CreateDraft> = {}): CreateDraft {
  return {
    title: 'Seal committee',
    network: 'testnet',
    customUrl: '',
    ledgerDir: '',
    coordinatorAddress: addr(99),
    threshold: 2,
    members: [1, 2, 3].map((i) => ({ key: i, address: addr(i), label: `M${i}` })),
    dump: { name: 'dump.json', text: DUMP },
    ...over,
  };
}

describe('checkDraft', () => {
  it('builds the create params of a valid committee, labels optional', () => {
    const c = checkDraft(
      draft({
        members: [
          { key: 1, address: addr(1), label: ' Alice ' },
          { key: 2, address: addr(2), label: '' },
        ],
      }),
    );
    expect(c.fields).toEqual({});
    expect(c.params).toEqual({
      network: 'testnet',
      threshold: 2,
      coordinatorAddress: addr(99),
      members: [{ address: addr(1), label: 'Alice' }, { address: addr(2) }],
      bytecodeDump: DUMP,
    });
  });

  it('names the row of a bad or repeated address', () => {
    const c = checkDraft(
      draft({
        members: [
          { key: 7, address: addr(1), label: '' },
          { key: 8, address: '0xzz', label: '' },
          { key: 9, address: '0x' + '0'.repeat(63) + '1', label: '' },
          { key: 10, address: '12', label: '' },
        ],
      }),
    );
    expect(c.rows.get(7)).toBeUndefined();
    expect(c.rows.get(8)).toMatch(/only hex digits/);
    expect(c.rows.get(9)).toBe('The same address as member 1: every member needs their own address.');
    expect(c.rows.get(10)).toMatch(/starts with 0x/);
    expect(c.params).toBeNull();
  });

  it('threshold must be 2..n', () => {
    expect(checkDraft(draft({ threshold: 1 })).fields.threshold).toMatch(/at least 2/);
    expect(checkDraft(draft({ threshold: 4 })).fields.threshold).toMatch(/cannot exceed the number of members \(3\)/);
    expect(checkDraft(draft({ threshold: 3 })).params?.threshold).toBe(3);
  });

  it('networks: custom URL, rehearsal folder (dump optional there), dump required elsewhere', () => {
    expect(checkDraft(draft({ network: 'custom', customUrl: 'fullnode' })).fields.network).toMatch(/full node URL/);
    expect(checkDraft(draft({ network: 'custom', customUrl: 'https://node.example:443' })).params?.network).toBe(
      'https://node.example:443',
    );
    expect(checkDraft(draft({ network: 'rehearsal', ledgerDir: '' })).fields.network).toMatch(/folder of the rehearsal ledger/);
    const r = checkDraft(draft({ network: 'rehearsal', ledgerDir: '/tmp/ledger', dump: null }));
    expect(r.params).toMatchObject({ network: 'rehearsal:/tmp/ledger' });
    expect(r.params).not.toHaveProperty('bytecodeDump');
    expect(checkDraft(draft({ dump: null })).fields.dump).toMatch(/bytecode dump/);
    expect(checkDraft(draft({ dump: { name: 'x', text: '{"modules":[]}' } })).fields.dump).toMatch(/no "modules"/);
  });

  it('needs a title, a coordinator address and two members', () => {
    const c = checkDraft(draft({ title: ' ', coordinatorAddress: '', members: [{ key: 1, address: addr(1), label: '' }], threshold: 2 }));
    expect(Object.keys(c.fields).sort()).toEqual(['coordinatorAddress', 'members', 'threshold', 'title']);
  });
});

describe('addresses and dumps', () => {
  it('normalizeAddress pads and lowercases; two spellings of one address agree', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: (1n << 256n) - 1n }), (n) => {
        const short = `0x${n.toString(16)}`;
        const long = `0x${n.toString(16).toUpperCase().padStart(64, '0')}`;
        expect(normalizeAddress(short)).toBe(normalizeAddress(long));
        expect(normalizeAddress(short)).toMatch(/^0x[0-9a-f]{64}$/);
      }),
    );
    expect(normalizeAddress('0x' + '1'.repeat(65))).toBeNull();
  });
  it('dumpProblem accepts a dump and names what is wrong otherwise', () => {
    expect(dumpProblem(DUMP)).toBeNull();
    expect(dumpProblem('not json')).toMatch(/not JSON/);
    expect(dumpProblem('{"modules":["a"]}')).toMatch(/dependencies/);
  });
});
