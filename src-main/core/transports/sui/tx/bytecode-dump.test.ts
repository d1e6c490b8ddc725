import { toBase64 } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { parseBytecodeDump } from './bytecode-dump.ts';

const mod = toBase64(Uint8Array.from([0xa1, 0x1c, 0xeb, 0x0b, 7, 0, 0, 0]));

describe('parseBytecodeDump', () => {
  it('reads the output of `sui move build --dump-bytecode-as-base64`', () => {
    const d = parseBytecodeDump(JSON.stringify({ modules: [mod], dependencies: ['0x1', '0x2', '0xABC'], digest: Array(32).fill(7) }));
    expect(d.modules).toEqual([mod]);
    expect(d.dependencies).toEqual(['0x1', '0x2', '0xabc'].map((x) => '0x' + x.slice(2).padStart(64, '0')));
    expect(d.digest).toEqual(new Uint8Array(32).fill(7));
  });

  it.each([
    ['not json', 'it is not JSON'],
    ['[]', 'not a JSON object'],
    [JSON.stringify({ modules: [], dependencies: [], digest: Array(32).fill(0) }), 'non-empty list'],
    [
      JSON.stringify({ modules: [toBase64(new Uint8Array([1, 2, 3, 4]))], dependencies: [], digest: Array(32).fill(0) }),
      'not compiled Move bytecode',
    ],
    [JSON.stringify({ modules: [mod], dependencies: ['zz'], digest: Array(32).fill(0) }), 'dependency 0 is not a package id'],
    [JSON.stringify({ modules: [mod], dependencies: [], digest: [1, 2] }), '32 bytes'],
    [JSON.stringify({ modules: [mod], dependencies: [], digest: Array(32).fill(256) }), '32 bytes'],
  ])('refuses %s', (text, why) => {
    expect(() => parseBytecodeDump(text)).toThrowError(
      expect.objectContaining({ code: 'tx/bytecode-dump-invalid', message: expect.stringContaining(why) }),
    );
  });
});
