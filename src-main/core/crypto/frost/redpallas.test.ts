import { crc32 } from 'node:zlib';
import { ed25519 } from '@noble/curves/ed25519.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { encodeFrostPostcard } from '../../formats/frost/frost-postcard.ts';
import { suiteShortId } from '../../formats/frost/layout.ts';
import { catchError } from '../../testing/catch-error.ts';
import { decodePallasPoint, encodePallasPoint, pallasMul, redPallasValidate } from '../../testing/independent/redpallas-verifier.ts';
import { orchardAskAk, orchardSpendAuthBase } from '../../testing/orchard-vectors.ts';
import { intoEvenY } from './even-y.ts';
import { identifierFromIndex } from './identifier.ts';
import { hasEvenY } from './pallas.ts';
import { createRandomizer, randomizedVerifyingKey } from './rerandomized.ts';
import { seededRng } from './rng.ts';
import { aggregate, commit, createSigningPackage, sign, verifySignatureShare } from './signing.ts';
import { simulateDkg, type SimulatedGroup } from './simulate.ts';
import { frostSuite, type FrostSuiteId } from './suites.ts';
import type { KeyPackage, PublicKeyPackage, SignatureShare, SigningCommitments, SigningNonces } from './types.ts';

const RP: FrostSuiteId = 'FROST(Pallas, BLAKE2b-512)';
const suite = frostSuite(RP);
const SEED = new TextEncoder().encode('redpallas.test.ts: a fixed 32-byte-plus test seed');
const msg = new TextEncoder().encode('Orchard spend authorization');

/** One signing round, optionally rerandomized; returns the signature and the shares. */
function signRound(group: SimulatedGroup, signers: string[], message: Uint8Array, rerandomized: boolean, label: string) {
  const rng = seededRng(SEED, label);
  const nonces: Record<string, SigningNonces> = {};
  const commitments: Record<string, SigningCommitments> = {};
  for (const id of signers) ({ nonces: nonces[id]!, commitments: commitments[id]! } = commit(group.keyPackages[id]!, rng));
  const pkg = createSigningPackage(group.publicKeyPackage.suite, commitments, message);
  const randomizer = rerandomized ? createRandomizer(pkg, rng) : undefined;
  const shares: Record<string, SignatureShare> = {};
  for (const id of signers) shares[id] = sign(pkg, nonces[id]!, group.keyPackages[id]!, randomizer);
  return { pkg, randomizer, shares, signature: aggregate(pkg, shares, group.publicKeyPackage, randomizer) };
}

describe('the Pallas group against Zcash Orchard vectors', () => {
  it('the FROST base point is the Orchard SpendAuth basepoint, encoded as Zcash encodes it', () => {
    expect(bytesToHex(suite.elementToBytes(suite.base))).toBe(bytesToHex(orchardSpendAuthBase()));
    expect(bytesToHex(encodePallasPoint(decodePallasPoint(orchardSpendAuthBase())!))).toBe(bytesToHex(orchardSpendAuthBase()));
  });

  it('ask → ak: [ask]·SpendAuthBase encodes to ak for every Orchard key-components vector', () => {
    const rows = orchardAskAk();
    expect(rows.length).toBeGreaterThanOrEqual(10);
    const G = decodePallasPoint(orchardSpendAuthBase())!;
    for (const [i, { ask, ak }] of rows.entries()) {
      const s = suite.scalarFromBytes(ask, 'ask');
      expect(bytesToHex(suite.elementToBytes(suite.base.multiply(s)))).toBe(bytesToHex(ak));
      expect(bytesToHex(suite.elementToBytes(suite.elementFromBytes(ak, 'ak')))).toBe(bytesToHex(ak));
      // The independent affine arithmetic agrees (it is what the verifier below relies on); a few rows suffice.
      if (i < 3) expect(bytesToHex(encodePallasPoint(pallasMul(bytesToNumberLE(ask), G)))).toBe(bytesToHex(ak));
    }
  });

  it('refuses the identity, an x ≥ p, an x with no point, and scalars ≥ q', () => {
    const invalid = { code: 'frost/invalid-element' };
    const decode = (hex: string) => () => suite.elementFromBytes(hexToBytes(hex), 'e');
    expect(catchError(decode('00'.repeat(32)))).toMatchObject(invalid);
    expect(catchError(decode('01000000ed302d991bf94c09fc98462200000000000000000000000000000040'))).toMatchObject(invalid); // x = p
    expect(catchError(decode('02' + '00'.repeat(31)))).toMatchObject(invalid); // 2³ + 5 = 13 is not a square mod p
    const q = hexToBytes('0100000021eb468cdda89409fc98462200000000000000000000000000000040');
    expect(catchError(() => suite.scalarFromBytes(q, 's'))).toMatchObject({ code: 'frost/invalid-scalar' });
  });

  it("postcard headers carry the big-endian CRC-32 of frost-core's suite ID", () => {
    const crc = crc32('FROST(Pallas, BLAKE2b-512)');
    expect(bytesToHex(suiteShortId(RP))).toBe(crc.toString(16).padStart(8, '0'));
    const group = simulateDkg(RP, 2, 2, undefined, seededRng(SEED, 'header'));
    const kp = encodeFrostPostcard('KeyPackage', Object.values(group.keyPackages)[0]!);
    expect(bytesToHex(kp.subarray(0, 5))).toBe('00' + crc.toString(16).padStart(8, '0'));
  });
});

