/**
 * Checks of the Move models that no transaction of the committee flow can reach (the committee
 * contract validates first), exercised directly: key_server.move's own validations and version
 * handling, and committee.move's member-count limit.
 */
import { bcs } from '@mysten/sui/bcs';
import { normalizeSuiAddress, toBase64 } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { KeyServer, KeyServerV2, UpgradeCap } from '../move-types.ts';
import { UPGRADE_CAP_TYPE, keyServerV2Type } from '../type-names.ts';
import { g1, g2 } from '../test-support.ts';
import { CommitteeModule } from './committee-module.ts';
import { ExecutionFailure } from './failures.ts';
import { KeyServerModule } from './key-server-module.ts';
import { TxOverlay } from './overlay.ts';
import { genesisState } from './state.ts';

function setup() {
  const state = genesisState();
  const overlay = new TxOverlay(state, new Uint8Array(32).fill(3));
  return { state, overlay, ks: new KeyServerModule(overlay, state.sealPackageId) };
}

function abortOf(f: () => unknown): { module: string; code: string } {
  try {
    f();
  } catch (e) {
    if (!(e instanceof ExecutionFailure)) throw e;
    const [loc, code] = (e.status as { MoveAbort: [{ module: { name: string } }, string] }).MoveAbort;
    return { module: loc.module.name, code };
  }
  throw new Error('did not abort');
}

const partial = (name: string, partyId: number, k = 3n) => ({
  name,
  url: `https://${name}`,
  partial_pk: g2(k + BigInt(partyId)),
  party_id: partyId,
});

describe('seal::key_server model', () => {
  it('create_committee_v2 validates pk, threshold, party ids and names', () => {
    const { ks } = setup();
    const two = [partial('a', 0), partial('b', 1)];
    expect(abortOf(() => ks.createCommitteeV2('n', 2, g1(1n), two))).toEqual({ module: 'group_ops', code: '1' });
    expect(abortOf(() => ks.createCommitteeV2('n', 1, g2(1n), two))).toEqual({ module: 'key_server', code: '4' });
    expect(abortOf(() => ks.createCommitteeV2('n', 3, g2(1n), two))).toEqual({ module: 'key_server', code: '4' });
    expect(abortOf(() => ks.createCommitteeV2('n', 2, g2(1n), [partial('a', 0), partial('b', 2)]))).toEqual({
      module: 'key_server',
      code: '5',
    });
    expect(abortOf(() => ks.createCommitteeV2('n', 2, g2(1n), [partial('a', 0), partial('a', 1)]))).toEqual({
      module: 'key_server',
      code: '6',
    });
    expect(abortOf(() => ks.createPartialKeyServer('a', 'u', new Uint8Array(96), 0))).toEqual({ module: 'group_ops', code: '1' });
  });

  it('update_partial_key_servers bumps the version; update_member_url checks the party id', () => {
    const { ks, overlay, state } = setup();
    const id = ks.createCommitteeV2('n', 2, g2(1n), [partial('a', 0), partial('b', 1)]);
    const v2 = () => KeyServerV2.parse(overlay.fieldValue(id, 'u64', bcs.u64().serialize(2).toBytes(), 'borrow').value);
    expect(v2().server_type.Committee!.version).toBe(0);
    ks.updatePartialKeyServers(id, 3, [partial('a', 0, 9n), partial('b', 1, 9n), partial('c', 2, 9n)]);
    expect(v2().server_type.Committee).toMatchObject({ version: 1, threshold: 3 });
    expect(v2().pk).toEqual(g2(1n));
    expect(abortOf(() => ks.updatePartialKeyServers(id, 4, [partial('a', 0)]))).toEqual({ module: 'key_server', code: '4' });
    ks.updateMemberUrl(id, 'https://new', 2);
    expect(v2().server_type.Committee!.partial_key_servers[2]!.url).toBe('https://new');
    expect(abortOf(() => ks.updateMemberUrl(id, 'x', 3))).toEqual({ module: 'key_server', code: '5' });

    // An independent V2 server and a KeyServer without V2 data are refused.
    const indep = overlay.freshId();
    overlay.create(indep, {
      type: `${state.sealPackageId}::key_server::KeyServer`,
      isGasCoin: false,
      hasPublicTransfer: true,
      owner: { AddressOwner: indep },
      contents: toBase64(KeyServer.serialize({ id: indep, first_version: 2, last_version: 2 }).toBytes()),
    });
    expect(abortOf(() => ks.updateMemberUrl(indep, 'x', 0))).toEqual({ module: 'key_server', code: '2' });
    overlay.addField(
      indep,
      'u64',
      bcs.u64().serialize(2).toBytes(),
      keyServerV2Type(state.sealPackageId),
      KeyServerV2.serialize({ name: 'i', key_type: 0, pk: g2(1n), server_type: { Independent: { url: 'h' } } }).toBytes(),
    );
    expect(abortOf(() => ks.updateMemberUrl(indep, 'x', 0))).toEqual({ module: 'key_server', code: '3' });
  });
});

describe('seal_committee::seal_committee model', () => {
  it('EInvalidMembers for 65535 members or more (unreachable within a transaction size limit)', () => {
    const { overlay, ks, state } = setup();
    const pkg = normalizeSuiAddress('0xc0ffee');
    state.objects[pkg] = { ...state.objects[state.sealPackageId]!, role: 'seal_committee' } as never;
    const capId = overlay.freshId();
    overlay.create(capId, {
      type: UPGRADE_CAP_TYPE,
      isGasCoin: false,
      hasPublicTransfer: true,
      owner: { AddressOwner: capId },
      contents: toBase64(UpgradeCap.serialize({ id: capId, package: pkg, version: 1, policy: 0 }).toBytes()),
    });
    const m = new CommitteeModule({ sender: normalizeSuiAddress('0x1'), packageId: pkg, overlay, keyServer: ks, emit: () => {} });
    const members = Array.from({ length: 65535 }, (_, i) => normalizeSuiAddress(i.toString(16)));
    expect(abortOf(() => m.initCommittee(capId, 2, members))).toEqual({ module: 'seal_committee', code: '1' });
    expect(() => m.initCommittee(capId, 2, members.slice(0, 65534))).not.toThrow(); // the largest allowed
  });
});
