import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { deriveIdentifier } from '../../crypto/frost/identifier.ts';
import { frostSuite } from '../../crypto/frost/suites.ts';
import { frostClientDkgIdentifier, frostClientIndexIdentifier, uuidBytes } from './identifiers.ts';

describe('frost-client identifiers', () => {
  const ed = frostSuite('FROST-ED25519-SHA512-v1');
  const session = '6f3c1b2e-9a4d-4e7f-8c21-0d5a7b9e3f10';
  const pubkey = hexToBytes('492dd8fced4ec58490800ec6216ca3fff0ed7148fad20cd7a9da52e62d6ddf26');

  it('derive(session UUID bytes ‖ communication key), the way frost-client dkg does', () => {
    const expected = deriveIdentifier(ed, Uint8Array.from([...hexToBytes(session.replace(/-/g, '')), ...pubkey]));
    expect(frostClientDkgIdentifier(ed.id, session, pubkey)).toBe(expected);
    expect(frostClientDkgIdentifier(ed.id, session.toUpperCase(), pubkey)).toBe(expected);
    expect(frostClientDkgIdentifier(ed.id, '00000000-0000-0000-0000-000000000000', pubkey)).not.toBe(expected);
  });

  it('UUIDs give their 16 raw bytes; anything else is refused', () => {
    expect(uuidBytes(session)).toEqual(hexToBytes('6f3c1b2e9a4d4e7f8c210d5a7b9e3f10'));
    expect(() => uuidBytes('6f3c1b2e9a4d4e7f8c210d5a7b9e3f10')).toThrow(expect.objectContaining({ code: 'frost/invalid-session-id' }));
    expect(() => frostClientDkgIdentifier(ed.id, session, pubkey.slice(1))).toThrow(
      expect.objectContaining({ code: 'frost/invalid-public-key' }),
    );
  });

  it('trusted-dealer numbering is the small integer', () => {
    expect(frostClientIndexIdentifier(ed.id, 1)).toBe('01' + '00'.repeat(31));
    expect(frostClientIndexIdentifier('FROST-P256-SHA256-v1', 1)).toBe('00'.repeat(31) + '01');
  });
});
