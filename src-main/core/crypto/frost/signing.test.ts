import { ed25519, ristretto255_FROST } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256_FROST } from '@noble/curves/nist.js';
import { schnorr, secp256k1_FROST } from '@noble/curves/secp256k1.js';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { catchError } from '../../testing/catch-error.ts';
import { redPallasValidate } from '../../testing/independent/redpallas-verifier.ts';
import { orchardSpendAuthBase } from '../../testing/orchard-vectors.ts';
import { identifierFromIndex } from './identifier.ts';
import { aggregate, commit, createSigningPackage, sign, verifySignatureShare } from './signing.ts';
import { simulateDkg, simulateSigning } from './simulate.ts';
import { ALL_FROST_SUITES, frostSuite, type FrostSuiteId } from './suites.ts';
import type { SignatureShare, SigningCommitments, SigningNonces } from './types.ts';

/** Independent verifiers: the libraries outside tools use, not our own suite.verify. */
const standardVerify: Record<FrostSuiteId, (sig: Uint8Array, msg: Uint8Array, vk: Uint8Array) => boolean> = {
  'FROST-ED25519-SHA512-v1': (s, m, k) => ed25519.verify(s, m, k),
  'FROST-ED448-SHAKE256-v1': (s, m, k) => ed448.verify(s, m, k),
  'FROST-secp256k1-SHA256-TR-v1': (s, m, k) => schnorr.verify(s, m, k.slice(1)),
  'FROST-secp256k1-SHA256-v1': (s, m, k) => secp256k1_FROST.verify(s, m, k),
  'FROST-P256-SHA256-v1': (s, m, k) => p256_FROST.verify(s, m, k),
  'FROST-RISTRETTO255-SHA512-v1': (s, m, k) => ristretto255_FROST.verify(s, m, k),
  // Written from the Zcash spec's RedDSA.Validate; the basepoint comes from Zcash's vectors.
  'FROST(Pallas, BLAKE2b-512)': (s, m, k) => redPallasValidate(orchardSpendAuthBase(), k, m, s),
};

describe('random t-of-n DKG, then any t signers', () => {
  for (const suite of ALL_FROST_SUITES) {
    it(`${suite.name}: the standard verifier accepts the signature`, () => {
      const arb = fc
        .integer({ min: 2, max: 4 })
        .chain((n) => fc.tuple(fc.constant(n), fc.integer({ min: 2, max: n })))
        .chain(([n, t]) =>
          fc.tuple(
            fc.constant(n),
            fc.constant(t),
            fc.shuffledSubarray([...Array(n).keys()], { minLength: t, maxLength: t }),
            fc.uint8Array({ maxLength: 64 }),
          ),
        );
      fc.assert(
        fc.property(arb, ([n, t, chosen, message]) => {
          const group = simulateDkg(suite.id, n, t);
          const signers = chosen.map((i) => identifierFromIndex(suite, i + 1));
          const { signature } = simulateSigning(group, signers, message);
          expect(signature).toHaveLength(suite.signatureLength);
          expect(standardVerify[suite.id](signature, message, group.publicKeyPackage.verifyingKey)).toBe(true);
          const tampered = Uint8Array.from(message.length ? message : [0]);
          tampered[0]! ^= 1;
          expect(standardVerify[suite.id](signature, tampered, group.publicKeyPackage.verifyingKey)).toBe(false);
        }),
        { numRuns: 3 },
      );
    });
  }

  it('every pair of a 2-of-3 Ed25519 group signs, checked with ed25519.verify', () => {
    const suite = frostSuite('FROST-ED25519-SHA512-v1');
    const group = simulateDkg(suite.id, 3, 2);
    const [a, b, c] = [1, 2, 3].map((i) => identifierFromIndex(suite, i)) as [string, string, string];
    const msg = new TextEncoder().encode('board meeting 2025-09-17');
    for (const pair of [
      [a, b],
      [a, c],
      [b, c],
    ]) {
      const { signature } = simulateSigning(group, pair, msg);
      expect(ed25519.verify(signature, msg, group.publicKeyPackage.verifyingKey)).toBe(true);
    }
  });
});

