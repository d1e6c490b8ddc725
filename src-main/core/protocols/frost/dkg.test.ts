import { hexToBytes, bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from '../../../testing/vectors.ts';
import { dkgPart2, dkgPart3, round1SecretPackageFromCoefficients, verifyProofOfKnowledge } from './dkg.ts';
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
  for (const suite of ALL_FROST_SUITES) {
    it(`${suite.name}: every participant reproduces the shares, key package and public key package`, () => {
      const v = readVectorJson<DkgVector>('frost', suite.name, 'vectors_dkg.json');
      const max = v.config.MAX_PARTICIPANTS;
      const min = v.config.MIN_PARTICIPANTS;
      const parts = Object.entries(v.inputs).filter(([k]) => /^\d+$/.test(k)) as [string, DkgParticipant][];
      expect(parts).toHaveLength(max);
      const id = (n: number | string) => identifierFromIndex(suite, Number(n));
      const round1: Record<string, Round1Package> = {};
      for (const [k, p] of parts) {
        round1[id(k)] = { suite: suite.id, commitment: p.vss_commitments.map(hexToBytes), proofOfKnowledge: hexToBytes(p.proof_of_knowledge) };
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
