/**
 * A whole fresh DKG on the rehearsal ledger through the chain interface and the real SDK path
 * (Transaction build with gas resolution, Ed25519 signing, execution): publish, init_committee,
 * 3 registrations, 3 identical proposals → Finalized with a KeyServer object field, then the read
 * chain committee → KEY_SERVER_OBJ_ID → KeyServerV2 → back to the committee.
 */
import { bcs } from '@mysten/sui/bcs';
import { ObjectError } from '@mysten/sui/client';
import { normalizeSuiAddress, toHex } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { UpgradeManager } from '../move-types.ts';
import { UPGRADE_CAP_TYPE, committeeType, dofWrapperType, upgradeManagerKeyType } from '../type-names.ts';
import { fakeDump, freshCommittee, proposalValues, registerAll, registration } from '../test-support.ts';

describe('fresh DKG on the rehearsal ledger (3 members, threshold 2)', () => {
  it('runs publish → init → register ×3 → propose ×3 → Finalized with the key server attached', async () => {
    const f = await freshCommittee(3, 2);
    const { chain, ledger, members, committeeId, packageId } = f;
    const addrs = members.map((m) => normalizeSuiAddress(m.toSuiAddress()));

    // publish created the package and gave the UpgradeCap to the coordinator
    expect(f.published.created.map((c) => c.type).sort()).toEqual(['package', UPGRADE_CAP_TYPE].sort());
    // init_committee wrapped the UpgradeCap into the UpgradeManager object field
    await expect(ledger.client.core.getObject({ objectId: f.published.upgradeCapId! })).rejects.toBeInstanceOf(ObjectError);
    const um = await ledger.client.core.getDynamicObjectField({
      parentId: committeeId,
      name: { type: upgradeManagerKeyType(packageId), bcs: new Uint8Array([0]) },
      include: { content: true },
    });
    const manager = UpgradeManager.parse(um.object.content);
    expect(manager.cap).toMatchObject({ id: f.published.upgradeCapId, package: packageId, version: '1', policy: 0 });
    expect(manager.upgrade_proposal).toBeNull();

    let c = await chain.getCommittee(committeeId);
    expect(c).toMatchObject({
      id: committeeId,
      packageId,
      threshold: 2,
      members: addrs,
      phase: 'Init',
      registrations: [],
      proposal: null,
      oldCommitteeId: null,
    });
    const { object } = await ledger.client.core.getObject({ objectId: committeeId });
    expect(object.type).toBe(committeeType(packageId));
    expect(object.owner.$kind).toBe('Shared');

    await registerAll(f, members);
    c = await chain.getCommittee(committeeId);
    expect(c.phase).toBe('Init');
    expect(c.registrations).toEqual(members.map((_, i) => ({ address: addrs[i], partyId: i, ...registration(i) })));

    const values = proposalValues(3);
    await chain.execute({ kind: 'propose', committeeId, ...values }, members[1]!);
    c = await chain.getCommittee(committeeId);
    expect(c.phase).toBe('PostDKG');
    expect(c.proposal).toEqual({ ...values, approvals: [addrs[1]] });
    expect(await chain.getKeyServerIdOfCommittee(committeeId)).toBeNull();

    await chain.execute({ kind: 'propose', committeeId, ...values }, members[0]!);
    expect((await chain.getCommittee(committeeId)).proposal!.approvals).toEqual([addrs[1], addrs[0]]);
    const last = await chain.execute({ kind: 'propose', committeeId, ...values }, members[2]!);

    c = await chain.getCommittee(committeeId);
    expect(c.phase).toBe('Finalized');
    expect(c.registrations).toBeNull();
    expect(c.proposal).toBeNull();

    // committee → KEY_SERVER_OBJ_ID → KeyServerV2
    const ksId = await chain.getKeyServerIdOfCommittee(committeeId);
    expect(ksId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(last.keyServerId).toBe(ksId);
    const ks = await chain.getKeyServer(ksId!);
    expect(ks).toEqual({
      id: ksId,
      sealPackageId: ledger.read().sealPackageId,
      name: toHex(bcs.Address.serialize(committeeId).toBytes()),
      keyType: 0,
      pk: values.pk,
      version: 0,
      threshold: 2,
      partialKeyServers: members.map((_, i) => ({
        name: `server-${i}`,
        url: `https://ks${i}.example`,
        partialPk: values.partialPks[i],
        partyId: i,
      })),
    });
    // … and back: the key server's holder is this committee, of this package
    expect(await chain.getCommitteeOfKeyServer(ksId!)).toEqual({ committeeId, packageId });
    expect(await chain.getRotationInfo(committeeId)).toEqual({ kind: 'fresh', nextVersion: 0 });

    // The key server sits in a Field<Wrapper<ID>, ID> owned by the committee, as on chain.
    const fields = await ledger.client.core.listDynamicFields({ parentId: committeeId });
    expect(fields.dynamicFields.map((d) => [d.$kind, d.name.type, d.childId]).sort()).toEqual(
      [
        ['DynamicObject', dofWrapperType(upgradeManagerKeyType(packageId)), um.object.objectId],
        ['DynamicObject', dofWrapperType('0x0000000000000000000000000000000000000000000000000000000000000002::object::ID'), ksId],
      ].sort(),
    );
  });

  it('lets a member update its URL after finalization, and only then', async () => {
    const f = await freshCommittee(3, 2, 300);
    await registerAll(f, f.members);
    await expect(
      f.chain.execute({ kind: 'update_member_url', committeeId: f.committeeId, url: 'https://early' }, f.members[0]!),
    ).rejects.toMatchObject({
      code: 'chain-abort/NotFinalized',
    });
    const values = proposalValues(3);
    for (const m of f.members) await f.chain.execute({ kind: 'propose', committeeId: f.committeeId, ...values }, m);
    await f.chain.execute({ kind: 'update_member_url', committeeId: f.committeeId, url: 'https://moved.example' }, f.members[2]!);
    const ks = await f.chain.getKeyServer((await f.chain.getKeyServerIdOfCommittee(f.committeeId))!);
    expect(ks.partialKeyServers.map((p) => p.url)).toEqual(['https://ks0.example', 'https://ks1.example', 'https://moved.example']);
    await expect(f.chain.execute({ kind: 'update_member_url', committeeId: f.committeeId, url: 'x' }, f.coordinator)).rejects.toMatchObject(
      {
        code: 'chain-abort/ENotMember',
      },
    );
  });

  it('charges gas from the sender and bumps versions; a resubmitted transaction is not executed twice', async () => {
    const f = await freshCommittee(3, 2, 400);
    const m = f.members[0]!;
    const before = await f.chain.getBalance(m.toSuiAddress());
    const v0 = (await f.chain.getCommittee(f.committeeId)).version;
    const prepared = await f.chain.prepare({ kind: 'register', committeeId: f.committeeId, ...registration(0) }, m.toSuiAddress());
    const { signature } = await m.signTransaction(Buffer.from(prepared.bytes, 'base64'));
    await f.chain.submitSigned(prepared, signature);
    const after = await f.chain.getBalance(m.toSuiAddress());
    expect(after).toBeLessThan(before);
    expect(BigInt((await f.chain.getCommittee(f.committeeId)).version)).toBeGreaterThan(BigInt(v0));
    const txCount = f.ledger.read().transactions.length;
    await f.chain.submitSigned(prepared, signature);
    expect(f.ledger.read().transactions.length).toBe(txCount);
    expect(await f.chain.getBalance(m.toSuiAddress())).toBe(after);
  });

  it('reads refuse the wrong object with a sentence: unknown id, not a committee, not a key server, stale package', async () => {
    const f = await freshCommittee(3, 2, 450);
    const other = await f.chain.execute({ kind: 'publish', dump: fakeDump() }, f.coordinator);
    await expect(f.chain.getCommittee(normalizeSuiAddress('0x1234'))).rejects.toMatchObject({ code: 'chain/object-not-found' });
    await expect(f.chain.getCommittee(other.upgradeCapId!)).rejects.toMatchObject({ code: 'chain/not-a-committee' });
    await expect(f.chain.getKeyServer(f.committeeId)).rejects.toMatchObject({ code: 'chain/not-a-key-server' });
    await expect(f.chain.getCommitteeOfKeyServer(f.committeeId)).rejects.toMatchObject({ code: 'chain/not-a-key-server' });
    // A dkg.yaml naming another package for this committee (stale or from another committee).
    const stale = f.chain.execute(
      { kind: 'register', packageId: other.packageId!, committeeId: f.committeeId, ...registration(0) },
      f.members[0]!,
    );
    await expect(stale).rejects.toMatchObject({ code: 'chain/package-mismatch' });
    await expect(stale).rejects.toThrow(/stale or from another committee/);
  });
});
