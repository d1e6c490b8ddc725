import { createHash } from 'node:crypto';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { expectCode } from '../../vault/test-support.ts';
import { lagrangeCoefficient } from '../frost/polynomial.ts';
import { genesisFinalize, genesisRound1, genesisRound2, openDealtShare, checkGenesisRound1, type GenesisSession } from './genesis.ts';
import { checkDistinctMonikers, monikerIdentifier, monikerX } from './moniker.ts';
import { checkThreshold, rosterFingerprint } from './roster.ts';
import { signWithQuorum } from './signing.ts';
import { GROUP_SUITE as S } from './suite.ts';
import { makeOperator, rosterOf, runGenesis } from './test-support.ts';

const L = 2n ** 252n + 27742317777372353535851937790883648493n;

/** trust-server `get_x_raw`, computed independently with node:crypto and BigInt. */
function referenceX(moniker: string): bigint {
  const d = createHash('sha256').update('actor-').update(moniker, 'utf8').digest();
  return BigInt('0x' + Buffer.from(d).reverse().toString('hex')) % L;
}

describe('monikers', () => {
  it('x(moniker) = SHA-256("actor-" ‖ moniker) little-endian mod ℓ, and the identifier is its LE encoding', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[A-Za-z0-9][A-Za-z0-9_.-]{0,20}$/), (m) => {
        expect(monikerX(m)).toBe(referenceX(m));
        const id = monikerIdentifier(m);
        expect(BigInt('0x' + Buffer.from(hexToBytes(id)).reverse().toString('hex'))).toBe(referenceX(m));
      }),
      { numRuns: 50 },
    );
    expect(monikerX('scrt_labs')).toBe(referenceX('scrt_labs'));
  });

  it('refuses duplicates (also by letter case) and unusable names', async () => {
    await expectCode(() => checkDistinctMonikers(['alice', 'bob', 'alice']), 'group/duplicate-moniker');
    await expectCode(() => checkDistinctMonikers(['alice', 'Alice']), 'group/duplicate-moniker');
    await expectCode(() => checkDistinctMonikers(['alice', 'bo b']), 'group/invalid-moniker');
    await expectCode(() => checkDistinctMonikers(['ålice']), 'group/invalid-moniker');
    expect(checkDistinctMonikers(['alice', 'bob', 'carol'])).toEqual(['alice', 'bob', 'carol']);
  });

  it('refuses M > N and M < 2', async () => {
    await expectCode(() => checkThreshold(4, 3), 'group/threshold-too-high');
    await expectCode(() => checkThreshold(1, 3), 'group/threshold-too-low');
    await expectCode(() => checkThreshold(2, 1), 'group/invalid-size');
    expect(() => checkThreshold(3, 3)).not.toThrow();
  });
});

