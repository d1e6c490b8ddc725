import { describe, expect, it } from 'vitest';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { G1, G2 } from './groups.ts';

describe('point decoding never changes its input', () => {
  it('decodes a Node Buffer (whose slice is a view) to the same point as a Uint8Array', () => {
    const p1 = bls12_381.G1.Point.BASE.multiply(7n);
    const p2 = bls12_381.G2.Point.BASE.multiply(11n);
    const b1 = Buffer.from(G1.encode(p1 as never));
    const b2 = Buffer.from(G2.encode(p2 as never));
    const copy1 = Buffer.from(b1);
    const copy2 = Buffer.from(b2);
    expect(G1.decode(b1, 'x').equals(p1 as never)).toBe(true);
    expect(G2.decode(b2, 'x').equals(p2 as never)).toBe(true);
    expect(b1.equals(copy1)).toBe(true);
    expect(b2.equals(copy2)).toBe(true);
    // And decoding twice still works (it failed when the flags were cleared in place).
    expect(G1.decode(b1, 'x').equals(p1 as never)).toBe(true);
  });
});
