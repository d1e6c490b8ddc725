import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frostClientDkgIdentifier } from '../../formats/frost/identifiers.ts';
import { frostSuite, simulateDkg, type KeyPackage, type SimulatedGroup } from '../../crypto/frost/index.ts';
import { SessionChannels } from './channels.ts';
import { encodeSigningPackageMessage } from './messages.ts';
import { FrostdSignCoordinator, type FrostdSignCoordinatorConfig, type FrostdSignCoordinatorState } from './sign-coordinator.ts';
import { FrostdSignParticipant, type FrostdSignParticipantConfig, type FrostdSignParticipantState } from './sign-participant.ts';
import { FakeClock, contactsOf, drive, loggedInClient, members, party, type TestMember } from './test-helpers.ts';
import { FrostdTestRelay } from './test-relay.ts';
import { randomBytes } from '@noble/hashes/utils.js';

const ED = 'FROST-ED25519-SHA512-v1' as const;
const MINUTE = 60_000;
const clock = new FakeClock();
let relay: FrostdTestRelay;
beforeAll(async () => {
  relay = await FrostdTestRelay.start({ now: clock.now });
});
afterAll(() => relay.close());

const text = (s: string) => new TextEncoder().encode(s);

/** A 2-of-3 group whose identifiers are frost-client DKG identifiers of the members' keys. */
function group(all: TestMember[]): { g: SimulatedGroup; participants: Record<string, string>; kp: (m: TestMember) => KeyPackage } {
  const sessionId = randomUUID();
  const ids = all.map((m) => frostClientDkgIdentifier(ED, sessionId, m.key.publicKey));
  const g = simulateDkg(ED, 3, 2, ids);
  const participants = Object.fromEntries(all.map((m, i) => [ids[i]!, m.hex]));
  return { g, participants, kp: (m) => g.keyPackages[ids[all.indexOf(m)]!]! };
}

async function setup(names: [string, string, string]) {
  const all = members(...names);
  const clients = await Promise.all(all.map((m) => loggedInClient(relay.url, m)));
  return { all, clients, ...group(all) };
}

function coordinator(all: TestMember[], m: TestMember, grp: ReturnType<typeof group>, cfg: Partial<FrostdSignCoordinatorConfig>) {
  return FrostdSignCoordinator.create(
    {
      publicKeyPackage: grp.g.publicKeyPackage,
      minSigners: 2,
      participants: grp.participants,
      signers: [],
      message: text('hello'),
      contacts: contactsOf(all, m),
      timeoutMs: 10 * MINUTE,
      ...cfg,
    },
    { communicationKey: m.key, seed: randomBytes(32) },
    clock.now(),
  );
}

function signer(
  all: TestMember[],
  m: TestMember,
  grp: ReturnType<typeof group>,
  cfg: Partial<FrostdSignParticipantConfig> = {},
  keyPackage?: KeyPackage,
) {
  return FrostdSignParticipant.create(
    { participants: grp.participants, contacts: contactsOf(all, m), timeoutMs: 10 * MINUTE, ...cfg },
    { communicationKey: m.key, seed: m.seed, keyPackage: keyPackage ?? grp.kp(m) },
    clock.now(),
  );
}

