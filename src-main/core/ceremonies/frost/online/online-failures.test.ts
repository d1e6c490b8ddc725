/**
 * What goes wrong online, and what people see: a member who never shows up (the run gives up
 * naming them, in the view), a threshold mismatch (refused before round 1, or before any share
 * leaves when frost-client did not announce it), and an app that crashes mid-run (a new app on
 * the same data folder continues it).
 */
import { ed25519 } from '@noble/curves/ed25519.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { join } from 'node:path';
import { vaultSecretStore } from '../../../vault/engine-secret-store.ts';
import { Engine } from '../../../engine/engine.ts';
import { CeremonyFolder } from '../../../engine/folder.ts';
import { expectCode } from '../../../vault/test-support.ts';
import { FROST_FACT } from '../../../../../src-shared/ceremonies/frost.ts';
import { frostProtocol } from '../protocol.ts';
import type { GroupState } from '../state.ts';
import { frostAppServices, frostdAccess } from './services.ts';
import {
  bookState,
  confirmGroupCodes,
  exchangeContacts,
  fact,
  groupState,
  onlineTestEnv,
  poll,
  pollRounds,
  restart,
  view,
  zoeCreatesDkg,
  type Member,
} from '../../../testing/frost-online.ts';

const env = onlineTestEnv();
const { clock } = env;
const MINUTE = 60_000;

async function three(): Promise<[Member, Member, Member]> {
  const all = await env.installs(['Alice', 'Bob', 'Carol']);
  await exchangeContacts(all);
  return all as [Member, Member, Member];
}

async function aliceCreates(alice: Member, threshold = 2, timeoutMinutes = 10): Promise<string> {
  const v = await alice.core.engine.create('frost', 'Treasury', false, {
    mode: 'online-dkg',
    server: env.relay.url,
    threshold,
    description: 'Treasury',
    participants: ['Bob', 'Carol'],
    timeoutMinutes,
  });
  alice.id = v.id;
  return fact(v, FROST_FACT.onlineSession)!;
}

