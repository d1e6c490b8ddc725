/**
 * Rotation on the rehearsal ledger: a finalized 2-of-3 committee rotates to 3-of-4 (two members
 * continue, one leaves, two join). propose_for_rotation takes the old committee by value, puts the
 * key server back until the last approval, then moves it (version 0 → 1, pk unchanged) and the
 * UpgradeManager to the new committee and deletes the old one.
 */
import { ObjectError } from '@mysten/sui/client';
import { normalizeSuiAddress } from '@mysten/sui/utils';
import { describe, expect, it } from 'vitest';
import { explainExecutionError } from '../chain-errors.ts';
import { CommitteeRotationInitiated, UpgradeManager } from '../move-types.ts';
import { buildProposeForRotation } from '../tx/builders.ts';
import { rotationEventType, upgradeManagerKeyType } from '../type-names.ts';
import { freshCommittee, keypair, proposalValues, registerAll, registration } from '../test-support.ts';

async function finalizedCommittee(seed: number) {
  const f = await freshCommittee(3, 2, seed);
  await registerAll(f, f.members);
  const v0 = proposalValues(3);
  for (const m of f.members) await f.chain.execute({ kind: 'propose', committeeId: f.committeeId, ...v0 }, m);
  const ksId = (await f.chain.getKeyServerIdOfCommittee(f.committeeId))!;
  return { f, v0, ksId };
}

