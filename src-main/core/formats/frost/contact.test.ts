import { x25519 } from '@noble/curves/ed25519.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { bech32Decode, bech32mEncode } from './bech32m.ts';
import { contactFingerprint, decodeContact, encodeContact } from './contact.ts';
import { PostcardWriter } from './postcard.ts';

describe('zffrost1 contact strings', () => {
  it('round-trip any name and key, including names longer than the BIP-173 90-character limit', () => {
    fc.assert(
      fc.property(fc.string({ minLength: 1, maxLength: 80 }), fc.uint8Array({ minLength: 32, maxLength: 32 }), (name, publicKey) => {
        const text = encodeContact({ name, publicKey });
        expect(text.startsWith('zffrost1')).toBe(true);
        expect(decodeContact(text)).toEqual({ name, publicKey });
        expect(decodeContact(text.toUpperCase())).toEqual({ name, publicKey });
      }),
      { numRuns: 50 },
    );
    expect(
      encodeContact({ name: 'A rather long display name', publicKey: x25519.getPublicKey(x25519.utils.randomSecretKey()) }).length,
    ).toBeGreaterThan(90);
    const longest = encodeContact({ name: 'n'.repeat(500), publicKey: new Uint8Array(32) });
    expect(longest.length).toBeLessThanOrEqual(1023);
    expect(decodeContact(longest).name).toBe('n'.repeat(500));
    expect(() => encodeContact({ name: 'n'.repeat(501), publicKey: new Uint8Array(32) })).toThrow(
      expect.objectContaining({ code: 'frost/contact-invalid' }),
    );
    expect(() => bech32Decode(`${longest.slice(0, 8)}${'q'.repeat(1020)}`)).toThrow(/longer than 1023 characters/);
  });

  it('refuses typos, other prefixes, other versions and malformed payloads with typed errors', () => {
    const good = encodeContact({ name: 'Alice', publicKey: new Uint8Array(32).fill(7) });
    const typo = good.slice(0, 20) + (good[20] === 'q' ? 'p' : 'q') + good.slice(21);
    expect(() => decodeContact(typo)).toThrow(expect.objectContaining({ code: 'frost/contact-invalid' }));
    expect(() => decodeContact(bech32mEncode('npub', new Uint8Array(40)))).toThrow(
      expect.objectContaining({ code: 'frost/contact-invalid' }),
    );
    const v1 = new PostcardWriter().u8(1).u8(1).bytes(new TextEncoder().encode('Alice')).bytes(new Uint8Array(32)).finish();
    expect(() => decodeContact(bech32mEncode('zffrost', v1))).toThrow(
      expect.objectContaining({ code: 'frost/contact-version', details: { version: 1 } }),
    );
    const shortKey = new PostcardWriter().u8(1).u8(0).bytes(new TextEncoder().encode('Alice')).bytes(new Uint8Array(31)).finish();
    expect(() => decodeContact(bech32mEncode('zffrost', shortKey))).toThrow(expect.objectContaining({ code: 'frost/contact-invalid' }));
    const trailing = Uint8Array.from([
      ...new PostcardWriter().u8(1).u8(0).bytes(new TextEncoder().encode('A')).bytes(new Uint8Array(32)).finish(),
      9,
    ]);
    expect(() => decodeContact(bech32mEncode('zffrost', trailing))).toThrow(
      expect.objectContaining({ code: 'frost/postcard-trailing-bytes' }),
    );
    expect(() => decodeContact('zffrost1')).toThrow(expect.objectContaining({ code: 'frost/contact-invalid' }));
  });

  it('decodes BIP-350 test strings and refuses mixed case', () => {
    expect(bech32Decode('A1LQFN3A').variant).toBe('bech32m');
    expect(bech32Decode('a1lqfn3a').hrp).toBe('a');
    expect(bech32Decode('A12UEL5L').variant).toBe('bech32');
    expect(() => bech32Decode('A1lqfn3a')).toThrow(expect.objectContaining({ code: 'frost/bech32-invalid' }));
  });

  it('fingerprints are short, stable and differ between keys', () => {
    const a = contactFingerprint(new Uint8Array(32).fill(1));
    expect(a).toMatch(/^[0-9a-f]{4}( [0-9a-f]{4}){4}$/);
    expect(contactFingerprint(new Uint8Array(32).fill(1))).toBe(a);
    expect(contactFingerprint(new Uint8Array(32).fill(2))).not.toBe(a);
  });
});
