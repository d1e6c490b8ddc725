/**
 * The Seal ceremony's typed view (SealView): a whole rehearsal through the API, asserting the
 * view's fields at each step for the coordinator, an online member, an air-gapped member and its
 * relay; then the rules this run cannot reach (code checks, relayed requests, rotations, network
 * labels, a retired committee) on states built directly, as describe.test.ts does.
 */
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { SEAL_ARTIFACTS, SEAL_FACTS, SealView, type SealCodeCheck } from '../../../../src-shared/ceremonies/seal.ts';
import type { CeremonyMeta } from '../../engine/protocol.ts';
import { act, artifact, carry, factOf, signAndSubmit, view, type PartyCeremony } from '../../rehearsal/seal-driver.ts';
import { makeWorld, type TestParty } from '../../testing/seal-world.ts';
import { joinCheckCode } from './rotation.ts';
import type { CoordinatorState, MemberState, RelayState, RotationSnap } from './state.ts';
import {
  fixtureAddr,
  fixtureAt,
  fixtureBase,
  fixtureCoordinator,
  fixtureMember,
  fixtureRegistration,
  fixtureRelay,
} from './state-fixtures.ts';
import { committeeCheckCode } from './values.ts';
import { networkOf, viewSeal } from './view.ts';

/** The typed view of a ceremony, checked against the shared schema. */
async function sv(p: PartyCeremony): Promise<SealView> {
  const v = await view(p);
  return SealView.parse(v.view);
}

const flags = (v: SealView, key: 'registered' | 'messageReceived' | 'proposed' | 'credentials') => v.members.map((m) => m[key]);

