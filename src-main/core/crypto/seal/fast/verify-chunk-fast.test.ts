import { bls12_381 } from '@noble/curves/bls12-381.js';
import { hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadMcl } from '../../bls-backend/mcl-module.ts';
import { switchBlsBackend } from '../../bls-backend/select.ts';
import { sign } from '../bls-signature.ts';
import { Fr, scalarFromBytes, scalarToBytes } from '../field.ts';
import { fromWire, G2 } from '../groups.ts';
import { DkgOracles } from '../oracles.ts';
import { dealAll, generateCommitteeKeys, registeredKeys, seededRandom } from '../simulation.ts';
import { type ChunkMessage, type VerifyChunkArgs, verifyChunkReference } from '../verify-chunk.ts';
import { parseSignedMessage, SealBcs, type SignedMessageWire, signaturePayload } from '../wire.ts';
import { loadMcMath, type McMath } from './mcl-math.ts';
import { verifyChunkFast } from './verify-chunk-fast.ts';

/**
 * The mcl path must accept exactly the runs the noble reference accepts, with the same sums: it
 * is trusted to say "all pass" and nothing else. Every kind of bad message a dealer can sign
 * (each check upstream makes) is fed to both paths on each decoder that runs the mcl path.
 */
const COMMITTEE = '0x' + 'd4'.repeat(32);
const OTHER = '0x' + 'd5'.repeat(32);
const N = 4;
const T = 3;
const ME = 2;
const members = generateCommitteeKeys(N, seededRandom('fast-path'));
const honest = dealAll(COMMITTEE, T, members, seededRandom('fast-path-deal'));
const keys = registeredKeys(members);

function args(
  messages: readonly Uint8Array[],
  over: Partial<VerifyChunkArgs> = {},
  signingPks = keys.map((k) => k.signingPk),
): VerifyChunkArgs {
  return {
    roPrefix: new DkgOracles(COMMITTEE).base.prefix,
    committeeId: hexToBytes(COMMITTEE.slice(2)),
    threshold: T,
    parties: N,
    myPartyId: ME,
    encSk: members[ME]!.encSk,
    rotation: false,
    messages: messages.map((bytes, i): ChunkMessage => ({ bytes, signingPk: signingPks[i] ?? null, expectedC0: null, weight: 1n })),
    ...over,
  };
}

/** A dealer's honest message changed and signed again by that dealer (it passes the signature check). */
function forge(dealer: number, mutate: (w: SignedMessageWire) => void, committeeId = COMMITTEE): Uint8Array[] {
  const wire = parseSignedMessage(honest[dealer]!).wire;
  mutate(wire);
  const messageBytes = SealBcs.Message.serialize(wire.message).toBytes();
  const nizkBytes = SealBcs.DlNizk.serialize(wire.nizkProof).toBytes();
  wire.signature = sign(members[dealer]!.signingSk, signaturePayload(hexToBytes(committeeId.slice(2)), messageBytes, nizkBytes));
  return honest.map((m, i) => (i === dealer ? SealBcs.SignedMessage.serialize(wire).toBytes() : m));
}
const bump = (z: Uint8Array) => scalarToBytes(Fr.add(scalarFromBytes(z), 1n));

/** x = p (one past the largest canonical coordinate), with the compressed flag: refused as non-canonical. */
const nonCanonicalG2 = (() => {
  const b = new Uint8Array(96);
  b.set(hexToBytes(bls12_381.fields.Fp.ORDER.toString(16).padStart(96, '0')), 0);
  b[0] = b[0]! | 0x80;
  return b;
})();

