import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from '../../testing/vectors.ts';
import { identifierFromIndex } from './identifier.ts';
import { baseMul } from './polynomial.ts';
import { aggregate, commit, createSigningPackage, sign, verifySignature, verifySignatureShare } from './signing.ts';
import { ALL_FROST_SUITES } from './suites.ts';
import type { KeyPackage, PublicKeyPackage, SignatureShare, SigningCommitments } from './types.ts';

interface RfcVector {
  config: { MIN_PARTICIPANTS: string };
  inputs: {
    participant_list: number[];
    verifying_key_key: string;
    message: string;
    participant_shares: { identifier: number; participant_share: string }[];
  };
  round_one_outputs: {
    outputs: {
      identifier: number;
      hiding_nonce_randomness: string;
      binding_nonce_randomness: string;
      hiding_nonce: string;
      binding_nonce: string;
      hiding_nonce_commitment: string;
      binding_nonce_commitment: string;
    }[];
  };
  round_two_outputs: { outputs: { identifier: number; sig_share: string }[] };
  final_output: { sig: string };
}

describe('RFC 9591 signing vectors', () => {
  // frost-core ships no RedPallas vectors (reddsa's tests are randomized); redpallas.test.ts covers it.
  for (const suite of ALL_FROST_SUITES.filter((s) => s.name !== 'redpallas')) {
    for (const file of ['vectors.json', 'vectors-big-identifier.json']) {
      it(`${suite.name} ${file}: nonces, commitments, shares and signature match`, () => {
        const v = readVectorJson<RfcVector>('frost', suite.name, file);
        const id = (n: number) => identifierFromIndex(suite, n);
        const vk = hexToBytes(v.inputs.verifying_key_key);
        const min = Number(v.config.MIN_PARTICIPANTS);
        const verifyingShares: Record<string, Uint8Array> = {};
        const keyPackages: Record<string, KeyPackage> = {};
        // Only the signers' verifying shares matter here (the big-identifier files list 257 shares).
        for (const p of v.inputs.participant_shares.filter((x) => v.inputs.participant_list.includes(x.identifier))) {
          const share = hexToBytes(p.participant_share);
          const verifyingShare = suite.elementToBytes(baseMul(suite, suite.scalarFromBytes(share, 'share')));
          verifyingShares[id(p.identifier)] = verifyingShare;
          keyPackages[id(p.identifier)] = {
            suite: suite.id,
            identifier: id(p.identifier),
            signingShare: share,
            verifyingShare,
            verifyingKey: vk,
            minSigners: min,
          };
        }
        const pkp: PublicKeyPackage = { suite: suite.id, verifyingShares, verifyingKey: vk, minSigners: min };
        const commitments: Record<string, SigningCommitments> = {};
        const nonces: Record<string, ReturnType<typeof commit>['nonces']> = {};
        for (const o of v.round_one_outputs.outputs) {
          const randomness = [hexToBytes(o.hiding_nonce_randomness), hexToBytes(o.binding_nonce_randomness)];
          const r = commit(keyPackages[id(o.identifier)]!, () => randomness.shift()!);
          expect(bytesToHex(r.nonces.hiding)).toBe(o.hiding_nonce);
          expect(bytesToHex(r.nonces.binding)).toBe(o.binding_nonce);
          expect(bytesToHex(r.commitments.hiding)).toBe(o.hiding_nonce_commitment);
          expect(bytesToHex(r.commitments.binding)).toBe(o.binding_nonce_commitment);
          commitments[id(o.identifier)] = r.commitments;
          nonces[id(o.identifier)] = r.nonces;
        }
        const message = hexToBytes(v.inputs.message);
        const pkg = createSigningPackage(suite.id, commitments, message);
        const shares: Record<string, SignatureShare> = {};
        for (const o of v.round_two_outputs.outputs) {
          const s = sign(pkg, nonces[id(o.identifier)]!, keyPackages[id(o.identifier)]!);
          expect(bytesToHex(s.share)).toBe(o.sig_share);
          verifySignatureShare(pkg, id(o.identifier), s, pkp);
          shares[id(o.identifier)] = s;
        }
        const sig = aggregate(pkg, shares, pkp);
        expect(bytesToHex(sig)).toBe(v.final_output.sig);
        expect(verifySignature(suite.id, message, sig, vk)).toBe(true);
      });
    }
  }
});
