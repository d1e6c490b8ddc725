import { describe, expect, it } from 'vitest';
import type { CeremonyView } from '../../../src-shared/api/ceremonies.ts';
import type { FrostSigningView, FrostView } from '../../../src-shared/ceremonies/frost.ts';
import { frostFrame } from './frame.ts';
import { groupedHex, shortContact, signerCount } from './words.ts';

const member = (partyId: string, name: string, you = false) => ({ partyId, name, you, active: true, state: 'done' as const });

function group(patch: Partial<FrostView>): CeremonyView {
  const view: FrostView = {
    protocol: 'frost',
    kind: 'group',
    suite: 'FROST-ED25519-SHA512-v1',
    threshold: 2,
    n: 3,
    groupKey: null,
    me: 'p2',
    members: [member('p1', 'Alice'), member('p2', 'Bob', true), member('p3', 'Carol')],
    pendingApproval: null,
    onlineServer: null,
    description: 'Treasury',
    origin: 'dkg',
    creator: 'p1',
    step: 'agree',
    waitingFor: [],
    waitingSince: null,
    codes: { groupKey: null, params: null },
    groupKeyCheck: 'not-needed',
    codeChecks: [],
    signing: null,
    refresh: null,
    repair: null,
    carry: [],
    record: null,
    contacts: [],
    restart: null,
    restartCandidates: [],
    ...patch,
  };
  return { id: 'frost-1', rehearsal: false, view } as unknown as CeremonyView;
}

const rehearsal = (v: CeremonyView): CeremonyView => ({ ...v, rehearsal: true });

const signing = (
  states: FrostSigningView['signers'][number]['state'][],
  status: FrostSigningView['status'] = 'open',
): FrostSigningView => ({
  id: 'p1-1',
  via: 'bundles',
  label: 'pay.txt',
  requestedBy: 'Alice',
  youRequested: false,
  bytes: 10,
  fingerprint: '0123-4567-8901',
  signers: states.map((state, i) => ({ name: ['Alice', 'Bob', 'Carol'][i]!, you: i === 1, state })),
  status,
  signatureArtifactId: null,
});