const cases: [string, VerifyChunkArgs, string][] = [
  ['a non-canonical commitment', args(forge(1, (w) => (w.message.vssPk[2] = nonCanonicalG2))), 'encoding'],
  [
    'a commitment that is the identity',
    args(forge(1, (w) => (w.message.vssPk[0] = hexToBytes('c0' + '00'.repeat(95))))),
    'proof-of-knowledge',
  ],
  ['a non-member sender', args(honest, {}, [keys[0]!.signingPk, null, keys[2]!.signingPk, keys[3]!.signingPk] as Uint8Array[]), 'sender'],
  ['a message signed for another committee', args(forge(1, () => {}, OTHER)), 'signature'],
  ['a proof of knowledge that does not verify', args(forge(2, (w) => (w.nizkProof.z = bump(w.nizkProof.z)))), 'proof-of-knowledge'],
  ['the wrong number of commitments', args(forge(3, (w) => w.message.vssPk.pop())), 'sanity'],
  [
    'an encryption proof that does not verify',
    args(forge(0, (w) => (w.message.encryptedShares.proof.z = bump(w.message.encryptedShares.proof.z)))),
    'sanity',
  ],
  ['an empty ciphertext', args(forge(1, (w) => (w.message.encryptedShares.encs[3] = new Uint8Array(0)))), 'sanity'],
  ['my share altered', args(forge(2, (w) => (w.message.encryptedShares.encs[ME]![5]! ^= 1))), 'decryption|feldman'],
  ['commitments that do not match the shares', args(forge(3, (w) => (w.message.vssPk[1] = w.message.vssPk[2]!))), 'feldman'],
];

describe.each(['blst', 'mcl'] as const)('the mcl path with the %s decoder', (name) => {
  let restore: () => void;
  let math: McMath;
  beforeAll(async () => {
    restore = await switchBlsBackend(name);
    math = await loadMcMath(loadMcl);
  });
  afterAll(() => restore());

  it('accepts an honest run with the reference sums and share', () => {
    const a = args(honest);
    const fast = verifyChunkFast(a, math);
    const reference = verifyChunkReference(a);
    expect(reference.failure).toBeUndefined();
    expect(fast).toBeDefined();
    const enc = (ws: NonNullable<typeof fast>['commitmentSum']) => ws!.map((w) => G2.encode(fromWire(G2, w)));
    expect(enc(fast!.commitmentSum)).toEqual(enc(reference.commitmentSum));
    expect(fast!.shareSum).toBe(reference.shareSum);
    const publicRun = verifyChunkFast({ ...a, encSk: null }, math);
    expect(publicRun && enc(publicRun.commitmentSum)).toEqual(enc(reference.commitmentSum));
    expect(publicRun?.shareSum).toBeUndefined();
  });

  it('weighs the sums as a rotation does (Lagrange weights), like the reference', () => {
    const a = args(honest);
    a.messages.forEach((m, i) => (m.weight = Fr.create(BigInt(i * 7919 + 3) ** 9n)));
    const fast = verifyChunkFast(a, math);
    const reference = verifyChunkReference(a);
    expect(fast).toBeDefined();
    expect(fast!.commitmentSum!.map((w) => G2.encode(fromWire(G2, w)))).toEqual(
      reference.commitmentSum!.map((w) => G2.encode(fromWire(G2, w))),
    );
    expect(fast!.shareSum).toBe(reference.shareSum);
  });

  it.each(cases)('refers %s to the reference path', (_, a) => {
    expect(verifyChunkFast(a, math)).toBeUndefined();
  });

  // Without a share (a relay) the proofs of knowledge are checked on their own, not with the
  // Feldman sum: every case but the share's own checks must still be referred.
  it.each(cases.filter(([, , check]) => !/decryption|feldman/.test(check)))(
    'refers %s to the reference path when no share is checked',
    (_, a) => {
      expect(verifyChunkFast({ ...a, encSk: null }, math)).toBeUndefined();
    },
  );
});

// The reference path's decision does not depend on the decoder (backends.test.ts), so each case
// is checked there once: it must be a real failure of the named check, or the test above proves nothing.
it.each(cases)('the reference path refuses %s, naming the check', (_, a, check) => {
  expect(verifyChunkReference(a).failure?.check).toMatch(new RegExp(`^(${check})$`));
});