describe('online runs that go wrong', () => {
  it('a member who never shows up: everyone sees whom they wait for and since when; the run gives up naming them', async () => {
    const [alice, bob, carol] = await three();
    const session = await aliceCreates(alice);
    bob.id = (await bob.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url, threshold: 2 })).id;
    await bob.core.engine.act(bob.id, 'online-accept', {});
    await pollRounds([alice, bob], clock, 5);
    for (const m of [alice, bob]) {
      expect(view(m).headline).toMatch(
        /waiting for the round-1 package of Carol \(since \d\d:\d\d:\d\d UTC; gives up at \d\d:\d\d:\d\d UTC/,
      );
      expect(view(m).participants.find((p) => p.label === 'Carol')).toMatchObject({
        state: 'waiting',
        status: expect.stringMatching(/^No round-1 package yet \(waiting since/),
      });
      expect(view(m).next.map((n) => n.action)).toContain('online-step');
    }
    // Ten minutes later (the deadline Alice chose), the runs give up and say who did not come.
    clock.advance(10 * MINUTE);
    await alice.core.engine.act(alice.id, 'online-step', {});
    const a = view(alice);
    expect(a.status).toBe('failed');
    expect(a.headline).toMatch(
      /^The online key generation stopped: Gave up after 10 min in the round1 phase: still waiting for Carol, who has not sent a message\./,
    );
    expect(a.participants.find((p) => p.label === 'Carol')).toMatchObject({ state: 'problem', status: 'Did not send in time' });
    expect(a.next.map((n) => n.action)).not.toContain('online-step');
    // Alice's run closed the session, so Bob's stops too, still naming Carol.
    expect(env.relay.sessionIds()).not.toContain(session);
    await bob.core.engine.act(bob.id, 'online-step', {});
    expect(view(bob).status).toBe('failed');
    expect(view(bob).headline).toContain('while it still waited for Carol');
    // Carol comes too late: there is nothing to join any more.
    await expectCode(
      carol.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url }),
      'frost/online-no-session',
    );
    // Failed runs are not stepped again: no new journal lines.
    const lines = view(alice).activity.length;
    await alice.core.engine.act(alice.id, 'online-step', {});
    expect(view(alice).activity.length).toBe(lines);
  });

  it('the relay does not carry the threshold (message_count is 1): a joiner who gives none is asked for it, and nothing is sent or kept', async () => {
    const [alice, bob] = await three();
    const session = await aliceCreates(alice, 2);
    expect(env.relay.sessionInfo(session)!.messageCount).toBe(1);
    const err = await expectCode(
      bob.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url }),
      'frost/online-threshold-needed',
    );
    expect(err.message).toBe(
      "The relay does not say the threshold of Alice's key generation: enter the threshold Alice told you (any T of the 3 members).",
    );
    // Nothing of Bob's is on the relay, and he has no ceremony for it.
    expect(Object.values(env.relay.queueSizes(session)).reduce((a, b) => a + b, 0)).toBe(0);
    expect(bob.core.engine.list().filter((c) => c.role !== 'contacts owner')).toEqual([]);
    // Nor a copy of his communication key or a run seed in the vault.
    const kept = (await bob.core.vault.unlockedVault()).list().map((x) => x.id);
    expect(kept.filter((x) => x.endsWith('/comm-key'))).toEqual([`${bob.book}/comm-key`]);
    expect(kept.filter((x) => x.includes('frostd-seed'))).toEqual([]);
  });

  it('a package made for another threshold is refused, naming its sender, before any share leaves', async () => {
    const { bob, zoe, zoeDkg } = await zoeCreatesDkg(env);
    bob.id = (await bob.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url, threshold: 3 })).id;
    expect(view(bob).headline).toContain('any 3 of 3');
    await bob.core.engine.act(bob.id, 'online-accept', {});
    await poll([bob], clock, () => view(bob).status === 'failed', { others: [() => zoeDkg.step(zoe.client, { now: clock.now() })] });
    expect(view(bob).headline).toContain('Zoe is running this DKG with a threshold of 2, but you chose 3. No share was sent');
    const run = groupState(bob).online!.runs[0]!;
    expect(run.report.error!.code).toBe('frostd/threshold-mismatch');
    // Bob sent only his (public) round-1 package to each of the others: no round-2 package.
    expect((run.runner as { sent: number }).sent).toBe(3); // and our hello to the creator's coordinator queue
  });

  it('an app that crashes mid-run reopens and continues it: DKG, then a signer who approves after a restart', async () => {
    const all = await three();
    const [alice, bob, carol] = all;
    await aliceCreates(alice);
    for (const m of [bob, carol]) {
      m.id = (await m.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url, threshold: 2 })).id;
      await m.core.engine.act(m.id, 'online-accept', {});
    }
    // A few rounds in (round 1 done, echo under way), Bob's app dies and is started again.
    await poll(all, clock, () => groupState(bob).online!.runs[0]!.report.phase === 'echo');
    await bob.core.close();
    await restart(bob, clock);
    expect(view(bob).headline).toContain('Online key generation on');
    await poll(all, clock, () => all.every((m) => groupState(m).online!.runs[0]!.report.status === 'done'));
    const groupKey = groupState(alice).group!.verifyingKey;
    for (const m of all) expect(groupState(m).group!.verifyingKey).toBe(groupKey);
    await confirmGroupCodes(all);

    // Signing: Carol's app restarts while the message waits for her approval, and again after it.
    const message = new TextEncoder().encode('after a crash');
    const other = groupState(alice).members.find((m) => m.id !== groupState(alice).me)!;
    const who = all.find((m) => bookState(m).publicKey === other.commKey)!;
    await alice.core.engine.act(alice.id, 'online-sign-request', {
      signers: [groupState(alice).me, other.id],
      message: Buffer.from(message).toString('base64'),
      label: 'c',
    });
    await who.core.engine.act(who.id, 'online-sign-join', {});
    await poll(all, clock, () => view(who).next.some((n) => n.action === 'online-approve'));
    await who.core.close();
    await restart(who, clock);
    expect(fact(view(who), FROST_FACT.pendingMessageText)).toBe('after a crash');
    await who.core.engine.act(who.id, 'online-approve', {});
    await who.core.close();
    await restart(who, clock);
    await poll(all, clock, () => groupState(alice).online!.runs.some((r) => r.signature));
    const sig = groupState(alice).online!.runs.find((r) => r.signature)!.signature!;
    expect(ed25519.verify(hexToBytes(sig), message, hexToBytes(groupKey))).toBe(true);
  });

  it('an app that dies after the relay handed over messages but before saving them still gets them (frostd deletes what it hands over)', async () => {
    const all = await three();
    const [alice, bob, carol] = all;
    const session = await aliceCreates(alice);
    for (const m of [bob, carol]) {
      m.id = (await m.core.engine.create('frost', 'x', false, { mode: 'online-join', server: env.relay.url, threshold: 2 })).id;
      await m.core.engine.act(m.id, 'online-accept', {});
    }
    const aliceKey = bookState(alice).publicKey;
    expect(env.relay.queueSizes(session)[aliceKey]).toBe(2); // Bob's and Carol's round-1 packages
    class Crash extends Error {}
    const crashing = new Engine({
      dataDir: alice.dir,
      secrets: vaultSecretStore(alice.core.vault),
      protocols: [frostProtocol],
      services: {
        frost: frostAppServices({ dataDir: alice.dir, vault: alice.core.vault, override: { frostd: frostdAccess({ now: clock.now }) } }),
      },
      checkpoint: (step, point) => {
        if (step === 'online-step' && point === 'after-artifacts') throw new Crash('power cut');
      },
    });
    await expect(crashing.act(alice.id, 'online-step', {})).rejects.toBeInstanceOf(Crash);
    // The relay has handed them over (and forgotten them); the committed state does not have them.
    expect(env.relay.queueSizes(session)[aliceKey] ?? 0).toBe(0);
    const saved = new CeremonyFolder(join(alice.dir, 'ceremonies'), alice.id).readState<GroupState>().protocolState;
    expect((saved.online!.runs[0]!.runner as { received: unknown[] }).received).toHaveLength(0);
    // The reopened app continues from the run inbox and the DKG completes.
    await restart(alice, clock);
    await poll(all, clock, () => all.every((m) => groupState(m).online!.runs[0]!.report.status === 'done'));
    expect(new Set(all.map((m) => groupState(m).group!.verifyingKey)).size).toBe(1);
  });
});
