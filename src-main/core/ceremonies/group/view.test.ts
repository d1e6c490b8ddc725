/**
 * The typed group view, step by step, with files carried by hand (no exchange folder, so the
 * "carry now" list is in play): each role's step, whom it waits for, the approvals line, the
 * files due now, the code confirmation, and the codes a person must type kept off their screen.
 */
import { afterAll, describe, expect, it } from 'vitest';
import type { GroupView } from '../../../../src-shared/ceremonies/group.ts';
import { expectCode } from '../../vault/test-support.ts';
import { act, artifact, call, closeAll, fact, importFiles, newOperator, view, type Operator } from '../../testing/group-operators.ts';
import type { CeremonyView } from '../../../../src-shared/api/ceremonies.ts';

const opened: Operator[] = [];
afterAll(() => closeAll(opened));

async function gv(op: Operator): Promise<GroupView> {
  const v = (await view(op)).view;
  if (v.protocol !== 'group') throw new Error('not a group view');
  return v;
}

/** Saves `from`'s artifact and imports it on each of `to`, as a USB stick would. */
async function carry(from: Operator, artifactId: string, to: Operator[]): Promise<void> {
  const file = await artifact(from, artifactId);
  for (const op of to) {
    const r = await importFiles(op, [file]);
    expect(r.outcomes.filter((o) => !o.accepted).map((o) => o.error?.message)).toEqual([]);
  }
}

/** Everyone's file of this step, to every other operator. */
async function exchange(ops: Operator[], artifactId: string): Promise<void> {
  for (const op of ops)
    await carry(
      op,
      artifactId,
      ops.filter((o) => o !== op),
    );
}

