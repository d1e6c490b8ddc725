import { describe, expect, it } from 'vitest';
import { naf } from '../groups.ts';
import { additionChain, chainValues } from './addition-chain.ts';

describe('additionChain', () => {
  it('reaches every share index from 1 to 1001, each step adding two earlier values', () => {
    for (let x = 1; x <= 1001; x++) {
      const chain = additionChain(x);
      chain.forEach(([i, j], s) => {
        expect(i).toBeLessThanOrEqual(s);
        expect(j).toBeLessThanOrEqual(s);
      });
      expect(chainValues(chain).at(-1)).toBe(x);
    }
  });

  it('is shortest up to 256: the first number needing k steps is the known one (OEIS A003064)', () => {
    const firstNeeding = [1, 2, 3, 5, 7, 11, 19, 29, 47, 71, 127, 191];
    const found: number[] = [];
    for (let x = 1; x <= 256; x++) {
      const k = additionChain(x).length;
      found[k] ??= x;
    }
    expect(found.slice(0, firstNeeding.length)).toEqual(firstNeeding);
  });

  it('is never longer than binary double-and-add, and beats the signed-digit one used before for 43', () => {
    for (let x = 1; x <= 1001; x++) {
      const bits = x.toString(2);
      const binaryOps = bits.length - 1 + [...bits].filter((b) => b === '1').length - 1;
      expect(additionChain(x).length, `x = ${x}`).toBeLessThanOrEqual(binaryOps);
    }
    const digits = naf(43);
    expect(digits.length - 1 + digits.filter((d) => d !== 0).length - 1).toBe(9);
    expect(additionChain(43).length).toBe(7);
  });

  it('refuses what is not a positive integer', () => {
    expect(() => additionChain(0)).toThrow(RangeError);
    expect(() => additionChain(2.5)).toThrow(RangeError);
  });
});
