import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../testing/catch-error.ts';
import { readVectorJson } from '../../testing/vectors.ts';
import {
  checkRound1Package,
  checkRound2Package,
  dkgPart1,
  dkgPart2,
  dkgPart3,
  round1SecretPackageFromCoefficients,
  verifyProofOfKnowledge,
} from './dkg.ts';
import { seededRng } from './rng.ts';
import { identifierFromIndex } from './identifier.ts';
import { ALL_FROST_SUITES } from './suites.ts';
import type { Round1Package, Round2Package } from './types.ts';

interface DkgParticipant {
  identifier: number;
  signing_key: string;
  coefficient: string;
  vss_commitments: string[];
  proof_of_knowledge: string;
  signing_shares: Record<string, string>;
  verifying_share: string;
  signing_share: string;
}
interface DkgVector {
  config: { MAX_PARTICIPANTS: number; MIN_PARTICIPANTS: number };
  inputs: Record<string, DkgParticipant | string>;
}

describe('DKG against frost-core vectors_dkg.json', () => {
  // frost-core ships no RedPallas vectors (reddsa's tests are randomized); redpallas.test.ts covers it.
  for (const suite of ALL_FROST_SUITES.filter((s) => s.name !== 'redpallas')) {
    it(`${suite.name}: every participant reproduces the shares, key package and public key package`, () => {
      const v = readVectorJson<DkgVector>('frost', suite.name, 'vectors_dkg.json');
      const max = v.config.MAX_PARTICIPANTS;
      const min = v.config.MIN_PARTICIPANTS;
      const parts = Object.entries(v.inputs).filter(([k]) => /^\d+$/.test(k)) as [string, DkgParticipant][];
      expect(parts).toHaveLength(max);
      const id = (n: number | string) => identifierFromIndex(suite, Number(n));
      const round1: Record<string, Round1Package> = {};
      for (const [k, p] of parts) {
        round1[id(k)] = {
          suite: suite.id,
          commitment: p.vss_commitments.map(hexToBytes),
          proofOfKnowledge: hexToBytes(p.proof_of_knowledge),
        };
        verifyProofOfKnowledge(suite.id, id(k), round1[id(k)]!);
      }
      for (const [k, p] of parts) {
        const me = id(k);
        const coefficients = [p.signing_key, p.coefficient].map((h) => suite.scalarFromBytes(hexToBytes(h), 'coefficient'));
        const s1 = round1SecretPackageFromCoefficients(suite.id, me, max, min, coefficients);
        expect(s1.commitment.map(bytesToHex)).toEqual(p.vss_commitments);
        const others = Object.fromEntries(Object.entries(round1).filter(([i]) => i !== me));
        const { secretPackage, packages } = dkgPart2(s1, others);
        for (const [j, q] of parts) {
          if (j === k) continue;
          expect(bytesToHex(packages[id(j)]!.signingShare), `share ${k}→${j}`).toBe(q.signing_shares[k]);
        }
        const received: Record<string, Round2Package> = {};
        for (const [j, share] of Object.entries(p.signing_shares)) received[id(j)] = { suite: suite.id, signingShare: hexToBytes(share) };
        const { keyPackage, publicKeyPackage } = dkgPart3(secretPackage, others, received);
        expect(bytesToHex(keyPackage.signingShare)).toBe(p.signing_share);
        expect(bytesToHex(keyPackage.verifyingShare)).toBe(p.verifying_share);
        expect(bytesToHex(keyPackage.verifyingKey)).toBe(v.inputs.verifying_key);
        expect(keyPackage.minSigners).toBe(min);
        expect(bytesToHex(publicKeyPackage.verifyingKey)).toBe(v.inputs.verifying_key);
        for (const [j, q] of parts) expect(bytesToHex(publicKeyPackage.verifyingShares[id(j)]!)).toBe(q.verifying_share);
      }
    });
  }
});

