import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { frostClientDkgIdentifier } from '../../formats/frost/identifiers.ts';
import { frostSuite, simulateDkg, type FrostSuiteId, type KeyPackage, type SimulatedGroup } from '../../crypto/frost/index.ts';
import { redPallasValidate } from '../../testing/independent/redpallas-verifier.ts';
import { orchardSpendAuthBase } from '../../testing/orchard-vectors.ts';
import { SessionChannels } from './channels.ts';
import { FrostdClient, type FrostdFetch } from './client.ts';
import { encodeSigningPackageMessage } from './messages.ts';
import { FrostdSignCoordinator, type FrostdSignCoordinatorConfig, type FrostdSignCoordinatorState } from './sign-coordinator.ts';
import { FrostdSignParticipant, type FrostdSignParticipantConfig, type FrostdSignParticipantState } from './sign-participant.ts';
import { FakeClock, contactsOf, drive, loggedInClient, members, party, type TestMember } from './test-support.ts';
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
function group(
  all: TestMember[],
  suite: FrostSuiteId = ED,
): { g: SimulatedGroup; participants: Record<string, string>; kp: (m: TestMember) => KeyPackage } {
  const sessionId = randomUUID();
  const ids = all.map((m) => frostClientDkgIdentifier(suite, sessionId, m.key.publicKey));
  const g = simulateDkg(suite, 3, 2, ids);
  const participants = Object.fromEntries(all.map((m, i) => [ids[i]!, m.hex]));
  return { g, participants, kp: (m) => g.keyPackages[ids[all.indexOf(m)]!]! };
}

