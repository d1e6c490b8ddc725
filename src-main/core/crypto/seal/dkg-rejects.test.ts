import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { CeremonyError } from '../../errors.ts';
import { sign } from './bls-signature.ts';
import { decodeRecoveryPackage, encodeDlNizk, encodeMultiRecipient } from './codec.ts';
import { decryptWithRecoveryPackage, encryptMultiRecipient, verifyRecoveryPackage } from './ecies.ts';
import { randomScalar, scalarFromBytes, scalarToBytes } from './field.ts';
import { evalPointPoly, G1, G2, mulBase } from './groups.ts';
import { createDlNizk } from './nizk.ts';
import { DkgOracles } from './oracles.ts';
import { commitPolynomial, evalPolynomial, randomPolynomial } from './polynomial.ts';
import { processAllMessages, type ProcessAllInput } from './process-all.ts';
import { dealAll, dealRotation, generateCommitteeKeys, registeredKeys, seededRandom } from './simulation.ts';
import { parseSignedMessage, SealBcs, type SignedMessageWire, signaturePayload } from './wire.ts';

/**
 * Every way a dealer message can be wrong is caught, with the claimed sender and the failed check
 * named, in upstream's order of checks; a bad share yields a verifiable complaint.
 */

const COMMITTEE = '0x' + 'c0'.repeat(32);
const OTHER_COMMITTEE = '0x' + 'c1'.repeat(32);
const N = 4;
const T = 3;
const rng = seededRandom('rejects');
const members = generateCommitteeKeys(N, rng);
const honest = dealAll(COMMITTEE, T, members, rng);
const ME = 1;

function input(messages: readonly Uint8Array[], over: Partial<ProcessAllInput> = {}): ProcessAllInput {
  return {
    committeeId: COMMITTEE,
    threshold: T,
    members: registeredKeys(members),
    myPartyId: ME,
    encSk: members[ME]!.encSk,
    messages,
    ...over,
  };
}

async function rejection(p: Promise<unknown>): Promise<CeremonyError> {
  try {
    await p;
  } catch (e) {
    if (e instanceof CeremonyError) return e;
    throw e;
  }
  throw new Error('expected a CeremonyError, processing succeeded');
}

/** Re-signs a modified message as its (malicious) dealer would. */
function forge(dealer: number, mutate: (w: SignedMessageWire) => void, committeeId = COMMITTEE): Uint8Array {
  const wire = parseSignedMessage(honest[dealer]!).wire;
  mutate(wire);
  const messageBytes = SealBcs.Message.serialize(wire.message).toBytes();
  const nizkBytes = SealBcs.DlNizk.serialize(wire.nizkProof).toBytes();
  wire.signature = sign(members[dealer]!.signingSk, signaturePayload(hexToBytes(committeeId.slice(2)), messageBytes, nizkBytes));
  return SealBcs.SignedMessage.serialize(wire).toBytes();
}

function replace(messages: readonly Uint8Array[], k: number, m: Uint8Array): Uint8Array[] {
  return messages.map((x, i) => (i === k ? m : x));
}

/** Byte ranges of each field of a Seal SignedMessage with t = 3, n = 4. */
function fieldRanges(bytes: Uint8Array): [string, number, number][] {
  const w = parseSignedMessage(bytes).wire;
  const ranges: [string, number, number][] = [['sender', 0, 2]];
  let off = 2 + 1;
  w.message.vssPk.forEach((_, k) => {
    ranges.push([`vss_pk[${k}]`, off, off + 96]);
    off += 96;
  });
  ranges.push(['c', off, off + 48], ['c_hat', off + 48, off + 96]);
  off += 96 + 1;
  w.message.encryptedShares.encs.forEach((e, j) => {
    ranges.push([`encs[${j}]`, off + 1, off + 1 + e.length]);
    off += 1 + e.length;
  });
  ranges.push(['ddh.a', off, off + 48], ['ddh.b', off + 48, off + 96], ['ddh.z', off + 96, off + 128]);
  off += 128;
  ranges.push(['signature', off, off + 48], ['pop.a', off + 48, off + 144], ['pop.z', off + 144, off + 176]);
  expect(off + 176).toBe(bytes.length);
  return ranges;
}

