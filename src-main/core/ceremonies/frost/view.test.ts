/**
 * The FROST ceremony's typed view (FrostView): what the screens read at each step of a DKG over
 * bundles and of signings (members' states, the group key, the message awaiting a decision), and
 * the address book's view. Each view is also checked against the shared schema.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FrostView } from '../../../../src-shared/ceremonies/frost.ts';
import { act, readState, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { closeAll, parties } from '../../testing/frost-parties.ts';

const open: Party[] = [];
afterAll(() => closeAll(open));

function fv(p: Party): FrostView {
  return FrostView.parse(p.core.engine.view(p.id).view);
}

/** [participant id, state] of every member, as this party sees them. */
const states = (p: Party) => fv(p).members.map((m) => [m.partyId, m.state]);

describe('the FROST view over bundles', () => {
  it('DKG: members turn "done" round by round, the group key appears at the end; signing: the request waits for a decision', async () => {
    const ps = await parties(['Alice', 'Bob', 'Carol']);
    open.push(...ps);
    const [alice, bob, carol] = ps as [Party, Party, Party];
    await runDkgSetup(ps, { suite: 'ed25519', threshold: 2, description: 'Board', rehearsal: false });

    // --- joined: parameters known, nobody has sent round 1
    for (const [k, p] of ps.entries()) {
      const v = fv(p);
      expect(v).toMatchObject({
        protocol: 'frost',
        kind: 'group',
        suite: readState(p).suite,
        threshold: 2,
        n: 3,
        groupKey: null,
        me: `p${k + 1}`,
        pendingApproval: null,
        onlineServer: null,
      });
      expect(v.members.map((m) => [m.partyId, m.name, m.you, m.active])).toEqual([
        ['p1', 'Alice', k === 0, true],
        ['p2', 'Bob', k === 1, true],
        ['p3', 'Carol', k === 2, true],
      ]);
      expect(v.members.every((m) => m.state === 'waiting')).toBe(true);
    }

    // --- round 1: Alice's own package counts at once; the others see it once imported
    await act(alice, 'round1');
    expect(states(alice)).toEqual([
      ['p1', 'done'],
      ['p2', 'waiting'],
      ['p3', 'waiting'],
    ]);
    expect(states(bob).every(([, s]) => s === 'waiting')).toBe(true);
    await syncClean(ps);
    expect(states(bob)).toEqual([
      ['p1', 'done'],
      ['p2', 'waiting'],
      ['p3', 'waiting'],
    ]);
    for (const p of [bob, carol]) await act(p, 'round1');
    await syncClean(ps);

    // --- round 2: with every round-1 package in, the states start again for round 2
    for (const p of ps) expect(states(p).every(([, s]) => s === 'waiting')).toBe(true);
    await act(bob, 'round2');
    expect(states(bob)).toEqual([
      ['p1', 'waiting'],
      ['p2', 'done'],
      ['p3', 'waiting'],
    ]);
    for (const p of [alice, carol]) await act(p, 'round2');
    await syncClean(ps);
    for (const p of ps) {
      expect(states(p).every(([, s]) => s === 'done')).toBe(true);
      expect(fv(p).groupKey).toBeNull(); // not finalized yet
    }

    // --- finalized: the same group key everywhere
    for (const p of ps) await act(p, 'finalize');
    const key = readState(alice).group!.verifyingKey;
    for (const p of ps) expect(fv(p)).toMatchObject({ groupKey: key, n: 3, pendingApproval: null });

    // --- signing: Alice asks Bob; Bob sees the message waiting for his decision, Carol does not
    const text = 'Pay Bob 5 coins';
    await act(alice, 'sign-request', { signers: ['p1', 'p2'], message: Buffer.from(text).toString('base64'), label: 'rent' });
    const session = readState(alice).signings.at(-1)!.id;
    expect(fv(bob).pendingApproval).toBeNull(); // not imported yet
    await syncClean(ps);
    expect(fv(bob).pendingApproval).toEqual({
      via: 'bundles',
      from: 'Alice',
      session,
      label: 'rent',
      messageHex: Buffer.from(text).toString('hex'),
      messageText: text,
      bytes: text.length,
    });
    expect(fv(alice).pendingApproval).toBeNull(); // the one who asked decides nothing
    expect(fv(carol).pendingApproval).toBeNull(); // not asked
    await act(bob, 'sign-approve', { session });
    expect(fv(bob).pendingApproval).toBeNull();
    await syncClean(ps);
    for (const p of [alice, bob]) await act(p, 'sign', { session });
    await syncClean(ps);
    expect(readState(alice).signings.at(-1)!.signature).toMatch(/^[0-9a-f]+$/);
    for (const p of ps) expect(fv(p)).toMatchObject({ groupKey: key, pendingApproval: null });
    for (const p of ps) expect(states(p).every(([, s]) => s === 'done')).toBe(true);

    // --- a message that is not text: no text to show, its size; declining clears it
    const bytes = Buffer.from([0x00, 0xff, 0x10, 0x80]);
    await act(bob, 'sign-request', { signers: ['p2', 'p3'], message: bytes.toString('base64') });
    await syncClean(ps);
    const second = readState(bob).signings.at(-1)!.id;
    expect(fv(carol).pendingApproval).toEqual({
      via: 'bundles',
      from: 'Bob',
      session: second,
      label: null,
      messageHex: bytes.toString('hex'),
      messageText: null,
      bytes: 4,
    });
    await act(carol, 'sign-decline', { session: second });
    expect(fv(carol).pendingApproval).toBeNull();
  }, 60_000);

  it('the address book has no group data', async () => {
    const [dora] = await parties(['Dora']);
    open.push(dora!);
    dora!.id = (await dora!.core.engine.create('frost', 'FROST contacts', false, { mode: 'contacts', name: 'Dora' })).id;
    const v = fv(dora!);
    expect(v.kind).toBe('contacts');
    expect([v.suite, v.threshold, v.n, v.groupKey, v.me, v.pendingApproval, v.onlineServer]).toEqual(Array(7).fill(null));
    expect(v.members).toEqual([]);
  });
});
