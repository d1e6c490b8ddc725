import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { CeremonyError } from '../../errors.ts';
import { frostClientDkgIdentifier } from '../../formats/frost/identifiers.ts';
import { aggregate, commit, createSigningPackage, dkgPart1, sign } from '../../crypto/frost/index.ts';
import { SessionChannels } from './channels.ts';
import { FrostdClient, type FrostdFetch } from './client.ts';
import { FrostdDkgRunner, type FrostdDkgConfig, type FrostdDkgResult, type FrostdDkgState } from './dkg-runner.ts';
import { encodeDkgRound1 } from './messages.ts';
import { FakeClock, contactsOf, drive, loggedInClient, members, party, type Party, type TestMember } from './test-support.ts';
import { FrostdTestRelay } from './test-relay.ts';

const clock = new FakeClock();
let relay: FrostdTestRelay;
beforeAll(async () => {
  relay = await FrostdTestRelay.start({ now: clock.now });
});
afterAll(() => relay.close());

const MINUTE = 60_000;

function dkgParty(
  all: TestMember[],
  m: TestMember,
  client: FrostdClient,
  config: Partial<FrostdDkgConfig> & Pick<FrostdDkgConfig, 'role'>,
) {
  const runner = FrostdDkgRunner.create(
    { threshold: 2, contacts: contactsOf(all, m), timeoutMs: 10 * MINUTE, confirmTimeoutMs: MINUTE, ...config },
    { communicationKey: m.key, seed: m.seed },
    clock.now(),
  );
  return party(m.name, runner, client);
}

async function threeMembers(names: [string, string, string]) {
  const all = members(...names);
  const clients = await Promise.all(all.map((m) => loggedInClient(relay.url, m)));
  return { all, clients };
}

/** Signs with two of the key packages and checks the signature under the group key (RFC 8032). */
function signsWith(results: FrostdDkgResult[], message: string): boolean {
  const msg = new TextEncoder().encode(message);
  const [a, b] = results;
  const ca = commit(a!.keyPackage);
  const cb = commit(b!.keyPackage);
  const pkg = createSigningPackage(
    a!.keyPackage.suite,
    { [a!.keyPackage.identifier]: ca.commitments, [b!.keyPackage.identifier]: cb.commitments },
    msg,
  );
  const sig = aggregate(
    pkg,
    { [a!.keyPackage.identifier]: sign(pkg, ca.nonces, a!.keyPackage), [b!.keyPackage.identifier]: sign(pkg, cb.nonces, b!.keyPackage) },
    a!.publicKeyPackage,
  );
  return ed25519.verify(sig, msg, a!.publicKeyPackage.verifyingKey);
}

const dkgResult = (p: Party) => (p.runner as FrostdDkgRunner).result!;