describe('message size', () => {
  it('matches the reference formula 2 + ULEB(t) + 96t + 96 + ULEB(n) + 34n + 128 + 48 + 128', () => {
    for (const m of honest) expect(m.length).toBe(2 + 1 + 96 * T + 96 + 1 + 34 * N + 128 + 48 + 128);
  });
});

describe('flipping any byte of any field', () => {
  it('is caught in every field (spread over all senders), naming the claimed sender', async () => {
    const fields = fieldRanges(honest[0]!);
    for (let f = 0; f < fields.length; f++) {
      const k = f % N;
      const [field, start, end] = fieldRanges(honest[k]!)[f]!;
      const pos = start + ((k * 7 + field.length) % (end - start));
      const bad = honest[k]!.slice();
      bad[pos]! ^= 0x01 << (pos % 8);
      const e = await rejection(processAllMessages(input(replace(honest, k, bad))));
      const claimed = bad[0]! | (bad[1]! << 8);
      expect(e.details.sender, `${field} of message ${k}: ${e.message}`).toBe(field === 'sender' ? claimed : k);
      expect(typeof e.details.check).toBe('string');
    }
  });

  it('property: random flips anywhere are rejected with a sender named', async () => {
    await fc.assert(
      fc.asyncProperty(fc.integer({ min: 0, max: N - 1 }), fc.nat(), fc.integer({ min: 1, max: 255 }), async (k, p, mask) => {
        const bad = honest[k]!.slice();
        const pos = p % bad.length;
        bad[pos]! ^= mask;
        const e = await rejection(processAllMessages(input(replace(honest, k, bad))));
        expect(e.details.sender).toBe(pos < 2 ? bad[0]! | (bad[1]! << 8) : k);
      }),
      { numRuns: 12 },
    );
  });
});

describe('committee binding', () => {
  it('rejects messages made for another committee id at the signature check', async () => {
    const e = await rejection(processAllMessages(input(honest, { committeeId: OTHER_COMMITTEE })));
    expect(e.code).toBe('seal/message-invalid');
    expect(e.details).toMatchObject({ sender: 0, check: 'signature' });
  });

  it('rejects a message re-signed for this committee but proven for another (proof of knowledge)', async () => {
    const other = dealAll(OTHER_COMMITTEE, T, members, seededRandom('other'));
    const m = parseSignedMessage(other[2]!).wire;
    const resigned = forge(2, (w) => {
      w.message = m.message;
      w.nizkProof = m.nizkProof;
    });
    const e = await rejection(processAllMessages(input(replace(honest, 2, resigned))));
    expect(e.details).toMatchObject({ sender: 2, check: 'proof-of-knowledge' });
  });
});

