import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../../errors.ts';
import { Fr, randomScalar } from './field.ts';
import { evalPointPoly, G1, G2, msm, mulBase, mulShort, mulSmall, naf } from './groups.ts';
import { seededRandom } from './simulation.ts';

const rng = seededRandom('groups');

describe('point encoding', () => {
  it('matches noble/blst compressed encoding for random points and the identity', () => {
    for (let i = 0; i < 12; i++) {
      const p1 = mulBase(G1, randomScalar(rng));
      const p2 = mulBase(G2, randomScalar(rng));
      for (const [g, p] of [
        [G1, p1],
        [G1, p1.negate()],
        [G2, p2],
        [G2, p2.negate()],
      ] as const) {
        expect(bytesToHex(g.encode(p as never))).toBe(bytesToHex(p.toBytes(true)));
        expect(g.decode(g.encode(p as never)).equals(p as never)).toBe(true);
      }
    }
    expect(bytesToHex(G1.encode(G1.zero))).toBe('c0' + '00'.repeat(47));
    expect(G2.decode(G2.encode(G2.zero)).is0()).toBe(true);
  });

  it('rejects uncompressed, non-canonical, off-curve and wrong-length encodings', () => {
    const g = G1.encode(mulBase(G1, 5n));
    const bad = (b: Uint8Array) => expect(() => G1.decode(b)).toThrow(CeremonyError);
    bad(g.subarray(1));
    const unc = g.slice();
    unc[0] = unc[0]! & 0x7f;
    bad(unc);
    const big = new Uint8Array(48).fill(0xff);
    big[0] = 0x9f;
    bad(big);
    const offCurve = g.slice();
    offCurve[47] = offCurve[47]! ^ 1;
    let found = false;
    for (let k = 0; k < 8 && !found; k++) {
      offCurve[47] = offCurve[47]! ^ (1 << k);
      try {
        G1.decode(offCurve);
      } catch {
        found = true;
      }
    }
    expect(found).toBe(true);
    const inf = new Uint8Array(96);
    inf[0] = 0xe0; // infinity with the sort bit: invalid
    expect(() => G2.decode(inf)).toThrow(CeremonyError);
  });
});

describe('scalar multiplication helpers', () => {
  it('NAF small multiplication and Horner evaluation agree with full multiplication', () => {
    for (const k of [1, 2, 3, 7, 11, 64, 171, 255, 256, 1000]) {
      expect(naf(k).reduce((acc, d) => acc * 2 + d, 0)).toBe(k);
      const p = mulBase(G2, 987654321n);
      expect(mulSmall(G2, p, naf(k)).equals(p.multiply(BigInt(k)))).toBe(true);
    }
    const coeffs = [3n, 5n, 7n, 11n].map((c) => mulBase(G2, c));
    const x = 9;
    const expected = mulBase(G2, Fr.create(3n + 5n * 9n + 7n * 81n + 11n * 729n));
    expect(evalPointPoly(G2, coeffs, x).equals(expected)).toBe(true);
  });

  it('mulShort equals full multiplication for 64-bit scalars', () => {
    const p = mulBase(G1, randomScalar(rng));
    for (const k of [0n, 1n, 0xffffffffffffffffn, 0x8000000000000001n, 123456789123n])
      expect(mulShort(G1, p, k).equals(k === 0n ? G1.zero : p.multiply(k))).toBe(true);
  });

  it('msm equals the naive sum for mixed scalar sizes', () => {
    for (const n of [1, 2, 5, 33]) {
      const pts = Array.from({ length: n }, () => mulBase(G1, randomScalar(rng)));
      const scalars = pts.map((_, i) => (i % 3 === 0 ? randomScalar(rng) : i % 3 === 1 ? BigInt(i * 977) : 0n));
      scalars[0] = Fr.ORDER - 1n;
      const naive = pts.reduce((acc, p, i) => (scalars[i] === 0n ? acc : acc.add(p.multiply(scalars[i]!))), G1.zero);
      expect(msm(G1, pts, scalars).equals(naive)).toBe(true);
    }
  });
});