describe('frostd DKG runner (against the test relay)', () => {
  it('2-of-3 Ed25519: a creator and two joiners agree on one group; the session closes after everyone confirmed', async () => {
    const { all, clients } = await threeMembers(['Alice', 'Bob', 'Carol']);
    const [alice, bob, carol] = all;
    const parties = [
      dkgParty(all, alice!, clients[0]!, { role: 'creator', participants: [bob!.hex, carol!.hex] }),
      dkgParty(all, bob!, clients[1]!, { role: 'joiner', participants: all.map((m) => m.hex) }),
      dkgParty(all, carol!, clients[2]!, { role: 'joiner' }), // frost-client style: any session of known contacts
    ];
    await drive(parties, clock);
    for (const p of parties) expect(p.runner.status, `${p.name}: ${JSON.stringify(p.last?.error)}`).toBe('done');
    const results = parties.map(dkgResult);
    expect(new Set(results.map((r) => r.groupKey)).size).toBe(1);
    // Identifiers are frost-client's: derive(session uuid bytes ‖ communication key).
    const sessionId = results[0]!.sessionId;
    for (const [i, m] of all.entries())
      expect(results[i]!.keyPackage.identifier).toBe(frostClientDkgIdentifier('FROST-ED25519-SHA512-v1', sessionId, m.key.publicKey));
    expect(Object.values(results[0]!.participants).map(bytesToHex).sort()).toEqual(all.map((m) => m.hex).sort());
    expect(results[0]!.keyPackage.minSigners).toBe(2);
    expect(signsWith([results[1]!, results[2]!], 'any two can sign')).toBe(true);
    // Confirmations arrived, and the creator closed the session.
    expect((parties[0]!.runner as FrostdDkgRunner).toJSON().closed).toBe(true);
    expect((parties[0]!.runner as FrostdDkgRunner).unconfirmed).toBeNull();
    expect(relay.sessionIds()).not.toContain(sessionId);
    // The group as frost-client writes it into its TOML.
    const { key, group } = (parties[1]!.runner as FrostdDkgRunner).frostClientGroup('DKG: Alice, Bob, Carol', '127.0.0.1:2744');
    expect(key).toBe(results[0]!.groupKey);
    expect(Object.keys(group.participants).sort()).toEqual(Object.keys(results[0]!.participants).sort());
  });

  it("the creator's session carries message_count 1, as frost-client's does (messages to sign, not the threshold)", async () => {
    const { all, clients } = await threeMembers(['Ola', 'Pia', 'Rut']);
    const creator = dkgParty(all, all[0]!, clients[0]!, { role: 'creator', threshold: 3, participants: [all[1]!.hex, all[2]!.hex] });
    await drive([creator], clock, { rounds: 1 });
    expect(relay.sessionInfo(creator.runner.sessionId!)).toMatchObject({ coordinator: all[0]!.hex, messageCount: 1 });
    await clients[0]!.closeSession(creator.runner.sessionId!);
  });

  it('2 members: no echo round (frost-client skips it for n = 2)', async () => {
    const all = members('Ann', 'Ben');
    const clients = await Promise.all(all.map((m) => loggedInClient(relay.url, m)));
    const parties = [
      dkgParty(all, all[0]!, clients[0]!, { role: 'creator', participants: [all[1]!.hex] }),
      dkgParty(all, all[1]!, clients[1]!, { role: 'joiner' }),
    ];
    await drive(parties, clock);
    expect(parties.map((p) => p.runner.status)).toEqual(['done', 'done']);
    expect(parties[1]!.saved.some((s) => s.phase === 'echo')).toBe(false);
    expect(dkgResult(parties[0]!).groupKey).toBe(dkgResult(parties[1]!).groupKey);
  });

  it('buffers a message that arrives before its round (an echo before the original) instead of aborting', async () => {
    const { all, clients } = await threeMembers(['Ada', 'Bea', 'Cy']);
    const [ada, bea, cy] = all;
    // Ada's relay connection is refused on her second send (nothing reached the relay), so Cy gets her round-1 package late.
    let sends = 0;
    let failing = true;
    const flaky: FrostdFetch = async (url, init) => {
      if (url.endsWith('/send') && failing && ++sends === 2)
        throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      return fetch(url, init);
    };
    const adaClient = new FrostdClient({ server: relay.url, fetch: flaky });
    await adaClient.login(ada!.key);
    // No pacing here: this test is about what a member does with a message that comes early.
    const creator = dkgParty(all, ada!, adaClient, { role: 'creator', participants: [bea!.hex, cy!.hex], pacingMs: 0 });
    const b = dkgParty(all, bea!, clients[1]!, { role: 'joiner', pacingMs: 0 });
    const c = dkgParty(all, cy!, clients[2]!, { role: 'joiner', pacingMs: 0 });
    await drive([c], clock, { rounds: 1 }); // Cy looks before the session exists
    expect(c.runner.phase).toBe('session');
    await drive([creator], clock, { rounds: 1 }); // session created; round 1 reaches Bea, not Cy
    expect(creator.last?.transientError?.code).toBe('frostd/unreachable');
    await drive([c], clock, { rounds: 1 }); // Cy joins and sends round 1
    await drive([b], clock, { rounds: 1 }); // Bea has everyone's round 1 and echoes Ada's package to Cy
    await drive([c], clock, { rounds: 1 }); // Cy gets the echo of Ada's package before Ada's own
    const cState = c.runner.toJSON() as FrostdDkgState;
    expect(c.runner.status).toBe('running');
    expect(cState.phase).toBe('round1');
    expect(c.last?.waitingFor.map((w) => w.name)).toEqual(['Ada']);
    // Cy holds more than Bea's round-1 package from her: the echo of Ada's package, early.
    expect(cState.received.filter((r) => r.sender === bea!.hex).length).toBeGreaterThanOrEqual(2);
    failing = false;
    await drive([creator, b, c], clock);
    for (const p of [creator, b, c]) expect(p.runner.status, p.name).toBe('done');
    expect(dkgResult(c).groupKey).toBe(dkgResult(creator).groupKey);
  });

  it('paces echoes and round-2 packages so a frost-client peer (polling every 2 s) has read the previous round', async () => {
    const { all, clients } = await threeMembers(['Ed', 'Flo', 'Gus']);
    const parties = [
      dkgParty(all, all[0]!, clients[0]!, { role: 'creator', participants: [all[1]!.hex, all[2]!.hex], pacingMs: 5000 }),
      dkgParty(all, all[1]!, clients[1]!, { role: 'joiner', pacingMs: 5000 }),
      dkgParty(all, all[2]!, clients[2]!, { role: 'joiner', pacingMs: 5000 }),
    ];
    await drive(parties, clock, { rounds: 3, tickMs: 1000 });
    const ed = parties[0]!.runner.toJSON() as FrostdDkgState;
    expect(ed.phase).toBe('echo');
    expect(ed.sent).toBe(2); // its two round-1 packages; the echoes wait
    const reachedEcho = ed.reached.echo!;
    await drive(parties, clock, { rounds: 60, tickMs: 1000 });
    for (const p of parties) expect(p.runner.status).toBe('done');
    const saved = parties[0]!.saved;
    const firstEchoSent = saved.find((st) => st.sent > 2)!;
    expect(firstEchoSent.reached.echo).toBe(reachedEcho);
    // The step that first sent an echo ran at least 5 s after the echo phase began.
    expect(saved.indexOf(firstEchoSent)).toBeGreaterThan(saved.findIndex((st) => st.phase === 'echo') + 4);
  });

  it('a member who never shows up: everyone else times out naming them, and the creator closes the session', async () => {
    const { all, clients } = await threeMembers(['Amy', 'Bill', 'Cleo']);
    const parties = [
      dkgParty(all, all[0]!, clients[0]!, { role: 'creator', participants: [all[1]!.hex, all[2]!.hex] }),
      dkgParty(all, all[1]!, clients[1]!, { role: 'joiner', participants: all.map((m) => m.hex) }),
      dkgParty(all, all[2]!, clients[2]!, { role: 'joiner' }),
    ];
    parties[2]!.paused = true; // Cleo never comes
    await drive(parties, clock, { rounds: 5 });
    expect(parties[0]!.last?.waitingFor.map((w) => w.name)).toEqual(['Cleo']);
    clock.advance(11 * MINUTE);
    await drive(parties, clock, { rounds: 2 });
    for (const p of parties.slice(0, 2)) {
      expect(p.runner.status).toBe('failed');
      const e = p.runner.error!;
      expect(e.code).toBe('frostd/timeout');
      expect(e.message).toMatch(/still waiting for Cleo, who has not sent/);
      expect(e.details).toMatchObject({ phase: 'round1', missing: 'Cleo', missingKeys: all[2]!.hex });
    }
    expect(relay.sessionIds()).not.toContain(parties[0]!.runner.sessionId);
  });

  it('threshold mismatch (the relay does not carry the threshold): refused on the first round-1 package, before any share', async () => {
    const { all, clients } = await threeMembers(['Abe', 'Bea', 'Cid']);
    const creator = dkgParty(all, all[0]!, clients[0]!, { role: 'creator', participants: [all[1]!.hex, all[2]!.hex] });
    const ok = dkgParty(all, all[2]!, clients[2]!, { role: 'joiner' });
    const wrong = dkgParty(all, all[1]!, clients[1]!, { role: 'joiner', threshold: 3 });
    await drive([creator, ok, wrong], clock);
    expect(creator.runner.status).toBe('failed');
    expect(creator.runner.error!.code).toBe('frostd/threshold-mismatch');
    expect(creator.runner.error!.message).toMatch(/^Bea is running this DKG with a threshold of 3, but you chose 2\. No share was sent/);
    expect(creator.runner.error!.details).toMatchObject({ culprit: 'Bea', culpritKey: all[1]!.hex, expected: 2, received: 3 });
    expect(wrong.runner.status).toBe('failed');
    expect(wrong.runner.error!.message).toMatch(/^(Abe|Cid) is running this DKG with a threshold of 2, but you chose 3/);
    // Cid either saw Bea's package itself or found the session closed by the creator, who did.
    expect(ok.runner.status).toBe('failed');
    expect(ok.runner.error!.code).toMatch(/^frostd\/(threshold-mismatch|session-closed)$/);
    // Only round-1 packages (2 per member) and our hello ever left anyone, no round-2 package.
    for (const p of [creator, ok, wrong]) expect((p.runner.toJSON() as FrostdDkgState).sent).toBeLessThanOrEqual(3);
  });

  it('participant mismatch: a joiner given the session refuses one with other members before round 1', async () => {
    const all = members('Ana', 'Ben', 'Cat', 'Dan');
    const [ana, ben, cat, dan] = all;
    const clients = await Promise.all(all.map((m) => loggedInClient(relay.url, m)));
    const creator = dkgParty(all, ana!, clients[0]!, { role: 'creator', participants: [ben!.hex, cat!.hex] });
    await drive([creator], clock, { rounds: 1 });
    const sessionId = creator.runner.sessionId!;
    const ben2 = dkgParty(all, ben!, clients[1]!, { role: 'joiner', sessionId, participants: [ana!.hex, ben!.hex, dan!.hex] });
    await drive([ben2], clock, { rounds: 1 });
    expect(ben2.runner.error!.code).toBe('frostd/participants-mismatch');
    expect(ben2.runner.error!.message).toBe(
      'The DKG session created by Ana does not have the agreed members: Dan is missing; Cat should not be in it. Nothing was sent; agree on the member list and start again.',
    );
    // Without a session id, the joiner keeps looking for a session with the agreed members and says so when it gives up.
    const ben3 = dkgParty(all, ben!, clients[1]!, { role: 'joiner', participants: [ana!.hex, ben!.hex, dan!.hex] });
    await drive([ben3], clock, { rounds: 2 });
    expect(ben3.runner.phase).toBe('session');
    clock.advance(11 * MINUTE);
    await drive([ben3], clock, { rounds: 1 });
    expect(ben3.runner.error!.code).toBe('frostd/timeout');
    expect(ben3.runner.error!.message).toMatch(
      /no DKG session with exactly you and (Ana and Dan|Dan and Ana) appeared.*Sessions with other members that include you: /,
    );
    await clients[0]!.closeSession(sessionId);
  });

  it('two sessions that both fit: a joiner without a session id refuses to guess and names both, sending nothing', async () => {
    const { all, clients } = await threeMembers(['Ada', 'Bil', 'Cy']);
    const [ada, bil, cy] = all;
    // Two creators (a creator closes its own leftovers, so these are two people's sessions).
    const first = dkgParty(all, ada!, clients[0]!, { role: 'creator', participants: [bil!.hex, cy!.hex] });
    const second = dkgParty(all, cy!, clients[2]!, { role: 'creator', participants: [ada!.hex, bil!.hex] });
    await drive([first, second], clock, { rounds: 1 });
    const ids = [first.runner.sessionId!, second.runner.sessionId!];
    expect(new Set(ids).size).toBe(2);
    const joiner = dkgParty(all, bil!, clients[1]!, { role: 'joiner', participants: [ada!.hex, bil!.hex, cy!.hex] });
    await drive([joiner], clock, { rounds: 1 });
    expect(joiner.runner.status).toBe('failed');
    expect(joiner.runner.error!.code).toBe('frostd/ambiguous-session');
    expect(joiner.runner.error!.message).toMatch(/^2 sessions on the relay match this DKG \(.+\); choose one by its session id\.$/);
    for (const id of ids) expect(joiner.runner.error!.details.sessions).toContain(id);
    expect((joiner.runner.toJSON() as FrostdDkgState).sent).toBe(0);
    await clients[0]!.closeSession(ids[0]!);
    await clients[2]!.closeSession(ids[1]!);
  });

  it('names the culprit of a bad round-1 package (invalid proof of knowledge), even sent through Noise by a member', async () => {
    const { all, clients } = await threeMembers(['Aya', 'Bart', 'Cora']);
    const [aya, bart, cora] = all;
    const creator = dkgParty(all, aya!, clients[0]!, { role: 'creator', participants: [bart!.hex, cora!.hex] });
    await drive([creator], clock, { rounds: 1 });
    const sessionId = creator.runner.sessionId!;
    // Bart's software is broken: it sends a round-1 package with a corrupted proof of knowledge.
    const id = frostClientDkgIdentifier('FROST-ED25519-SHA512-v1', sessionId, bart!.key.publicKey);
    const pkg = dkgPart1('FROST-ED25519-SHA512-v1', id, 3, 2).package;
    const proof = pkg.proofOfKnowledge.slice();
    proof[40]! ^= 1;
    const channels = new SessionChannels({ local: bart!.key, seed: bart!.seed, context: 'rogue', peers: [aya!.key.publicKey] });
    await clients[1]!.send(
      sessionId,
      [aya!.key.publicKey],
      channels.encrypt(aya!.hex, encodeDkgRound1({ ...pkg, proofOfKnowledge: proof })),
    );
    await drive([creator], clock, { rounds: 1 });
    expect(creator.runner.status).toBe('failed');
    expect(creator.runner.error!.code).toBe('frost/dkg-invalid-proof-of-knowledge');
    expect(creator.runner.error!.details).toMatchObject({ culprit: 'Bart', culpritKey: bart!.hex });
    expect(creator.runner.error!.message).toMatch(/^Bart sent a bad DKG message: /);
  });

  it('a message altered on the way is refused without blaming its supposed sender', async () => {
    const { all, clients } = await threeMembers(['Kim', 'Lou', 'Max']);
    const [kim, lou, max] = all;
    // The relay (or something between) flips a bit in what Kim receives.
    const tamper: FrostdFetch = async (url, init) => {
      const r = await fetch(url, init);
      const body = await r.text();
      if (!url.endsWith('/receive')) return { status: r.status, text: async () => body };
      const out = JSON.parse(body) as { msgs: { sender: string; msg: string }[] };
      for (const m of out.msgs) m.msg = (m.msg[0] === '0' ? '1' : '0') + m.msg.slice(1);
      return { status: r.status, text: async () => JSON.stringify(out) };
    };
    const kimClient = new FrostdClient({ server: relay.url, fetch: tamper });
    await kimClient.login(kim!.key);
    const parties = [
      dkgParty(all, kim!, kimClient, { role: 'creator', participants: [lou!.hex, max!.hex] }),
      dkgParty(all, lou!, clients[1]!, { role: 'joiner' }),
      dkgParty(all, max!, clients[2]!, { role: 'joiner' }),
    ];
    await drive(parties, clock, { rounds: 3 });
    const e = parties[0]!.runner.error!;
    expect(e.code).toBe('noise/decrypt-failed');
    expect(e.message).toMatch(/^A message the relay says is from (Lou|Max) could not be decrypted/);
    expect(e.details.culprit).toBeUndefined();
  });

  it('a joiner that neither says hello nor confirms (like frost-client): the creator closes the session after a grace period', async () => {
    const { all, clients } = await threeMembers(['Al', 'Bu', 'Ce']);
    const [al, bu, ce] = all;
    // Bu's sends to the coordinator queue (our hello and confirmation) are dropped, as if Bu ran frost-client.
    const dropConfirm: FrostdFetch = async (url, init) => {
      if (url.endsWith('/send') && (JSON.parse(init.body) as { recipients: string[] }).recipients.length === 0)
        return { status: 200, text: async () => '' };
      return fetch(url, init);
    };
    const buClient = new FrostdClient({ server: relay.url, fetch: dropConfirm });
    await buClient.login(bu!.key);
    const parties = [
      dkgParty(all, al!, clients[0]!, { role: 'creator', participants: [bu!.hex, ce!.hex], closeGraceMs: 20_000 }),
      dkgParty(all, bu!, buClient, { role: 'joiner' }),
      dkgParty(all, ce!, clients[2]!, { role: 'joiner' }),
    ];
    let sawConfirm = false;
    for (let round = 0; round < 40 && parties[0]!.runner.status === 'running'; round++) {
      await drive(parties, clock, { rounds: 1, tickMs: 1000 });
      if (parties[0]!.runner.phase === 'confirm') {
        sawConfirm = true;
        // Ce (this app) has confirmed or is about to; Bu is never waited for by name.
        expect(parties[0]!.last?.waitingFor.map((w) => w.name)).not.toContain('Bu');
        expect(relay.sessionIds()).toContain(parties[0]!.runner.sessionId);
      }
    }
    expect(sawConfirm).toBe(true);
    const creator = parties[0]!.runner as FrostdDkgRunner;
    expect(creator.status).toBe('done');
    expect(dkgResult(parties[0]!).groupKey).toBe(dkgResult(parties[1]!).groupKey);
    expect(creator.unconfirmed).toEqual([bu!.hex]);
    const st = creator.toJSON();
    expect(st.closed).toBe(true);
    expect(st.reached.done! - st.reached.confirmed!).toBeGreaterThanOrEqual(20_000);
    expect(relay.sessionIds()).not.toContain(creator.sessionId);
  });

  it('our member that never confirms: the creator still closes the session after confirmTimeoutMs', async () => {
    const { all, clients } = await threeMembers(['Di', 'Ed', 'Fi']);
    const [di, ed, fi] = all;
    const parties = [
      dkgParty(all, di!, clients[0]!, { role: 'creator', participants: [ed!.hex, fi!.hex], confirmTimeoutMs: MINUTE }),
      dkgParty(all, ed!, clients[1]!, { role: 'joiner' }),
      dkgParty(all, fi!, clients[2]!, { role: 'joiner' }),
    ];
    // Fi stops right after part 3, before its confirmation goes out (it said hello with round 1).
    let fiSends = 0;
    const fiClient = clients[2]!;
    const realSend = fiClient.send.bind(fiClient);
    fiClient.send = async (sid, to, msg) => {
      if (to.length === 0 && ++fiSends >= 2) throw new CeremonyError('frostd/unreachable', 'down', { connected: false });
      return realSend(sid, to, msg);
    };
    await drive(parties, clock, { rounds: 15, tickMs: 2000 });
    expect(parties[0]!.runner.phase).toBe('confirm');
    expect(parties[0]!.last?.waitingFor.map((w) => w.name)).toEqual(['Fi']);
    expect(relay.sessionIds()).toContain(parties[0]!.runner.sessionId);
    clock.advance(MINUTE);
    await drive([parties[0]!], clock, { rounds: 1 });
    expect(parties[0]!.runner.status).toBe('done');
    expect((parties[0]!.runner as FrostdDkgRunner).unconfirmed).toEqual([fi!.hex]);
    expect(relay.sessionIds()).not.toContain(parties[0]!.runner.sessionId);
  });

  it('a creator that closes the session as soon as it has its round-2 packages (as frost-client does) does not fail a member that has its key', async () => {
    const { all, clients } = await threeMembers(['Hal', 'Ivy', 'Jo']);
    const [hal, ivy, jo] = all;
    let sessionId = '';
    // When Ivy sends her confirmation, the creator has already closed the session.
    let toCoordinator = 0;
    const closedFirst: FrostdFetch = async (url, init) => {
      // Ivy's first message to the coordinator queue is her hello, the second her confirmation.
      if (url.endsWith('/send') && (JSON.parse(init.body) as { recipients: string[] }).recipients.length === 0 && ++toCoordinator === 2)
        await clients[0]!.closeSession(sessionId);
      return fetch(url, init);
    };
    const ivyClient = new FrostdClient({ server: relay.url, fetch: closedFirst });
    await ivyClient.login(ivy!.key);
    const creator = dkgParty(all, hal!, clients[0]!, { role: 'creator', participants: [ivy!.hex, jo!.hex], pacingMs: 0 });
    await drive([creator], clock, { rounds: 1 });
    sessionId = creator.runner.sessionId!;
    const i = dkgParty(all, ivy!, ivyClient, { role: 'joiner', pacingMs: 0 });
    const j = dkgParty(all, jo!, clients[2]!, { role: 'joiner', pacingMs: 0 });
    await drive([i, j, creator], clock, { rounds: 20 });
    expect(i.runner.status, i.runner.error?.message).toBe('done');
    expect((i.runner.toJSON() as FrostdDkgState).confirmationUndelivered).toBe(true);
    expect(dkgResult(i).groupKey).toBe(dkgResult(creator).groupKey);
    // The session is gone for the creator too, but it has the group: done, with Ivy unconfirmed.
    expect(creator.runner.status).toBe('done');
    expect((creator.runner as FrostdDkgRunner).unconfirmed).toContain(ivy!.hex);
  });

  /**
   * Steps every running party and restarts it from what it persisted after every step. `crashAt`
   * may kill a party's process right after one of its saves (the step goes no further).
   */
  async function stepWithRestarts(
    parties: Party[],
    all: TestMember[],
    crashAt?: (p: Party, saved: FrostdDkgState) => boolean,
    options: { restart?: readonly string[] } = {},
  ): Promise<void> {
    const secrets = (p: Party) => {
      const m = all.find((x) => x.name === p.name)!;
      return { communicationKey: m.key, seed: m.seed };
    };
    const going = () => parties.some((p) => p.runner.status === 'running') && !parties.some((p) => p.runner.status === 'failed');
    for (let round = 0; round < 40 && going(); round++) {
      for (const p of parties) {
        if (p.runner.status !== 'running') continue;
        let last: FrostdDkgState | undefined;
        let killed = false;
        const persist = (st: unknown) => {
          last = st as FrostdDkgState;
          if (crashAt?.(p, last)) {
            killed = true;
            throw new Error('process killed');
          }
        };
        await p.runner.step(p.client, { now: clock.now(), persist });
        if (killed || (options.restart ?? [p.name]).includes(p.name))
          p.runner = FrostdDkgRunner.restore(killed ? last! : (p.runner.toJSON() as FrostdDkgState), secrets(p));
      }
      clock.advance(2000);
    }
  }

  it('resumes from saved state at every step, and a send saved as done before a crash is not sent again', async () => {
    const { all, clients } = await threeMembers(['Ava', 'Bob', 'Cam']);
    const [ava, bob, cam] = all;
    const parties = [
      dkgParty(all, ava!, clients[0]!, { role: 'creator', participants: [bob!.hex, cam!.hex] }),
      dkgParty(all, bob!, clients[1]!, { role: 'joiner' }),
      dkgParty(all, cam!, clients[2]!, { role: 'joiner' }),
    ];
    // Bob's app dies right after saving that the relay took his second message.
    let crashed = false;
    await stepWithRestarts(parties, all, (p, saved) => {
      if (p.name !== 'Bob' || crashed || saved.sent !== 2 || saved.pending) return false;
      return (crashed = true);
    });
    expect(crashed).toBe(true);
    // Nobody received any message twice.
    for (const p of parties) {
      const got = (p.runner.toJSON() as FrostdDkgState).received.map((r) => r.msg);
      expect(new Set(got).size).toBe(got.length);
    }
    for (const p of parties) expect(p.runner.status, `${p.name}: ${p.runner.error?.message}`).toBe('done');
    const keys = parties.map((p) => (p.runner as FrostdDkgRunner).result!.groupKey);
    expect(new Set(keys).size).toBe(1);
    expect(
      signsWith([(parties[0]!.runner as FrostdDkgRunner).result!, (parties[1]!.runner as FrostdDkgRunner).result!], 'after restarts'),
    ).toBe(true);
    expect(relay.sessionIds()).not.toContain(parties[0]!.runner.sessionId);
  });

  it('a send whose outcome is unknown after a restart is never repeated towards a possible frost-client peer: the run asks to restart the session', async () => {
    const { all, clients } = await threeMembers(['Gus', 'Hep', 'Ida']);
    const [gus, hep, ida] = all;
    // Hep's connection dies while his second message is on its way: the relay took it, Hep never learns it.
    let hepSends = 0;
    const dying: FrostdFetch = async (url, init) => {
      const r = await fetch(url, init);
      if (url.endsWith('/send') && ++hepSends === 2) throw new TypeError('fetch failed');
      return r;
    };
    const hepClient = new FrostdClient({ server: relay.url, fetch: dying });
    await hepClient.login(hep!.key);
    const parties = [
      dkgParty(all, gus!, clients[0]!, { role: 'creator', participants: [hep!.hex, ida!.hex] }),
      dkgParty(all, hep!, hepClient, { role: 'joiner' }),
      dkgParty(all, ida!, clients[2]!, { role: 'joiner' }),
    ];
    await stepWithRestarts(parties, all, undefined, { restart: ['Hep'] });
    const h = parties[1]!.runner;
    expect(h.status).toBe('failed');
    expect(h.error!.code).toBe('frostd/send-outcome-unknown');
    expect(h.error!.message).toMatch(
      /^The app stopped \(or lost the connection\) while sending a message to (Gus|Ida), and cannot tell whether the relay took it\./,
    );
    expect(h.error!.message).toContain('Tell Gus to close this session and create a new one, and join the new one.');
    expect((h.toJSON() as FrostdDkgState).pending?.index).toBe(1);
    // Nobody received a message twice.
    for (const p of parties) {
      const got = (p.runner.toJSON() as FrostdDkgState).received.map((r) => r.msg);
      expect(new Set(got).size).toBe(got.length);
    }
    await parties[0]!.runner.abort(clients[0]!, new CeremonyError('frostd/session-not-found', 'stop', {}));
    expect(relay.sessionIds()).not.toContain(parties[0]!.runner.sessionId);
  });

  it('our creator resends a pending message to a member that said hello (it skips the copy)', async () => {
    const { all, clients } = await threeMembers(['Jan', 'Kit', 'Lev']);
    const [jan, kit, lev] = all;
    // Jan's connection dies while her echo to Kit is on its way (the relay took it).
    let janSends = 0;
    const dying: FrostdFetch = async (url, init) => {
      const r = await fetch(url, init);
      if (url.endsWith('/send') && ++janSends === 3) throw new TypeError('fetch failed');
      return r;
    };
    const restart = { restart: ['Jan'] };
    const janClient = new FrostdClient({ server: relay.url, fetch: dying });
    await janClient.login(jan!.key);
    const parties = [
      dkgParty(all, jan!, janClient, { role: 'creator', participants: [kit!.hex, lev!.hex] }),
      dkgParty(all, kit!, clients[1]!, { role: 'joiner' }),
      dkgParty(all, lev!, clients[2]!, { role: 'joiner' }),
    ];
    await stepWithRestarts(parties, all, undefined, restart);
    for (const p of parties) expect(p.runner.status, `${p.name}: ${p.runner.error?.message}`).toBe('done');
    const fromJan = (p: Party) => (p.runner.toJSON() as FrostdDkgState).received.filter((r) => r.sender === jan!.hex).map((r) => r.msg);
    expect(parties.slice(1).some((p) => new Set(fromJan(p)).size < fromJan(p).length)).toBe(true);
    expect(relay.sessionIds()).not.toContain(parties[0]!.runner.sessionId);
  });

  it('restoring a state whose last saved (unprocessed) message is bad ends the run with that error instead of throwing', async () => {
    const { all, clients } = await threeMembers(['Nia', 'Oz', 'Pia']);
    const creator = dkgParty(all, all[0]!, clients[0]!, { role: 'creator', participants: [all[1]!.hex, all[2]!.hex] });
    await drive([creator], clock, { rounds: 1 });
    const state = creator.runner.toJSON() as FrostdDkgState;
    state.received.push({ queue: 'participant', sender: all[1]!.hex, msg: '00'.repeat(80) });
    const restored = FrostdDkgRunner.restore(state, { communicationKey: all[0]!.key, seed: all[0]!.seed });
    expect(restored.status).toBe('failed');
    expect(restored.error!.code).toBe('noise/decrypt-failed');
    await clients[0]!.closeSession(state.sessionId!);
  });
});
