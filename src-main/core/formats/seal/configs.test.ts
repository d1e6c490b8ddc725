import { parseDocument } from 'yaml';
import { describe, expect, it } from 'vitest';
import { aggregatorConfigYaml } from './aggregator-config.ts';
import { keyServerConfigYaml, shareEnvName } from './key-server-config.ts';
import { parseTxFile, serializeTxFile } from './tx-json.ts';
import { expectCode } from '../../vault/test-support.ts';

const ADDR = '0x' + 'ab'.repeat(32);
const KS = '0x' + '12'.repeat(32);

/** Parses with every custom tag kept (serde_yaml enum tags), returning the tag layout as plain data. */
function parseTagged(text: string): { value: unknown; tags: Record<string, string> } {
  const doc = parseDocument(text, { customTags: [] });
  const tags: Record<string, string> = {};
  const walk = (node: unknown, path: string) => {
    const n = node as { tag?: string; items?: { key: { value: string }; value: unknown }[] } | null;
    if (!n) return;
    if (n.tag) tags[path || '.'] = n.tag;
    for (const it of n.items ?? []) walk(it.value, path ? `${path}.${it.key.value}` : it.key.value);
  };
  walk(doc.contents, '');
  return { value: doc.toJS(), tags };
}

describe('key-server-config.yaml', () => {
  it('committee mode, Active, as the upstream runbook writes it', () => {
    const text = keyServerConfigYaml({ network: { kind: 'Testnet' }, memberAddress: ADDR, keyServerObjId: KS });
    expect(text).toContain(
      `network: Testnet\nserver_mode: !Committee\n  member_address: '${ADDR}'\n  key_server_obj_id: '${KS}'\n  committee_state: !Active\n`,
    );
    expect(text).toContain('MASTER_SHARE_V0');
    const { value, tags } = parseTagged(text);
    expect(value).toEqual({ network: 'Testnet', server_mode: { member_address: ADDR, key_server_obj_id: KS, committee_state: '' } });
    expect(tags).toEqual({ server_mode: '!Committee', 'server_mode.committee_state': '!Active' });
  });

  it('devnet names its seal package; a node URL and the rotation state are written', () => {
    const text = keyServerConfigYaml({
      network: { kind: 'Devnet', sealPackage: '0x5ea1' },
      nodeUrl: "https://node.example/it's",
      memberAddress: ADDR,
      keyServerObjId: KS,
      state: { rotation: 2 },
      version: 2,
    });
    const { value, tags } = parseTagged(text);
    expect(value).toMatchObject({
      network: { seal_package: '0x5ea1' },
      node_url: "https://node.example/it's",
      server_mode: { committee_state: { target_version: 2 } },
    });
    expect(tags).toMatchObject({ network: '!Devnet', 'server_mode.committee_state': '!Rotation' });
    expect(text).toContain('MASTER_SHARE_V2');
  });

  it('a continuing member in a rotation names both share variables by version, never a literal VX+1', () => {
    const text = keyServerConfigYaml({ network: { kind: 'Testnet' }, memberAddress: ADDR, keyServerObjId: KS, state: { rotation: 3 } });
    expect(text).toContain('MASTER_SHARE_V2=0x<your share of version 2> and MASTER_SHARE_V3=0x<your share of version 3>');
    expect(text).toContain('committee_state: !Rotation\n    target_version: 3\n');
    expect(text).not.toMatch(/VX/);
    expect(parseTagged(text).value).toMatchObject({ server_mode: { committee_state: { target_version: 3 } } });
    const joining = keyServerConfigYaml({ network: { kind: 'Testnet' }, memberAddress: ADDR, keyServerObjId: KS, version: 3 });
    expect(joining.match(/MASTER_SHARE_V\d+/g)).toEqual(['MASTER_SHARE_V3']);
    expect(() =>
      keyServerConfigYaml({ network: { kind: 'Testnet' }, memberAddress: ADDR, keyServerObjId: KS, state: { rotation: 0 } }),
    ).toThrow(/at least 1/);
    expect(shareEnvName(12)).toBe('MASTER_SHARE_V12');
  });

  it('a rehearsal file says so first', () => {
    expect(
      keyServerConfigYaml({ network: { kind: 'Testnet' }, memberAddress: ADDR, keyServerObjId: KS, rehearsal: true }).split('\n')[0],
    ).toMatch(/^# REHEARSAL/);
  });
});

describe('aggregator-config.yaml', () => {
  it('credentials by on-chain server name, tagged network, missing members noted', () => {
    const text = aggregatorConfigYaml({
      network: { kind: 'Mainnet' },
      keyServerObjId: KS,
      credentials: [
        { serverName: 'server-b', apiKeyName: 'x-api-key', apiKey: 'k2' },
        { serverName: 'server-a', apiKeyName: 'x-api-key', apiKey: "k'1" },
      ],
      missing: ['server-c'],
    });
    const { value, tags } = parseTagged(text);
    expect(value).toEqual({
      network: '',
      key_server_object_id: KS,
      api_credentials: {
        'server-a': { api_key_name: 'x-api-key', api_key: "k'1" },
        'server-b': { api_key_name: 'x-api-key', api_key: 'k2' },
      },
    });
    expect(tags.network).toBe('!Mainnet');
    expect(text).toContain('Credentials still missing for: server-c');
  });

  it('refuses two credentials for one server and multi-line values', () => {
    const c = { serverName: 's', apiKeyName: 'n', apiKey: 'k' };
    expect(() => aggregatorConfigYaml({ network: { kind: 'Testnet' }, keyServerObjId: KS, credentials: [c, c] })).toThrow(
      /two credentials/,
    );
    expect(() =>
      aggregatorConfigYaml({ network: { kind: 'Testnet' }, keyServerObjId: KS, credentials: [{ ...c, apiKey: 'a\nb' }] }),
    ).toThrow(/single line/);
  });
});

describe('tx-<purpose>.json', () => {
  it('round-trips and rejects what is not a transaction file', async () => {
    const tx = {
      txBytes: 'AAEC',
      digest: 'D1g3st',
      sender: ADDR,
      purpose: 'register' as const,
      network: 'REHEARSAL',
      description: ['register(…)'],
    };
    expect(parseTxFile(serializeTxFile(tx))).toEqual(tx);
    expect(Object.keys(JSON.parse(serializeTxFile(tx)))).toEqual(['txBytes', 'digest', 'sender', 'purpose', 'network', 'description']);
    await expectCode(() => parseTxFile('not json'), 'seal/tx-file-invalid');
    await expectCode(() => parseTxFile('{"txBytes":"AA","digest":"x","sender":"bob"}'), 'seal/tx-file-invalid');
  });
});
