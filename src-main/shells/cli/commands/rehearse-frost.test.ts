/**
 * Issue 6, acceptance 2: `ceremony rehearse frost` for each suite produces a signature that an
 * independent verifier accepts — noble's own RFC 8032 / BIP340 verifiers where the suite's
 * signatures are those, and for the RFC 9591 suites a verifier written here from the RFC
 * (challenge H2(R ‖ PK ‖ msg), check z·G = R + c·PK) over noble's group arithmetic, and for
 * RedPallas the verifier written from the Zcash spec (core/testing/independent) — and for a
 * 2-of-3 group any two signers work.
 */
import { mkdtempSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ed25519, ristretto255 } from '@noble/curves/ed25519.js';
import { ed448 } from '@noble/curves/ed448.js';
import { p256 } from '@noble/curves/nist.js';
import { schnorr, secp256k1 } from '@noble/curves/secp256k1.js';
import { hash_to_field } from '@noble/curves/abstract/hash-to-curve.js';
import { bytesToNumberBE, bytesToNumberLE } from '@noble/curves/utils.js';
import { sha256, sha512 } from '@noble/hashes/sha2.js';
import { concatBytes, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { parseFrostClientConfig, openFrostClientGroup } from '../../../core/formats/frost/config-toml.ts';
import { redPallasValidate } from '../../../core/testing/independent/redpallas-verifier.ts';
import { orchardSpendAuthBase } from '../../../core/testing/orchard-vectors.ts';
import { runCli } from '../test-support.ts';

const run = (...argv: string[]) => runCli(argv);

/** RFC 9591 §6.5/§6.4/§6.2 verification for the suites whose signatures are plain FROST Schnorr. */
function rfc9591Verify(suite: 'secp256k1' | 'p256' | 'ristretto255', msg: Uint8Array, sig: Uint8Array, pk: Uint8Array): boolean {
  if (suite === 'ristretto255') {
    const P = ristretto255.Point;
    const n = P.Fn.ORDER;
    const [R, z] = [sig.subarray(0, 32), bytesToNumberLE(sig.subarray(32))];
    const c = bytesToNumberLE(sha512(concatBytes(utf8ToBytes('FROST-RISTRETTO255-SHA512-v1chal'), R, pk, msg))) % n;
    return P.BASE.multiply(z).equals(P.fromBytes(R).add(P.fromBytes(pk).multiply(c)));
  }
  const curve = suite === 'secp256k1' ? secp256k1 : p256;
  const P = curve.Point;
  const ctx = suite === 'secp256k1' ? 'FROST-secp256k1-SHA256-v1' : 'FROST-P256-SHA256-v1';
  const [R, z] = [sig.subarray(0, 33), bytesToNumberBE(sig.subarray(33))];
  const c = hash_to_field(concatBytes(R, pk, msg), 1, {
    DST: `${ctx}chal`,
    p: P.Fn.ORDER,
    m: 1,
    k: 128,
    expand: 'xmd',
    hash: sha256,
  })[0]![0]!;
  return P.BASE.multiply(z).equals(P.fromBytes(R).add(P.fromBytes(pk).multiply(c)));
}

function independentlyValid(suite: string, msg: Uint8Array, sig: Uint8Array, pk: Uint8Array): boolean {
  switch (suite) {
    case 'ed25519':
      return ed25519.verify(sig, msg, pk);
    case 'ed448':
      return ed448.verify(sig, msg, pk);
    case 'secp256k1-tr':
      return schnorr.verify(sig, msg, pk.length === 33 ? pk.subarray(1) : pk);
    case 'redpallas':
      return redPallasValidate(orchardSpendAuthBase(), pk, msg, sig);
    default:
      return rfc9591Verify(suite as 'secp256k1' | 'p256' | 'ristretto255', msg, sig, pk);
  }
}

const SUITES = ['ed25519', 'secp256k1-tr', 'secp256k1', 'p256', 'ed448', 'ristretto255', 'redpallas'] as const;

describe('ceremony rehearse frost', () => {
  for (const suite of SUITES) {
    it(`${suite}: DKG and a 2-of-3 signing over bundles; the signature passes an independent verifier`, async () => {
      const dir = mkdtempSync(join(tmpdir(), `rehearse-${suite}-`));
      const message = join(dir, 'msg.txt');
      writeFileSync(message, `Rehearsal message for ${suite}\n`);
      const out = join(dir, 'out');
      const pairs = suite === 'ed25519' ? ['--signers', '1,2', '--signers', '1,3', '--signers', '2,3'] : [];
      const r = await run(
        'rehearse',
        'frost',
        '--suite',
        suite,
        '--members',
        '3',
        '--threshold',
        '2',
        '--message',
        message,
        '--out',
        out,
        ...pairs,
        '--json',
      );
      expect(r.err).toBe('');
      expect(r.code).toBe(0);
      const data = JSON.parse(r.out) as { groupKey: string; signatures: { signers: number[]; signature: string }[] };
      const pk = hexToBytes(readFileSync(join(out, 'group-public-key.hex'), 'utf8').trim());
      const msg = new Uint8Array(readFileSync(join(out, 'message')));
      expect(Buffer.from(msg).equals(readFileSync(message))).toBe(true);
      const sig = hexToBytes(readFileSync(join(out, 'signature.hex'), 'utf8').trim());
      expect(independentlyValid(suite, msg, sig, pk)).toBe(true);
      // A changed message or another key does not verify (the verifier is not a rubber stamp).
      expect(independentlyValid(suite, new Uint8Array([...msg, 0]), sig, pk)).toBe(false);
      if (suite === 'ed25519') {
        expect(data.signatures.map((s) => s.signers.join(','))).toEqual(['1,2', '1,3', '2,3']);
        for (const s of data.signatures) expect(ed25519.verify(hexToBytes(s.signature), msg, pk)).toBe(true);
      }
      // Each member's frost-client config holds that member's share of this group, 0600.
      for (let i = 1; i <= 3; i++) {
        const file = join(out, `member-${i}.toml`);
        expect(statSync(file).mode & 0o777).toBe(0o600);
        const cfg = parseFrostClientConfig(readFileSync(file, 'utf8'));
        const g = openFrostClientGroup(data.groupKey, cfg.groups[data.groupKey]!);
        expect(g.description).toMatch(/^Rehearsal: /);
        expect(Object.keys(cfg.contacts)).toHaveLength(2);
      }
      // And `ceremony frost verify` agrees, from the files.
      const ok = await run(
        'frost',
        'verify',
        '-m',
        join(out, 'message'),
        '-s',
        join(out, 'signature.hex'),
        '-k',
        join(out, 'group-public-key.hex'),
        '--suite',
        suite,
      );
      expect(ok.code).toBe(0);
      const bad = await run(
        'frost',
        'verify',
        '-m',
        message,
        '-s',
        join(out, 'signature.hex'),
        '-k',
        data.groupKey.replace(/^(..)(.)/, (_, a, b) => a + (b === '0' ? '1' : '0')),
        '--suite',
        suite,
      );
      expect(bad.code).not.toBe(0);
    });
  }

  it('refuses impossible sizes and signer sets with a one-line error', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'rehearse-bad-'));
    writeFileSync(join(dir, 'm'), 'x');
    const base = ['rehearse', 'frost', '--suite', 'ed25519', '--message', join(dir, 'm'), '--out', join(dir, 'o')];
    const r1 = await run(...base, '--members', '3', '--threshold', '4');
    expect(r1.code).toBe(1);
    expect(r1.err).toMatch(/^ceremony: The threshold must be between 2 and 3/);
    const r2 = await run(...base, '--members', '3', '--threshold', '2', '--signers', '1');
    expect(r2.err).toMatch(/Signer set 1 must name at least 2 distinct members/);
    const r3 = await run(...base, '--members', '3', '--threshold', '2', '--suite', 'redjubjub');
    expect(r3.err).toContain('Unknown FROST ciphersuite "redjubjub"');
  });
});
