/**
 * Headlines once nobody is missing: every member has proposed, but the finalized committee's key
 * server has not been read yet (a chain read in between, or a key server not yet visible). They
 * said "Waiting for  to propose." (issue 15).
 */
import { describe, expect, it } from 'vitest';
import type { CeremonyMeta } from '../../engine/protocol.ts';
import { describeSeal } from './describe.ts';
import type { CoordinatorState, MemberState, StateBase } from './state.ts';
import { fixtureAddr, fixtureAt, fixtureBase, fixtureCoordinator, fixtureMember, fixtureRegistration } from './state-fixtures.ts';
import { committeeCheckCode, messagesHashCheckCode } from './values.ts';

const addr = fixtureAddr;
const at = fixtureAt;
const members = fixtureBase().committee.members;
const hash = 'ab'.repeat(32);

/** Everyone registered, the proposal under way with `approvals` on chain. */
function base(approvals: string[]): StateBase {
  return {
    ...fixtureBase(),
    registrations: members.map((_, i) => fixtureRegistration(i)),
    chain: { phase: 'PostDKG', objectVersion: '7', approvals, proposalHash: hash, observedAt: at },
  };
}

const meta = (role: string): CeremonyMeta => ({
  id: 'seal-test',
  protocol: 'seal',
  title: 'T',
  role,
  rehearsal: false,
  createdAt: at,
  updatedAt: at,
  phase: 2,
  status: 'active',
  me: { id: 'coordinator', label: 'Coordinator', bundleKey: '00'.repeat(32) },
});

function coordinator(approvals: string[]): CoordinatorState {
  return fixtureCoordinator(
    {
      messages: members.map((_, i) => ({
        partyId: i,
        fingerprint: 'f'.repeat(64),
        checkCode: '1111-2222-3333',
        receivedAt: at,
        via: 'bundle',
      })),
      messageSet: { messagesHash: hash, checkCode: '1234-5678-9012', exportedAt: at },
    },
    base(approvals),
  );
}

function member(approvals: string[]): MemberState {
  return fixtureMember(
    {
      registered: true,
      message: { fingerprint: 'f'.repeat(64), checkCode: '1111-2222-3333' },
      announcedHash: hash,
      result: { version: 0, keyServerPk: '00', partialPks: ['00', '00', '00'], messagesHash: hash },
      proposed: true,
    },
    base(approvals),
  );
}

describe('Seal headlines while proposals come in', () => {
  it('the coordinator names who has not proposed, and once everyone has, says it waits for the finalized committee', () => {
    expect(describeSeal(coordinator([addr(0)]), meta('coordinator')).headline).toBe(
      'Message set sent (messages_hash check code 1234-5678-9012): tell members to process it and propose. Waiting for M1 (party 1) and M2 (party 2) to propose.',
    );
    const all = describeSeal(coordinator(members.map((m) => m.address)), meta('coordinator')).headline;
    expect(all).toBe(
      'Message set sent (messages_hash check code 1234-5678-9012). Waiting for the chain to show the committee finalized, since every member has proposed (check the chain).',
    );
  });

  it('a member who proposed says the same once everyone has', () => {
    expect(describeSeal(member([addr(0), addr(1)]), meta('member')).headline).toBe('Proposed. Waiting for M2 (party 2) to propose.');
    const all = describeSeal(member(members.map((m) => m.address)), meta('member')).headline;
    expect(all).toBe('Proposed. Waiting for the chain to show the committee finalized, since every member has proposed (check the chain).');
    expect(all).not.toMatch(/for\s+to /);
  });
});

describe('Seal member headlines at the code comparisons (issue 13)', () => {
  const committeeCode = committeeCheckCode(base([]).committee);
  const hashCode = messagesHashCheckCode(hash);
  const check = (moment: 'committee' | 'messages-hash', verdict: 'match' | 'differs', code: string) => ({
    moment,
    verdict,
    code,
    heard: ['coordinator'],
    at,
  });
  const beforeRegister = (codeChecks: MemberState['codeChecks']): MemberState => ({
    ...member([]),
    registered: false,
    registrations: [],
    chain: null,
    message: null,
    result: null,
    announcedHash: null,
    proposed: false,
    codeChecks,
  });
  const beforePropose = (codeChecks: MemberState['codeChecks']): MemberState => ({ ...member([]), proposed: false, codeChecks });
  const say = (s: MemberState) => describeSeal(s, meta('member'));

  it('before registering: compare and choose Codes match; register is offered only after a match; a difference says stop', () => {
    const none = say(beforeRegister([]));
    expect(none.headline).toBe(
      `Compare the committee check code ${committeeCode} with the code your coordinator announced, then choose Codes match.`,
    );
    expect(none.next.map((a) => a.action)).not.toContain('register');
    const match = say(beforeRegister([check('committee', 'match', committeeCode)]));
    expect(match.headline).toBe('Codes match: register your DKG keys on chain.');
    expect(match.next.map((a) => a.action)).toContain('register');
    const differs = say(beforeRegister([check('committee', 'match', committeeCode), check('committee', 'differs', committeeCode)]));
    expect(differs.headline).toBe(
      `A code differed (committee check code ${committeeCode}): stop, do not register, and talk to your coordinator.`,
    );
    expect(differs.next.map((a) => a.action)).not.toContain('register');
    // a match of another code does not count
    expect(say(beforeRegister([check('committee', 'match', '1111-1111-1111')])).headline).toMatch(/^Compare the committee check code/);
    // keys may be generated before comparing
    const noKeys = say({ ...beforeRegister([]), keys: null, server: null });
    expect(noKeys.headline).toContain(`Compare the committee check code ${committeeCode}`);
    expect(noKeys.next.map((a) => a.action)).toContain('generate-keys');
  });

  it('before proposing: the messages_hash code, the same way', () => {
    const none = say(beforePropose([check('committee', 'match', committeeCode)]));
    expect(none.headline).toBe(
      `Compare the messages_hash check code ${hashCode} with the code your coordinator announced (and the other members'), then choose Codes match.`,
    );
    expect(none.next.map((a) => a.action)).not.toContain('propose');
    const match = say(beforePropose([check('messages-hash', 'match', hashCode)]));
    expect(match.headline).toBe(`Codes match (messages_hash check code ${hashCode}): propose.`);
    expect(match.next.map((a) => a.action)).toContain('propose');
    expect(say(beforePropose([check('messages-hash', 'differs', hashCode)])).headline).toBe(
      `A code differed (messages_hash check code ${hashCode}): stop, do not propose, and talk to your coordinator.`,
    );
  });
});
