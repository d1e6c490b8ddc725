/**
 * Our runners in the same frostd sessions as a strict frost-client stand-in (written from
 * frost-tools' source, no code shared with src-main): our creator with frost-client joiners, a
 * frost-client creator with our joiner, our coordinator with frost-client signers, a frost-client
 * coordinator with our signer. After each, no session is left on the relay (a leftover stops a
 * frost-client user's next `dkg` or `participant`, which need exactly one session). A crash
 * between a send and its save never makes the stand-in abort on a duplicate or a gap.
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, randomBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  FrostClientCoordinator,
  FrostClientDkg,
  FrostClientParticipant,
  type StandinKey,
} from '../../testing/frost-client-standin/frost-client.ts';
import { FrostdClient, type FrostdFetch } from './client.ts';
import { FrostdDkgRunner, type FrostdDkgState } from './dkg-runner.ts';
import { FrostdSignCoordinator } from './sign-coordinator.ts';
import { FrostdSignParticipant } from './sign-participant.ts';
import { FakeClock, loggedInClient, members, type TestMember } from './test-support.ts';
import { FrostdTestRelay } from './test-relay.ts';
import type { FrostdRunner, FrostdRunState } from './runner.ts';

const clock = new FakeClock();
let relay: FrostdTestRelay;
beforeAll(async () => {
  relay = await FrostdTestRelay.start({ now: clock.now });
});
afterAll(() => relay.close());

const MINUTE = 60_000;
const standinKey = (m: TestMember): StandinKey => ({ privateKey: m.key.privateKey, publicKey: m.key.publicKey });
const book = (all: TestMember[], me: TestMember) => new Set(all.filter((m) => m !== me).map((m) => m.hex));
const names = (all: TestMember[], me: TestMember) => Object.fromEntries(all.filter((m) => m !== me).map((m) => [m.hex, m.name]));

type Turn = { ours: { runner: FrostdRunner<FrostdRunState>; client: FrostdClient } } | { standin: { poll(): Promise<void> } };

/** frost-client's 2 s loop and our steps, in the given order, on the fake clock. */
async function run(turns: Turn[], done: () => boolean, rounds = 40): Promise<void> {
  for (let r = 0; r < rounds && !done(); r++) {
    for (const t of turns) {
      if ('ours' in t) await t.ours.runner.step(t.ours.client, { now: clock.now() });
      else await t.standin.poll();
    }
    clock.advance(2000);
  }
}

const settled = (x: { status: string } | { status: { state: string } }) => {
  const s = typeof x.status === 'string' ? x.status : x.status.state;
  return s !== 'running';
};

async function dkgOurCreator(ava: TestMember, x: TestMember, y: TestMember, fetch?: FrostdFetch) {
  const all = [ava, x, y];
  const client = new FrostdClient({ server: relay.url, ...(fetch ? { fetch } : {}) });
  await client.login(ava.key);
  const runner = FrostdDkgRunner.create(
    { threshold: 2, role: 'creator', participants: [x.hex, y.hex], contacts: names(all, ava), timeoutMs: 10 * MINUTE },
    { communicationKey: ava.key, seed: ava.seed },
    clock.now(),
  );
  const fx = new FrostClientDkg(relay.url, standinKey(x), book(all, x), { threshold: 2 });
  const fy = new FrostClientDkg(relay.url, standinKey(y), book(all, y), { threshold: 2 });
  return { client, runner, fx, fy };
}

