import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../../errors.ts';
import { readVector } from '../../testing/vectors.ts';
import { checkSealOutputs } from '../../crypto/seal/consistency.ts';
import { DkgYaml } from './dkg-yaml.ts';
import { filledExamples } from './test-support.ts';

const FRESH = () => readVector('seal', 'dkg.example.yaml');
const ROTATION = () => readVector('seal', 'dkg-rotation.example.yaml');

describe('reading the upstream templates', () => {
  it('keeps unquoted 0x addresses as exact strings and reads the sectioned fields', () => {
    const y = DkgYaml.parse(FRESH());
    expect(y.layout).toBe('sectioned');
    expect(y.isRotation()).toBe(false);
    expect(y.network()).toBe('Testnet');
    expect(y.threshold()).toBe(2);
    expect(y.members()).toEqual([
      '0x0ceffe3ba385abe7a11f535e3428ae2ff4508eb4b6d370b829318b0d901c1152',
      '0x15ef03731c612580a2c604696da996641d0426c80a202b92f97beb7e55ceccae',
      '0xef91ea73b4423e3a6176b0a1c9c6e4619de45c9c4e7c0b4aae358e292707d8c2',
    ]);
    expect(y.raw('MEMBERS')).toEqual(y.members());
    expect(() => y.committeeId()).toThrow(/has no publish-and-init\.COMMITTEE_ID/);
  });

  it('recognises a rotation file and rejects the template placeholder', () => {
    const y = DkgYaml.parse(ROTATION());
    expect(y.isRotation()).toBe(true);
    expect(y.threshold()).toBe(3);
    expect(y.members()).toHaveLength(4);
    expect(y.sectionOf('COMMITTEE_ID')).toBe('init-rotation');
    expect(() => y.keyServerObjId()).toThrow(CeremonyError);
  });

  it('never turns hex or numbers into numbers', () => {
    const y = DkgYaml.parse(
      'NETWORK: Mainnet\nTHRESHOLD: 3\nMEMBERS:\n  - 0x12\n  - 0x0000000000000000000000000000000000000000000000000000000000000001\nMY_ADDRESS: 0x12\nMASTER_SHARE_V0: 0x1e3\n',
    );
    expect(y.layout).toBe('flat');
    expect(y.raw('MASTER_SHARE_V0')).toBe('0x1e3');
    expect(y.raw('THRESHOLD')).toBe('3');
    expect(y.members()[0]).toBe('0x' + '0'.repeat(62) + '12');
    expect(y.myAddress()).toBe(y.members()[0]);
  });

  it('rejects broken YAML, wrong types and bad values with the key named', () => {
    expect(() => DkgYaml.parse('init-params: [unclosed')).toThrow(/not valid YAML/);
    expect(() => DkgYaml.parse('- a\n- b\n')).toThrow(/mapping/);
    expect(() => DkgYaml.parse('init-params:\n  THRESHOLD: two\n').threshold()).toThrow(/THRESHOLD must be an integer greater than 1/);
    expect(() => DkgYaml.parse('init-params:\n  THRESHOLD: 1\n').threshold()).toThrow(/greater than 1/);
    expect(() => DkgYaml.parse('init-params:\n  NETWORK: Devnet\n').network()).toThrow(/NETWORK/);
    expect(() => DkgYaml.parse('init-params:\n  MEMBERS:\n  - alice\n').members()).toThrow(/MEMBERS\[0\]/);
    const members = (n: number) => 'init-params:\n  MEMBERS:\n' + '  - 0x1\n'.repeat(n);
    expect(DkgYaml.parse(members(1000)).members()).toHaveLength(1000);
    expect(() => DkgYaml.parse(members(1001)).members()).toThrow(/MEMBERS lists 1001 addresses; a committee has at most 1000/);
    expect(() => DkgYaml.parse('process-all-and-propose:\n  KEY_SERVER_PK: 0xabcd\n').keyServerPk()).toThrow(
      /KEY_SERVER_PK must be 96 bytes/,
    );
  });
});

