import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { CeremonyFolder } from '../../engine/folder.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import type { SecretInfo } from '../../../../src-shared/api/vault.ts';
import { SEAL_ARTIFACTS, SEAL_FACTS, type SealView } from '../../../../src-shared/ceremonies/seal.ts';
import { act, artifact, carry, factOf, importRaw, signAndSubmit, view, type Joined } from '../../rehearsal/seal-driver.ts';
import { makeWorld, sealStateOf, type TestParty } from '../../testing/seal-world.ts';
import type { CoordinatorState, MemberState } from './state.ts';

const sealView = (v: CeremonyView) => v.view as SealView;
const readMeta = (p: TestParty, id: string) => new CeremonyFolder(join(p.dir, 'ceremonies'), id).readState().meta;
const dkgKeysOf = async (p: TestParty, ceremonyId: string) =>
  (await p.call<SecretInfo[]>('vault.list', {})).filter((s) => s.kind === 'seal.dkg-keys' && s.id.startsWith(`${ceremonyId}/`));

describe('restarting a Seal committee without a member who never registers', () => {
  it('2-of-3 where M1 never registers: the coordinator restarts without M1, M0 and M2 follow with fresh keys, and the committee finalizes', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    for (const [i, m] of d.plan.members.entries()) Object.assign(m, { serverUrl: `https://ks${i}.example`, serverName: `ks${i}` });
    await d.createCommittee();
    await d.joinAll();
    const [j0, j1, j2] = d.joined as [Joined, Joined, Joined];
    // M0 registers on the first committee; M2 only makes keys; M1 never does anything.
    await d.register(j0);
    await act(j2.me, 'generate-keys', { serverUrl: 'https://ks2.example', serverName: 'ks2' });
    const oldCommittee = sealStateOf(w.coordinator, d.coordinator.id).committee;
    const oldKeys0 = (sealStateOf(w.members[0]!, j0.me.id) as MemberState).keys!;
    const oldCode = factOf(await view(j0.me), SEAL_FACTS.committeeCheckCode)!;
    expect((await dkgKeysOf(w.members[0]!, j0.me.id)).length).toBe(1);

    let c = await act(d.coordinator, 'refresh');
    expect(sealView(c).canRestart).toBe(true);
    // a threshold that does not fit the new size is refused, naming the way out
    await expect(act(d.coordinator, 'restart-committee', { without: [j1.member.address, j2.member.address] })).rejects.toMatchObject({
      code: 'seal/too-few-members',
    });
    c = await act(d.coordinator, 'restart-committee', { without: [j1.member.address] });
    expect(sealView(c).restart).toEqual({ count: 1, removed: [{ name: 'M1', address: j1.member.address }], replaced: [] });
    expect(sealView(c).n).toBe(2);
    expect(c.next.map((n) => n.action)).toContain('publish');
    expect(c.headline).toMatch(/^You restarted the committee without M1\. Publish the committee package again \(transaction 1 of 2\)/);
    expect(factOf(c, SEAL_FACTS.restarted)).toBe('once; the last time without M1');
    await act(d.coordinator, 'publish');
    await signAndSubmit(d.coordinator);
    await act(d.coordinator, 'init-committee');
    c = await signAndSubmit(d.coordinator);
    const cs = sealStateOf(w.coordinator, d.coordinator.id) as CoordinatorState;
    expect(cs.previousCommittees.map((p) => p.committeeId)).toEqual([oldCommittee.committeeId]);
    expect(cs.committee.committeeId).not.toBe(oldCommittee.committeeId);
    expect(cs.committee.packageId).not.toBe(oldCommittee.packageId);
    const newCode = factOf(c, SEAL_FACTS.committeeCheckCode)!;
    // the one task now: send the new invitation to the members, by name
    expect(c.headline).toBe(
      'You restarted the committee without M1. Send the new invitation (bundle or dkg.yaml) to M0 and M2: each imports it, compares the new committee check code and registers again.',
    );
    expect(factOf(c, SEAL_FACTS.abandonedCommittees)).toBe(oldCommittee.committeeId);
    expect(newCode).not.toBe(oldCode);

    const invitation = await artifact(d.coordinator, SEAL_ARTIFACTS.invitation);
    // M1 is not in the new committee: told so, and nothing changes
    const before1 = sealStateOf(w.members[1]!, j1.me.id);
    const r1 = await importRaw(j1.me, [invitation]);
    expect(r1.outcomes[0]!.error).toMatchObject({ code: 'seal/not-in-restarted-committee' });
    expect(r1.outcomes[0]!.error!.message).toMatch(/^You are not in the restarted committee: the coordinator restarted it without M1/);
    expect(sealStateOf(w.members[1]!, j1.me.id)).toEqual(before1);
    // joining the new invitation beside the old ceremony is refused: it continues that ceremony
    await expect(w.members[0]!.call('ceremonies.join', { ...invitation, params: {} })).rejects.toMatchObject({
      code: 'engine/already-joined',
      message: expect.stringMatching(/continues a ceremony you are in/),
    });

    for (const j of [j0, j2]) {
      const r = await importRaw(j.me, [invitation]);
      expect(r.outcomes[0]!.error).toBeNull();
    }
    // M2 is party 1 now, with its account, server and name kept; M0 has fresh keys and must compare the new code
    const m2 = await view(j2.me);
    expect(sealView(m2).partyId).toBe(1);
    // its bundles now come from member-1 (the engine's participant moved with the party id)
    expect(readMeta(w.members[2]!, j2.me.id).me.id).toBe('member-1');
    expect(sealView(m2).server).toEqual({ url: 'https://ks2.example', name: 'ks2' });
    expect(sealView(m2).restart!.removed.map((p) => p.name)).toEqual(['M1']);
    const m0 = await view(j0.me);
    expect(factOf(m0, SEAL_FACTS.committeeCheckCode)).toBe(newCode);
    expect(m0.next.map((n) => n.action)).not.toContain('register');
    expect(m0.headline).toBe(
      `The coordinator restarted the committee without M1. Compare the committee check code ${newCode} with the code your coordinator announced, then choose Codes match.`,
    );
    const s0 = sealStateOf(w.members[0]!, j0.me.id) as MemberState;
    expect(s0.registered).toBe(false);
    expect(s0.keys!.encPk).not.toBe(oldKeys0.encPk);
    expect(s0.codeChecks.some((k) => k.code === oldCode && k.verdict === 'match')).toBe(true);
    // the abandoned committee's DKG keys are gone: one entry, the new one
    const keys0 = await dkgKeysOf(w.members[0]!, j0.me.id);
    expect(keys0.length).toBe(1);
    // importing it again is a duplicate, not a second restart
    expect((await importRaw(j0.me, [invitation])).outcomes[0]!.error).toMatchObject({ code: 'bundle/duplicate' });

    d.plan.members = [j0.member, j2.member];
    d.joined = [
      { ...j0, partyId: 0 },
      { ...j2, partyId: 1 },
    ];
    await d.registerAll();
    await d.messagesAll();
    await d.distributeMessageSet();
    await d.proposeAll();
    await d.finalizeAll();
    c = await view(d.coordinator);
    expect(c.status).toBe('completed');
    expect(sealView(c).canRestart).toBe(false);
    const ksPk = factOf(c, SEAL_FACTS.keyServerPk);
    for (const j of d.joined) {
      const v = await view(j.me);
      expect(v.status).toBe('completed');
      expect(factOf(v, SEAL_FACTS.keyServerPk)).toBe(ksPk);
    }
    // once the message set is out, a restart is refused
    await expect(act(d.coordinator, 'restart-committee', { without: [j2.member.address] })).rejects.toMatchObject({
      code: 'seal/restart-too-late',
    });
  }, 120_000);

  it('in phase 2, after messages came in: the same members send new messages (from fresh seeds) to the new committee, accepted as theirs, and it finalizes', async () => {
    const w = await makeWorld(3, 2);
    const d = w.driver;
    await d.createCommittee();
    await d.joinAll();
    await d.registerAll();
    const [j0, j1, j2] = d.joined as [Joined, Joined, Joined];
    for (const j of [j0, j1]) {
      await act(j.me, 'create-message');
      await carry(j.me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
    }
    const oldMessages = (sealStateOf(w.coordinator, d.coordinator.id) as CoordinatorState).messages.map((m) => m.fingerprint);
    expect(oldMessages).toHaveLength(2);
    expect((await view(d.coordinator)).phase).toBe(2);
    // M2 never sends its message: restart without M2
    await act(d.coordinator, 'restart-committee', { without: [j2.member.address] });
    await act(d.coordinator, 'publish');
    await signAndSubmit(d.coordinator);
    await act(d.coordinator, 'init-committee');
    await signAndSubmit(d.coordinator);
    const invitation = await artifact(d.coordinator, SEAL_ARTIFACTS.invitation);
    for (const j of [j0, j1]) expect((await importRaw(j.me, [invitation])).outcomes[0]!.error).toBeNull();
    d.plan.members = [j0.member, j1.member];
    d.joined = [j0, j1];
    await d.registerAll();
    // the coordinator's inbox holds each member's first "message" bundle; the new ones are of the new committee
    await d.messagesAll();
    const newMessages = (sealStateOf(w.coordinator, d.coordinator.id) as CoordinatorState).messages.map((m) => m.fingerprint);
    expect(newMessages).toHaveLength(2);
    for (const f of newMessages) expect(oldMessages).not.toContain(f);
    await d.distributeMessageSet();
    await d.proposeAll();
    await d.finalizeAll();
    expect((await view(d.coordinator)).status).toBe('completed');
    for (const j of d.joined) expect((await view(j.me)).status).toBe('completed');
  }, 120_000);

  it('replace: a new member takes the place (and party id) of one who never registers; a threshold that no longer fits needs a new one', async () => {
    const w = await makeWorld(3, 3);
    const d = w.driver;
    await d.createCommittee();
    const frank = '0x' + 'f'.repeat(64);
    await expect(act(d.coordinator, 'restart-committee', { without: [d.plan.members[1]!.address] })).rejects.toMatchObject({
      code: 'seal/threshold-too-high',
      message: expect.stringMatching(/give a new threshold between 2 and 2/),
    });
    await expect(act(d.coordinator, 'restart-committee', { without: ['0x' + 'e'.repeat(64)] })).rejects.toMatchObject({
      code: 'seal/not-a-member',
    });
    const c = await act(d.coordinator, 'restart-committee', { replace: [{ old: d.plan.members[1]!.address, new: frank, label: 'Frank' }] });
    expect(sealView(c).members.map((m) => m.name)).toEqual(['M0', 'Frank', 'M2']);
    expect(sealView(c).restart!.replaced).toEqual([
      { old: { name: 'M1', address: d.plan.members[1]!.address }, new: { name: 'Frank', address: frank } },
    ]);
    expect(sealView(c).threshold).toBe(3);
  }, 60_000);
});