describe('the Seal view through a whole rehearsal (3 members, threshold 2, member 1 air-gapped)', () => {
  it('says the step, whom it waits for, the codes, the roster flags, the files to carry and the hand-over', async () => {
    const w = await makeWorld(3, 2, { airGapped: [1] });
    const d = w.driver;
    const plan = d.plan;

    // --- the coordinator makes the committee (step "join": what members will compare is being made)
    const created = await plan.coordinator.party.call<{ id: string }>('ceremonies.create', {
      protocol: 'seal',
      title: 'Seal committee',
      rehearsal: true,
      params: {
        network: plan.network,
        threshold: 2,
        members: plan.members.map((m) => ({ address: m.address, label: m.label })),
        coordinatorAddress: plan.coordinator.address,
      },
    });
    d.coordinator = { party: plan.coordinator.party, id: created.id };
    await act(d.coordinator, 'publish');
    let c = await sv(d.coordinator);
    expect(c).toMatchObject({
      role: 'coordinator',
      step: 'join',
      me: null,
      partyId: null,
      network: { kind: 'rehearsal', label: 'Rehearsal ledger' },
      codes: { committee: null, messagesHash: null },
      pendingTx: { purpose: 'publish', status: 'unsigned', sender: plan.coordinator.address, artifactId: SEAL_ARTIFACTS.tx('publish') },
      lastTxError: null,
      waitingFor: [],
      carry: [],
      leaving: [],
      handover: null,
      share: null,
      myRotation: null,
      keyServer: null,
    });
    // the pending transaction's file is the artifact the view names
    expect(
      JSON.parse(Buffer.from((await artifact(d.coordinator, c.pendingTx!.artifactId)).base64, 'base64').toString('utf8')),
    ).toMatchObject({
      digest: c.pendingTx!.digest,
      purpose: 'publish',
    });
    expect(c.members.map((m) => [m.id, m.name, m.you, m.airGapped, m.rotationPart])).toEqual([
      ['member-0', 'M0', false, null, null],
      ['member-1', 'M1', false, null, null],
      ['member-2', 'M2', false, null, null],
    ]);
    await signAndSubmit(d.coordinator);
    await act(d.coordinator, 'init-committee');
    await signAndSubmit(d.coordinator);

    // --- registration: the coordinator waits for all three and carries the invitation
    c = await sv(d.coordinator);
    const code = factOf(await view(d.coordinator), SEAL_FACTS.committeeCheckCode)!;
    expect(c).toMatchObject({
      step: 'register',
      pendingTx: null,
      waitingFor: ['M0', 'M1', 'M2'],
      codes: { committee: code, messagesHash: null },
      carry: [{ artifactId: SEAL_ARTIFACTS.invitation, to: 'members' }],
      messages: null,
    });
    expect(flags(c, 'registered')).toEqual([false, false, false]);
    expect(flags(c, 'credentials')).toEqual([false, false, false]);

    await d.joinAll();
    const [j0, j1, j2] = d.joined as [(typeof d.joined)[0], (typeof d.joined)[0], (typeof d.joined)[0]];
    let m0 = await sv(j0.me);
    expect(m0).toMatchObject({
      role: 'member',
      partyId: 0,
      step: 'join',
      me: { name: 'M0', address: plan.members[0]!.address, airGapped: false },
      coordinatorAddress: plan.coordinator.address,
      codes: { committee: code, messagesHash: null },
      codeChecks: [],
      carry: [],
      server: null,
      handover: null,
      share: null,
      myRotation: null,
    });
    expect(m0.members.map((m) => [m.you, m.airGapped, m.credentials])).toEqual([
      [true, false, null],
      [false, null, null],
      [false, null, null],
    ]);
    expect((await sv(j1.me)).me).toMatchObject({ name: 'M1', airGapped: true });
    const r1 = await sv(j1.relay!);
    expect(r1).toMatchObject({ role: 'relay', partyId: 1, step: 'join', me: { name: 'M1', airGapped: true }, codes: { committee: code } });
    expect(r1.members.map((m) => [m.you, m.airGapped, m.messageReceived])).toEqual([
      [false, null, null],
      [true, true, null],
      [false, null, null],
    ]);

    // --- member 0 registers: it waits for the others; the coordinator sees it after a chain read
    await d.register(j0);
    m0 = await sv(j0.me);
    expect(m0).toMatchObject({ step: 'send-message', waitingFor: ['M1', 'M2'], server: { name: 'server-0' }, pendingTx: null });
    expect(flags(m0, 'registered')).toEqual([true, false, false]);
    await act(d.coordinator, 'refresh');
    expect((await sv(d.coordinator)).waitingFor).toEqual(['M1', 'M2']);

    // --- the air-gapped member: its signature waits for the relay; the relay submitted it
    await d.register(j1);
    const m1 = await sv(j1.me);
    expect(m1).toMatchObject({
      step: 'register',
      pendingTx: { purpose: 'register', status: 'signed', artifactId: SEAL_ARTIFACTS.tx('register') },
      carry: [{ artifactId: SEAL_ARTIFACTS.txSignature('register'), to: 'relay' }],
    });
    expect(await sv(j1.relay!)).toMatchObject({
      step: 'send-message',
      waitingFor: ['M2'],
      server: { url: 'https://seal-1.example.org', name: 'server-1' },
      carry: [],
    });
    await d.register(j2);

    // --- everyone registered: messages. The chain reads write the registrations snapshot
    await d.refreshAll();
    c = await sv(d.coordinator);
    expect(c).toMatchObject({
      step: 'send-message',
      waitingFor: ['M0', 'M1', 'M2'],
      messages: { received: 0, needed: 3 },
      carry: [{ artifactId: SEAL_ARTIFACTS.snapshotRegistered, to: 'air-gapped-member' }],
    });
    expect(flags(c, 'registered')).toEqual([true, true, true]);
    expect(flags(c, 'messageReceived')).toEqual([false, false, false]);
    expect((await sv(j1.relay!)).carry).toEqual([{ artifactId: SEAL_ARTIFACTS.snapshotRegistered, to: 'air-gapped-member' }]);
    await carry(j1.relay!, SEAL_ARTIFACTS.snapshotRegistered, j1.me);
    // the snapshot settles the signed registration: nothing left to carry, nobody to wait for but the coordinator
    expect(await sv(j1.me)).toMatchObject({ step: 'send-message', pendingTx: null, carry: [], waitingFor: [] });

    await act(j0.me, 'create-message');
    m0 = await sv(j0.me);
    expect(m0.carry).toEqual([{ artifactId: SEAL_ARTIFACTS.messageBundle, to: 'coordinator' }]);
    expect(m0.members[0]!.messageReceived).toBe(true); // its own message, in its inbox
    const messageCode = m0.members[0]!.messageCode;
    expect(messageCode).toMatch(/\d/);
    await carry(j0.me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
    c = await sv(d.coordinator);
    expect(c.waitingFor).toEqual(['M1', 'M2']);
    expect(c.members.map((m) => [m.messageReceived, m.messageCode])).toEqual([
      [true, messageCode],
      [false, null],
      [false, null],
    ]);
    for (const j of [j1, j2]) {
      await act(j.me, 'create-message');
      await carry(j.me, SEAL_ARTIFACTS.messageBundle, d.coordinator);
    }
    c = await sv(d.coordinator);
    expect(c).toMatchObject({ step: 'send-message', waitingFor: [], messages: { received: 3, needed: 3 } });

    // --- the message set: check-result until finalized
    await act(d.coordinator, 'export-message-set');
    c = await sv(d.coordinator);
    const hashCode = factOf(await view(d.coordinator), SEAL_FACTS.messagesHashCheckCode)!;
    expect(c).toMatchObject({
      step: 'check-result',
      codes: { committee: code, messagesHash: hashCode },
      waitingFor: ['M0', 'M1', 'M2'],
      carry: [{ artifactId: SEAL_ARTIFACTS.messageSet, to: 'members' }],
    });
    await d.distributeMessageSet();
    m0 = await sv(j0.me);
    // the message went in with the set; the code is compared once this member computed it
    expect(m0).toMatchObject({ step: 'check-result', carry: [], codes: { messagesHash: null }, share: null });
    await act(j0.me, 'process');
    m0 = await sv(j0.me);
    expect(m0).toMatchObject({
      codes: { committee: code, messagesHash: hashCode },
      share: { version: 0, envNames: ['MASTER_SHARE_V0'], handoffs: [] },
    });
    await d.propose(j0);
    m0 = await sv(j0.me);
    expect(m0).toMatchObject({ step: 'check-result', waitingFor: ['M1', 'M2'], pendingTx: null });
    expect(flags(m0, 'proposed')).toEqual([true, false, false]);
    await d.propose(j1);
    expect((await sv(j1.me)).carry).toEqual([{ artifactId: SEAL_ARTIFACTS.txSignature('propose'), to: 'relay' }]);
    expect((await sv(j1.relay!)).codes.messagesHash).toBe(hashCode);
    await d.propose(j2);

    // --- finalized: the hand-over
    await d.finalizeAll();
    c = await sv(d.coordinator);
    const facts = await view(d.coordinator);
    expect(c).toMatchObject({
      step: 'hand-over',
      waitingFor: ['M0', 'M1', 'M2'],
      keyServer: {
        objectId: factOf(facts, SEAL_FACTS.keyServerObjId),
        pk: factOf(facts, SEAL_FACTS.keyServerPk),
        version: 0,
      },
      carry: [{ artifactId: SEAL_ARTIFACTS.snapshotFinalized, to: 'air-gapped-member' }],
    });
    expect(flags(c, 'proposed')).toEqual([true, true, true]);
    expect(await sv(j1.relay!)).toMatchObject({
      step: 'hand-over',
      carry: [{ artifactId: SEAL_ARTIFACTS.snapshotFinalized, to: 'air-gapped-member' }],
    });
    expect(await sv(j1.me)).toMatchObject({ step: 'hand-over', carry: [{ artifactId: SEAL_ARTIFACTS.keyServerConfig, to: 'key-server' }] });

    m0 = await sv(j0.me);
    expect(m0).toMatchObject({
      step: 'hand-over',
      waitingFor: [],
      keyServer: c.keyServer,
      handover: { share: false, credentials: false, cleanup: false },
      carry: [{ artifactId: SEAL_ARTIFACTS.keyServerConfig, to: 'key-server' }],
    });
    // key-server-config.yaml is there to carry
    expect((await artifact(j0.me, SEAL_ARTIFACTS.keyServerConfig)).name).toBe('key-server-config.yaml');
    (j0.member.party as TestParty).core.exportTo(join(w.root, 'm0.env'));
    await act(j0.me, 'export-share-file', { format: 'env' });
    m0 = await sv(j0.me);
    expect(m0).toMatchObject({ handover: { share: true, credentials: false, cleanup: false }, carry: [] });
    // where the share went, as data (the "Share handed off" fact words the same list)
    expect(m0.share).toEqual({
      version: 0,
      envNames: ['MASTER_SHARE_V0'],
      handoffs: [{ method: 'env-file', where: join(w.root, 'm0.env'), at: expect.any(String) }],
    });
    await act(j0.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });
    expect(await sv(j0.me)).toMatchObject({
      handover: { share: true, credentials: true, cleanup: false },
      carry: [{ artifactId: SEAL_ARTIFACTS.apiCredentials, to: 'coordinator' }],
    });
    await carry(j0.me, SEAL_ARTIFACTS.apiCredentials, d.coordinator);
    c = await sv(d.coordinator);
    expect(c.waitingFor).toEqual(['M1', 'M2']);
    expect(flags(c, 'credentials')).toEqual([true, false, false]);
    await act(j0.me, 'cleanup');
    expect(await sv(j0.me)).toMatchObject({ step: 'done', handover: { share: true, credentials: true, cleanup: true }, carry: [] });

    // the coordinator is done once every member's credentials arrived
    for (const j of [j1, j2]) {
      await act(j.me, 'send-api-credentials', { apiKeyName: 'x-api-key' });
      await carry(j.me, SEAL_ARTIFACTS.apiCredentials, d.coordinator);
    }
    expect(await sv(d.coordinator)).toMatchObject({ step: 'done', waitingFor: [], carry: [] });
  }, 90_000);
});

