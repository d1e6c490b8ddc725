import { describe, expect, it } from 'vitest';
import { DkgYaml } from '../../formats/seal/dkg-yaml.ts';
import { dkgYamlNetwork, keyServerNetwork, networkConfig, networkOfDkgYaml, networkString, withCeremonyNetwork } from './network.ts';
import { committeeCheckCode, messagesHashCheckCode, registrationsCheckCode, wireIdOf } from './values.ts';

const base = () => DkgYaml.create({ network: 'Testnet', threshold: 2, members: ['0x1', '0x2'] }).toString();

describe('how a ceremony network is written down', () => {
  it('round-trips every kind through the state string', () => {
    for (const s of [
      'testnet',
      'mainnet',
      'devnet',
      'localnet',
      'https://node.example:9000',
      'rehearsal:/tmp/ledger',
      'rehearsal',
      'testnet@https://my.node',
    ]) {
      expect(networkString(networkConfig(s))).toBe(s);
    }
    expect(() => networkConfig('moonnet')).toThrow(/Unknown network/);
  });

  it('dkg.yaml keeps NETWORK as seal-committee-cli needs it, and the exact network in CEREMONY_NETWORK when needed', () => {
    expect(dkgYamlNetwork(networkConfig('mainnet'))).toEqual({ network: 'Mainnet', exact: true });
    expect(dkgYamlNetwork(networkConfig('devnet'))).toMatchObject({
      network: 'Testnet',
      nodeUrl: 'https://fullnode.devnet.sui.io:443',
      exact: false,
    });
    expect(withCeremonyNetwork(base(), networkConfig('testnet'))).toBe(base());
    for (const s of ['rehearsal:/tmp/ledger', 'devnet', 'https://node.example']) {
      const text = withCeremonyNetwork(base(), networkConfig(s));
      const y = DkgYaml.parse(text);
      expect(y.network()).toBe('Testnet');
      expect(networkString(networkOfDkgYaml(text, y))).toBe(s);
    }
    expect(withCeremonyNetwork(base(), networkConfig('rehearsal:/x')).split('\n')[0]).toMatch(/^# REHEARSAL/);
    // a file without CEREMONY_NETWORK: NETWORK and NODE_URL decide
    const plain = DkgYaml.create({ network: 'Mainnet', threshold: 2, members: ['0x1', '0x2'], nodeUrl: 'https://n.example' }).toString();
    expect(networkString(networkOfDkgYaml(plain, DkgYaml.parse(plain)))).toBe('mainnet@https://n.example');
  });

  it('the key server and aggregator network: named, or Devnet with the seal package', () => {
    expect(keyServerNetwork(networkConfig('testnet'), '0x5')).toEqual({ network: { kind: 'Testnet' } });
    expect(keyServerNetwork(networkConfig('mainnet@https://n.example'), '0x5')).toEqual({
      network: { kind: 'Mainnet' },
      nodeUrl: 'https://n.example',
    });
    expect(keyServerNetwork(networkConfig('localnet'), '0x5')).toEqual({
      network: { kind: 'Devnet', sealPackage: '0x5' },
      nodeUrl: 'http://127.0.0.1:9000',
    });
  });
});

describe('check codes and ids everyone compares', () => {
  const id = '0x' + 'ab'.repeat(32);
  it('the wire id is derived from the committee id only', () => {
    expect(wireIdOf(id)).toBe(`seal-${'ab'.repeat(20)}`);
    expect(wireIdOf('0xab')).toBe(`seal-${'0'.repeat(40)}`); // the short form is the padded address
  });
  it('check codes change with any compared fact', () => {
    const c = {
      packageId: '0x1',
      committeeId: id,
      threshold: 2,
      members: [
        { address: '0xa', label: 'A' },
        { address: '0xb', label: 'B' },
      ],
    };
    const code = committeeCheckCode(c);
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    // labels are not compared (a dkg.yaml joiner has none), everything chain-verifiable is
    expect(committeeCheckCode({ ...c, members: c.members.map((m) => ({ ...m, label: 'x' })) })).toBe(code);
    expect(committeeCheckCode({ ...c, threshold: 1 })).not.toBe(code);
    expect(committeeCheckCode({ ...c, members: [...c.members].reverse() })).not.toBe(code);
    const reg = { partyId: 0, address: '0xa', encPk: '01', signingPk: '02', url: 'u', name: 'n' };
    expect(registrationsCheckCode([reg])).not.toBe(registrationsCheckCode([{ ...reg, url: 'v' }]));
    expect(messagesHashCheckCode('00'.repeat(32))).toBe('0000-0000-0000');
  });
});
