import type * as BlstTypes from '@chainsafe/blst';
import { createRequire } from 'node:module';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { readVectorJson } from '../../testing/vectors.ts';
import { decodeDlNizk, decodeMessage, decodeMultiRecipient } from '../seal/codec.ts';
import { verifyMultiRecipient } from '../seal/ecies.ts';
import { G1, G2 } from '../seal/groups.ts';
import { verifyDlNizk } from '../seal/nizk.ts';
import { processAllMessages } from '../seal/process-all.ts';
import { RandomOracle } from '../seal/random-oracle.ts';
import { dealAll, generateCommitteeKeys, registeredKeys, seededRandom } from '../seal/simulation.ts';
import { G2EciesBcs, parseExact, parseSignedMessage } from '../seal/wire.ts';
import { blsBackendName, requestedBlsBackend, switchBlsBackend } from './select.ts';
import { BLS_BACKEND_NAMES } from './types.ts';

/**
 * Every backend must reach fastcrypto's decision on every encoding, or members on different
 * machines would disagree about a message (and propose different messages_hash values). The
 * cases are built here from the curve equation; raw blst (fastcrypto's library) is the judge.
 */
const blst = createRequire(import.meta.url)('@chainsafe/blst') as typeof BlstTypes;
const Fp = bls12_381.fields.Fp;
const Fp2 = bls12_381.fields.Fp2;
const HALF_P = (Fp.ORDER - 1n) / 2n;
const be48 = (x: bigint) => hexToBytes(x.toString(16).padStart(96, '0'));

function compressG1(x: bigint, y: bigint): Uint8Array {
  const b = be48(x);
  b[0] = b[0]! | 0x80 | (y > HALF_P ? 0x20 : 0);
  return b;
}
function compressG2(x: { c0: bigint; c1: bigint }, y: { c0: bigint; c1: bigint }): Uint8Array {
  const b = new Uint8Array(96);
  b.set(be48(x.c1), 0);
  b.set(be48(x.c0), 48);
  const larger = y.c1 !== 0n ? y.c1 > HALF_P : y.c0 > HALF_P;
  b[0] = b[0]! | 0x80 | (larger ? 0x20 : 0);
  return b;
}

/** The first x = k (G1) or k + i (G2) giving a curve point outside the subgroup, and one giving none. */
function g1Cases(): { offSubgroup: Uint8Array; offCurve: Uint8Array } {
  let offSubgroup: Uint8Array | undefined;
  let offCurve: Uint8Array | undefined;
  for (let k = 1n; !offSubgroup || !offCurve; k++) {
    const rhs = Fp.add(Fp.mul(Fp.sqr(k), k), 4n);
    let y: bigint | undefined;
    try {
      y = Fp.sqrt(rhs);
    } catch {
      offCurve ??= compressG1(k, 0n);
      continue;
    }
    if (!bls12_381.G1.Point.fromAffine({ x: k, y }).isTorsionFree()) offSubgroup ??= compressG1(k, y);
  }
  return { offSubgroup, offCurve };
}
function g2Cases(): { offSubgroup: Uint8Array; offCurve: Uint8Array } {
  let offSubgroup: Uint8Array | undefined;
  let offCurve: Uint8Array | undefined;
  const b = Fp2.fromBigTuple([4n, 4n]);
  for (let k = 1n; !offSubgroup || !offCurve; k++) {
    const x = Fp2.fromBigTuple([k, 1n]);
    const rhs = Fp2.add(Fp2.mul(Fp2.sqr(x), x), b);
    let y;
    try {
      y = Fp2.sqrt(rhs);
    } catch {
      offCurve ??= compressG2(x, Fp2.ZERO);
      continue;
    }
    if (!bls12_381.G2.Point.fromAffine({ x, y }).isTorsionFree()) offSubgroup ??= compressG2(x, y);
  }
  return { offSubgroup, offCurve };
}