describe('writing', () => {
  it('appends each step, quotes hex, keeps comments and unknown keys, and round-trips', async () => {
    const ex = await filledExamples();
    const text = ex.fresh.text;
    expect(text).toContain('# DKG Configuration File - Example for Fresh DKG Setup');
    expect(text).toMatch(/^ {2}MASTER_SHARE_V0: '0x[0-9a-f]{64}'$/m);
    expect(text).toMatch(/^ {2}KEY_SERVER_PK: '0x[0-9a-f]{192}'$/m);
    expect(text).toMatch(/^ {4}- '0x[0-9a-f]{192}'$/m);
    expect(text).toMatch(/^ {2}THRESHOLD: 2$/m);
    const y = DkgYaml.parse(text);
    expect(y.outputVersions()).toEqual([0]);
    expect(y.partialPks(0).map((b) => Buffer.from(b).toString('hex'))).toEqual(
      ex.fresh.result.partialPks.map((b) => Buffer.from(b).toString('hex')),
    );
    expect(Buffer.from(y.masterShare(0)).toString('hex')).toBe(Buffer.from(ex.fresh.result.masterShare).toString('hex'));
    expect(y.myAddress()).toBe(y.members()[ex.fresh.member]);
    expect(y.raw('MY_SERVER_NAME')).toBe('member-1');

    const withExtra = DkgYaml.parse(text + 'custom-section:\n  NOTE: keep me # and this comment\n');
    withExtra.setKeyServerPk(y.keyServerPk());
    expect(withExtra.toString()).toContain('NOTE: keep me # and this comment');
  });

  it('refuses to overwrite outputs of the same version and strips secrets for sharing', async () => {
    const ex = await filledExamples();
    const y = DkgYaml.parse(ex.fresh.text);
    expect(() => y.setProcessOutputs({ version: 0, keyServerPk: ex.keyServerPk, partialPks: [], masterShare: new Uint8Array(32) })).toThrow(
      /already holds/,
    );
    const shared = y.withoutSecrets();
    expect(shared.has('MASTER_SHARE_V0')).toBe(false);
    const shareHex = Buffer.from(ex.fresh.result.masterShare).toString('hex');
    expect(y.toString()).toContain(shareHex);
    expect(shared.toString()).not.toContain(shareHex);
    expect(shared.has('PARTIAL_PKS_V0')).toBe(true);
  });

  it('creates the coordinator invitation in both layouts', () => {
    const members = ['0x1', '0xabc'];
    for (const layout of ['sectioned', 'flat'] as const) {
      const y = DkgYaml.create({ network: 'Mainnet', threshold: 2, members, keyServerObjId: '0x77' }, layout);
      const again = DkgYaml.parse(y.toString());
      expect(again.layout).toBe(layout);
      expect(again.isRotation()).toBe(true);
      expect(again.threshold()).toBe(2);
      expect(again.members()).toEqual(['0x' + '0'.repeat(63) + '1', '0x' + '0'.repeat(61) + 'abc']);
      expect(again.keyServerObjId()).toBe('0x' + '0'.repeat(62) + '77');
    }
    expect(DkgYaml.create({ network: 'Testnet', threshold: 2, members }).toString()).toMatch(
      /^init-params:\n {2}NETWORK: Testnet\n {2}THRESHOLD: 2\n {2}MEMBERS:\n {4}- '0x0{63}1'\n/,
    );
  });
});

describe('filled examples are consistent', () => {
  it('fresh (sectioned), rotation (sectioned) and flat', async () => {
    const ex = await filledExamples();
    for (const [name, text] of [
      ['fresh', ex.fresh.text],
      ['rotation', ex.rotation.text],
      ['flat', ex.flat.text],
    ] as const) {
      const y = DkgYaml.parse(text);
      const v = y.outputVersions().at(-1)!;
      const party = y.members().indexOf(y.myAddress());
      const r = checkSealOutputs({
        threshold: y.threshold(),
        partialPks: y.partialPks(v),
        keyServerPk: y.keyServerPk(),
        myPartyId: party,
        masterShare: y.masterShare(v),
      });
      expect(r.ok, `${name}: ${JSON.stringify(r.checks)}`).toBe(true);
      expect(Buffer.from(r.impliedKeyServerPk!).toString('hex')).toBe(Buffer.from(ex.keyServerPk).toString('hex'));
    }
    expect(DkgYaml.parse(ex.flat.text).layout).toBe('flat');
    expect(DkgYaml.parse(ex.rotation.text).outputVersions()).toEqual([1]);
  });
});