describe('signing bad input', () => {
  const suite = frostSuite('FROST-ED25519-SHA512-v1');
  const group = simulateDkg(suite.id, 3, 2);
  const [a, b, c] = [1, 2, 3].map((i) => identifierFromIndex(suite, i)) as [string, string, string];
  const msg = new TextEncoder().encode('hello');
  const round = (signers: string[]) => {
    const nonces: Record<string, SigningNonces> = {};
    const commitments: Record<string, SigningCommitments> = {};
    for (const id of [a, b, c]) {
      const r = commit(group.keyPackages[id]!);
      nonces[id] = r.nonces;
      commitments[id] = r.commitments;
    }
    const chosen = Object.fromEntries(signers.map((id) => [id, commitments[id]!]));
    return { nonces, commitments, pkg: createSigningPackage(suite.id, chosen, msg) };
  };

  it('a share from someone who was not asked to sign is rejected, naming them', () => {
    const { nonces, commitments, pkg } = round([a, b]);
    const shares: Record<string, SignatureShare> = {
      [a]: sign(pkg, nonces[a]!, group.keyPackages[a]!),
      [b]: sign(pkg, nonces[b]!, group.keyPackages[b]!),
    };
    // c signs a package that includes it, then slips its share into a's and b's session.
    const pkgWithC = createSigningPackage(suite.id, { [a]: commitments[a]!, [c]: commitments[c]! }, msg);
    shares[c] = sign(pkgWithC, nonces[c]!, group.keyPackages[c]!);
    expect(catchError(() => aggregate(pkg, shares, group.publicKeyPackage))).toMatchObject({
      code: 'frost/aggregate-unexpected-share',
      details: { culprit: c },
    });
    expect(catchError(() => verifySignatureShare(pkg, c, shares[c]!, group.publicKeyPackage))).toMatchObject({
      code: 'frost/aggregate-unexpected-share',
      details: { culprit: c },
    });
  });

  it('a bad signature share names the signer who sent it', () => {
    const { nonces, pkg } = round([a, b]);
    const good = sign(pkg, nonces[a]!, group.keyPackages[a]!);
    const bad: SignatureShare = {
      suite: suite.id,
      share: suite.scalarToBytes(suite.Fn.add(suite.scalarFromBytes(sign(pkg, nonces[b]!, group.keyPackages[b]!).share, 's'), 1n)),
    };
    expect(catchError(() => aggregate(pkg, { [a]: good, [b]: bad }, group.publicKeyPackage))).toMatchObject({
      code: 'frost/invalid-signature-share',
      details: { culprit: b },
    });
    expect(catchError(() => verifySignatureShare(pkg, b, bad, group.publicKeyPackage))).toMatchObject({ details: { culprit: b } });
    expect(verifySignatureShare(pkg, a, good, group.publicKeyPackage)).toBeUndefined();
  });

  it('a missing share, too few signers, reused nonces and foreign commitments are refused', () => {
    const { nonces, commitments, pkg } = round([a, b]);
    const sa = sign(pkg, nonces[a]!, group.keyPackages[a]!);
    expect(catchError(() => aggregate(pkg, { [a]: sa }, group.publicKeyPackage))).toMatchObject({
      code: 'frost/aggregate-missing-share',
      details: { culprit: b },
    });
    expect(catchError(() => sign(pkg, nonces[a]!, group.keyPackages[a]!))).toMatchObject({ code: 'frost/sign-nonces-used' });
    const solo = createSigningPackage(suite.id, { [b]: commitments[b]! }, msg);
    expect(catchError(() => sign(solo, nonces[b]!, group.keyPackages[b]!))).toMatchObject({ code: 'frost/sign-too-few-signers' });
    const swapped = createSigningPackage(suite.id, { [b]: commitments[c]!, [c]: commitments[b]! }, msg);
    expect(catchError(() => sign(swapped, nonces[b]!, group.keyPackages[b]!))).toMatchObject({ code: 'frost/sign-commitment-mismatch' });
    expect(catchError(() => sign(pkg, nonces[c]!, group.keyPackages[c]!))).toMatchObject({ code: 'frost/sign-not-selected' });
  });

  it('a commitment that is not a valid point names its owner', () => {
    const { commitments } = round([a, b]);
    const broken = { ...commitments[b]!, hiding: new Uint8Array(32).fill(0xff) };
    expect(catchError(() => createSigningPackage(suite.id, { [a]: commitments[a]!, [b]: broken }, msg))).toMatchObject({
      code: 'frost/invalid-element',
      details: { culprit: b },
    });
  });
});