const g1 = g1Cases();
const g2 = g2Cases();
const withX = (bytes: Uint8Array, first48: Uint8Array, flags: number) => {
  const b = Uint8Array.from(bytes);
  b.set(first48, 0);
  b[0] = b[0]! | flags;
  return b;
};
// x ≥ p (x = p itself, flags kept): blst says BLST_BAD_ENCODING.
const nonCanonicalG1 = withX(G1.encode(G1.generator), be48(Fp.ORDER), 0x80);
const nonCanonicalG2 = withX(G2.encode(G2.generator), be48(Fp.ORDER), 0x80);
const identityG1 = hexToBytes('c0' + '00'.repeat(47));
const identityG2 = hexToBytes('c0' + '00'.repeat(95));
const sortedIdentityG2 = hexToBytes('e0' + '00'.repeat(95));
const uncompressedG2 = withX(G2.encode(G2.generator), new Uint8Array([G2.encode(G2.generator)[0]! & 0x7f]), 0);

const refusal = (f: () => unknown): string => {
  try {
    f();
  } catch (e) {
    return (e as Error).message;
  }
  return 'accepted';
};

describe('CEREMONY_CRYPTO_BACKEND', () => {
  it('forces a backend by name, means automatic when unset, and names a bad value', () => {
    expect(requestedBlsBackend({})).toBe('auto');
    expect(requestedBlsBackend({ CEREMONY_CRYPTO_BACKEND: 'mcl' })).toBe('mcl');
    expect(() => requestedBlsBackend({ CEREMONY_CRYPTO_BACKEND: 'openssl' })).toThrow(
      'CEREMONY_CRYPTO_BACKEND=openssl names no crypto backend; use one of blst, mcl, noble.',
    );
  });
});

describe('raw blst (fastcrypto’s library) on the hand-made cases', () => {
  const g1Ok = (b: Uint8Array) => refusal(() => blst.PublicKey.fromBytes(b, false).keyValidate());
  const g2Ok = (b: Uint8Array) => refusal(() => blst.Signature.fromBytes(b, false).sigValidate(false));
  it('accepts the identity and refuses the others, like our decode', () => {
    expect(g2Ok(identityG2)).toBe('accepted');
    for (const bad of [g2.offSubgroup, g2.offCurve, nonCanonicalG2, sortedIdentityG2]) expect(g2Ok(bad)).not.toBe('accepted');
    for (const bad of [g1.offSubgroup, g1.offCurve, nonCanonicalG1]) expect(g1Ok(bad)).not.toBe('accepted');
  });
});

