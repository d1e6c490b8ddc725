import { describe, expect, it } from 'vitest';
import type { CeremonyView, ParticipantView } from '../../../src-shared/api/ceremonies.ts';
import { SEAL_FACTS as F } from '../../../src-shared/ceremonies/seal.ts';
import { coordinatorAdvice } from './advice.ts';
import { checkCodeIn, listNames, members, partialKeyServers, pendingTx } from './view.ts';

function member(p: number, label: string, tags: string[] = []): ParticipantView {
  return { id: `member-${p}`, label, tags: ['member', ...tags], state: 'waiting', status: '', checkCode: null };
}

function view(over: Partial<CeremonyView>, facts: Record<string, string> = {}): CeremonyView {
  return {
    id: 'c1',
    protocol: 'seal',
    title: 'Committee',
    role: 'coordinator',
    phase: 1,
    status: 'active',
    rehearsal: true,
    createdAt: '2026-01-01T00:00:00Z',
    updatedAt: '2026-01-01T00:00:00Z',
    headline: '',
    phases: [],
    participants: [
      { id: 'coordinator', label: 'You', tags: ['you', 'coordinator'], state: 'done', status: '', checkCode: null },
      member(1, 'Bob'),
      member(0, 'Alice'),
      member(2, 'Carol'),
    ],
    activity: [],
    next: [],
    facts: Object.entries(facts).map(([label, value]) => ({ label, value, mono: false })),
    artifacts: [],
    view: { protocol: 'seal', role: 'coordinator', partyId: null, threshold: 2, n: 3, committeeId: null, rotation: null, messages: null },
    journalIntact: true,
    ...over,
  };
}

/** The typed Seal view of a rotation's coordinator with these message counts. */
function sealData(messages: { received: number; needed: number | null }): CeremonyView['view'] {
  return {
    protocol: 'seal',
    role: 'coordinator',
    partyId: null,
    threshold: 2,
    n: 4,
    committeeId: '0xnew',
    rotation: { fromVersion: 0, toVersion: 1, oldThreshold: 2 },
    messages,
  };
}

describe('coordinatorAdvice', () => {
  it('before the committee exists: nothing to announce; sign the pending transaction', () => {
    const a = coordinatorAdvice(view({}));
    expect(a.announce).toBeNull();
    expect(a.todo).toMatch(/^Publish the committee package/);
    const b = coordinatorAdvice(
      view({}, { [F.pendingTx]: 'Publish the committee package (submitting)', [F.pendingTxDigest]: 'D', [F.pendingTxSender]: '0x1' }),
    );
    expect(b.todo).toMatch(/^Sign the transaction above \(Publish the committee package\)\./);
  });

  it('phase 1: announce the invitation with the committee check code; wait for registrations by name', () => {
    const v = view(
      { participants: [member(0, 'Alice', ['registered']), member(1, 'Bob'), member(2, 'Carol')] },
      { [F.committeeId]: '0xabc', [F.committeeCheckCode]: '1234-5678-9012' },
    );
    const a = coordinatorAdvice(v);
    expect(a.announce).toContain('(1234-5678-9012)');
    expect(a.waiting).toBe('Waiting for Bob and Carol to register (1 of 3 so far).');
  });

  it('phase 2: messages, then export once all are in', () => {
    const base = { [F.committeeId]: '0xabc' };
    const some = coordinatorAdvice(view({ phase: 2, participants: [member(0, 'Alice', ['message-received']), member(1, 'Bob')] }, base));
    expect(some.waiting).toBe('Waiting for Bob to send their message (1 of 2 so far).');
    expect(some.todo).toMatch(/Import the message files/);
    const all = coordinatorAdvice(
      view({ phase: 2, participants: [member(0, 'Alice', ['message-received']), member(1, 'Bob', ['message-received'])] }, base),
    );
    expect(all.waiting).toBeNull();
    expect(all.todo).toMatch(/^All 2 messages are in: export the message set/);
  });

  it('phase 3: message set with its messages_hash check code; wait for proposals', () => {
    const a = coordinatorAdvice(
      view(
        { phase: 3, participants: [member(0, 'Alice', ['proposed']), member(1, 'Bob')] },
        { [F.committeeId]: '0xabc', [F.messagesHashCheckCode]: '0000-1111-2222' },
      ),
    );
    expect(a.announce).toContain('(0000-1111-2222)');
    expect(a.waiting).toBe('Waiting for Bob to propose (1 of 2 so far).');
  });

  it('finalized: announce KEY_SERVER_OBJ_ID; then credentials, then the aggregator config', () => {
    const facts = { [F.committeeId]: '0xabc', [F.keyServerObjId]: '0xfeed', [F.committeeVersion]: '0' };
    const a = coordinatorAdvice(
      view({ phase: 3, status: 'completed', participants: [member(0, 'Alice', ['api-credentials']), member(1, 'Bob')] }, facts),
    );
    expect(a.announce).toContain('KEY_SERVER_OBJ_ID 0xfeed');
    expect(a.waiting).toBe('Waiting for Bob to send their API credentials (1 of 2 so far).');
    const b = coordinatorAdvice(view({ phase: 3, status: 'completed', participants: [member(0, 'Alice', ['api-credentials'])] }, facts));
    expect(b.waiting).toBeNull();
    expect(b.todo).toMatch(/aggregator-config.yaml/);
  });
});

