import { describe, expect, it } from 'vitest';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { GroupView } from '../../../src-shared/ceremonies/group.ts';
import { groupFrame } from './frame.ts';

function group(patch: Partial<GroupView>, rehearsal = false, saved: string[] = []): CeremonyView {
  const view: GroupView = {
    protocol: 'group',
    phase: 'genesis',
    role: 'operator',
    step: 'confirm-key',
    me: 'bob',
    coordinator: 'alice',
    threshold: 2,
    n: 3,
    groupKey: null,
    rosterCheckCode: null,
    codeConfirmed: true,
    waitingFor: [],
    approvals: null,
    carry: [],
    record: null,
    members: [],
    pendingJoin: null,
    exchangeFolder: null,
    problem: null,
    ...patch,
  };
  const artifacts = view.carry.map((c) => ({ id: c.artifactId, saved: saved.includes(c.artifactId) }));
  return { id: 'group-1', rehearsal, view, artifacts } as unknown as CeremonyView;
}

const current = (v: CeremonyView) => {
  const f = groupFrame(v);
  return f.steps[f.current] ?? 'all done';
};

describe('the group frame', () => {
  it('genesis: an operator whose confirmation is still to carry is on its last step, not Done until it is saved out', () => {
    const due = group({ step: 'done', carry: [{ artifactId: 'final', to: ['alice', 'carol'], receipt: false }] });
    expect(groupFrame(due)).toMatchObject({ current: 4, heading: 'Last step: carry the file' });
    expect(current(due)).toBe('Confirm the key');
    expect(
      current(group({ step: 'done', role: 'coordinator', me: 'alice', carry: [{ artifactId: 'final', to: ['bob'], receipt: false }] })),
    ).toBe('Confirm the key');
    // Nothing will answer the confirmation: once saved out (a download, a USB drive) it counts as handed over.
    const saved = group({ step: 'done', carry: [{ artifactId: 'final', to: ['alice', 'carol'], receipt: false }] }, false, ['final']);
    expect(groupFrame(saved)).toMatchObject({ current: 5, heading: 'Done' });
    // A file a later message answers stays the last step even once saved: its receipt is what counts.
    const joined = { artifactId: 'j1-joined', to: ['bob'], receipt: true };
    const newcomerSaved = group({ role: 'newcomer', coordinator: null, step: 'done', carry: [joined] }, false, ['j1-joined']);
    expect(groupFrame(newcomerSaved).heading).toBe('Last step: carry the file');
    // Online (an exchange folder): the file was dropped there, nothing is left to carry.
    expect(groupFrame(group({ step: 'done', exchangeFolder: '/share' }))).toMatchObject({ current: 5, heading: 'Done' });
    expect(groupFrame(group({ step: 'confirm-key', waitingFor: ['carol'] }))).toMatchObject({ current: 4, heading: 'What to do now' });
  });

  it('a newcomer ticks "Finish joining" only once the members are known to have the "joined" notice', () => {
    const newcomer = { role: 'newcomer' as const, phase: 'group' as const, coordinator: null, me: 'dave', n: 4 };
    expect(current(group({ ...newcomer, phase: 'joining', step: 'finalize-join' }))).toBe('Finish joining');
    const notice = group({ ...newcomer, step: 'done', carry: [{ artifactId: 'j1-joined', to: ['bob', 'carol'], receipt: true }] });
    expect(groupFrame(notice)).toMatchObject({ current: 3, heading: 'Last step: carry the file' });
    expect(current(notice)).toBe('Finish joining');
    expect(groupFrame(notice).who).toBe('You are dave, the newest member of a 2-of-4 group.');
    const done = groupFrame(group({ ...newcomer, step: 'done', carry: [] }));
    expect(done).toMatchObject({ current: 4, heading: 'Done' });
    expect(done.steps).toEqual(['Ask to join', 'Get approved', 'Receive your share', 'Finish joining']);
  });

  it("an approver is not done while the newcomer finishes; a member's receipt for the newcomer is a courtesy", () => {
    const pendingJoin = { epoch: 1, moniker: 'dave', identityCheckCode: null, approvers: ['alice', 'bob'], approved: ['alice', 'bob'] };
    const approver = group({
      role: 'approver',
      phase: 'joining',
      step: 'newcomer-finalizes',
      pendingJoin,
      carry: [{ artifactId: 'j1-share', to: ['dave'], receipt: true }],
    });
    expect(groupFrame(approver)).toMatchObject({ current: 3, heading: 'What to do now' });
    const member = { role: 'member' as const, phase: 'group' as const, step: 'ready' as const };
    expect(groupFrame(group({ ...member, pendingJoin }))).toMatchObject({ heading: 'Nothing to do now' });
    expect(groupFrame(group({ ...member, carry: [{ artifactId: 'group-info-e1', to: ['dave'], receipt: true }] }))).toMatchObject({
      current: 5,
      heading: 'Done',
    });
  });

  it('stopped is said as such; a rehearsal is marked as a practice key (no network)', () => {
    expect(groupFrame(group({ step: 'stopped', carry: [] })).heading).toBe('Stopped');
    expect(groupFrame(group({}, true)).network).toEqual({ kind: 'practice', label: 'Rehearsal' });
    expect(groupFrame(group({})).network).toBeNull();
  });
});
