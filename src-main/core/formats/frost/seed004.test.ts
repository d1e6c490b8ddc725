/**
 * The frost-client files printed in the Blockchain Commons tutorial (seed 004, "§3.2 Creating FROST
 * Secret Shares with DKG Using Server"), verbatim: they must import, and what we write back must be
 * byte-identical to what frost-client wrote.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { openFrostClientGroup, parseFrostClientConfig, stringifyFrostClientConfig } from './config-toml.ts';
import { decodeContact, encodeContact } from './contact.ts';
import { encodeFrostPostcard } from './frost-postcard.ts';

const ALICE_CONTACT = 'zffrost1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws';
const ALICE_PUBKEY = '00d639b42342ec83031c0cfb0462cb759832fb4d7b7c5942edd3c067b465406f';

const ALICE_INIT = `version = 0

[communication_key]
privkey = "04692aef6190b43d9524d719e0a7f45689ea3265a36fe34e69c625a9b8ac2967"
pubkey = "00d639b42342ec83031c0cfb0462cb759832fb4d7b7c5942edd3c067b465406f"

[contact]

[group]
`;

const ALICE_WITH_CONTACTS = `version = 0

[communication_key]
privkey = "04692aef6190b43d9524d719e0a7f45689ea3265a36fe34e69c625a9b8ac2967"
pubkey = "00d639b42342ec83031c0cfb0462cb759832fb4d7b7c5942edd3c067b465406f"

[contact.Bob]
name = "Bob"
pubkey = "2f232f8a6f69d7dac39cbadff58fc753066bed7ec7d2401acb838e1b033c2305"

[contact.Eve]
name = "Eve"
pubkey = "f2f2f9344e203c1279e6997d8f9030d7727d36a2ba053a1ec3b1f3dae266a26d"

[group]
`;

const ALICE_AFTER_DKG = `version = 0

[communication_key]
privkey = "cb3d54011ad8c05d714ff2bb3b0466917723624ba89fd28b8df7c0a1b56b2e1a"
pubkey = "492dd8fced4ec58490800ec6216ca3fff0ed7148fad20cd7a9da52e62d6ddf26"

[contact.Bob]
name = "Bob"
pubkey = "6ba29fa51f76f6de6e99ce98767e56e9716fddb39c27bdf48d8d5458e22c8f77"

[contact.Eve]
name = "Eve"
pubkey = "dcffe972745b7f9a9d44f422c4b60de3ffc18d913bbe22d17627f864ffd34f15"

[group.7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c]
description = "DKG: Alice, Bob, Eve"
ciphersuite = "FROST-ED25519-SHA512-v1"
public_key_package = "00b169f0da03577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f050d69dc7af725101636926792b6ecc41a7e24dbe5ad92bc88e61619bfb433cb84b8a48843f96a8f5d9c0b19e24c8caea907a91b526c6a60da8797453d4b2c240df46c0a8e1dab98621d1dbbccb5f091b30cf469f77c035181b80580bb595a4ad382e52235a65875816d0fa17e771db3711a7c4c8afba36f5febcf1ef68e48af0fa46286abe1e5e1e8b4740752420da1eedf69b83a34e3b4f60bc7b8b1f9a02c757de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c"
key_package = "00b169f0da577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f05ddb0f4708376b99de06d4a086c6c6371d7992102201ec39e6426555fa46abe040d69dc7af725101636926792b6ecc41a7e24dbe5ad92bc88e61619bfb433cb847de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c02"
server_url = "127.0.0.1:2744"

[group.7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c.participant.577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f05]
identifier = "577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f05"
pubkey = "492dd8fced4ec58490800ec6216ca3fff0ed7148fad20cd7a9da52e62d6ddf26"

[group.7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c.participant.82e52235a65875816d0fa17e771db3711a7c4c8afba36f5febcf1ef68e48af0f]
identifier = "82e52235a65875816d0fa17e771db3711a7c4c8afba36f5febcf1ef68e48af0f"
pubkey = "dcffe972745b7f9a9d44f422c4b60de3ffc18d913bbe22d17627f864ffd34f15"

[group.7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c.participant.b8a48843f96a8f5d9c0b19e24c8caea907a91b526c6a60da8797453d4b2c240d]
identifier = "b8a48843f96a8f5d9c0b19e24c8caea907a91b526c6a60da8797453d4b2c240d"
pubkey = "6ba29fa51f76f6de6e99ce98767e56e9716fddb39c27bdf48d8d5458e22c8f77"
`;

const GROUP_KEY = '7de1487fe264ab9ae292fcbce0e5dc1bb5524c810beae7119de74c99aa313e6c';

describe('seed 004: frost-client files from the tutorial', () => {
  it("Alice's contact string decodes to her name and key, and re-encodes to the same string", () => {
    const c = decodeContact(ALICE_CONTACT);
    expect(c.name).toBe('Alice');
    expect(bytesToHex(c.publicKey)).toBe(ALICE_PUBKEY);
    expect(encodeContact(c)).toBe(ALICE_CONTACT);
  });

  it('the fresh and the contacts-imported configs parse and are rewritten byte for byte', () => {
    const init = parseFrostClientConfig(ALICE_INIT);
    expect(bytesToHex(init.communicationKey!.publicKey)).toBe(ALICE_PUBKEY);
    expect(init.contacts).toEqual({});
    expect(stringifyFrostClientConfig(init)).toBe(ALICE_INIT);
    const withContacts = parseFrostClientConfig(ALICE_WITH_CONTACTS);
    expect(Object.keys(withContacts.contacts)).toEqual(['Bob', 'Eve']);
    expect(bytesToHex(withContacts.contacts.Eve!.publicKey)).toBe('f2f2f9344e203c1279e6997d8f9030d7727d36a2ba053a1ec3b1f3dae266a26d');
    expect(stringifyFrostClientConfig(withContacts)).toBe(ALICE_WITH_CONTACTS);
  });

  it("the post-DKG config imports: Alice's 2-of-3 Ed25519 key package is consistent with the group", () => {
    const config = parseFrostClientConfig(ALICE_AFTER_DKG);
    expect(stringifyFrostClientConfig(config)).toBe(ALICE_AFTER_DKG);
    const group = openFrostClientGroup(GROUP_KEY, config.groups[GROUP_KEY]!);
    expect(group.suite).toBe('FROST-ED25519-SHA512-v1');
    expect(group.serverUrl).toBe('127.0.0.1:2744');
    expect(group.keyPackage.minSigners).toBe(2);
    expect(group.keyPackage.identifier).toBe('577250dcbe4c4589fb88caa29634135be4a78b49f626d890a354cf4354859f05');
    expect(Object.keys(group.publicKeyPackage.verifyingShares)).toHaveLength(3);
    expect(group.publicKeyPackage.minSigners).toBeUndefined(); // frost-core 2.x layout
    expect(bytesToHex(group.participants[group.keyPackage.identifier]!)).toBe(bytesToHex(config.communicationKey!.publicKey));
    // Re-encoding the decoded packages gives frost-client's bytes back (134 and 230 bytes).
    expect(encodeFrostPostcard('KeyPackage', group.keyPackage)).toHaveLength(134);
    expect(bytesToHex(encodeFrostPostcard('KeyPackage', group.keyPackage))).toBe(bytesToHex(config.groups[GROUP_KEY]!.keyPackage));
    expect(bytesToHex(encodeFrostPostcard('PublicKeyPackage', group.publicKeyPackage, { layout: '2.x' }))).toBe(
      bytesToHex(config.groups[GROUP_KEY]!.publicKeyPackage),
    );
  });

  it("Alice's signing share matches her verifying share; a tampered share is refused", () => {
    const config = parseFrostClientConfig(ALICE_AFTER_DKG);
    const g = config.groups[GROUP_KEY]!;
    const group = openFrostClientGroup(GROUP_KEY, g);
    const pub = ed25519.Point.BASE.multiply(ed25519.Point.Fn.fromBytes(group.keyPackage.signingShare)).toBytes();
    expect(bytesToHex(pub)).toBe(bytesToHex(group.keyPackage.verifyingShare));
    const kp = Uint8Array.from(g.keyPackage);
    kp[37]! ^= 1; // first byte of the signing share
    expect(() => openFrostClientGroup(GROUP_KEY, { ...g, keyPackage: kp })).toThrow(
      expect.objectContaining({ code: 'frost/config-inconsistent-group' }),
    );
  });

  it('refuses a config from a newer frost-client format version, naming the version', () => {
    const newer = ALICE_INIT.replace('version = 0', 'version = 1');
    expect(() => parseFrostClientConfig(newer)).toThrow(
      expect.objectContaining({ code: 'frost/config-version-unsupported', details: { version: 1, supported: 0 } }),
    );
  });

  it('refuses tables and keys named __proto__, constructor or prototype instead of dropping them', () => {
    const contact = `[contact.NAME]\nname = "NAME"\npubkey = "${ALICE_PUBKEY}"\n`;
    const cases: [string, string][] = [
      [ALICE_INIT.replace('[contact]\n', contact.replaceAll('NAME', '__proto__')), 'contact.__proto__'],
      [ALICE_INIT.replace('[contact]\n', contact.replaceAll('NAME', 'constructor')), 'contact.constructor'],
      [ALICE_INIT.replace('[group]\n', '[group.__proto__]\ndescription = "x"\n'), 'group.__proto__'],
      [ALICE_INIT.replace('[group]\n', '[group.ab.participant.__proto__]\nidentifier = "01"\n'), 'group.ab.participant.__proto__'],
      [ALICE_INIT.replace('version = 0', 'version = 0\nprototype = 1'), 'prototype'],
    ];
    for (const [text, path] of cases)
      expect(() => parseFrostClientConfig(text), path).toThrow(
        expect.objectContaining({ code: 'frost/config-reserved-name', details: expect.objectContaining({ path }) }),
      );
    // A contact with an ordinary name is read as before.
    expect(Object.keys(parseFrostClientConfig(ALICE_INIT.replace('[contact]\n', contact.replaceAll('NAME', 'Bob'))).contacts)).toEqual([
      'Bob',
    ]);
  });

  it('refuses broken configs with specific errors', () => {
    expect(() => parseFrostClientConfig('version = ')).toThrow(expect.objectContaining({ code: 'frost/config-malformed' }));
    expect(() => parseFrostClientConfig('[contact]\n')).toThrow(expect.objectContaining({ code: 'frost/config-malformed' }));
    const swapped = ALICE_INIT.replace(
      '00d639b42342ec83031c0cfb0462cb759832fb4d7b7c5942edd3c067b465406f',
      '2f232f8a6f69d7dac39cbadff58fc753066bed7ec7d2401acb838e1b033c2305',
    );
    expect(() => parseFrostClientConfig(swapped)).toThrow(expect.objectContaining({ code: 'frost/config-key-mismatch' }));
    const config = parseFrostClientConfig(ALICE_AFTER_DKG);
    const g = config.groups[GROUP_KEY]!;
    expect(() => openFrostClientGroup(GROUP_KEY, { ...g, ciphersuite: 'FROST(Jubjub, BLAKE2b-512)' })).toThrow(
      expect.objectContaining({ code: 'frost/config-unsupported-suite' }),
    );
    // Ed25519 packages under a RedPallas label: the postcard header names the real suite.
    expect(() => openFrostClientGroup(GROUP_KEY, { ...g, ciphersuite: 'FROST(Pallas, BLAKE2b-512)' })).toThrow(
      expect.objectContaining({ code: 'frost/wrong-ciphersuite' }),
    );
    expect(() => openFrostClientGroup('00'.repeat(32), g)).toThrow(expect.objectContaining({ code: 'frost/config-inconsistent-group' }));
    const truncated = { ...g, keyPackage: g.keyPackage.slice(0, 100) };
    expect(() => openFrostClientGroup(GROUP_KEY, truncated)).toThrow(expect.objectContaining({ code: 'frost/postcard-truncated' }));
    expect(hexToBytes(GROUP_KEY)).toHaveLength(32);
  });
});