async function setup(names: [string, string, string], suite: FrostSuiteId = ED) {
  const all = members(...names);
  const clients = await Promise.all(all.map((m) => loggedInClient(relay.url, m)));
  return { all, clients, ...group(all, suite) };
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

  it('a key generation session of the group still open is not taken for a signing when the group names it; without that the signer cannot choose', async () => {
    const s = await setup(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = s.all;
    // The group's key generation, not closed yet: same members, one message, as a signing announces.
    const dkgSession = await s.clients[0]!.createNewSession([alice!.key.publicKey, bob!.key.publicKey, carol!.key.publicKey], 1);
    const message = text('after the key generation');
    const coord = party('coord', coordinator(s.all, alice!, s, { signers: [alice!.hex, bob!.hex], message }), s.clients[0]!);
    const aliceSigner = party(
      'Alice',
      signer(s.all, alice!, s, { expectedMessage: message, autoApprove: true, skipSessions: [dkgSession] }),
      s.clients[0]!,
    );
    const bobSigner = party(
      'Bob',
      signer(s.all, bob!, s, { expectedMessage: message, autoApprove: true, skipSessions: [dkgSession] }),
      s.clients[1]!,
    );
    await drive([coord, aliceSigner, bobSigner], clock);
    for (const p of [coord, aliceSigner, bobSigner]) expect(p.runner.status, `${p.name} ${p.runner.error?.message}`).toBe('done');
    const unsure = party('Bob', signer(s.all, bob!, s, { expectedMessage: message, autoApprove: true }), s.clients[1]!);
    const coord2 = party('coord', coordinator(s.all, alice!, s, { signers: [alice!.hex, bob!.hex], message }), s.clients[0]!);
    await drive([coord2, unsure], clock);
    expect(unsure.runner.error?.message).toMatch(/2 signing sessions of this group include you .*choose one by its session id/);
    await s.clients[0]!.closeSession(dkgSession);
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

  it('refuses a signing package with more than one randomizer, naming the coordinator', async () => {
    const s = await setup(['Al', 'Bu', 'Ce']);
    const [al, bu, ce] = s.all;
    const sessionId = await s.clients[0]!.createNewSession([bu!.key.publicKey, ce!.key.publicKey], 1);
    const b = party('Bu', signer(s.all, bu!, s, { sessionId, autoApprove: true }), s.clients[1]!);
    await drive([b], clock, { rounds: 1 });
    const commitments = (await s.clients[0]!.receive(sessionId, true)).length;
    expect(commitments).toBe(1);
    // A hand-made coordinator sends two randomizers for one signing package.
    const ch = new SessionChannels({ local: al!.key, seed: randomBytes(32), context: 'manual', peers: [bu!.key.publicKey] });
    const pkg = { suite: ED, signingCommitments: {}, message: text('x') };
    const r = `"${'01'.padEnd(64, '0')}"`;
    const withRandomizers = new TextEncoder().encode(
      new TextDecoder().decode(encodeSigningPackageMessage(pkg)).replace('"randomizer":[]', `"randomizer":[${r},${r}]`),
    );
    await s.clients[0]!.send(sessionId, [bu!.key.publicKey], ch.encrypt(bu!.hex, withRandomizers));
    await drive([b], clock, { rounds: 1 });
    expect(b.runner.error!.code).toBe('frostd/sign-message-count');
    expect(b.runner.error!.message).toMatch(/^Al sent a bad signing package: /);
    await s.clients[0]!.closeSession(sessionId);
  });

  it('rerandomized signing: RedPallas by default (as frost-client), Ed25519 when asked; signatures verify under the randomized key only', async () => {
    const cases = [
      { suite: 'FROST(Pallas, BLAKE2b-512)' as const, names: ['Rae', 'Rob', 'Rue'] as [string, string, string], cfg: {} },
      { suite: ED, names: ['Eda', 'Eli', 'Eve'] as [string, string, string], cfg: { rerandomized: true } },
    ];
    const verify = (suite: FrostSuiteId, sig: Uint8Array, msg: Uint8Array, key: Uint8Array) =>
      suite === ED ? ed25519.verify(sig, msg, key) : redPallasValidate(orchardSpendAuthBase(), key, msg, sig);
    for (const { suite, names, cfg } of cases) {
      const s = await setup(names, suite);
      const [x, y, z] = s.all;
      const message = text(`spend ${suite}`);
      const coord = party('coord', coordinator(s.all, x!, s, { signers: [y!.hex, z!.hex], message, ...cfg }), s.clients[0]!);
      const sy = party(names[1], signer(s.all, y!, s, { autoApprove: true }), s.clients[1]!);
      const sz = party(names[2], signer(s.all, z!, s), s.clients[2]!);
      await drive([coord, sy, sz], clock);
      const request = (sz.runner as FrostdSignParticipant).request!;
      expect(request.randomizerHex).toMatch(/^[0-9a-f]{64}$/);
      (sz.runner as FrostdSignParticipant).approve(clock.now());
      await drive([coord, sy, sz], clock);
      for (const p of [coord, sy, sz]) expect(p.runner.status, `${p.name} ${p.runner.error?.message}`).toBe('done');
      const result = (coord.runner as FrostdSignCoordinator).result!;
      expect(bytesToHex(result.randomizer!)).toBe(request.randomizerHex);
      expect(verify(suite, result.signature, message, result.verifyingKey)).toBe(true);
      expect(verify(suite, result.signature, message, s.g.publicKeyPackage.verifyingKey)).toBe(false);
    }
    // secp256k1 has no rerandomized FROST: asking for it is refused before anything is sent.
    const k1 = await setup(['Kai', 'Kim', 'Kit'], 'FROST-secp256k1-SHA256-v1');
    expect(() => coordinator(k1.all, k1.all[0]!, k1, { signers: [k1.all[1]!.hex, k1.all[2]!.hex], rerandomized: true })).toThrow(
      expect.objectContaining({ code: 'frost/rerandomized-unsupported' }),
    );
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

  it('a coordinator whose create_new_session answer was lost (crash before the save) closes that session before making its own', async () => {
    const s = await setup(['Uma', 'Vic', 'Wes']);
    const [uma, vic, wes] = s.all;
    let lost = true;
    const losing: FrostdFetch = async (url, init) => {
      const r = await fetch(url, init);
      if (url.endsWith('/create_new_session') && lost) {
        lost = false;
        throw new TypeError('fetch failed'); // the relay made the session; the answer never came back
      }
      return r;
    };
    const umaClient = new FrostdClient({ server: relay.url, fetch: losing });
    await umaClient.login(uma!.key);
    let saved: FrostdSignCoordinatorState | undefined;
    const earlier = new Set(relay.sessionIds()); // other tests' sessions
    const mine = () => relay.sessionIds().filter((id) => !earlier.has(id));
    const coord = coordinator(s.all, uma!, s, { signers: [vic!.hex, wes!.hex], message: text('once') });
    const first = await coord.step(umaClient, { now: clock.now(), persist: (st) => void (saved = st as FrostdSignCoordinatorState) });
    expect(first.transientError?.code).toBe('frostd/unreachable');
    expect(saved!.creating).toBe(true);
    expect(mine()).toHaveLength(1); // the orphan
    const orphan = mine()[0]!;
    // The app restarts from what it saved and steps again.
    const again = FrostdSignCoordinator.restore(saved!, { communicationKey: uma!.key, seed: randomBytes(32) });
    await again.step(umaClient, { now: clock.now() });
    expect(mine()).toEqual([again.sessionId]);
    expect(again.sessionId).not.toBe(orphan);
    const parties = [
      party('Uma', again, umaClient),
      party('Vic', signer(s.all, vic!, s, { autoApprove: true }), s.clients[1]!),
      party('Wes', signer(s.all, wes!, s, { autoApprove: true }), s.clients[2]!),
    ];
    await drive(parties, clock);
    expect(again.status, again.error?.message).toBe('done');
    expect(mine()).toEqual([]);
  });
});