describe('rotation 2-of-3 → 3-of-4 on the rehearsal ledger', () => {
  it('moves the key server to the new committee at version 1 and deletes the old committee', async () => {
    const { f, v0, ksId } = await finalizedCommittee(500);
    const { chain, ledger } = f;
    const [m0, m1] = f.members;
    const joiners = [keypair(600), keypair(601)];
    for (const j of joiners) await ledger.faucet(j.toSuiAddress());
    const newMembers = [m0!, m1!, ...joiners];
    const newAddrs = newMembers.map((m) => normalizeSuiAddress(m.toSuiAddress()));

    // Start from the KEY_SERVER_OBJ_ID, as the coordinator does.
    const current = await chain.getCommitteeOfKeyServer(ksId);
    expect(current).toEqual({ committeeId: f.committeeId, packageId: f.packageId });
    const init = await chain.execute({ kind: 'init_rotation', oldCommitteeId: current.committeeId, threshold: 3, members: newAddrs }, m1!);
    const newId = init.committeeId!;
    expect(newId).not.toBe(f.committeeId);

    // The contract's only event.
    const events = await ledger.client.core.listEvents({ filter: { eventType: rotationEventType(f.packageId) } });
    expect(events.events).toHaveLength(1);
    expect(CommitteeRotationInitiated.parse(events.events[0]!.bcs)).toEqual({ committee_id: newId, old_committee_id: f.committeeId });

    let c = await chain.getCommittee(newId);
    expect(c).toMatchObject({ packageId: f.packageId, threshold: 3, members: newAddrs, phase: 'Init', oldCommitteeId: f.committeeId });

    const rot = await chain.getRotationInfo(newId);
    expect(rot).toEqual({
      kind: 'rotation',
      nextVersion: 1,
      oldCommitteeId: f.committeeId,
      keyServerId: ksId,
      oldPk: v0.pk,
      oldThreshold: 2,
      oldMembers: f.members.map((m) => normalizeSuiAddress(m.toSuiAddress())),
      oldPartialPks: v0.partialPks,
    });

    await registerAll({ chain, committeeId: newId }, newMembers, 10);
    // A fresh-DKG propose on a rotation committee is refused.
    await expect(chain.execute({ kind: 'propose', committeeId: newId, ...proposalValues(4, 1) }, m0!)).rejects.toMatchObject({
      code: 'chain-abort/EInvalidState',
    });

    const v1 = proposalValues(4, 1);
    const rotationCall = {
      kind: 'propose_for_rotation' as const,
      committeeId: newId,
      partialPks: v1.partialPks,
      messagesHash: v1.messagesHash,
    };
    for (const [i, m] of newMembers.slice(0, 3).entries()) {
      await chain.execute(rotationCall, m);
      c = await chain.getCommittee(newId);
      expect(c.phase).toBe('PostDKG');
      // The proposal carries the OLD key server's pk, not a caller-chosen one.
      expect(c.proposal!.pk).toEqual(v0.pk);
      expect(c.proposal!.approvals).toHaveLength(i + 1);
      // Until the last approval the key server goes back to the old committee.
      expect(await chain.getKeyServerIdOfCommittee(f.committeeId)).toBe(ksId);
      expect((await chain.getKeyServer(ksId)).version).toBe(0);
    }
    // A wrong proposal from the last member is refused and changes nothing.
    await expect(chain.execute({ ...rotationCall, messagesHash: new Uint8Array(32) }, joiners[1]!)).rejects.toMatchObject({
      code: 'chain-abort/EInvalidProposal',
    });
    await expect(chain.execute(rotationCall, m0!)).rejects.toMatchObject({ code: 'chain-abort/EAlreadyProposed' });

    await chain.execute(rotationCall, joiners[1]!);

    c = await chain.getCommittee(newId);
    expect(c.phase).toBe('Finalized');
    expect(await chain.getKeyServerIdOfCommittee(newId)).toBe(ksId); // KEY_SERVER_OBJ_ID does not change
    const ks = await chain.getKeyServer(ksId);
    expect(ks.pk).toEqual(v0.pk);
    expect(ks.version).toBe(1);
    expect(ks.threshold).toBe(3);
    expect(ks.partialKeyServers).toEqual(
      newMembers.map((_, i) => ({
        name: registration(10 + i).name,
        url: registration(10 + i).url,
        partialPk: v1.partialPks[i],
        partyId: i,
      })),
    );
    expect(await chain.getCommitteeOfKeyServer(ksId)).toEqual({ committeeId: newId, packageId: f.packageId });
    expect(await chain.getRotationInfo(newId)).toEqual({ kind: 'rotation-finalized', version: 1, keyServerId: ksId });

    // The old committee is deleted; its UpgradeManager moved, with no pending upgrade.
    await expect(chain.getCommittee(f.committeeId)).rejects.toMatchObject({ code: 'chain/object-deleted' });
    await expect(ledger.client.core.getObject({ objectId: f.committeeId })).rejects.toBeInstanceOf(ObjectError);
    const um = await ledger.client.core.getDynamicObjectField({
      parentId: newId,
      name: { type: upgradeManagerKeyType(f.packageId), bcs: new Uint8Array([0]) },
      include: { content: true },
    });
    expect(UpgradeManager.parse(um.object.content).cap.package).toBe(f.packageId);

    // Late processing: proposing again fails with a sentence, not a stack trace.
    const late = chain.execute(rotationCall, m0!);
    await expect(late).rejects.toMatchObject({ code: 'chain/object-deleted' });
    await expect(late).rejects.toThrow(/already been finalized/);
  });

  it('a proposal referencing the deleted old committee fails on chain (InputObjectDeleted); a stale prepared copy is refused', async () => {
    const { f } = await finalizedCommittee(700);
    const [m0, m1, m2] = f.members;
    const addrs = [m0!, m1!, m2!].map((m) => m.toSuiAddress());
    const oldRef = { objectId: f.committeeId, initialSharedVersion: (await f.chain.getCommittee(f.committeeId)).initialSharedVersion };
    const init = await f.chain.execute({ kind: 'init_rotation', oldCommitteeId: f.committeeId, threshold: 2, members: addrs }, m0!);
    const newRef = {
      objectId: init.committeeId!,
      initialSharedVersion: (await f.chain.getCommittee(init.committeeId!)).initialSharedVersion,
    };
    await registerAll({ chain: f.chain, committeeId: init.committeeId! }, [m0!, m1!, m2!], 20);
    const v1 = proposalValues(3, 2);
    const call = { kind: 'propose_for_rotation' as const, committeeId: init.committeeId!, ...v1 };
    await f.chain.execute(call, m0!);
    await f.chain.execute(call, m1!);
    // prepared while the old committee exists (another budget, so it is a different transaction)
    const stale = await f.chain.prepare(call, m2!.toSuiAddress(), { gasBudget: 40_000_000n });
    await f.chain.execute(call, m2!); // another copy finalizes first and deletes the old committee
    const { signature } = await m2!.signTransaction(Buffer.from(stale.bytes, 'base64'));
    await expect(f.chain.submitSigned(stale, signature)).rejects.toMatchObject({ code: 'rehearsal/stale-gas-coin' });

    // Built by hand (no dry run): the node sequences it and fails it with InputObjectDeleted.
    const tx = buildProposeForRotation({ packageId: f.packageId, committee: newRef, ...v1, oldCommittee: oldRef });
    tx.setGasBudget(50_000_000);
    const r = await f.ledger.client.core.signAndExecuteTransaction({ transaction: tx, signer: m0!, include: { effects: true } });
    expect(r.$kind).toBe('FailedTransaction');
    const err = explainExecutionError(r.FailedTransaction!.status.error!, 'propose_for_rotation');
    expect(err.code).toBe('chain/object-deleted');
    expect(err.message).toContain('already been finalized');
    expect(r.FailedTransaction!.effects.unchangedConsensusObjects).toEqual([
      expect.objectContaining({ kind: 'MutateConsensusStreamEnded', objectId: f.committeeId }),
    ]);
  });

  it('refuses before any transaction: too few continuing members, a non-member starting it, an unfinished old committee', async () => {
    const { f } = await finalizedCommittee(800);
    const [m0, m1, m2] = f.members;
    const newcomers = [keypair(1801), keypair(1802), keypair(1803)].map((k) => k.toSuiAddress());
    const txs = f.ledger.read().transactions.length;
    const tooFew = f.chain.execute(
      { kind: 'init_rotation', oldCommitteeId: f.committeeId, threshold: 2, members: [m0!.toSuiAddress(), ...newcomers] },
      m0!,
    );
    await expect(tooFew).rejects.toMatchObject({ code: 'chain-abort/EInsufficientOldMembers' });
    await expect(tooFew).rejects.toThrow(/Only 1 member\(s\) of the current committee continue, but at least 2/);
    const outsider = f.chain.execute(
      { kind: 'init_rotation', oldCommitteeId: f.committeeId, threshold: 2, members: [m0!, m1!, m2!].map((m) => m.toSuiAddress()) },
      f.coordinator,
    );
    await expect(outsider).rejects.toMatchObject({ code: 'chain-abort/ENotMember' });
    expect(f.ledger.read().transactions.length).toBe(txs);

    const g = await freshCommittee(3, 2, 850);
    await expect(
      g.chain.execute(
        { kind: 'init_rotation', oldCommitteeId: g.committeeId, threshold: 2, members: g.members.map((m) => m.toSuiAddress()) },
        g.members[0]!,
      ),
    ).rejects.toMatchObject({ code: 'chain-abort/EInvalidState' });
  });

  it("propose_for_rotation checks the old committee: not a rotation, unknown, or not this rotation's old committee", async () => {
    const { f } = await finalizedCommittee(900);
    const [m0, m1, m2] = f.members;
    const addrs = [m0!, m1!, m2!].map((m) => m.toSuiAddress());
    const r1 = await f.chain.execute({ kind: 'init_rotation', oldCommitteeId: f.committeeId, threshold: 2, members: addrs }, m0!);
    const r2 = await f.chain.execute({ kind: 'init_rotation', oldCommitteeId: f.committeeId, threshold: 2, members: addrs }, m1!);
    await registerAll({ chain: f.chain, committeeId: r2.committeeId! }, [m0!, m1!, m2!], 30);
    const v = proposalValues(3, 3);
    await expect(f.chain.execute({ kind: 'propose_for_rotation', committeeId: f.committeeId, ...v }, m0!)).rejects.toMatchObject({
      code: 'chain/not-a-rotation',
    });
    await expect(
      f.chain.execute(
        { kind: 'propose_for_rotation', committeeId: r2.committeeId!, oldCommitteeId: normalizeSuiAddress('0xdead'), ...v },
        m0!,
      ),
    ).rejects.toMatchObject({ code: 'chain/object-not-found' });
    // r1 is a committee of the same package, but not r2's old committee: check_rotation_consistency aborts.
    await expect(
      f.chain.execute({ kind: 'propose_for_rotation', committeeId: r2.committeeId!, oldCommitteeId: r1.committeeId!, ...v }, m0!),
    ).rejects.toMatchObject({
      code: 'chain-abort/EInvalidState',
    });
  });
});