describe('coordinatorAdvice in a key rotation', () => {
  const rot = { [F.rotation]: 'Key server 0xfeed, version 0 → 1', [F.keyServerObjId]: '0xfeed', [F.oldCommitteeId]: '0xold' };
  it('starts with init_rotation, and KEY_SERVER_OBJ_ID alone does not mean finalized', () => {
    const a = coordinatorAdvice(view({}, rot));
    expect(a.todo).toMatch(/^Start the rotation: one transaction, init_rotation/);
    const b = coordinatorAdvice(
      view({}, { ...rot, [F.committeeId]: '0xnew', [F.committeeCheckCode]: '1111-2222-3333', [F.rotationCheckCode]: '4444-5555-6666' }),
    );
    expect(b.announce).toContain('every member of the new committee');
    expect(b.announce).toContain('(4444-5555-6666)');
  });
  it('phase 2 counts the messages a rotation needs, from continuing members only', () => {
    const parts = [
      member(0, 'Alice', ['continuing', 'message-received']),
      member(1, 'Bob', ['continuing']),
      member(2, 'Carol', ['continuing']),
      member(3, 'Dan', ['joining']),
    ];
    const a = coordinatorAdvice(
      view({ phase: 2, participants: parts, view: sealData({ received: 1, needed: 2 }) }, { ...rot, [F.committeeId]: '0xnew' }),
    );
    expect(a.waiting).toBe('Waiting for 1 more message (1 of 2), from Bob and Carol.');
    const done = parts.map((p) => (p.id === 'member-1' ? { ...p, tags: [...p.tags, 'message-received'] } : p));
    expect(
      coordinatorAdvice(
        view({ phase: 2, participants: done, view: sealData({ received: 2, needed: 2 }) }, { ...rot, [F.committeeId]: '0xnew' }),
      ).todo,
    ).toMatch(/^The 2 messages are in/);
  });
  it('finalized rotation: same key, new committee; credentials are awaited from the new members only', () => {
    const facts = { ...rot, [F.committeeId]: '0xnew', [F.committeeVersion]: '1' };
    const parts = [member(0, 'Alice', ['continuing']), member(1, 'Dan', ['joining']), member(2, 'Eve', ['joining', 'api-credentials'])];
    const a = coordinatorAdvice(view({ phase: 3, status: 'completed', participants: parts }, facts));
    expect(a.announce).toMatch(
      /^The rotation is finalized: key server 0xfeed now runs on the new committee at version 1 \(same KEY_SERVER_PK\)/,
    );
    expect(a.waiting).toBe('Waiting for the new member Dan to send their API credentials (1 of 2 so far).');
    const all = parts.map((p) => ({ ...p, tags: [...p.tags, 'api-credentials'] }));
    const b = coordinatorAdvice(
      view(
        {
          phase: 3,
          status: 'completed',
          participants: all
            .slice(0, 1)
            .map((p) => ({ ...p, tags: ['member', 'continuing'] }))
            .concat(all.slice(1)),
        },
        facts,
      ),
    );
    expect(b.waiting).toBeNull();
    expect(b.todo).toMatch(/^Give aggregator-config.yaml/);
  });
});

describe('view helpers', () => {
  it('members come in party order; names are listed in words', () => {
    expect(members(view({})).map((m) => m.label)).toEqual(['Alice', 'Bob', 'Carol']);
    expect(listNames(['A'])).toBe('A');
    expect(listNames(['A', 'B', 'C'])).toBe('A, B and C');
  });
  it('reads the pending transaction, partial key servers and check codes from facts', () => {
    expect(pendingTx(view({}))).toBeNull();
    expect(pendingTx(view({}, { [F.pendingTxDigest]: 'D', [F.pendingTxSender]: '0x2', [F.pendingTx]: 'register' }))).toEqual({
      purpose: 'register',
      file: null,
      digest: 'D',
      sender: '0x2',
    });
    const v = view({}, { [F.partialKeyServer(2)]: 'c', [F.partialKeyServer(0)]: 'a' });
    expect(partialKeyServers(v)).toEqual([
      { partyId: 0, value: 'a' },
      { partyId: 2, value: 'c' },
    ]);
    expect(checkCodeIn('code 1234-5678-9012 (read aloud)')).toBe('1234-5678-9012');
    expect(checkCodeIn('none')).toBeNull();
  });
});