describe('RedPallas DKG, plain and rerandomized signing (verified by a verifier written from the Zcash spec)', () => {
  const group = simulateDkg(RP, 3, 2, undefined, seededRng(SEED, 'dkg'));
  const [a, b, c] = [1, 2, 3].map((i) => identifierFromIndex(suite, i)) as [string, string, string];
  const base = orchardSpendAuthBase();
  const vk = group.publicKeyPackage.verifyingKey;

  it('the DKG group key has an even y, as frost-client normalises it (MaybeIntoEvenY)', () => {
    expect(hasEvenY(vk)).toBe(true);
    for (const kp of Object.values(group.keyPackages)) {
      expect(bytesToHex(kp.verifyingKey)).toBe(bytesToHex(vk));
      expect(bytesToHex(suite.elementToBytes(suite.base.multiply(suite.scalarFromBytes(kp.signingShare, 's'))))).toBe(
        bytesToHex(group.publicKeyPackage.verifyingShares[kp.identifier]!),
      );
    }
  });

  it('an odd-y group is negated consistently: key, every verifying share, the signing share', () => {
    const neg = (p: Uint8Array) => suite.elementToBytes(suite.elementFromBytes(p, 'p').negate());
    const kp = group.keyPackages[a]!;
    const oddKp: KeyPackage = {
      ...kp,
      signingShare: suite.scalarToBytes(suite.Fn.neg(suite.scalarFromBytes(kp.signingShare, 's'))),
      verifyingShare: neg(kp.verifyingShare),
      verifyingKey: neg(kp.verifyingKey),
    };
    const oddPkp: PublicKeyPackage = {
      ...group.publicKeyPackage,
      verifyingKey: neg(vk),
      verifyingShares: Object.fromEntries(Object.entries(group.publicKeyPackage.verifyingShares).map(([id, p]) => [id, neg(p)])),
    };
    expect(hasEvenY(oddPkp.verifyingKey)).toBe(false);
    const back = intoEvenY(suite, oddKp, oddPkp);
    expect(back.keyPackage).toEqual(kp);
    expect(back.publicKeyPackage).toEqual(group.publicKeyPackage);
  });

  it('plain signatures verify under the group key', () => {
    for (const [i, signers] of [
      [a, b],
      [a, b, c],
    ].entries()) {
      const { signature } = signRound(group, signers, msg, false, `plain ${i}`);
      expect(redPallasValidate(base, vk, msg, signature)).toBe(true);
      expect(redPallasValidate(base, vk, new TextEncoder().encode('another spend'), signature)).toBe(false);
    }
  });

  it('rerandomized signatures verify under VK + α·G only, and a share made with another α names its signer', () => {
    const { signature, randomizer, pkg, shares } = signRound(group, [a, c], msg, true, 'rerandomized');
    const rk = randomizedVerifyingKey(RP, vk, randomizer!);
    expect(bytesToHex(rk)).not.toBe(bytesToHex(vk));
    expect(redPallasValidate(base, rk, msg, signature)).toBe(true);
    expect(redPallasValidate(base, vk, msg, signature)).toBe(false);
    expect(suite.verify(msg, signature, rk)).toBe(true);
    // The coordinator checks each share against the randomized key: a share for the plain key fails.
    const other = createRandomizer(pkg, seededRng(SEED, 'other randomizer'));
    expect(catchError(() => verifySignatureShare(pkg, c, shares[c]!, group.publicKeyPackage, other))).toMatchObject({
      code: 'frost/invalid-signature-share',
      details: { culprit: c },
    });
  });
});

describe('rerandomized Ed25519 (frost-client -r) and suites without rerandomization', () => {
  it('an Ed25519 rerandomized signature verifies with RFC 8032 under the randomized key', () => {
    const ED: FrostSuiteId = 'FROST-ED25519-SHA512-v1';
    const group = simulateDkg(ED, 3, 2, undefined, seededRng(SEED, 'ed dkg'));
    const ids = Object.keys(group.keyPackages).slice(0, 2);
    const { signature, randomizer } = signRound(group, ids, msg, true, 'ed rerandomized');
    const rk = randomizedVerifyingKey(ED, group.publicKeyPackage.verifyingKey, randomizer!);
    expect(ed25519.verify(signature, msg, rk)).toBe(true);
    expect(ed25519.verify(signature, msg, group.publicKeyPackage.verifyingKey)).toBe(false);
  });

  it('refuses a randomizer for secp256k1, naming the suite', () => {
    const S: FrostSuiteId = 'FROST-secp256k1-SHA256-v1';
    const group = simulateDkg(S, 2, 2, undefined, seededRng(SEED, 'k1 dkg'));
    expect(catchError(() => signRound(group, Object.keys(group.keyPackages), msg, true, 'k1'))).toMatchObject({
      code: 'frost/rerandomized-unsupported',
      message: expect.stringContaining('secp256k1'),
    });
  });
});