describe('the FROST frame', () => {
  it('marks a rehearsal as a practice key: FROST runs on no network', () => {
    expect(frostFrame(rehearsal(group({}))).network).toEqual({ kind: 'practice', label: 'Rehearsal' });
    expect(frostFrame(group({})).network).toBeNull();
  });

  it('says who, and where the person is in making the group, in plain words', () => {
    const f = frostFrame(group({ step: 'agree' }));
    expect(f.who).toBe('You are Bob, member 2 of 3 of a group where any 2 of 3 can sign.');
    expect(f.steps).toEqual(['Invite', 'Agree on the rules', 'Exchange commitments', 'Exchange shares', 'Confirm group key']);
    expect(f.current).toBe(1);
    expect(frostFrame(group({ step: 'code-differs' })).current).toBe(4);
    // a ready group: every step of making it is done, and nothing says "Done" as a task
    expect(frostFrame(group({ step: 'ready' }))).toMatchObject({ current: 5, heading: 'What to do now' });
    // a group brought from frost-client was not made here: its steps say where it came from
    expect(frostFrame(group({ step: 'ready', origin: 'frost-client-import' }))).toMatchObject({
      steps: ['Made with frost-client', 'Brought into this app'],
      current: 2,
      heading: 'What to do now',
    });
  });

  it('a signing: Review message → Approve → Done; "Done" only once the person\'s part is done', () => {
    expect(frostFrame(group({ step: 'review-message', signing: signing(['approved', 'asked']) }))).toMatchObject({
      steps: ['Review message', 'Approve', 'Done'],
      current: 0,
      heading: 'What to do now',
    });
    expect(frostFrame(group({ step: 'wait-signers', signing: signing(['approved', 'approved']) })).current).toBe(1);
    expect(frostFrame(group({ step: 'signed', signing: signing(['signed', 'signed'], 'done') }))).toMatchObject({
      current: 3,
      heading: 'Done',
    });
    // A signer whose share is made but still to be carried to the requester is not done yet.
    const shareDue = group({
      step: 'signed',
      signing: signing(['approved', 'signed']),
      carry: [{ artifactId: 'bundle:sign.p1-1.share', to: ['Alice'] }],
    });
    expect(frostFrame(shareDue)).toMatchObject({ current: 2, heading: 'Last step: carry the file' });
    // The requester is done once the signature is made; the copy for the others stays offered.
    const result = signing(['signed', 'signed'], 'done');
    const requester = group({
      step: 'signed',
      signing: { ...result, youRequested: true, signers: result.signers.map((x) => ({ ...x, you: false })) },
      carry: [{ artifactId: 'bundle:sign.p1-1.result', to: ['Bob', 'Carol'] }],
    });
    expect(frostFrame(requester)).toMatchObject({ current: 3, heading: 'Done' });
    expect(frostFrame(group({ step: 'contacts', kind: 'contacts' })).steps).toEqual(['Your communication key', 'Exchange contacts']);
  });

  it('renewing and rebuilding shares: their own steps; a helper is not done while its part travels to the newcomer', () => {
    const refresh = { id: 'p3-1', by: 'Carol', youStarted: false, participants: ['Alice', 'Bob', 'Carol'], leftOut: [] };
    expect(frostFrame(group({ step: 'refresh-agree', refresh: { ...refresh, phase: 'agree' } }))).toMatchObject({
      steps: ['Agree to renew', 'Exchange commitments', 'Exchange shares', 'Finish'],
      current: 0,
    });
    expect(frostFrame(group({ step: 'refresh-exchange', refresh: { ...refresh, phase: 'finish' } })).current).toBe(3);
    const repair = {
      id: 'p1-1',
      by: 'Alice',
      youStarted: false,
      target: 'Carol',
      youAreTarget: false,
      helpers: ['Alice', 'Bob'],
      helloCode: '1111-2222-3333',
      restored: false,
    };
    expect(frostFrame(group({ step: 'repair-compare', repair }))).toMatchObject({
      steps: ['Hello from the member', 'Compare the code', 'Give your part', 'Share rebuilt'],
      current: 1,
      heading: 'What to do now',
    });
    const partTravels = group({
      step: 'repair-wait',
      repair,
      waitingFor: [{ partyId: 'p3', name: 'Carol', missing: 'rebuilt' }],
      carry: [{ artifactId: 'bundle:repair.p1-1.sigma', to: ['Carol'] }],
    });
    expect(frostFrame(partTravels)).toMatchObject({ current: 3, heading: 'Last step: carry the file' });
    // The member rebuilding: one part in moves it on; a repaired group shows its way in, all done.
    const newcomer = { ...repair, youAreTarget: true, helloCode: null };
    const waiting = (names: string[]) => names.map((name) => ({ partyId: null, name, missing: 'repair-part' as const }));
    expect(frostFrame(group({ step: 'repair-newcomer', repair: newcomer, waitingFor: waiting(['Alice', 'Bob']) })).current).toBe(0);
    expect(frostFrame(group({ step: 'repair-newcomer', repair: newcomer, waitingFor: waiting(['Bob']) })).current).toBe(1);
    expect(frostFrame(group({ step: 'stopped', repair: newcomer })).heading).toBe('Stopped');
    expect(frostFrame(group({ step: 'ready', origin: 'repair' }))).toMatchObject({
      steps: ['Show your code', 'Receive the parts', 'Share rebuilt'],
      current: 3,
    });
  });

  it('counts the signers asked, never the whole group', () => {
    expect(signerCount(signing(['approved', 'asked']))).toBe('1 of 2 signers approved');
    expect(signerCount(signing(['signed', 'signed'], 'done'))).toBe('2 of 2 signers signed');
  });

  it('keeps long values off the main view: grouped hex, shortened contacts', () => {
    expect(groupedHex('00ff10800102')).toBe('00ff 1080 0102');
    expect(groupedHex('ab'.repeat(80), 4)).toBe('abab abab …');
    const c = 'zffrost1qyqq2stvd93k2gqq6cumgg6zajpsx8qvlvzx9jm4nqe0kntm03v59mwncpnmge2qdu8ya0ws';
    expect(shortContact(c)).toBe('zffrost1qyqq…8ya0ws');
    expect(shortContact('zffrost1short')).toBe('zffrost1short');
  });
});
