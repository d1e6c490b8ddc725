import { describe, expect, it } from 'vitest';
import { suiAmount } from './sui-amount.ts';

describe('suiAmount', () => {
  it('writes MIST as SUI exactly, without trailing zeros', () => {
    expect(suiAmount('2000000')).toBe('0.002 SUI');
    expect(suiAmount('1000000000')).toBe('1 SUI');
    expect(suiAmount('1500000001')).toBe('1.500000001 SUI');
    expect(suiAmount('0')).toBe('0 SUI');
    expect(suiAmount('123456789012345678')).toBe('123456789.012345678 SUI');
  });
});
