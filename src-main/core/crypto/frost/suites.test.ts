import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from '../../testing/vectors.ts';
import { identifierFromIndex } from './identifier.ts';
import { ALL_FROST_SUITES, frostSuite, type FrostSuiteId } from './suites.ts';

describe('ciphersuite encodings against frost-core samples.json / elements.json', () => {
  // RedPallas has no frost-core sample files; redpallas.test.ts checks it against Zcash's vectors.
  for (const suite of ALL_FROST_SUITES.filter((s) => s.name !== 'redpallas')) {
    it(`${suite.name}: base point, 2·base, 1/3, identifier 42, proof layout; invalid element refused`, () => {
      const s = readVectorJson<Record<string, string>>('frost', suite.name, 'samples.json');
      const one = suite.base;
      expect(bytesToHex(suite.elementToBytes(one))).toBe(s.element1);
      expect(bytesToHex(suite.elementToBytes(one.add(one)))).toBe(s.element2);
      const third = suite.Fn.inv(3n);
      expect(bytesToHex(suite.scalarToBytes(third))).toBe(s.scalar1);
      expect(identifierFromIndex(suite, 42)).toBe(s.identifier);
      const pok = suite.signatureFromBytes(hexToBytes(s.proof_of_knowledge!), 'sample signature');
      expect(pok.R.equals(one) && pok.z === third).toBe(true);
      expect(bytesToHex(suite.signatureToBytes(pok.R, pok.z))).toBe(s.proof_of_knowledge);
      const bad = readVectorJson<{ elements: { invalid_element: string } }>('frost', suite.name, 'elements.json').elements.invalid_element;
      expect(() => suite.elementFromBytes(hexToBytes(bad), 'element')).toThrow(expect.objectContaining({ code: 'frost/invalid-element' }));
    });
  }

  it('refuses identity, wrong lengths, unreduced scalars and small-order Ed25519 points', () => {
    const ed = frostSuite('FROST-ED25519-SHA512-v1');
    expect(() => ed.elementFromBytes(hexToBytes('01' + '00'.repeat(31)), 'e')).toThrow(
      expect.objectContaining({ code: 'frost/invalid-element' }),
    ); // identity
    expect(() => ed.elementFromBytes(hexToBytes('26e8958fc2b227b045c3f489f2ef98f0d5dfac05d3c63339b13802886d53fc05'), 'e')).toThrow(
      expect.objectContaining({ code: 'frost/invalid-element' }),
    ); // 8-torsion
    expect(() => ed.elementFromBytes(new Uint8Array(31), 'e')).toThrow(expect.objectContaining({ code: 'frost/invalid-element' }));
    expect(() => ed.scalarFromBytes(new Uint8Array(32).fill(0xff), 's')).toThrow(expect.objectContaining({ code: 'frost/invalid-scalar' }));
    expect(() => frostSuite('FROST(Jubjub, BLAKE2b-512)' as FrostSuiteId)).toThrow(
      expect.objectContaining({ code: 'frost/unknown-suite' }),
    );
  });

  it('secp256k1-tr signatures are BIP340 (64 bytes) and its standard key is x-only', () => {
    const tr = frostSuite('FROST-secp256k1-SHA256-TR-v1');
    expect(tr.signatureLength).toBe(64);
    expect(tr.standardPublicKey(tr.elementToBytes(tr.base))).toHaveLength(32);
    expect(frostSuite('FROST-secp256k1-SHA256-v1').signatureLength).toBe(65);
    expect(frostSuite('FROST-ED448-SHAKE256-v1').signatureLength).toBe(114);
  });
});