describe('genesis', () => {
  it('4 operators, threshold 3: same key everywhere, any 3 shares interpolate it, any 3 sign', () => {
    const ops = ['alice', 'bob', 'carol', 'dave'].map(makeOperator);
    const { group } = runGenesis(ops, 3);
    const Y = hexToBytes(group.groupKey);
    for (const o of ops) expect(bytesToHex(o.keyPackage!.verifyingKey)).toBe(group.groupKey);
    const trio = ops.slice(1);
    const xs = trio.map((o) => monikerX(o.moniker));
    let secret = 0n;
    for (const o of trio)
      secret = S.Fn.add(secret, S.Fn.mul(lagrangeCoefficient(S, xs, monikerX(o.moniker)), S.scalarFromBytes(o.share!, 's')));
    expect(bytesToHex(S.elementToBytes(S.base.multiply(secret)))).toBe(group.groupKey);
    const msg = utf8ToBytes('attestation token');
    const sig = signWithQuorum(
      group,
      [ops[0]!, ops[2]!, ops[3]!].map((o) => o.keyPackage!),
      msg,
    );
    expect(sig.length).toBe(64);
    expect(ed25519.verify(sig, msg, Y)).toBe(true);
  });

  it('names a dealer who sends a wrong (but well-sealed) share', async () => {
    const ops = ['alice', 'bob', 'carol'].map(makeOperator);
    const members = rosterOf(ops);
    const session: GenesisSession = {
      groupId: 'group-x',
      rosterFingerprint: rosterFingerprint({ groupId: 'group-x', rehearsal: false, threshold: 2, members }),
      threshold: 2,
      size: 3,
    };
    const r1 = ops.map((o) => genesisRound1(session, o.moniker, o.seed));
    const [alice, bob, carol] = ops as [(typeof ops)[0], (typeof ops)[0], (typeof ops)[0]];
    // Bob deals to Alice from a different polynomial than the one he committed to.
    const honestForAlice = genesisRound2(session, r1[1]!.secret, 'bob', bob.keys, [members[0]!], bob.seed);
    const other = genesisRound1(session, 'bob', new Uint8Array(32).fill(7));
    const cheatForAlice = genesisRound2(session, other.secret, 'bob', bob.keys, [members[0]!], bob.seed);
    expect(bytesToHex(cheatForAlice.alice!)).not.toBe(bytesToHex(honestForAlice.alice!));
    const fromCarol = genesisRound2(session, r1[2]!.secret, 'carol', carol.keys, [members[0]!], carol.seed);
    const shares = {
      bob: openDealtShare(session, 'alice', alice.keys, members[1]!, cheatForAlice.alice!),
      carol: openDealtShare(session, 'alice', alice.keys, members[2]!, fromCarol.alice!),
    };
    const err = await expectCode(
      () => genesisFinalize(r1[0]!.secret, 'alice', { bob: r1[1]!.broadcast, carol: r1[2]!.broadcast }, shares),
      'group/dealer-wrong-share',
    );
    expect(err.details.culprit).toBe('bob');
    expect(err.message).toContain('bob');
  });

  it('a share sealed by someone else, for someone else, or damaged is refused naming the dealer', async () => {
    const ops = ['alice', 'bob', 'carol'].map(makeOperator);
    const run = runGenesis(ops, 2);
    const members = rosterOf(ops);
    const blob = run.sealed.bob!.alice!;
    const flipped = blob.slice();
    flipped[40]! ^= 1;
    let e = await expectCode(() => openDealtShare(run.session, 'alice', ops[0]!.keys, members[1]!, flipped), 'group/envelope-unreadable');
    expect(e.details.culprit).toBe('bob');
    // Meant for Carol: Alice cannot open it.
    e = await expectCode(
      () => openDealtShare(run.session, 'alice', ops[0]!.keys, members[1]!, run.sealed.bob!.carol!),
      'group/envelope-unreadable',
    );
    expect(e.details.culprit).toBe('bob');
    // Claimed to come from Carol but sealed by Bob's identity.
    e = await expectCode(() => openDealtShare(run.session, 'alice', ops[0]!.keys, members[2]!, blob), 'group/envelope-unreadable');
    expect(e.details.culprit).toBe('carol');
    // Replayed into another ceremony (roster) it does not open.
    await expectCode(
      () => openDealtShare({ ...run.session, rosterFingerprint: '00'.repeat(32) }, 'alice', ops[0]!.keys, members[1]!, blob),
      'group/envelope-unreadable',
    );
  });

  it('round-1 proofs are bound to the roster and checked with blame', async () => {
    const ops = ['alice', 'bob', 'carol'].map(makeOperator);
    const members = rosterOf(ops);
    const fp = rosterFingerprint({ groupId: 'g-1', rehearsal: false, threshold: 2, members });
    const session: GenesisSession = { groupId: 'g-1', rosterFingerprint: fp, threshold: 2, size: 3 };
    const { broadcast } = genesisRound1(session, 'bob', ops[1]!.seed);
    expect(checkGenesisRound1(session, 'bob', broadcast)).toHaveLength(2);
    const otherRoster = { ...session, rosterFingerprint: rosterFingerprint({ groupId: 'g-2', rehearsal: false, threshold: 2, members }) };
    let e = await expectCode(() => checkGenesisRound1(otherRoster, 'bob', broadcast), 'group/invalid-proof');
    expect(e.details.culprit).toBe('bob');
    // Claimed by another moniker: the proof is bound to Bob's identifier.
    await expectCode(() => checkGenesisRound1(session, 'carol', broadcast), 'group/invalid-proof');
    e = await expectCode(() => checkGenesisRound1({ ...session, threshold: 3 }, 'bob', broadcast), 'group/threshold-mismatch');
    expect(e.details.culprit).toBe('bob');
    await expectCode(
      () => checkGenesisRound1(session, 'bob', { ...broadcast, commitment: [broadcast.commitment[0]!, 'ab'.repeat(32)] }),
      'group/malformed-round1',
    );
    // The same polynomial re-run from the same seed gives the same broadcast (crash-safe).
    expect(genesisRound1(session, 'bob', ops[1]!.seed).broadcast).toEqual(broadcast);
  });
});