describe.each(BLS_BACKEND_NAMES)('the %s backend', (name) => {
  let restore: () => void;
  beforeAll(async () => {
    restore = await switchBlsBackend(name);
  });
  afterAll(() => restore());

  it('is the one in use', () => {
    expect(blsBackendName()).toBe(name);
  });

  it('gives exactly the same decision and refusal as every other backend on bad encodings', () => {
    const cases = {
      g2Identity: refusal(() => G2.decode(identityG2).is0() || 'not zero'),
      g1Identity: refusal(() => G1.decode(identityG1).is0() || 'not zero'),
      g2SortedIdentity: refusal(() => G2.decode(sortedIdentityG2)),
      g2Uncompressed: refusal(() => G2.decode(uncompressedG2)),
      g2OffSubgroup: refusal(() => G2.decode(g2.offSubgroup)),
      g2OffCurve: refusal(() => G2.decode(g2.offCurve)),
      g2NonCanonical: refusal(() => G2.decode(nonCanonicalG2)),
      g1OffSubgroup: refusal(() => G1.decode(g1.offSubgroup)),
      g1OffCurve: refusal(() => G1.decode(g1.offCurve)),
      g1NonCanonical: refusal(() => G1.decode(nonCanonicalG1)),
    };
    expect(cases).toEqual({
      g2Identity: 'accepted',
      g1Identity: 'accepted',
      g2SortedIdentity: 'The G2 point is not a valid G2 point (non-canonical identity).',
      g2Uncompressed: 'The G2 point is not a valid G2 point (not in compressed form).',
      g2OffSubgroup: 'The G2 point is not a valid G2 point (not in the prime-order subgroup).',
      g2OffCurve: 'The G2 point is not a valid G2 point (not on the curve).',
      g2NonCanonical: 'The G2 point is not a valid G2 point (non-canonical coordinate).',
      g1OffSubgroup: 'The G1 point is not a valid G1 point (not in the prime-order subgroup).',
      g1OffCurve: 'The G1 point is not a valid G1 point (not on the curve).',
      g1NonCanonical: 'The G1 point is not a valid G1 point (non-canonical coordinate).',
    });
  });

  it('decodes the fastcrypto dkg_v1 and ECIES vectors to the same points, re-encoded byte for byte', () => {
    const v = readVectorJson<{ random_oracle_prefix: string; msg0_bcs_hex: string; secret_nizk_bcs_hex: string }>(
      'fastcrypto',
      'dkg_v1_message_regression.json',
    );
    const wire = parseExact(G2EciesBcs.Message, hexToBytes(v.msg0_bcs_hex), 'msg0');
    const msg = decodeMessage(G2, wire, 'msg0');
    expect(msg.vssPk.map((p) => bytesToHex(G2.encode(p)))).toEqual(wire.vssPk.map((b) => bytesToHex(b)));
    const ro = new RandomOracle(v.random_oracle_prefix);
    expect(verifyMultiRecipient(G2, msg.encryptedShares, ro.extend('encs 0'))).toBe(true);
    const nizk = decodeDlNizk(parseExact(G2EciesBcs.DlNizk, hexToBytes(v.secret_nizk_bcs_hex), 'nizk'), 'nizk');
    expect(verifyDlNizk(G2, nizk, msg.vssPk[0]!, ro.extend('nizkpok of secret from 0'))).toBe(true);
    const e = readVectorJson<{ bcs_multi_recipient_encryption_hex: string }>('fastcrypto', 'ecies_g2_regression.json');
    const eWire = parseExact(G2EciesBcs.MultiRecipientEncryption, hexToBytes(e.bcs_multi_recipient_encryption_hex), 'ecies');
    const enc = decodeMultiRecipient(G2, eWire, 'ecies');
    expect(bytesToHex(G2.encode(enc.c))).toBe(bytesToHex(eWire.c));
    expect(bytesToHex(G2.encode(enc.cHat))).toBe(bytesToHex(eWire.cHat));
  });
});

describe('a rehearsal DKG (3 members, threshold 2) on every backend', () => {
  const id = '0x' + 'c3'.repeat(32);
  const members = generateCommitteeKeys(3, seededRandom('backends'));
  const messages = dealAll(id, 2, members, seededRandom('backends-deal'));
  // The same set with commitment 1 of party 1 swapped for a curve point outside the subgroup.
  const tampered = messages.map((m) => Uint8Array.from(m));
  const c1 = parseSignedMessage(messages[1]!).wire.message.vssPk[1]!;
  const at = Buffer.from(messages[1]!).indexOf(Buffer.from(c1));
  tampered[1]!.set(g2.offSubgroup, at);
  const run = (me: number, msgs: Uint8Array[]) =>
    processAllMessages({
      committeeId: id,
      threshold: 2,
      members: registeredKeys(members),
      myPartyId: me,
      encSk: members[me]!.encSk,
      messages: msgs,
    });
  const outputs = new Map<string, unknown>();

  it.each(BLS_BACKEND_NAMES)('processes the set on %s and refuses the tampered one', async (name) => {
    const restore = await switchBlsBackend(name);
    try {
      const r = await run(1, messages);
      expect(r.backend).toBe(name);
      const error = await run(1, tampered).catch((e: Error & { details?: unknown }) => ({ message: e.message, details: e.details }));
      expect(error).toMatchObject({ details: { sender: 1, check: 'encoding' } });
      expect((error as { message: string }).message).toMatch(/commitment 1.*not in the prime-order subgroup/);
      outputs.set(name, {
        keyServerPk: bytesToHex(r.keyServerPk),
        partialPks: r.partialPks.map((p) => bytesToHex(p)),
        messagesHash: bytesToHex(r.messagesHash),
        share: bytesToHex(r.masterShare),
        error,
      });
    } finally {
      restore();
    }
  });

  it('gets byte-identical results and the identical refusal from every backend', () => {
    expect(outputs.size).toBe(BLS_BACKEND_NAMES.length);
    const reference = outputs.get('noble');
    for (const name of BLS_BACKEND_NAMES) expect(outputs.get(name), name).toEqual(reference);
  });
});
