import { describe, expect, it } from 'vitest';
import { base64ToBytes, base64ToBytesSliced, bytesToBase64, isStrictBase64 } from './base64.ts';

const noPause = () => undefined;

describe('strict base64', () => {
  it('accepts canonical padded base64 and nothing else', () => {
    for (const ok of ['', 'QQ==', 'QUI=', 'QUJD', '+/+/', 'AAECAwQF']) expect(isStrictBase64(ok), ok).toBe(true);
    const bad = {
      'missing padding': 'QQ',
      'non-zero padding bits (one =)': 'QUJ=',
      'non-zero padding bits (two =)': 'QR==',
      'URL-safe alphabet': '-_-_',
      whitespace: 'QU JD',
      'a newline': 'QUJD\nQUJD',
      'padding in the middle': 'QQ==QUJD',
      'a character outside the alphabet': 'QU*D',
      'too much padding': 'Q===',
    };
    for (const [why, s] of Object.entries(bad)) expect(isStrictBase64(s), why).toBe(false);
    expect(() => base64ToBytes('QUJ=')).toThrow('not strict base64');
  });

  it('round-trips every length, and decodes into a copy that owns its memory', () => {
    for (let n = 0; n < 40; n++) {
      const bytes = Uint8Array.from({ length: n }, (_, i) => (i * 37 + n) & 0xff);
      const back = base64ToBytes(bytesToBase64(bytes));
      expect(back).toEqual(bytes);
      expect(back.byteOffset).toBe(0);
      expect(back.buffer.byteLength).toBe(n);
    }
  });

  it('decodes large texts in slices to the same bytes, and refuses a fault in any slice', async () => {
    const big = Uint8Array.from({ length: 3 * (1 << 20) + 2 }, (_, i) => (i * 131 + 7) & 0xff);
    const text = bytesToBase64(big);
    let pauses = 0;
    const decoded = await base64ToBytesSliced(text, () => {
      pauses++;
      return undefined;
    });
    // Compared as Buffers: an element-wise deep equal of 3 MB takes vitest seconds.
    expect(decoded && Buffer.from(decoded).equals(big)).toBe(true);
    expect(pauses).toBeGreaterThanOrEqual(4);
    const at = (i: number, c: string) => text.slice(0, i) + c + text.slice(i + 1);
    // A bad character in the first, a middle and the last slice; padding that ends a middle slice.
    for (const broken of [at(10, '*'), at((1 << 20) + 5, '-'), at(text.length - 3, ' '), at((1 << 20) - 1, '=')]) {
      expect(await base64ToBytesSliced(broken, noPause)).toBeUndefined();
    }
    expect(await base64ToBytesSliced(text.slice(0, -1), noPause)).toBeUndefined();
    expect(await base64ToBytesSliced('QUJD', noPause)).toEqual(new Uint8Array([0x41, 0x42, 0x43]));
  });
});