// ---------------------------------------------------------------------------------------------
// States built directly

const addr = fixtureAddr;
const at = fixtureAt;
const base = fixtureBase;
const registration = fixtureRegistration;
const member = fixtureMember;
const coordinator = fixtureCoordinator;
const relay = fixtureRelay;
const hash = 'ab'.repeat(32);
const meta: CeremonyMeta = {
  id: 'seal-test',
  protocol: 'seal',
  title: 'T',
  role: 'member',
  rehearsal: false,
  createdAt: at,
  updatedAt: at,
  phase: 1,
  status: 'active',
  me: { id: 'member-0', label: 'M0', bundleKey: '00'.repeat(32) },
};

const pending = (purpose: 'register' | 'propose', status: 'unsigned' | 'submitting' | 'signed') => ({
  purpose,
  bytes: 'AA==',
  digest: 'D1',
  sender: addr(1),
  network: 'testnet',
  description: [],
  preparedAt: at,
  attempt: 1,
  status,
  signature: null,
});

const check = (code: string, verdict: 'match' | 'differs'): SealCodeCheck => ({
  moment: 'committee',
  code,
  verdict,
  heard: ['coordinator'],
  at,
});

const viewOf = (s: MemberState | CoordinatorState | RelayState) => SealView.parse(viewSeal(s, meta));

