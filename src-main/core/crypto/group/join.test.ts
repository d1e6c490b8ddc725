import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { bytesToBase64, base64ToBytes } from '../../encoding/base64.ts';
import { expectCode } from '../../vault/test-support.ts';
import { groupStateHash, verifyingShareOf } from './group-public.ts';
import {
  approveJoin,
  checkApproval,
  checkJoinRequest,
  checkJoinedStatement,
  contributeToJoin,
  finalizeJoin,
  joinedStatement,
  signJoinRequest,
} from './join.ts';
import { signWithQuorum } from './signing.ts';
import { makeOperator, makeRequest, runApprovals, runGenesis, runJoin } from './test-support.ts';

// One genesis per size, shared by the tests (none of them changes the members' state).
const cache = new Map<string, ReturnType<typeof genesis>>();
function genesis(n: number, t: number) {
  const ops = ['alice', 'bob', 'carol', 'dave', 'erin'].slice(0, n).map(makeOperator);
  const { group } = runGenesis(ops, t);
  return { ops, group };
}
function setUp(n = 4, t = 3) {
  const key = `${n}/${t}`;
  if (!cache.has(key)) cache.set(key, genesis(n, t));
  return cache.get(key)!;
}

describe('join by quorum approval', () => {
  it('a newcomer approved by M members gets a share on the same key and signs with two others', () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    const after = runJoin(group, ops, newbie, ['alice', 'carol', 'dave']);
    expect(after.groupKey).toBe(group.groupKey);
    expect(after.commitment).toEqual(group.commitment);
    expect(after.members.map((m) => m.moniker)).toEqual(['alice', 'bob', 'carol', 'dave', 'newbie']);
    expect(after.epoch).toBe(1);
    expect(after.joins[0]!.approvers).toEqual(['alice', 'carol', 'dave']);
    expect(bytesToHex(newbie.keyPackage!.verifyingShare)).toBe(bytesToHex(verifyingShareOf(group, 'newbie')));
    const msg = utf8ToBytes('signed with the newcomer');
    const sig = signWithQuorum(
      after,
      [newbie, ops[1]!, ops[3]!].map((o) => o.keyPackage!),
      msg,
    );
    expect(ed25519.verify(sig, msg, hexToBytes(group.groupKey))).toBe(true);
  });

  it('a quorum larger than the threshold works too (every named approver takes part)', () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('Newbie-2');
    const after = runJoin(group, ops, newbie, ['alice', 'bob', 'carol', 'dave']);
    expect(after.groupKey).toBe(group.groupKey);
  });

  it('refuses a request naming M-1 approvers, and a finalisation with M-1 approvals', async () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    await expectCode(() => makeRequest(group, newbie, ['alice', 'bob']), 'group/join-not-enough-approvers');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    const short = signJoinRequest(newbie.keys, { ...signed.request, quorum: ['alice', 'bob'] });
    await expectCode(() => checkJoinRequest(group, short), 'group/join-not-enough-approvers');
    const { approvals, sigmas } = runApprovals(group, ops, signed);
    const { carol: _a, ...twoApprovals } = approvals;
    const { carol: _s, ...twoSigmas } = sigmas;
    const e = await expectCode(() => finalizeJoin(group, signed, newbie.keys, twoApprovals, twoSigmas), 'group/join-not-enough-approvals');
    expect(e.message).toContain('carol');
    await expectCode(() => finalizeJoin(group, signed, newbie.keys, approvals, twoSigmas), 'group/join-not-enough-approvals');
    // An approver cannot contribute before every approval is in.
    await expectCode(
      () => contributeToJoin(group, signed.request, 'alice', ops[0]!.keys, ops[0]!.share!, ops[0]!.seed, twoApprovals),
      'group/join-waiting-for-approvals',
    );
  });

  it('refuses a moniker that is already a member (in any letter case)', async () => {
    const { group } = setUp();
    for (const name of ['bob', 'BOB']) {
      const impostor = makeOperator(name);
      await expectCode(() => checkJoinRequest(group, makeRequest(group, impostor, ['alice', 'carol', 'dave'])), 'group/moniker-taken');
    }
  });

  it('refuses a forged or altered request', async () => {
    const { group } = setUp();
    const newbie = makeOperator('newbie');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    // Altered after signing (another bundle key slipped in).
    await expectCode(
      () => checkJoinRequest(group, { ...signed, request: { ...signed.request, bundleKey: 'ab'.repeat(32) } }),
      'group/join-request-forged',
    );
    // Signed by someone else's key while claiming newbie's identity.
    const mallory = makeOperator('mallory');
    const forged = signJoinRequest(mallory.keys, signed.request);
    await expectCode(() => checkJoinRequest(group, forged), 'group/join-request-forged');
    await expectCode(() => checkJoinRequest(group, { ...signed, signature: '00'.repeat(64) }), 'group/join-request-forged');
    // Approving refuses it as well.
    await expectCode(
      () => approveJoin(group, forged, 'alice', makeOperator('x').keys, new Uint8Array(32), new Uint8Array(32)),
      'group/join-request-forged',
    );
  });

  it('refuses a replayed request (after the join) and one made for another group', async () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    const { approvals, sigmas } = runApprovals(group, ops, signed);
    const after = finalizeJoin(group, signed, newbie.keys, approvals, sigmas).group;
    expect(groupStateHash(after)).not.toBe(groupStateHash(group));
    await expectCode(() => checkJoinRequest(after, signed), 'group/join-request-stale');
    const other = setUp(3, 2).group;
    await expectCode(() => checkJoinRequest(other, signed), 'group/join-request-other-group');
    await expectCode(() => checkJoinRequest({ ...group, rehearsal: !group.rehearsal }, signed), 'group/join-request-other-group');
  });

  it('only named approvers may approve; approvals are checked with blame', async () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    await expectCode(() => approveJoin(group, signed, 'dave', ops[3]!.keys, ops[3]!.share!, ops[3]!.seed), 'group/join-not-an-approver');
    const good = approveJoin(group, signed, 'bob', ops[1]!.keys, ops[1]!.share!, ops[1]!.seed);
    expect(() => checkApproval(group, signed.request, 'bob', good)).not.toThrow();
    // Bob approving with a wrong share: the commitments do not add up to his verifying share.
    const wrongShare = approveJoin(group, signed, 'bob', ops[1]!.keys, ops[1]!.share!, ops[1]!.seed);
    const lying = { ...wrongShare, commitments: { ...wrongShare.commitments, bob: wrongShare.commitments.alice! } };
    let e = await expectCode(() => checkApproval(group, signed.request, 'bob', lying), 'group/approval-forged');
    expect(e.details.culprit).toBe('bob');
    // Claimed by Carol but it is Bob's.
    e = await expectCode(() => checkApproval(group, signed.request, 'carol', good), 'group/approval-malformed');
    expect(e.details.culprit).toBe('carol');
  });

  it('an approver who uses a wrong share is named (it cannot sign a consistent approval)', async () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    const bob = ops[1]!;
    // keyPackageOf refuses a share that is not Bob's before anything is sent.
    await expectCode(() => approveJoin(group, signed, 'bob', bob.keys, ops[0]!.share!, bob.seed), 'group/share-mismatch');
  });

  it('a damaged delta or sigma is refused naming the approver who sent it', async () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    const { approvals, sigmas } = runApprovals(group, ops, signed);
    const damagedDelta = base64ToBytes(approvals.bob!.deltas.alice!);
    damagedDelta[50]! ^= 1;
    const tampered = { ...approvals, bob: { ...approvals.bob!, deltas: { ...approvals.bob!.deltas, alice: bytesToBase64(damagedDelta) } } };
    let e = await expectCode(
      () => contributeToJoin(group, signed.request, 'alice', ops[0]!.keys, ops[0]!.share!, ops[0]!.seed, tampered),
      'group/envelope-unreadable',
    );
    expect(e.details.culprit).toBe('bob');
    // Carol sends her sigma sealed for the wrong step: refused naming Carol.
    e = await expectCode(
      () => finalizeJoin(group, signed, newbie.keys, approvals, { ...sigmas, carol: approvals.carol!.deltas.alice! }),
      'group/envelope-unreadable',
    );
    expect(e.details.culprit).toBe('carol');
  });

  it('members check the newcomer\'s signed "joined" notice', async () => {
    const { ops, group } = setUp();
    const newbie = makeOperator('newbie');
    const signed = makeRequest(group, newbie, ['alice', 'bob', 'carol']);
    const { approvals, sigmas } = runApprovals(group, ops, signed);
    const res = finalizeJoin(group, signed, newbie.keys, approvals, sigmas);
    const notice = joinedStatement(newbie.keys, signed.request, res.keyPackage);
    expect(() => checkJoinedStatement(group, signed.request, notice)).not.toThrow();
    expect(joinedStatement(newbie.keys, signed.request, res.keyPackage)).toEqual(notice);
    await expectCode(
      () => checkJoinedStatement(group, signed.request, { ...notice, verifyingShare: group.groupKey }),
      'group/joined-forged',
    );
    const lie = joinedStatement(newbie.keys, signed.request, { ...res.keyPackage, verifyingShare: hexToBytes(group.groupKey) });
    await expectCode(() => checkJoinedStatement(group, signed.request, lie), 'group/joined-mismatch');
    // Someone without the share cannot make the notice: the proof of holding it fails.
    const bluff = joinedStatement(newbie.keys, signed.request, { ...res.keyPackage, signingShare: ops[0]!.share! });
    expect(bluff.verifyingShare).toBe(notice.verifyingShare);
    await expectCode(() => checkJoinedStatement(group, signed.request, bluff), 'group/invalid-proof');
  });
});