describe('DKG bad input names the culprit', () => {
  const suite = ALL_FROST_SUITES[0]!; // ed25519
  const ids = [1, 2, 3].map((n) => identifierFromIndex(suite, n));
  const [a, b, c] = ids as [string, string, string];
  const run = (mins: Record<string, number> = {}) => {
    const p1 = Object.fromEntries(ids.map((id) => [id, dkgPart1(suite.id, id, 3, mins[id] ?? 2)]));
    const others = (me: string) => Object.fromEntries(ids.filter((i) => i !== me).map((i) => [i, p1[i]!.package]));
    return { p1, others };
  };

  it('a round-1 package with a bad proof of knowledge is refused, naming its sender', () => {
    const { p1, others } = run();
    const forged = { ...others(a), [b]: { ...p1[b]!.package, proofOfKnowledge: p1[c]!.package.proofOfKnowledge } };
    const err = catchError(() => dkgPart2(p1[a]!.secretPackage, forged));
    expect(err).toMatchObject({ code: 'frost/dkg-invalid-proof-of-knowledge', details: { culprit: b } });
  });

  it('a wrong round-2 share is refused in part 3, naming its sender', () => {
    const { p1, others } = run();
    const p2 = Object.fromEntries(ids.map((id) => [id, dkgPart2(p1[id]!.secretPackage, others(id))]));
    const received = { [b]: p2[b]!.packages[c]!, [c]: p2[c]!.packages[a]! }; // b sends a the share meant for c
    const err = catchError(() => dkgPart3(p2[a]!.secretPackage, others(a), received));
    expect(err).toMatchObject({ code: 'frost/dkg-invalid-share', details: { culprit: b } });
  });

  it('a participant using another threshold is named before any share is sent', () => {
    const { p1, others } = run({ [c]: 3 });
    const err = catchError(() => dkgPart2(p1[a]!.secretPackage, others(a)));
    expect(err).toMatchObject({ code: 'frost/dkg-threshold-mismatch', details: { culprit: c, expected: 2, received: 3 } });
  });

  it('a missing participant or a package from oneself is refused', () => {
    const { p1, others } = run();
    const { [c]: _dropped, ...two } = others(a);
    expect(catchError(() => dkgPart2(p1[a]!.secretPackage, two))).toMatchObject({ code: 'frost/dkg-package-count' });
    expect(catchError(() => dkgPart2(p1[a]!.secretPackage, { ...two, [a]: p1[a]!.package }))).toMatchObject({
      code: 'frost/dkg-own-package',
    });
  });

  it('a round-2 package is required from everyone who sent round 1', () => {
    const { p1, others } = run();
    const p2 = Object.fromEntries(ids.map((id) => [id, dkgPart2(p1[id]!.secretPackage, others(id))]));
    const err = catchError(() => dkgPart3(p2[a]!.secretPackage, others(a), { [b]: p2[b]!.packages[a]! }));
    expect(err).toMatchObject({ code: 'frost/dkg-missing-package', details: { culprit: c } });
  });

  it('thresholds outside 2 ≤ t ≤ n are refused', () => {
    expect(catchError(() => dkgPart1(suite.id, a, 3, 1))).toMatchObject({ code: 'frost/invalid-threshold' });
    expect(catchError(() => dkgPart1(suite.id, a, 2, 3))).toMatchObject({ code: 'frost/invalid-threshold' });
  });
});

describe('crash-safe derivation and per-package checks', () => {
  const suite = ALL_FROST_SUITES[2]!; // secp256k1-tr
  const ids = [1, 2, 3].map((n) => identifierFromIndex(suite, n));
  const [a, b, c] = ids as [string, string, string];

  it('the same vault seed gives the same round-1 package; another label or seed does not', () => {
    const seed = new Uint8Array(32).fill(9);
    const one = dkgPart1(suite.id, a, 3, 2, seededRng(seed, 'dkg/part1'));
    const again = dkgPart1(suite.id, a, 3, 2, seededRng(seed, 'dkg/part1'));
    expect(again).toEqual(one);
    expect(dkgPart1(suite.id, a, 3, 2, seededRng(seed, 'dkg/part1b')).package).not.toEqual(one.package);
    expect(dkgPart1(suite.id, a, 3, 2, seededRng(new Uint8Array(32).fill(8), 'dkg/part1')).package).not.toEqual(one.package);
    expect(() => seededRng(new Uint8Array(16), 'x')).toThrow();
  });

  it('checkRound1Package / checkRound2Package name a bad sender as soon as its package arrives', () => {
    const p1 = Object.fromEntries(ids.map((id) => [id, dkgPart1(suite.id, id, 3, 2)]));
    checkRound1Package(suite.id, b, p1[b]!.package, 2);
    expect(() => checkRound1Package(suite.id, b, p1[c]!.package, 2)).toThrow(
      expect.objectContaining({ code: 'frost/dkg-invalid-proof-of-knowledge', details: { culprit: b } }),
    );
    expect(() => checkRound1Package(suite.id, b, p1[b]!.package, 3)).toThrow(
      expect.objectContaining({ code: 'frost/dkg-threshold-mismatch', details: { culprit: b, expected: 3, received: 2 } }),
    );
    const others = (me: string) => Object.fromEntries(ids.filter((i) => i !== me).map((i) => [i, p1[i]!.package]));
    const p2 = Object.fromEntries(ids.map((id) => [id, dkgPart2(p1[id]!.secretPackage, others(id))]));
    checkRound2Package(p2[a]!.secretPackage, b, p1[b]!.package, p2[b]!.packages[a]!);
    expect(() => checkRound2Package(p2[a]!.secretPackage, b, p1[b]!.package, p2[b]!.packages[c]!)).toThrow(
      expect.objectContaining({ code: 'frost/dkg-invalid-share', details: { culprit: b } }),
    );
  });
});
