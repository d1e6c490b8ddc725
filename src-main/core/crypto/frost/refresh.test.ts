import { bytesToHex } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { generateWithDealer, keyPackageFromSecretShare } from './dealer.ts';
import { identifierFromIndex } from './identifier.ts';
import { computeRefreshingShares, refreshDkgPart1, refreshDkgPart2, refreshDkgPart3, refreshShare } from './refresh.ts';
import { simulateDkg, simulateSigning } from './simulate.ts';
import { ALL_FROST_SUITES, frostSuite } from './suites.ts';
import type { KeyPackage, Round1Package, Round2Package } from './types.ts';

const msg = new TextEncoder().encode('after refresh');

describe('distributed refresh keeps the group key; signing still works', () => {
  for (const suite of ALL_FROST_SUITES) {
    it(suite.name, () => {
      const group = simulateDkg(suite.id, 3, 2);
      const ids = Object.keys(group.keyPackages);
      const p1 = Object.fromEntries(ids.map((id) => [id, refreshDkgPart1(suite.id, id, 3, 2)]));
      for (const r of Object.values(p1)) expect(r.package.commitment).toHaveLength(1); // t−1 points
      const others = (me: string) =>
        Object.fromEntries(ids.filter((i) => i !== me).map((i) => [i, p1[i]!.package])) as Record<string, Round1Package>;
      const p2 = Object.fromEntries(ids.map((id) => [id, refreshDkgPart2(p1[id]!.secretPackage, others(id))]));
      const keyPackages: Record<string, KeyPackage> = {};
      let pkp;
      for (const me of ids) {
        const received: Record<string, Round2Package> = {};
        for (const id of ids) if (id !== me) received[id] = p2[id]!.packages[me]!;
        const out = refreshDkgPart3(p2[me]!.secretPackage, others(me), received, group.publicKeyPackage, group.keyPackages[me]!);
        keyPackages[me] = out.keyPackage;
        pkp = out.publicKeyPackage;
        expect(bytesToHex(out.keyPackage.signingShare)).not.toBe(bytesToHex(group.keyPackages[me]!.signingShare));
        expect(bytesToHex(out.publicKeyPackage.verifyingShares[me]!)).toBe(bytesToHex(out.keyPackage.verifyingShare));
      }
      expect(bytesToHex(pkp!.verifyingKey)).toBe(bytesToHex(group.publicKeyPackage.verifyingKey));
      const refreshed = { keyPackages, publicKeyPackage: pkp! };
      const { signature } = simulateSigning(refreshed, [ids[0]!, ids[2]!], msg);
      expect(suite.verify(msg, signature, group.publicKeyPackage.verifyingKey)).toBe(true);
      // An old share no longer combines with a new one.
      const mixed = { keyPackages: { ...keyPackages, [ids[0]!]: group.keyPackages[ids[0]!]! }, publicKeyPackage: pkp! };
      expect(() => simulateSigning(mixed, [ids[0]!, ids[1]!], msg)).toThrow(
        expect.objectContaining({ details: expect.objectContaining({ culprit: ids[0] }) }),
      );
    });
  }
});

describe('dealer refresh', () => {
  const suite = frostSuite('FROST-secp256k1-SHA256-TR-v1');
  it('keeps the key, evicts members left out, and signing works with the new shares', () => {
    const group = simulateDkg(suite.id, 4, 2);
    const ids = Object.keys(group.keyPackages);
    const keep = ids.slice(0, 3);
    const { shares, publicKeyPackage } = computeRefreshingShares(group.publicKeyPackage, keep);
    expect(Object.keys(publicKeyPackage.verifyingShares).sort()).toEqual([...keep].sort());
    const keyPackages = Object.fromEntries(keep.map((id) => [id, refreshShare(shares[id]!, group.keyPackages[id]!)]));
    const { signature } = simulateSigning({ keyPackages, publicKeyPackage }, [keep[1]!, keep[2]!], msg);
    expect(suite.verify(msg, signature, group.publicKeyPackage.verifyingKey)).toBe(true);
  });

  it('refuses a tampered refresh share and a threshold change', () => {
    const dealt = generateWithDealer('FROST-ED25519-SHA512-v1', 3, 2);
    const ed = frostSuite('FROST-ED25519-SHA512-v1');
    const kps = Object.fromEntries(Object.entries(dealt.shares).map(([id, s]) => [id, keyPackageFromSecretShare(s)]));
    const ids = Object.keys(kps);
    const { shares } = computeRefreshingShares(dealt.publicKeyPackage, ids);
    const s = shares[ids[0]!]!;
    const tampered = { ...s, signingShare: ed.scalarToBytes(ed.Fn.add(ed.scalarFromBytes(s.signingShare, 's'), 1n)) };
    expect(() => refreshShare(tampered, kps[ids[0]!]!)).toThrow(expect.objectContaining({ code: 'frost/refresh-invalid-share' }));
    const wrongT = computeRefreshingShares({ ...dealt.publicKeyPackage, minSigners: 3 }, ids).shares[ids[0]!]!;
    expect(() => refreshShare(wrongT, kps[ids[0]!]!)).toThrow(expect.objectContaining({ code: 'frost/refresh-threshold-mismatch' }));
    expect(() => refreshShare(shares[ids[1]!]!, kps[ids[0]!]!)).toThrow(expect.objectContaining({ code: 'frost/refresh-wrong-recipient' }));
  });

  it('a wrong distributed-refresh share names its sender', () => {
    const ed = frostSuite('FROST-ED25519-SHA512-v1');
    const group = simulateDkg(ed.id, 3, 2);
    const [a, b, c] = [1, 2, 3].map((i) => identifierFromIndex(ed, i)) as [string, string, string];
    const p1 = Object.fromEntries([a, b, c].map((id) => [id, refreshDkgPart1(ed.id, id, 3, 2)]));
    const others = (me: string) => Object.fromEntries([a, b, c].filter((i) => i !== me).map((i) => [i, p1[i]!.package]));
    const p2 = Object.fromEntries([a, b, c].map((id) => [id, refreshDkgPart2(p1[id]!.secretPackage, others(id))]));
    const received = { [b]: p2[b]!.packages[c]!, [c]: p2[c]!.packages[a]! };
    expect(() => refreshDkgPart3(p2[a]!.secretPackage, others(a), received, group.publicKeyPackage, group.keyPackages[a]!)).toThrow(
      expect.objectContaining({ code: 'frost/dkg-invalid-share', details: { culprit: b } }),
    );
  });
});