describe('the Seal view from states', () => {
  it('names the network plainly, by kind', () => {
    expect(networkOf('mainnet')).toEqual({ kind: 'mainnet', label: 'Sui Mainnet' });
    expect(networkOf('testnet')).toEqual({ kind: 'testnet', label: 'Sui Testnet' });
    expect(networkOf('devnet')).toEqual({ kind: 'devnet', label: 'Sui Devnet' });
    expect(networkOf('localnet')).toEqual({ kind: 'localnet', label: 'Local network' });
    expect(networkOf('testnet@https://node.example.org:9000')).toEqual({ kind: 'testnet', label: 'Sui Testnet' });
    expect(networkOf('https://rpc.example.org:8443/')).toEqual({ kind: 'custom', label: 'rpc.example.org:8443' });
    expect(networkOf('rehearsal:/tmp/ledger')).toEqual({ kind: 'rehearsal', label: 'Rehearsal ledger' });
    expect(networkOf('rehearsal')).toEqual({ kind: 'rehearsal', label: 'Rehearsal ledger' });
  });

  it('a member leaves "join" once it has keys and the latest committee check matched the current code', () => {
    const code = joinCheckCode(member())!;
    expect(code).toBe(committeeCheckCode(base().committee));
    expect(viewOf(member({ keys: null })).step).toBe('join');
    expect(viewOf(member()).step).toBe('join'); // keys, no comparison yet
    expect(viewOf(member({ codeChecks: [check(code, 'match')] }))).toMatchObject({ step: 'register', codeChecks: [check(code, 'match')] });
    expect(viewOf(member({ keys: null, codeChecks: [check(code, 'match')] })).step).toBe('join');
    // the latest verdict counts; a match of another code says nothing about this one
    expect(viewOf(member({ codeChecks: [check(code, 'match'), check(code, 'differs')] })).step).toBe('join');
    expect(viewOf(member({ codeChecks: [check(code, 'differs'), check(code, 'match')] })).step).toBe('register');
    expect(viewOf(member({ codeChecks: [check('0000-0000-0000', 'match')] })).step).toBe('join');
    // a registration made before code checks were journaled is past "join"
    expect(viewOf(member({ registered: true, codeChecks: undefined as unknown as SealCodeCheck[] }))).toMatchObject({
      step: 'send-message',
      codeChecks: [],
    });
    // no committee yet: no code
    const none = { ...base(), committee: { ...base().committee, committeeId: null, packageId: null } };
    expect(viewOf(member({}, none)).codes.committee).toBeNull();
    expect(viewOf(coordinator({}, none)).step).toBe('join');
  });

  it('an air-gapped member carries its request, then its signature, to the relay', () => {
    const gapped = (patch: Partial<MemberState>) => member({ airGapped: true, address: addr(1), partyId: 1, ...patch });
    expect(viewOf(gapped({ requested: { register: true, propose: false } }))).toMatchObject({
      step: 'register',
      carry: [{ artifactId: SEAL_ARTIFACTS.registerRequest, to: 'relay' }],
    });
    // the relay's unsigned transaction arrived: the request was used
    expect(viewOf(gapped({ requested: { register: true, propose: false }, pending: pending('register', 'unsigned') })).carry).toEqual([]);
    expect(viewOf(gapped({ requested: { register: true, propose: false }, pending: pending('register', 'signed') })).carry).toEqual([
      { artifactId: SEAL_ARTIFACTS.txSignature('register'), to: 'relay' },
    ]);
    const processed = {
      registered: true,
      registrations: [0, 1, 2].map(registration),
      inbox: [],
      result: { version: 0, keyServerPk: '00', partialPks: ['00', '00', '00'], messagesHash: hash },
      requested: { register: true, propose: true },
    };
    expect(viewOf(gapped(processed))).toMatchObject({
      step: 'check-result',
      carry: [{ artifactId: SEAL_ARTIFACTS.proposeRequest, to: 'relay' }],
      waitingFor: ['M0', 'M2'],
    });
  });

  it('a relay carries the unsigned transaction and knows its member’s server from the request', () => {
    const request = { receivedAt: at, source: 'member' as const, body: { url: 'https://ks1', name: 'ks1' } };
    expect(viewOf(relay())).toMatchObject({ step: 'join', server: null, carry: [], handover: null, share: null, codeChecks: [] });
    expect(viewOf(relay({ requests: { register: request, propose: null }, pending: pending('register', 'unsigned') }))).toMatchObject({
      step: 'register',
      server: { url: 'https://ks1', name: 'ks1' },
      pendingTx: { purpose: 'register', status: 'unsigned' },
      carry: [{ artifactId: SEAL_ARTIFACTS.unsignedTx('register'), to: 'air-gapped-member' }],
    });
  });

  it('a rotation: continuing and joining rows, leaving members, the one join code, both share names before finalization', () => {
    // current committee: M0, M1 and a leaving member L; new: M0 and M1 continue (swapped), M2 joins
    const leaving = `0x${'9'.repeat(64)}`;
    const rot: RotationSnap = {
      keyServerId: `0x${'e'.repeat(64)}`,
      oldCommitteeId: `0x${'d'.repeat(64)}`,
      fromVersion: 0,
      toVersion: 1,
      oldThreshold: 2,
      oldMembers: [addr(1), leaving, addr(0)],
      oldPartialPks: ['01', '02', '03'],
      keyServerPk: 'ff'.repeat(48),
      sealPackageId: `0x${'5'.repeat(64)}`,
    };
    const b = { ...base(3, rot), registrations: [0, 1, 2].map(registration) };
    const result = { version: 1, keyServerPk: 'ff'.repeat(48), partialPks: ['00', '00', '00'], messagesHash: hash };
    const cont = viewOf(member({ registered: true, result }, b));
    expect(cont.rotation).toEqual({ fromVersion: 0, toVersion: 1, oldThreshold: 2 });
    expect(cont.members.map((m) => m.rotationPart)).toEqual(['continuing', 'continuing', 'joining']);
    expect(cont.leaving).toEqual([{ name: 'Party 1 of version 0', address: leaving }]);
    expect(cont.codes.committee).toBe(joinCheckCode(member({}, b)));
    // one code at join, a rotation's too: the committee code, which names the committee it replaces
    expect(cont.codes.committee).toBe(committeeCheckCode(b.committee));
    expect(cont.codes.committee).not.toBe(committeeCheckCode({ ...b.committee, oldCommitteeId: null }));
    expect(cont.share).toEqual({ version: 1, envNames: ['MASTER_SHARE_V0', 'MASTER_SHARE_V1'], handoffs: [] });
    // its part: party 2 of version 0 (its address is third in the current committee); the share of version 0 not here yet
    expect(cont.myRotation).toEqual({ part: 'continuing', oldPartyId: 2, oldShare: 'missing' });
    expect(viewOf(member({ oldShare: { source: 'vault', at } }, b)).myRotation).toEqual({
      part: 'continuing',
      oldPartyId: 2,
      oldShare: 'found',
    });
    expect(viewOf(member({ partyId: 1, address: addr(1), oldShare: { source: 'imported', at } }, b)).myRotation).toEqual({
      part: 'continuing',
      oldPartyId: 0,
      oldShare: 'imported',
    });
    const joiner = viewOf(member({ registered: true, result, partyId: 2, address: addr(2) }, b));
    expect(joiner.share).toEqual({ version: 1, envNames: ['MASTER_SHARE_V1'], handoffs: [] });
    expect(joiner.myRotation).toEqual({ part: 'joining' });
    // the coordinator and a relay have no part of their own; before the snapshot the part is unknown
    expect(viewOf(coordinator({}, b)).myRotation).toBeNull();
    expect(viewOf(relay({ ...b, role: 'relay' })).myRotation).toBeNull();
    const unknown = { ...base(), kind: 'rotation' as const, committee: { ...base().committee, oldCommitteeId: rot.oldCommitteeId } };
    expect(viewOf(member({}, unknown))).toMatchObject({ rotation: null, myRotation: null });
    // a joining member deals nothing but waits for the set in "send-message", with nothing to carry
    expect(viewOf(member({ registered: true, initialized: true, partyId: 2, address: addr(2) }, b))).toMatchObject({
      step: 'send-message',
      carry: [],
      waitingFor: [],
    });
    // the coordinator waits for continuing members' messages only, until the old threshold's count is in
    const entry = (i: number) => ({ partyId: i, fingerprint: 'f', checkCode: '1', receivedAt: at, via: 'bundle' as const });
    expect(viewOf(coordinator({}, b))).toMatchObject({
      step: 'send-message',
      waitingFor: ['M0', 'M1'],
      messages: { received: 0, needed: 2 },
    });
    expect(viewOf(coordinator({ messages: [entry(1)] }, b)).waitingFor).toEqual(['M0']);
    expect(viewOf(coordinator({ messages: [entry(0), entry(1)] }, b)).waitingFor).toEqual([]);
    // finalized at version 1: the key server needs the new share only
    const ks = { id: rot.keyServerId, sealPackageId: rot.sealPackageId, pk: rot.keyServerPk, version: 1, threshold: 2, partials: [] };
    expect(viewOf(member({ registered: true, result, proposed: true, keyServer: ks }, b))).toMatchObject({
      step: 'hand-over',
      share: { version: 1, envNames: ['MASTER_SHARE_V1'] },
      keyServer: { objectId: rot.keyServerId, pk: `0x${rot.keyServerPk}`, version: 1 },
    });
  });

  it('the last failed transaction, as its purpose, error code and message', () => {
    expect(viewOf(coordinator()).lastTxError).toBeNull();
    const failed = coordinator({
      pending: pending('register', 'unsigned'),
      lastTxError: { purpose: 'register', code: 'chain/insufficient-gas', message: 'Not enough gas.', at },
    });
    expect(viewOf(failed)).toMatchObject({
      pendingTx: { purpose: 'register', status: 'unsigned', digest: 'D1', artifactId: SEAL_ARTIFACTS.tx('register') },
      lastTxError: { purpose: 'register', code: 'chain/insufficient-gas', message: 'Not enough gas.' },
    });
  });

  it('a backup alone is no hand-over of the share; a retired committee has nothing to carry', () => {
    const ks = { id: `0x${'e'.repeat(64)}`, sealPackageId: `0x${'5'.repeat(64)}`, pk: '01', version: 0, threshold: 2, partials: [] };
    const done = member({
      registered: true,
      proposed: true,
      registrations: [0, 1, 2].map(registration),
      result: { version: 0, keyServerPk: '01', partialPks: ['00', '00', '00'], messagesHash: hash },
      keyServer: ks,
      handoffs: [{ method: 'backup', where: '/b', at }],
      credentials: { apiKeyName: 'x', sentAt: at },
    });
    expect(viewOf(done)).toMatchObject({
      step: 'hand-over',
      handover: { share: false, credentials: true, cleanup: false },
      share: { version: 0, handoffs: [{ method: 'backup', where: '/b', at }] },
    });
    const retired = { ...done, retired: { version: 1, committeeId: `0x${'7'.repeat(64)}`, stillMember: false, observedAt: at } };
    expect(viewOf(retired)).toMatchObject({ step: 'retired', carry: [], waitingFor: [] });
    expect(viewOf(coordinator({ keyServer: ks, retired: retired.retired })).step).toBe('retired');
  });
});
