import { describe, expect, it } from 'vitest';
import { compareIdentifiers, deriveIdentifier, identifierFromIndex, identifierToScalar, sortIdentifiers } from './identifier.ts';
import { ALL_FROST_SUITES, frostSuite, resolveFrostSuite } from './suites.ts';

describe('identifiers', () => {
  for (const suite of ALL_FROST_SUITES) {
    it(`${suite.name}: derive(bytes) equals noble's HID of the same UTF-8 string, and 42 encodes like frost-core`, () => {
      for (const s of ['alice@example.com', 'bob', '']) {
        expect(deriveIdentifier(suite, new TextEncoder().encode(s))).toBe(suite.frost.Identifier.derive(s));
      }
      expect(identifierFromIndex(suite, 42)).toBe(suite.frost.Identifier.fromNumber(42));
    });
  }

  it('ed25519 derive("alice@example.com") has the known prefix and suffix', () => {
    const id = deriveIdentifier(frostSuite('FROST-ED25519-SHA512-v1'), new TextEncoder().encode('alice@example.com'));
    expect(id.startsWith('697dd8ec')).toBe(true);
    expect(id.endsWith('393d0d06')).toBe(true);
  });

  it('orders by numeric value, not by the (little-endian) hex', () => {
    const ed = frostSuite('FROST-ED25519-SHA512-v1');
    const [i1, i256, i2] = [1, 256, 2].map((n) => identifierFromIndex(ed, n)) as [string, string, string];
    expect(sortIdentifiers(ed, [i256, i2, i1])).toEqual([i1, i2, i256]);
    expect(i256 < i2).toBe(true); // hex order would be wrong
    expect(compareIdentifiers(ed, i256, i2)).toBe(1);
  });

  it('rejects zero, non-canonical, wrong-length and non-hex identifiers with a typed error', () => {
    const ed = frostSuite('FROST-ED25519-SHA512-v1');
    for (const bad of ['00'.repeat(32), 'ff'.repeat(32), '2a', 'zz'.repeat(32)]) {
      expect(() => identifierToScalar(ed, bad)).toThrow(expect.objectContaining({ name: 'CeremonyError' }));
    }
    expect(() => identifierFromIndex(ed, 0)).toThrow(expect.objectContaining({ code: 'frost/invalid-identifier' }));
    expect(() => identifierFromIndex(ed, 65536)).toThrow(expect.objectContaining({ code: 'frost/invalid-identifier' }));
  });

  it('suites resolve by ID or short name, and unknown ones get a clear error', () => {
    expect(resolveFrostSuite('secp256k1-tr').id).toBe('FROST-secp256k1-SHA256-TR-v1');
    expect(resolveFrostSuite('FROST-P256-SHA256-v1').name).toBe('p256');
    expect(resolveFrostSuite('redpallas').id).toBe('FROST(Pallas, BLAKE2b-512)');
    expect(() => resolveFrostSuite('redjubjub')).toThrow(expect.objectContaining({ code: 'frost/unknown-suite' }));
  });
});
