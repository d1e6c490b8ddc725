/**
 * The FROST ceremony's typed view (FrostView): what the screens read at each step of a DKG over
 * bundles and of signings (members' states, the group key, the message awaiting a decision), and
 * the address book's view. Each view is also checked against the shared schema.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { FrostView } from '../../../../src-shared/ceremonies/frost.ts';
import { checkCodeOfBytes } from '../../encoding/check-code.ts';
import { act, confirmGroupCodes, readState, runDkgSetup, syncClean, type Party } from '../../rehearsal/frost.ts';
import { closeAll, parties } from '../../testing/frost-parties.ts';

const open: Party[] = [];
afterAll(() => closeAll(open));

function fv(p: Party): FrostView {
  return FrostView.parse(p.core.engine.view(p.id).view);
}

/** [participant id, state] of every member, as this party sees them. */
const states = (p: Party) => fv(p).members.map((m) => [m.partyId, m.state]);
/** Step, whom it waits for ([name, what is missing]) and the files due now ([artifact, to]). */
const moment = (p: Party) => {
  const v = fv(p);
  return { step: v.step, waiting: v.waitingFor.map((w) => [w.name, w.missing]), carry: v.carry.map((c) => [c.artifactId, c.to]) };
};

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
      expect(v).toMatchObject({ origin: 'dkg', creator: 'p1', groupKeyCheck: 'not-needed', codeChecks: [], signing: null });
      expect(v.codes).toEqual({ groupKey: null, params: fv(alice).codes.params });
      expect(v.codes.params).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    }
    // the creator hands out the invitations; the others read the rules and accept them
    expect(moment(alice)).toEqual({
      step: 'invite',
      waiting: [],
      carry: [
        ['invitation:p2', ['Bob']],
        ['invitation:p3', ['Carol']],
      ],
    });
    for (const p of [bob, carol]) expect(moment(p)).toEqual({ step: 'agree', waiting: [], carry: [] });

    // --- round 1: Alice's own package counts at once; the others see it once imported
    await act(alice, 'round1');
    expect(moment(alice)).toEqual({
      step: 'commitments',
      waiting: [
        ['Bob', 'commitment'],
        ['Carol', 'commitment'],
      ],
      carry: [['bundle:round1', ['Bob', 'Carol']]],
    });
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
    expect(moment(alice)).toMatchObject({ step: 'shares', waiting: [] });
    await act(bob, 'round2');
    expect(moment(bob)).toEqual({
      step: 'shares',
      waiting: [
        ['Alice', 'share'],
        ['Carol', 'share'],
      ],
      carry: [['bundle:round2', ['Alice', 'Carol']]],
    });
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
    // --- the group key check code is compared before the group is used
    const code = fv(alice).codes.groupKey!;
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    for (const p of ps) {
      expect(fv(p)).toMatchObject({ step: 'confirm-key', groupKeyCheck: 'none', codes: { groupKey: code }, carry: [] });
      expect(p.core.engine.view(p.id).next.map((n) => [n.action, n.primary])).toEqual([
        ['confirm-code', true],
        ['verify', false],
      ]);
    }
    await confirmGroupCodes(ps);
    for (const p of ps) expect(fv(p)).toMatchObject({ step: 'ready', groupKeyCheck: 'match', signing: null });
    expect(fv(bob).codeChecks).toEqual([{ code, verdict: 'match', heard: ['p1', 'p3'], at: expect.any(String) }]);

    // --- signing: Alice asks Bob; Bob sees the message waiting for his decision, Carol does not
    const text = 'Pay Bob 5 coins';
    await act(alice, 'sign-request', { signers: ['p1', 'p2'], message: Buffer.from(text).toString('base64'), label: 'rent' });
    const session = readState(alice).signings.at(-1)!.id;
    expect(fv(bob).pendingApproval).toBeNull(); // not imported yet
    const fingerprint = checkCodeOfBytes(Buffer.from(text));
    // the requester: a 2-of-3 group, 2 signers (herself and Bob), waiting for Bob's approval
    expect(moment(alice)).toEqual({
      step: 'wait-signers',
      waiting: [['Bob', 'approval']],
      carry: [[`bundle:sign.${session}.request`, ['Bob']]],
    });
    expect(fv(alice).signing).toEqual({
      id: session,
      via: 'bundles',
      label: 'rent',
      requestedBy: 'Alice',
      youRequested: true,
      bytes: text.length,
      fingerprint,
      signers: [
        { name: 'Alice', you: true, state: 'approved' },
        { name: 'Bob', you: false, state: 'asked' },
      ],
      status: 'open',
      signatureArtifactId: null,
    });
    await syncClean(ps);
    expect(moment(bob)).toEqual({ step: 'review-message', waiting: [], carry: [] });
    expect(fv(bob).signing).toMatchObject({ requestedBy: 'Alice', youRequested: false, fingerprint });
    expect(moment(carol)).toEqual({ step: 'ready', waiting: [], carry: [] }); // not asked
    expect(fv(bob).pendingApproval).toEqual({
      via: 'bundles',
      from: 'Alice',
      session,
      label: 'rent',
      messageHex: Buffer.from(text).toString('hex'),
      messageText: text,
      bytes: text.length,
      fingerprint,
    });
    expect(fv(alice).pendingApproval).toBeNull(); // the one who asked decides nothing
    expect(fv(carol).pendingApproval).toBeNull(); // not asked
    await act(bob, 'sign-approve', { session });
    expect(fv(bob).pendingApproval).toBeNull();
    expect(moment(bob)).toEqual({
      step: 'wait-signers',
      waiting: [['Alice', 'signing-package']],
      carry: [[`bundle:sign.${session}.commit`, ['Alice']]],
    });
    await syncClean(ps);
    expect(moment(alice)).toEqual({
      step: 'sign',
      waiting: [['Bob', 'signature-share']],
      carry: [[`bundle:sign.${session}.package`, ['Bob']]],
    });
    for (const p of [alice, bob]) await act(p, 'sign', { session });
    expect(moment(bob)).toEqual({ step: 'signed', waiting: [], carry: [[`bundle:sign.${session}.share`, ['Alice']]] });
    expect(moment(alice)).toEqual({
      step: 'wait-signers',
      waiting: [['Bob', 'signature-share']],
      carry: [[`bundle:sign.${session}.package`, ['Bob']]],
    });
    await syncClean(ps);
    // done: "2 of 2 signers", never "3 of 3"
    expect(moment(alice)).toEqual({ step: 'signed', waiting: [], carry: [[`bundle:sign.${session}.result`, ['Bob', 'Carol']]] });
    expect(fv(alice).signing).toMatchObject({
      status: 'done',
      signatureArtifactId: `signature:${session}`,
      signers: [
        { name: 'Alice', state: 'signed' },
        { name: 'Bob', state: 'signed' },
      ],
    });
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
      fingerprint: checkCodeOfBytes(bytes),
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
    expect(v.step).toBe('contacts');
    expect(v.contacts).toEqual([
      {
        name: 'Dora',
        contact: expect.stringMatching(/^zffrost1/),
        fingerprint: expect.stringMatching(/^[0-9a-f]{4}( [0-9a-f]{4}){4}$/),
        you: true,
      },
    ]);
  });
});
