import { x25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { simulateDkg } from '../../crypto/frost/simulate.ts';
import { ALL_FROST_SUITES } from '../../crypto/frost/suites.ts';
import {
  frostClientGroupFromPackages,
  openFrostClientGroup,
  parseFrostClientConfig,
  stringifyFrostClientConfig,
  type FrostClientConfig,
} from './config-toml.ts';

describe('frost-client config written by us', () => {
  for (const suite of ALL_FROST_SUITES) {
    it(`${suite.name}: a DKG group per member round-trips and opens to the same packages`, () => {
      const group = simulateDkg(suite.id, 3, 2);
      const members = Object.keys(group.keyPackages);
      const keys = Object.fromEntries(members.map((id) => [id, x25519.keygen()]));
      const participants = Object.fromEntries(members.map((id) => [id, keys[id]!.publicKey]));
      for (const me of members) {
        const { key, group: g } = frostClientGroupFromPackages({
          description: 'Board "treasury" key',
          keyPackage: group.keyPackages[me]!,
          publicKeyPackage: group.publicKeyPackage,
          participants,
        });
        const config: FrostClientConfig = {
          version: 0,
          communicationKey: { privateKey: keys[me]!.secretKey, publicKey: keys[me]!.publicKey },
          contacts: Object.fromEntries(
            members.filter((id) => id !== me).map((id, i) => [`Member ${i} ü`, { name: `Member ${i} ü`, publicKey: keys[id]!.publicKey }]),
          ),
          groups: { [key]: g },
        };
        const text = stringifyFrostClientConfig(config);
        expect(text).toContain(`[group.${bytesToHex(group.publicKeyPackage.verifyingKey)}]`);
        const back = parseFrostClientConfig(text);
        expect(stringifyFrostClientConfig(back)).toBe(text);
        const opened = openFrostClientGroup(key, back.groups[key]!);
        expect(opened.keyPackage).toEqual(group.keyPackages[me]);
        expect(opened.publicKeyPackage.verifyingShares).toEqual(group.publicKeyPackage.verifyingShares);
        expect(opened.description).toBe('Board "treasury" key');
        expect(Object.keys(back.contacts)).toHaveLength(2);
      }
    });
  }
});