describe('frost-client (strict stand-in) and our runners in the same frostd sessions', () => {
  it('our creator + two frost-client joiners; then our coordinator with frost-client signers, and a frost-client coordinator with our signer', async () => {
    const [ava, xia, yul] = members('Ava', 'Xia', 'Yul');
    const all = [ava!, xia!, yul!];
    const firstCreated = relay.created.length;
    const { client, runner, fx, fy } = await dkgOurCreator(ava!, xia!, yul!);
    await run([{ ours: { runner, client } }, { standin: fx }, { standin: fy }], () => [runner, fx, fy].every(settled));
    expect(fx.status).toEqual({ state: 'done' });
    expect(fy.status).toEqual({ state: 'done' });
    expect(runner.status, runner.error?.message).toBe('done');
    const groupKey = runner.result!.groupKey;
    expect(fx.result!.groupKey).toBe(groupKey);
    expect(fy.result!.groupKey).toBe(groupKey);
    expect(fx.result!.identifier).toBe(
      runner.result!.participants &&
        Object.keys(runner.result!.participants).find((id) => bytesToHex(runner.result!.participants[id]!) === xia!.hex),
    );
    // Our creator closed the session though frost-client joiners never confirm.
    expect(runner.toJSON().closed).toBe(true);
    expect(runner.unconfirmed).toEqual(expect.arrayContaining([xia!.hex, yul!.hex]));
    expect(relay.sessionIds()).toEqual([]);

    // ── Our coordinator, frost-client signers (each finds exactly one session: the DKG's is gone).
    const participants = Object.fromEntries(Object.entries(runner.result!.participants).map(([id, k]) => [id, bytesToHex(k)]));
    const msg1 = new TextEncoder().encode('we coordinate, frost-client signs');
    const coord = FrostdSignCoordinator.create(
      {
        publicKeyPackage: runner.result!.publicKeyPackage,
        minSigners: 2,
        participants,
        signers: [xia!.hex, yul!.hex],
        message: msg1,
        contacts: names(all, ava!),
      },
      { communicationKey: ava!.key, seed: randomBytes(32) },
      clock.now(),
    );
    const px = new FrostClientParticipant(relay.url, standinKey(xia!), book(all, xia!), {
      key: fx.result!.key,
      participants: fx.result!.participants,
    });
    const py = new FrostClientParticipant(relay.url, standinKey(yul!), book(all, yul!), {
      key: fy.result!.key,
      participants: fy.result!.participants,
    });
    await run([{ ours: { runner: coord, client } }, { standin: px }, { standin: py }], () => [coord, px, py].every(settled));
    expect([px.status, py.status]).toEqual([{ state: 'done' }, { state: 'done' }]);
    expect(coord.status, coord.error?.message).toBe('done');
    expect(ed25519.verify(coord.result!.signature, msg1, hexToBytes(groupKey))).toBe(true);
    expect(relay.sessionIds()).toEqual([]);

    // ── A frost-client coordinator (Xia), our signer (Ava) and a frost-client signer (Yul).
    const msg2 = new TextEncoder().encode('frost-client coordinates, we sign');
    const fc = new FrostClientCoordinator(
      relay.url,
      standinKey(xia!),
      book(all, xia!),
      { public: fx.result!.key.public, participants: fx.result!.participants },
      [ava!.hex, yul!.hex],
      msg2,
    );
    const signer = FrostdSignParticipant.create(
      { participants, contacts: names(all, ava!), autoApprove: true },
      { communicationKey: ava!.key, seed: randomBytes(32), keyPackage: runner.result!.keyPackage },
      clock.now(),
    );
    const py2 = new FrostClientParticipant(relay.url, standinKey(yul!), book(all, yul!), {
      key: fy.result!.key,
      participants: fy.result!.participants,
    });
    await run([{ standin: fc }, { ours: { runner: signer, client } }, { standin: py2 }], () => [fc, signer, py2].every(settled));
    expect(fc.status).toEqual({ state: 'done' });
    expect(py2.status).toEqual({ state: 'done' });
    expect(signer.status, signer.error?.message).toBe('done');
    expect(ed25519.verify(fc.signature!, msg2, hexToBytes(groupKey))).toBe(true);
    expect(relay.sessionIds()).toEqual([]);

    // message_count is the number of messages a session signs (frostd's Session, frost-client's
    // create_new_session): frost-client always asks for 1, for a DKG as for a signing. So do we;
    // our DKG creator's session is no exception (a threshold there would be a count of messages).
    const created = relay.created.slice(firstCreated);
    expect(created.map((c) => c.coordinator)).toEqual([ava!.hex, ava!.hex, xia!.hex]); // our DKG, our signing, frost-client's signing
    expect(created.map((c) => c.messageCount)).toEqual([1, 1, 1]);
  });

  it('a frost-client creator + our joiner + a frost-client joiner', async () => {
    const [zed, bob, yan] = members('Zed', 'Bob', 'Yan');
    const all = [zed!, bob!, yan!];
    const fz = new FrostClientDkg(relay.url, standinKey(zed!), book(all, zed!), { threshold: 2, participants: [bob!.hex, yan!.hex] });
    const fy = new FrostClientDkg(relay.url, standinKey(yan!), book(all, yan!), { threshold: 2 });
    const client = await loggedInClient(relay.url, bob!);
    const ours = FrostdDkgRunner.create(
      { threshold: 2, role: 'joiner', contacts: names(all, bob!), timeoutMs: 10 * MINUTE },
      { communicationKey: bob!.key, seed: bob!.seed },
      clock.now(),
    );
    await run([{ standin: fz }, { ours: { runner: ours, client } }, { standin: fy }], () => [fz, ours, fy].every(settled));
    expect(fz.status).toEqual({ state: 'done' });
    expect(fy.status).toEqual({ state: 'done' });
    expect(ours.status, ours.error?.message).toBe('done');
    expect(ours.result!.groupKey).toBe(fz.result!.groupKey);
    expect(relay.sessionIds()).toEqual([]);
  });

  it('our creator crashes after the relay took a message to a frost-client joiner but before saving it: it never resends, it stops and closes the session', async () => {
    const [ava, xia, yul] = members('Ana', 'Xin', 'Yva');
    let sends = 0;
    const dying: FrostdFetch = async (url, init) => {
      const r = await fetch(url, init);
      if (url.endsWith('/send') && ++sends === 3) throw new TypeError('fetch failed'); // the first echo: taken, answer lost
      return r;
    };
    const { client, runner, fx, fy } = await dkgOurCreator(ava!, xia!, yul!, dying);
    let saved: FrostdDkgState | undefined;
    let ours: FrostdDkgRunner = runner;
    const step = {
      async poll() {
        if (ours.status !== 'running') return;
        const report = await ours.step(client, { now: clock.now(), persist: (st) => void (saved = st as FrostdDkgState) });
        // The app restarts after the lost answer, from what it saved before that send (the send pending).
        if (report.transientError) ours = FrostdDkgRunner.restore(saved!, { communicationKey: ava!.key, seed: ava!.seed });
      },
    };
    await run([{ standin: step }, { standin: fx }, { standin: fy }], () => ours.status !== 'running' && settled(fx) && settled(fy));
    expect(sends).toBeGreaterThanOrEqual(3);
    expect(ours.status).toBe('failed');
    expect(ours.error!.code).toBe('frostd/send-outcome-unknown');
    expect(ours.error!.message).toMatch(
      /while sending a message to (Xin|Yva), and cannot tell whether the relay took it\..*This session is now closed: create a new one and ask everyone to join it\.$/,
    );
    // The stand-ins stopped because the session was closed, never on a duplicate or a gap.
    for (const f of [fx, fy]) expect(f.status.protocolAbort, f.status.error).not.toBe(true);
    expect(relay.sessionIds()).toEqual([]);
  });

  it('our creator crashes right after saving a send as done: the run goes on and the frost-client joiners finish', async () => {
    const [ava, xia, yul] = members('Ada', 'Xu', 'Yo');
    // A dead process makes no more requests (no cleanup runs).
    let dead = false;
    const mortal: FrostdFetch = async (url, init) => {
      if (dead) throw Object.assign(new TypeError('fetch failed'), { cause: { code: 'ECONNREFUSED' } });
      return fetch(url, init);
    };
    const { client, runner, fx, fy } = await dkgOurCreator(ava!, xia!, yul!, mortal);
    let ours: FrostdDkgRunner = runner;
    let crashed = false;
    const step = {
      async poll() {
        if (ours.status !== 'running') return;
        let last: FrostdDkgState | undefined;
        let killed = false;
        await ours.step(client, {
          now: clock.now(),
          persist: (st) => {
            last = st as FrostdDkgState;
            if (!crashed && last.sent === 3 && !last.pending) {
              crashed = killed = dead = true;
              throw new Error('process killed');
            }
          },
        });
        dead = false;
        if (killed) ours = FrostdDkgRunner.restore(last!, { communicationKey: ava!.key, seed: ava!.seed });
      },
    };
    await run([{ standin: step }, { standin: fx }, { standin: fy }], () => ours.status !== 'running' && settled(fx) && settled(fy));
    expect(crashed).toBe(true);
    expect(fx.status).toEqual({ state: 'done' });
    expect(fy.status).toEqual({ state: 'done' });
    expect(ours.status, ours.error?.message).toBe('done');
    expect(fx.result!.groupKey).toBe(ours.result!.groupKey);
    expect(relay.sessionIds()).toEqual([]);
  });
});
