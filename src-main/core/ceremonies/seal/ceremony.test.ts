import { describe, expect, it } from 'vitest';
import { SEAL_FACTS, SEAL_TAGS } from '../../../../src-shared/ceremonies/seal.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';
import { SEAL_ARTIFACTS } from '../../../../src-shared/ceremonies/seal.ts';
import { act, artifact, carry, factOf, signAndSubmit, view, type PartyCeremony } from '../../rehearsal/seal-driver.ts';
import type { WalletAccount } from '../../../../src-shared/api/wallet.ts';
import { readFileSync } from 'node:fs';
import { listFiles } from '../../vault/test-support.ts';
import { makeWorld } from '../../testing/seal-world.ts';
import { joinedTitle } from './join.ts';

const nextOf = (v: CeremonyView, action: string) => v.next.find((n) => n.action === action);

describe('a whole Seal ceremony through the API (rehearsal ledger folder)', () => {
  it('3 members, threshold 2, one air-gapped behind a relay: views say what to do next, and everyone ends with the same key', async () => {
    const w = await makeWorld(3, 2, { airGapped: [1] });
    const d = w.driver;
    await d.createCommittee();
    let c = await view(d.coordinator);
    // REHEARSAL is the first fact, the committee facts are there, and the next step is named
    expect(c.facts[0]!.label).toBe(SEAL_FACTS.rehearsal);
    expect(c.rehearsal).toBe(true);
    expect(factOf(c, SEAL_FACTS.network)).toBe('REHEARSAL (not a real network)');
    expect(factOf(c, SEAL_FACTS.threshold)).toBe('2 of 3 members');
    expect(factOf(c, SEAL_FACTS.committeeId)).toMatch(/^0x[0-9a-f]{64}$/);
    expect(c.headline).toContain('Waiting for M0 (party 0), M1 (party 1) and M2 (party 2) to register (0 of 3 registered)');
    expect(c.artifacts.map((a) => a.name)).toEqual(
      expect.arrayContaining(['tx-publish.json', 'tx-init-committee.json', 'dkg.yaml', 'seal-invitation.ceremony']),
    );

    // the first chain read is news; a refresh that finds nothing new records nothing
    c = await act(d.coordinator, 'refresh');
    const before = c.activity.length;
    c = await act(d.coordinator, 'refresh');
    expect(c.activity.length).toBe(before);

    await d.joinAll();
    const [j0, j1] = d.joined;
    let m = await view(j0!.me);
    // the committee's name for people travels in the invitation
    expect(m.title).toBe(c.title);
    const code = factOf(c, SEAL_FACTS.committeeCheckCode)!;
    expect(m.headline).toContain(`Compare the committee check code ${code}`);
    expect(factOf(await view(j1!.me), SEAL_FACTS.committeeCheckCode)).toBe(code);
    await act(j0!.me, 'generate-keys', { serverUrl: 'https://ks0.example', serverName: 'ks0' });
    m = await view(j0!.me);
    // registering waits for the committee code comparison ("Codes match")
    expect(m.headline).toBe(`Compare the committee check code ${code} with the code your coordinator announced, then choose Codes match.`);
    expect(nextOf(m, 'register')).toBeUndefined();
    m = await d.confirmCode(j0!, 'committee');
    expect(m.headline).toBe('Codes match: register your DKG keys on chain.');
    // registering is irreversible: the action carries a confirmation sentence
    expect(nextOf(m, 'register')!.confirm).toMatch(/final/);
    await act(j0!.me, 'register');
    m = await view(j0!.me);
    expect(factOf(m, SEAL_FACTS.pendingTxFile)).toBe('tx-register.json');
    expect(nextOf(m, 'submit-signature')!.primary).toBe(true);

    await signAndSubmit(j0!.me);
    m = await view(j0!.me);
    expect(m.participants.find((p) => p.tags.includes(SEAL_TAGS.you))!.tags).toContain(SEAL_TAGS.registered);
    for (const j of d.joined.slice(1)) await d.register(j);
    await d.refreshAll();
    await carry(j1!.relay!, SEAL_ARTIFACTS.snapshotRegistered, j1!.me);
    c = await view(d.coordinator);
    expect(c.phase).toBe(2);
    expect(c.headline).toMatch(/^Everyone is registered: tell members to create their DKG messages/);
    const regCode = factOf(c, SEAL_FACTS.registrationsCheckCode)!;
    // the air-gapped member compares the registrations of its snapshot with the coordinator's
    expect(factOf(await view(j1!.me), SEAL_FACTS.registrationsCheckCode)).toBe(regCode);

    await d.messagesAll();
    c = await view(d.coordinator);
    expect(c.participants.every((p) => p.tags.includes(SEAL_TAGS.messageReceived) && p.checkCode)).toBe(true);
    const hashCode = factOf(c, SEAL_FACTS.messagesHashCheckCode)!;
    await d.distributeMessageSet();
    await act(j0!.me, 'process');
    m = await view(j0!.me);
    expect(factOf(m, SEAL_FACTS.messagesHashCheckCode)).toBe(hashCode);
    expect(factOf(m, SEAL_FACTS.share)).toBe(`${j0!.me.id}/share-v0`);
    expect(m.headline).toContain(`Compare the messages_hash check code ${hashCode} with the code your coordinator announced`);
    expect(nextOf(m, 'propose')).toBeUndefined();
    m = await d.confirmCode(j0!, 'messages-hash');
    expect(nextOf(m, 'propose')!.confirm).toContain(hashCode);
    expect(nextOf(m, 'export-share-file')!.confirm).toMatch(/secret share/);
    await d.propose(j0!);
    for (const j of d.joined.slice(1)) await d.propose(j);
    await d.finalizeAll();

    c = await view(d.coordinator);
    expect(c.status).toBe('completed');
    const ksId = factOf(c, SEAL_FACTS.keyServerObjId)!;
    expect(ksId).toMatch(/^0x[0-9a-f]{64}$/);
    expect(factOf(c, SEAL_FACTS.partialKeyServer(0))).toContain('ks0 at https://ks0.example');
    const pks = new Set<string>();
    for (const j of d.joined) {
      const v = await view(j.me);
      expect(v.status, v.headline).toBe('completed');
      expect(factOf(v, SEAL_FACTS.keyServerObjId)).toBe(ksId);
      expect(factOf(v, SEAL_FACTS.messagesHashCheckCode)).toBe(hashCode);
      pks.add(factOf(v, SEAL_FACTS.keyServerPk)!);
      expect(v.artifacts.map((a) => a.name)).toContain('key-server-config.yaml');
      expect(nextOf(v, 'cleanup')!.confirm).toMatch(/deletes your DKG keys/);
    }
    expect(pks.size).toBe(1);
    expect(pks.has(factOf(c, SEAL_FACTS.keyServerPk)!)).toBe(true);
    const relay = await view(j1!.relay as PartyCeremony);
    expect(relay.status).toBe('completed');
  }, 60_000);

  it('a coordinator who is also a member runs two ceremonies in one install (the member joins from dkg.yaml)', async () => {
    const w = await makeWorld(2, 2);
    const d = w.driver;
    // member 0's account lives in the coordinator's install
    const mine = await w.coordinator.call<WalletAccount>('wallet.generate', { label: 'coordinator as member' });
    d.plan.members[0] = { ...d.plan.members[0]!, party: w.coordinator, address: mine.address };
    await d.createCommittee();
    const bundle = await artifact(d.coordinator, SEAL_ARTIFACTS.invitation);
    await expect(w.coordinator.call('ceremonies.join', { ...bundle, params: {} })).rejects.toThrow(/already joined this ceremony/);
    const dkgYaml = await artifact(d.coordinator, SEAL_ARTIFACTS.dkgYaml);
    const v = await w.coordinator.call<CeremonyView>('ceremonies.join', { ...dkgYaml, params: {} });
    expect(v.role).toBe('member');
    // dkg.yaml carries no committee name; the coordinator ceremony beside it does.
    const committeeName = (await view(d.coordinator)).title;
    expect(committeeName).not.toMatch(/0x/);
    expect(v.title).toBe(committeeName);
    // So does a relay joined there for the other member (an air-gapped member's relay).
    const relay = await w.coordinator.call<CeremonyView>('ceremonies.join', {
      ...dkgYaml,
      params: { role: 'relay', address: d.plan.members[1]!.address },
    });
    expect(relay.role).toBe('relay');
    expect(relay.title).toBe(committeeName);
    // Elsewhere, the dkg.yaml alone gives the committee id.
    expect(joinedTitle(null, { committeeId: `0x${'c'.repeat(64)}`, oldCommitteeId: null })).toMatch(/^Seal committee 0xcccc…cccc$/);
    expect(factOf(v, SEAL_FACTS.myAddress)).toBe(mine.address);
    const other = await w.members[1]!.call<CeremonyView>('ceremonies.join', { ...bundle, params: {} });
    d.joined = [
      { member: d.plan.members[0]!, partyId: 0, me: { party: w.coordinator, id: v.id }, relay: null },
      { member: d.plan.members[1]!, partyId: 1, me: { party: w.members[1]!, id: other.id }, relay: null },
    ];
    await d.registerAll();
    await d.messagesAll();
    await d.distributeMessageSet();
    await d.proposeAll();
    await d.finalizeAll();
    expect((await view(d.joined[0]!.me)).status).toBe('completed');
    expect((await w.coordinator.call<CeremonyView[]>('ceremonies.list', {})).map((c) => c.role).sort()).toEqual([
      'coordinator',
      'member',
      'relay',
    ]);
    // The coordinator's own member ceremony (dkg.yaml, same install) encrypts to the coordinator
    // ceremony's key; the API key stays in the vaults, out of every file and reply.
    await act(d.joined[0]!.me, 'send-api-credentials', { apiKeyName: 'x-api-key', apiKey: 'member-zero-api-key' });
    await carry(d.joined[0]!.me, SEAL_ARTIFACTS.apiCredentials, d.coordinator);
    expect((await view(d.coordinator)).participants.find((p) => p.id === 'member-0')!.tags).toContain(SEAL_TAGS.credentials);
    for (const f of listFiles(w.coordinator.dir)) expect(readFileSync(f).includes('member-zero-api-key'), f).toBe(false);
    expect(JSON.stringify(w.coordinator.replies)).not.toContain('member-zero-api-key');
  }, 60_000);
});