describe('the group view, files carried by hand', () => {
  it('genesis: the coordinator announces the roster code, operators type it (main checks), steps, waiting and carry', async () => {
    const [alice, bob, carol] = await Promise.all(['alice', 'bob', 'carol'].map(newOperator));
    const ops = [alice!, bob!, carol!];
    opened.push(...ops);
    alice!.id = (
      await call<CeremonyView>(alice!, 'ceremonies.create', {
        protocol: 'group',
        title: 'G',
        rehearsal: true,
        params: { moniker: 'alice', members: ['alice', 'bob', 'carol'], threshold: 2 },
      })
    ).id;
    expect(await gv(alice!)).toMatchObject({
      role: 'coordinator',
      step: 'register',
      coordinator: 'alice',
      waitingFor: ['bob', 'carol'],
      carry: [{ artifactId: 'invite', to: ['bob', 'carol'], receipt: true }],
      rosterCheckCode: null,
      codeConfirmed: null,
      approvals: null,
    });
    const inv = await artifact(alice!, 'invite');
    for (const op of [bob!, carol!]) op.id = (await call<CeremonyView>(op, 'ceremonies.join', { ...inv, params: { moniker: op.name } })).id;
    expect(await gv(bob!)).toMatchObject({
      role: 'operator',
      step: 'register',
      coordinator: 'alice',
      waitingFor: ['carol'],
      carry: [{ artifactId: 'register', to: ['alice', 'carol'], receipt: true }],
    });
    await carry(bob!, 'register', [alice!, carol!]);
    await carry(carol!, 'register', [alice!, bob!]);

    // Everyone registered: only the coordinator's screen has the code, to read out.
    const a = await gv(alice!);
    expect(a).toMatchObject({ step: 'check-roster', codeConfirmed: false, waitingFor: [], carry: [] });
    const code = a.rosterCheckCode!;
    expect(code).toMatch(/^\d{4}-\d{4}-\d{4}$/);
    const b = await gv(bob!);
    expect(b).toMatchObject({
      step: 'check-roster',
      rosterCheckCode: null,
      codeConfirmed: false,
      waitingFor: [],
      carry: [{ artifactId: 'register', to: ['alice', 'carol'], receipt: true }],
    });
    // Nowhere on Bob's screen (headline, facts, activity), not even under Technical details.
    expect(JSON.stringify(await view(bob!))).not.toContain(code);

    // Bob types a wrong code: the engine refuses it without saying the right one, and nothing is sent.
    const e = await expectCode(
      bob!.core.engine.act(bob!.id, 'confirm-roster', { rosterCheckCode: '0000-0000-0000' }),
      'group/roster-code-mismatch',
    );
    expect(e.message).not.toContain(code);
    expect(e.message).toContain('alice read you');
    expect(await gv(bob!)).toMatchObject({ codeConfirmed: false, rosterCheckCode: null });
    expect((await view(bob!)).artifacts.map((x) => x.id)).not.toContain('round1');

    // The code Alice read out: accepted, now shown, and round 1 goes out with the registration.
    await bob!.core.engine.act(bob!.id, 'confirm-roster', { rosterCheckCode: code });
    expect(await gv(bob!)).toMatchObject({
      step: 'check-roster',
      rosterCheckCode: code,
      codeConfirmed: true,
      waitingFor: ['alice', 'carol'],
      carry: [
        { artifactId: 'register', to: ['alice', 'carol'], receipt: true },
        { artifactId: 'round1', to: ['alice', 'carol'], receipt: true },
      ],
    });
    for (const op of [alice!, carol!]) await act(op, 'confirm-roster', { rosterCheckCode: code });
    await exchange(ops, 'round1');
    // Round 1 from everyone: they had my registration; my round 1 is due until their shares come.
    expect(await gv(alice!)).toMatchObject({
      step: 'exchange-shares',
      waitingFor: [],
      carry: [{ artifactId: 'round1', to: ['bob', 'carol'], receipt: true }],
    });
    await act(alice!, 'send-shares');
    expect(await gv(alice!)).toMatchObject({
      step: 'exchange-shares',
      waitingFor: ['bob', 'carol'],
      carry: [
        { artifactId: 'round1', to: ['bob', 'carol'], receipt: true },
        { artifactId: 'round2', to: ['bob', 'carol'], receipt: true },
      ],
    });
    for (const op of [bob!, carol!]) await act(op, 'send-shares');
    await exchange(ops, 'round2');
    expect(await gv(carol!)).toMatchObject({
      step: 'finalize',
      waitingFor: [],
      carry: [{ artifactId: 'round2', to: ['alice', 'bob'], receipt: true }],
    });
    for (const op of ops) await act(op, 'finalize');
    expect(await gv(carol!)).toMatchObject({
      step: 'confirm-key',
      waitingFor: ['alice', 'bob'],
      carry: [
        { artifactId: 'round2', to: ['alice', 'bob'], receipt: true },
        { artifactId: 'final', to: ['alice', 'bob'], receipt: false },
        // Carol's signature on the genesis record goes with her final file (issue 17).
        { artifactId: 'record', to: ['alice', 'bob'], receipt: false },
      ],
    });
    expect((await gv(carol!)).record).toEqual({
      artifactId: 'ceremony-record',
      reportArtifactId: 'ceremony-record-report',
      signatureArtifactId: null,
      signed: ['carol'],
      notSigned: ['alice', 'bob'],
    });
    // Bob's and Carol's confirmations reach Alice before hers leaves: her genesis is done, but Bob
    // and Carol still wait for her file, so it stays due (nothing that comes back would show it arrived).
    for (const op of [bob!, carol!]) for (const file of ['final', 'record']) await carry(op, file, [alice!]);
    expect(await gv(alice!)).toMatchObject({
      step: 'done',
      waitingFor: [],
      carry: [
        { artifactId: 'final', to: ['bob', 'carol'], receipt: false },
        { artifactId: 'record', to: ['bob', 'carol'], receipt: false },
      ],
      record: { signed: ['alice', 'bob', 'carol'], notSigned: [] },
    });
    expect(await gv(bob!)).toMatchObject({ step: 'confirm-key', waitingFor: ['alice', 'carol'] });
    for (const file of ['final', 'record']) {
      await carry(alice!, file, [bob!, carol!]);
      await carry(bob!, file, [carol!]);
      await carry(carol!, file, [bob!]);
    }
    for (const op of ops)
      expect(await gv(op)).toMatchObject({
        step: 'done',
        waitingFor: [],
        carry: ['final', 'record'].map((artifactId) => ({ artifactId, to: ops.filter((o) => o !== op).map((o) => o.name) })),
        codeConfirmed: true,
        record: { signed: ['alice', 'bob', 'carol'], notSigned: [] },
      });
    expect((await gv(alice!)).role).toBe('coordinator');

    // ─── Dave joins, asking Alice and Bob ───
    const dave = await newOperator('dave');
    opened.push(dave);
    const info = await artifact(alice!, 'group-info-e0');
    dave.id = (await call<CeremonyView>(dave, 'ceremonies.join', { ...info, params: { moniker: 'dave' } })).id;
    expect(await gv(dave)).toMatchObject({ role: 'newcomer', step: 'request', approvals: null, carry: [], coordinator: null });
    await act(dave, 'request-join', { quorum: ['alice', 'bob'] });
    const d = await gv(dave);
    const daveCode = fact(await view(dave), 'Your identity code')!;
    const requestId = d.carry[0]!.artifactId;
    expect(requestId).toMatch(/^join-request-e1-/);
    expect(d).toMatchObject({
      role: 'newcomer',
      step: 'approvals',
      waitingFor: ['alice', 'bob'],
      approvals: { needed: 2, from: [], waitingFor: ['alice', 'bob'] },
      carry: [{ artifactId: requestId, to: ['alice', 'bob'], receipt: true }],
    });
    expect(d.members.find((m) => m.you)!.identityCheckCode).toBe(daveCode);
    await carry(dave, requestId, ops);

    // The approvers type the code Dave reads them: their screens do not hold it.
    for (const op of [alice!, bob!]) {
      const v = await gv(op);
      expect(v).toMatchObject({ role: 'approver', step: 'check-newcomer', codeConfirmed: false, waitingFor: [], carry: [] });
      expect(v.pendingJoin).toMatchObject({ moniker: 'dave', identityCheckCode: null });
      expect(v.members.find((m) => m.moniker === 'dave')!.identityCheckCode).toBeNull();
      expect(JSON.stringify(await view(op))).not.toContain(daveCode);
    }
    // Carol looks on: she types nothing, and waits for the approvers.
    expect(await gv(carol!)).toMatchObject({
      role: 'member',
      step: 'ready',
      codeConfirmed: null,
      waitingFor: ['alice', 'bob'],
      pendingJoin: { identityCheckCode: daveCode },
      approvals: { needed: 2, from: [], waitingFor: ['alice', 'bob'] },
    });

    const wrong = await expectCode(
      alice!.core.engine.act(alice!.id, 'approve-join', { epoch: 1, identityCheckCode: '1111-2222-3333' }),
      'group/identity-code-mismatch',
    );
    expect(wrong.message).not.toContain(daveCode);
    await act(alice!, 'approve-join', { epoch: 1, identityCheckCode: daveCode });
    expect(await gv(alice!)).toMatchObject({
      step: 'approvals',
      codeConfirmed: true,
      waitingFor: ['bob'],
      approvals: { from: ['alice'], waitingFor: ['bob'] },
      pendingJoin: { identityCheckCode: daveCode },
      carry: [{ artifactId: 'j1-approve', to: ['bob', 'dave'], receipt: true }],
    });
    await carry(alice!, 'j1-approve', [bob!, dave]);
    // "Approvals: 1 of 2 needed — from alice; waiting for bob"
    expect(await gv(dave)).toMatchObject({
      step: 'approvals',
      waitingFor: ['bob'],
      approvals: { needed: 2, from: ['alice'], waitingFor: ['bob'] },
      carry: [{ artifactId: requestId, to: ['bob'], receipt: true }],
    });
    await act(bob!, 'approve-join', { epoch: 1, identityCheckCode: daveCode });
    await carry(bob!, 'j1-approve', [alice!, dave]);
    expect(await gv(alice!)).toMatchObject({
      step: 'contribute',
      waitingFor: [],
      carry: [{ artifactId: 'j1-approve', to: ['bob', 'dave'], receipt: true }],
    });
    expect(await gv(dave)).toMatchObject({
      step: 'contributions',
      waitingFor: ['alice', 'bob'],
      approvals: { from: ['alice', 'bob'], waitingFor: [] },
      carry: [],
    });
    await act(alice!, 'send-contribution', { epoch: 1 });
    expect(await gv(alice!)).toMatchObject({
      step: 'newcomer-finalizes',
      waitingFor: ['dave'],
      carry: [
        { artifactId: 'j1-approve', to: ['bob', 'dave'], receipt: true },
        { artifactId: 'j1-share', to: ['dave'], receipt: true },
      ],
    });
    await act(bob!, 'send-contribution', { epoch: 1 });
    await carry(alice!, 'j1-share', [dave]);
    await carry(bob!, 'j1-share', [dave]);
    expect(await gv(dave)).toMatchObject({ step: 'finalize-join', waitingFor: [], carry: [] });
    await act(dave, 'finalize-join');
    expect(await gv(dave)).toMatchObject({
      role: 'newcomer',
      step: 'done',
      approvals: null,
      carry: [{ artifactId: 'j1-joined', to: ['alice', 'bob', 'carol'], receipt: true }],
    });
    await carry(dave, 'j1-joined', ops);
    // The join moved the group on: the genesis confirmations are no longer asked for. Each member
    // offers Dave its new group information, his receipt for the notice.
    for (const op of ops)
      expect(await gv(op)).toMatchObject({
        role: 'member',
        step: 'ready',
        waitingFor: [],
        carry: [{ artifactId: 'group-info-e1', to: ['dave'], receipt: true }],
        pendingJoin: null,
      });
    // Alice's new group information tells Dave she holds the same state: nothing left to carry to her.
    await carry(alice!, 'group-info-e1', [dave]);
    expect(await gv(dave)).toMatchObject({ step: 'done', carry: [{ artifactId: 'j1-joined', to: ['bob', 'carol'], receipt: true }] });
    await carry(bob!, 'group-info-e1', [dave]);
    await carry(carol!, 'group-info-e1', [dave]);
    expect(await gv(dave)).toMatchObject({ role: 'newcomer', step: 'done', carry: [] });
  });
});