describe('malicious dealers (validly signed)', () => {
  const badPop = forge(2, (w) => {
    const x = randomScalar(rng);
    w.nizkProof = encodeDlNizk(createDlNizk(G2, x, mulBase(G2, x), new DkgOracles(COMMITTEE).proofOfKnowledge(2), rng));
  });

  it.each([
    ['a wrong degree', (w: SignedMessageWire) => void w.message.vssPk.pop(), 'expected 3 commitments'],
    ['a missing ciphertext', (w: SignedMessageWire) => void w.message.encryptedShares.encs.pop(), 'expected 4 encrypted shares'],
    ['a forged c_hat', (w: SignedMessageWire) => void (w.message.encryptedShares.cHat = G1.encode(mulBase(G1, 7n))), 'one ephemeral key'],
    ['an empty ciphertext', (w: SignedMessageWire) => void (w.message.encryptedShares.encs[3] = new Uint8Array(0)), 'empty'],
  ])('sanity check: %s', async (_name, mutate, reason) => {
    const e = await rejection(processAllMessages(input(replace(honest, 2, forge(2, mutate)))));
    expect(e.code).toBe('seal/message-invalid');
    expect(e.details).toMatchObject({ sender: 2, check: 'sanity' });
    expect(e.message).toContain(reason);
  });

  it('proof of knowledge for another secret', async () => {
    const e = await rejection(processAllMessages(input(replace(honest, 2, badPop))));
    expect(e.details).toMatchObject({ sender: 2, check: 'proof-of-knowledge' });
  });

  it('reports the first failing message in sender order, and its first failing check', async () => {
    const badSig = honest[3]!.slice();
    badSig[badSig.length - 200]! ^= 1; // inside the signature
    const badSigAndDegree = forge(1, (w) => void w.message.vssPk.pop());
    badSigAndDegree[badSigAndDegree.length - 200]! ^= 1;
    // Given in reverse order: 3 has a bad signature, 2 a bad proof; 2 comes first.
    let e = await rejection(processAllMessages(input([badSig, badPop, honest[1]!, honest[0]!])));
    expect(e.details).toMatchObject({ sender: 2, check: 'proof-of-knowledge' });
    // Message 1 is wrong in two ways: the signature is checked before the sanity checks.
    e = await rejection(processAllMessages(input([badSig, badPop, badSigAndDegree, honest[0]!])));
    expect(e.details).toMatchObject({ sender: 1, check: 'signature' });
  });

  it('a share inconsistent with the commitments gives a Feldman complaint that verifies', async () => {
    const oracles = new DkgOracles(COMMITTEE);
    const poly = randomPolynomial(T, rng);
    const other = randomPolynomial(T, rng, poly[0]);
    const bad = forge(2, (w) => {
      w.message.vssPk = commitPolynomial(poly).map((p) => G2.encode(p));
      const recipients = members.map((m, j) => {
        const share = new Uint8Array(33);
        share[0] = 1;
        share.set(scalarToBytes(evalPolynomial(other, BigInt(j + 1))), 1);
        return { pk: G1.decode(m.encPk), message: share };
      });
      w.message.encryptedShares = encodeMultiRecipient(G1, encryptMultiRecipient(G1, recipients, oracles.encryption(2), rng));
      w.nizkProof = encodeDlNizk(createDlNizk(G2, poly[0]!, mulBase(G2, poly[0]!), oracles.proofOfKnowledge(2), rng));
    });
    const e = await rejection(processAllMessages(input(replace(honest, 2, bad))));
    expect(e.code).toBe('seal/complaint');
    expect(e.details).toMatchObject({ sender: 2, check: 'feldman' });

    // The complaint is bcs(Complaint{accused u16, RecoveryPackage<G1>}) and proves the share is bad.
    const complaint = SealBcs.Complaint.parse(hexToBytes(String(e.details.complaint)));
    expect(bytesToHex(SealBcs.Complaint.serialize(complaint).toBytes())).toBe(e.details.complaint);
    expect(complaint.accusedSender).toBe(2);
    const pkg = decodeRecoveryPackage(G1, complaint.proof, 'complaint');
    const enc = parseSignedMessage(bad).wire.message.encryptedShares;
    const c = G1.decode(enc.c);
    const myPk = G1.decode(members[ME]!.encPk);
    expect(verifyRecoveryPackage(G1, c, pkg, myPk, oracles.recovery(ME, 2))).toBe(true);
    expect(verifyRecoveryPackage(G1, c, pkg, myPk, oracles.recovery(2, ME))).toBe(false);
    const plain = decryptWithRecoveryPackage(G1, { c, encs: enc.encs }, pkg, oracles.recovery(ME, 2), oracles.encryption(2), myPk, ME);
    const share = scalarFromBytes(plain.subarray(1));
    const expected = evalPointPoly(G2, commitPolynomial(poly), ME + 1);
    expect(mulBase(G2, share).equals(expected)).toBe(false);
  });

  it('an undecryptable share gives a decryption (or Feldman) complaint', async () => {
    const bad = forge(2, (w) => {
      w.message.encryptedShares.encs[ME] = rng(33);
    });
    const e = await rejection(processAllMessages(input(replace(honest, 2, bad))));
    expect(e.code).toBe('seal/complaint');
    expect(e.details.sender).toBe(2);
    expect(['decryption', 'feldman']).toContain(e.details.check);
  });
});