describe('frostd signing runners (against the test relay)', () => {
  it('coordinator who also signs + one more signer: the person approves the shown message, the signature verifies (RFC 8032)', async () => {
    const s = await setup(['Alice', 'Bob', 'Carol']);
    const [alice, bob] = s.all;
    const message = text('Pay 10 to Jam, board meeting 2025-09-17');
    const coord = party('coord', coordinator(s.all, alice!, s, { signers: [alice!.hex, bob!.hex], message }), s.clients[0]!);
    const aliceSigner = party('Alice', signer(s.all, alice!, s), s.clients[0]!);
    const bobSigner = party('Bob', signer(s.all, bob!, s, { expectedMessage: message, autoApprove: true }), s.clients[1]!);
    await drive([coord, aliceSigner, bobSigner], clock);
    expect(aliceSigner.runner.status).toBe('awaiting-approval');
    const request = (aliceSigner.runner as FrostdSignParticipant).request!;
    expect(request.messageText).toBe('Pay 10 to Jam, board meeting 2025-09-17');
    expect(request.messageHex).toBe(bytesToHex(message));
    expect(request.coordinator).toBe('you');
    expect([...request.signers].sort()).toEqual(['Bob', 'you']);
    expect(coord.last?.waitingFor.map((w) => w.name)).toEqual(['you']);
    (aliceSigner.runner as FrostdSignParticipant).approve(clock.now());
    await drive([coord, aliceSigner, bobSigner], clock);
    for (const p of [coord, aliceSigner, bobSigner]) expect(p.runner.status, `${p.name} ${p.runner.error?.message}`).toBe('done');
    const result = (coord.runner as FrostdSignCoordinator).result!;
    expect(ed25519.verify(result.signature, message, s.g.publicKeyPackage.verifyingKey)).toBe(true);
    expect(relay.sessionIds()).not.toContain(result.sessionId);
  });

  it('a signer who never shows up: the coordinator times out naming them', async () => {
    const s = await setup(['Ann', 'Ben', 'Cleo']);
    const [ann, ben, cleo] = s.all;
    const coord = party('coord', coordinator(s.all, ann!, s, { signers: [ben!.hex, cleo!.hex] }), s.clients[0]!);
    const benSigner = party('Ben', signer(s.all, ben!, s, { autoApprove: true }), s.clients[1]!);
    await drive([coord, benSigner], clock, { rounds: 4 });
    expect(coord.last?.waitingFor.map((w) => w.name)).toEqual(['Cleo']);
    clock.advance(11 * MINUTE);
    await drive([coord], clock, { rounds: 1 });
    expect(coord.runner.error!.code).toBe('frostd/timeout');
    expect(coord.runner.error!.message).toMatch(/in the commitments phase: still waiting for Cleo, who has not sent a message/);
    expect(relay.sessionIds()).not.toContain(coord.runner.sessionId); // a failed coordinator closes its session
  });

  it('threshold agreement before the first message: too few signers are refused by the coordinator and by a signer', async () => {
    const s = await setup(['Ari', 'Bo', 'Cy']);
    const [ari, bo] = s.all;
    expect(() => coordinator(s.all, ari!, s, { signers: [bo!.hex] })).toThrow(/needs 2 signers, but only 1 was chosen/);
    // A coordinator elsewhere (e.g. a misconfigured frost-client) opens a session with one signer.
    const sessionId = await s.clients[0]!.createNewSession([bo!.key.publicKey], 1);
    const boSigner = party('Bo', signer(s.all, bo!, s, { sessionId, autoApprove: true }), s.clients[1]!);
    await drive([boSigner], clock, { rounds: 1 });
    expect(boSigner.runner.error!.code).toBe('frostd/sign-too-few-signers');
    expect(boSigner.runner.error!.message).toBe('Ari asked 1 signers, but this group needs 2; nothing was sent.');
    expect((boSigner.runner.toJSON() as FrostdSignParticipantState).sent).toBe(0);
    expect(relay.queueSizes(sessionId)).toEqual({});
    await s.clients[0]!.closeSession(sessionId);
  });

  it('a signer refuses a message other than the agreed one, and a session from a coordinator outside the group', async () => {
    const s = await setup(['Abe', 'Bea', 'Cid']);
    const [abe, bea, cid] = s.all;
    const coord = party('coord', coordinator(s.all, abe!, s, { signers: [bea!.hex, cid!.hex], message: text('send 1000') }), s.clients[0]!);
    const beaSigner = party('Bea', signer(s.all, bea!, s, { expectedMessage: text('send 10'), autoApprove: true }), s.clients[1]!);
    await drive([coord, beaSigner], clock, { rounds: 6 });
    expect(beaSigner.runner.status).toBe('running'); // Cid has not committed: no signing package yet
    const cidSigner = party('Cid', signer(s.all, cid!, s, { autoApprove: true }), s.clients[2]!);
    await drive([coord, beaSigner, cidSigner], clock, { rounds: 6 });
    expect(beaSigner.runner.error!.code).toBe('frostd/sign-unexpected-message');
    expect(beaSigner.runner.error!.details).toMatchObject({ culprit: 'Abe' });
    expect((beaSigner.runner.toJSON() as FrostdSignParticipantState).sent).toBe(1); // commitments only, no share
    // A stranger's session naming group members as signers.
    const stranger = members('Mallory')[0]!;
    const mc = await loggedInClient(relay.url, stranger);
    const sessionId = await mc.createNewSession([bea!.key.publicKey, cid!.key.publicKey], 1);
    const bea2 = party('Bea', signer(s.all, bea!, s, { sessionId }), s.clients[1]!);
    await drive([bea2], clock, { rounds: 1 });
    expect(bea2.runner.error!.code).toBe('frostd/sign-unknown-coordinator');
    await mc.closeSession(sessionId);
  });

  it('names the signer whose signature share is wrong', async () => {
    const s = await setup(['Aya', 'Bart', 'Cora']);
    const [aya, bart, cora] = s.all;
    const good = s.kp(bart!);
    const share = frostSuite(ED).scalarFromBytes(good.signingShare, 'x');
    const broken: KeyPackage = { ...good, signingShare: frostSuite(ED).scalarToBytes(share + 1n) };
    const coord = party('coord', coordinator(s.all, aya!, s, { signers: [bart!.hex, cora!.hex] }), s.clients[0]!);
    const b = party('Bart', signer(s.all, bart!, s, { autoApprove: true }, broken), s.clients[1]!);
    const c = party('Cora', signer(s.all, cora!, s, { autoApprove: true }), s.clients[2]!);
    await drive([coord, b, c], clock);
    expect(coord.runner.error!.code).toBe('frost/invalid-signature-share');
    expect(coord.runner.error!.details).toMatchObject({ culprit: 'Bart', culpritKey: bart!.hex });
  });

  it('refuses a signing package that asks for a rerandomized signature, naming the coordinator', async () => {
    const s = await setup(['Al', 'Bu', 'Ce']);
    const [al, bu, ce] = s.all;
    const sessionId = await s.clients[0]!.createNewSession([bu!.key.publicKey, ce!.key.publicKey], 1);
    const b = party('Bu', signer(s.all, bu!, s, { sessionId, autoApprove: true }), s.clients[1]!);
    await drive([b], clock, { rounds: 1 });
    const commitments = (await s.clients[0]!.receive(sessionId, true)).length;
    expect(commitments).toBe(1);
    // A hand-made coordinator asks for a rerandomized signature.
    const ch = new SessionChannels({ local: al!.key, seed: randomBytes(32), context: 'manual', peers: [bu!.key.publicKey] });
    const pkg = { suite: ED, signingCommitments: {}, message: text('x') };
    const withRandomizer = new TextEncoder().encode(
      new TextDecoder().decode(encodeSigningPackageMessage(pkg)).replace('"randomizer":[]', `"randomizer":["${'01'.padEnd(64, '0')}"]`),
    );
    await s.clients[0]!.send(sessionId, [bu!.key.publicKey], ch.encrypt(bu!.hex, withRandomizer));
    await drive([b], clock, { rounds: 1 });
    expect(b.runner.error!.code).toBe('frostd/sign-rerandomized-unsupported');
    expect(b.runner.error!.message).toMatch(/^Al sent a bad signing package: /);
    await s.clients[0]!.closeSession(sessionId);
  });

  it('a signer can decline; the message must fit in one frostd message', async () => {
    const s = await setup(['Ava', 'Ben', 'Cam']);
    const [ava, ben, cam] = s.all;
    const coord = party('coord', coordinator(s.all, ava!, s, { signers: [ben!.hex, cam!.hex] }), s.clients[0]!);
    const b = party('Ben', signer(s.all, ben!, s), s.clients[1]!);
    const c = party('Cam', signer(s.all, cam!, s, { autoApprove: true }), s.clients[2]!);
    await drive([coord, b, c], clock, { rounds: 8 });
    expect(b.runner.status).toBe('awaiting-approval');
    (b.runner as FrostdSignParticipant).decline();
    expect(b.runner.error!.code).toBe('frostd/sign-declined');
    expect(() => coordinator(s.all, ava!, s, { signers: [ben!.hex, cam!.hex], message: new Uint8Array(40_000) })).toThrow(
      /too large to go through frostd/,
    );
    await s.clients[0]!.closeSession(coord.runner.sessionId!);
  });

  it('coordinator and signers resume from their saved state at every step', async () => {
    const s = await setup(['Ada', 'Bob', 'Cyd']);
    const [ada, bob, cyd] = s.all;
    const coordSeed = randomBytes(32);
    const message = text('restart-proof');
    let coord: FrostdSignCoordinator = FrostdSignCoordinator.create(
      {
        publicKeyPackage: s.g.publicKeyPackage,
        minSigners: 2,
        participants: s.participants,
        signers: [bob!.hex, cyd!.hex],
        message,
        contacts: contactsOf(s.all, ada!),
      },
      { communicationKey: ada!.key, seed: coordSeed },
      clock.now(),
    );
    const signers = [bob!, cyd!].map((m) => ({ m, runner: signer(s.all, m, s), client: s.clients[s.all.indexOf(m)]! }));
    for (let round = 0; round < 30 && coord.status === 'running'; round++) {
      await coord.step(s.clients[0]!, { now: clock.now() });
      coord = FrostdSignCoordinator.restore(coord.toJSON() as FrostdSignCoordinatorState, { communicationKey: ada!.key, seed: coordSeed });
      for (const x of signers) {
        await x.runner.step(x.client, { now: clock.now() });
        x.runner = FrostdSignParticipant.restore(x.runner.toJSON() as FrostdSignParticipantState, {
          communicationKey: x.m.key,
          seed: x.m.seed,
          keyPackage: s.kp(x.m),
        });
        if (x.runner.status === 'awaiting-approval') {
          expect(x.runner.request!.messageText).toBe('restart-proof');
          x.runner.approve(clock.now());
        }
      }
      clock.advance(2000);
    }
    expect(coord.status, coord.error?.message).toBe('done');
    expect(ed25519.verify(coord.result!.signature, message, s.g.publicKeyPackage.verifyingKey)).toBe(true);
    for (const x of signers) expect(x.runner.status).toBe('done');
  });
});