describe('message sets', () => {
  it('rejects a duplicate sender', async () => {
    const e = await rejection(processAllMessages(input([...honest, honest[2]!])));
    expect(e.code).toBe('seal/duplicate-sender');
    expect(e.details.sender).toBe(2);
  });

  it('rejects a missing message in a fresh DKG', async () => {
    const e = await rejection(processAllMessages(input(honest.slice(1))));
    expect(e.code).toBe('seal/message-count');
    expect(e.details).toMatchObject({ expected: 4, got: 3 });
  });

  it('rejects a sender outside the committee', async () => {
    const outsider = forge(3, (w) => void (w.message.sender = 9));
    const e = await rejection(processAllMessages(input([...honest.slice(0, 3), outsider])));
    expect(e.details).toMatchObject({ sender: 9, check: 'sender' });
  });

  // The set is ordered and counted from each file's first two bytes; upstream deserializes every
  // file first, so a file that cannot be decoded must still win over any fault of the set.
  it('reports a file that cannot be decoded before a missing or a duplicate message, and the first such file by position', async () => {
    const truncated = honest[2]!.subarray(0, 40);
    const cut = honest[0]!.subarray(0, 1);
    for (const set of [
      [honest[1]!, truncated, honest[3]!],
      [honest[1]!, truncated, honest[3]!, honest[3]!],
      [truncated, honest[0]!, honest[1]!, honest[3]!],
    ]) {
      const e = await rejection(processAllMessages(input(set)));
      expect(e.code).toBe('seal/message-malformed');
      expect(e.details).toMatchObject({ messageIndex: set.indexOf(truncated), sender: 2, check: 'encoding' });
    }
    const e = await rejection(processAllMessages(input([honest[0]!, honest[1]!, cut, truncated])));
    expect(e.details).toMatchObject({ messageIndex: 2, sender: null, check: 'encoding' });
  });

  it('rejects a message from another party with the wrong key for me', async () => {
    const e = await rejection(processAllMessages(input(honest, { encSk: members[0]!.encSk })));
    expect(e.code).toBe('seal/wrong-key');
    // Checked before anything about the set (upstream identifies "me" first), though computed in a worker.
    for (const set of [[...honest, honest[2]!], honest.slice(1), [...honest.slice(0, 3), honest[3]!.subarray(0, 40)]]) {
      expect((await rejection(processAllMessages(input(set, { encSk: members[0]!.encSk })))).code).toBe('seal/wrong-key');
    }
  });
});

describe('rotation rejects', () => {
  // Old committee: the honest fresh DKG above. New committee: old 0, 1, 2 plus one newcomer.
  const oldResults = Promise.all(members.map((m, i) => processAllMessages(input(honest, { myPartyId: i, encSk: m.encSk }))));
  const newMembers = generateCommitteeKeys(4, rng);
  const NEW_ID = '0x' + 'ee'.repeat(32);
  const oldIdOfNew = [2, null, 0, 1];

  async function setup(dealers?: number[], oldShareOverride?: Map<number, bigint>) {
    const old = await oldResults;
    const oldShares = oldShareOverride ?? new Map(old.map((r, i) => [i, scalarFromBytes(r.masterShare)] as const));
    const dealt = dealRotation({
      newCommitteeId: NEW_ID,
      plan: { threshold: 2, oldIdOfNew },
      newMembers,
      oldShares,
      oldThreshold: T,
      ...(dealers ? { dealers } : {}),
      rng,
    });
    const rotation = {
      oldThreshold: T,
      newToOld: dealt.newToOld,
      oldPartialPks: new Map(old[0]!.partialPks.map((pk, i) => [i, pk] as const)),
      oldKeyServerPk: old[0]!.keyServerPk,
    };
    const run = (messages: Uint8Array[], me = 1) =>
      processAllMessages({
        committeeId: NEW_ID,
        threshold: 2,
        members: registeredKeys(newMembers),
        myPartyId: me,
        encSk: newMembers[me]!.encSk,
        messages,
        rotation,
      });
    return { ...dealt, run, old };
  }

  it('accepts exactly old-threshold continuing dealers and keeps the key', async () => {
    const { messages, run, old } = await setup();
    const r = await run(messages);
    expect(bytesToHex(r.keyServerPk)).toBe(bytesToHex(old[0]!.keyServerPk));
  });

  it('rejects a dealer whose constant term is not its old share', async () => {
    const old = await oldResults;
    const shares = new Map(old.map((r, i) => [i, scalarFromBytes(r.masterShare)] as const));
    shares.set(0, 12345n);
    const { messages, run } = await setup(undefined, shares);
    const e = await rejection(run(messages));
    expect(e.details).toMatchObject({ sender: 2, check: 'rotation-dealer' });
  });

  it('rejects too few dealers and a newcomer dealing', async () => {
    const { messages, run } = await setup();
    let e = await rejection(run(messages.slice(1)));
    expect(e.code).toBe('seal/message-count');
    const newcomer = dealAll(NEW_ID, 2, newMembers, rng)[1]!;
    e = await rejection(run([messages[0]!, messages[1]!, newcomer]));
    expect(e.code).toBe('seal/rotation-sender');
  });
});
