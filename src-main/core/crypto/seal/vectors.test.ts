import { bcs } from '@mysten/bcs';
import { bytesToHex, hexToBytes, utf8ToBytes } from '@noble/hashes/utils.js';
import { describe, expect, it } from 'vitest';
import { readVectorJson } from '../../testing/vectors.ts';
import { decodeDlNizk, decodeMessage, decodeMultiRecipient, decodeRecoveryPackage } from './codec.ts';
import { decryptMultiRecipient, decryptWithRecoveryPackage, verifyMultiRecipient, verifyRecoveryPackage } from './ecies.ts';
import { G2, mulBase } from './groups.ts';
import { verifyDlNizk } from './nizk.ts';
import { RandomOracle } from './random-oracle.ts';
import { G2EciesBcs, parseExact } from './wire.ts';

interface RoVector {
  prefix: string;
  input_string: string;
  output_hex: string;
}
interface EciesVector {
  random_oracle_prefix: string;
  recipients: { index: number; secret_key_decimal: string; plaintext_utf8: string }[];
  bcs_multi_recipient_encryption_hex: string;
  recovery_package_for_recipient_1_hex: string;
}
interface DkgVector {
  random_oracle_prefix: string;
  threshold: number;
  parties: number;
  msg0_bcs_hex: string;
  conf0_bcs_hex: string;
  secret_nizk_bcs_hex: string;
}

describe('fastcrypto random oracle vector', () => {
  it('reproduces RO("abc").evaluate("alice") exactly', () => {
    const v = readVectorJson<RoVector>('fastcrypto', 'random_oracle.json');
    const out = new RandomOracle(v.prefix).evaluate(bcs.string().serialize(v.input_string).toBytes());
    expect(bytesToHex(out)).toBe(v.output_hex);
  });

  it('extends with "-"', () => {
    const a = new RandomOracle('abc').extend('def').evaluate(utf8ToBytes('x'));
    const b = new RandomOracle('abc-def').evaluate(utf8ToBytes('x'));
    expect(bytesToHex(a)).toBe(bytesToHex(b));
    expect(bytesToHex(a)).not.toBe(bytesToHex(new RandomOracle('abcdef').evaluate(utf8ToBytes('x'))));
  });
});

describe('fastcrypto ECIES regression vector (EG = G2)', () => {
  const v = readVectorJson<EciesVector>('fastcrypto', 'ecies_g2_regression.json');
  const ro = new RandomOracle(v.random_oracle_prefix);
  const bytes = hexToBytes(v.bcs_multi_recipient_encryption_hex);
  const wire = parseExact(G2EciesBcs.MultiRecipientEncryption, bytes, 'vector');
  const enc = decodeMultiRecipient(G2, wire, 'vector');

  it('parses and re-serializes to the identical bytes', () => {
    expect(bytesToHex(G2EciesBcs.MultiRecipientEncryption.serialize(wire).toBytes())).toBe(v.bcs_multi_recipient_encryption_hex);
    expect(wire.encs).toHaveLength(10);
  });

  it('verifies the DDH proof of the ephemeral key', () => {
    expect(verifyMultiRecipient(G2, enc, ro)).toBe(true);
    expect(verifyMultiRecipient(G2, enc, new RandomOracle('tes'))).toBe(false);
  });

  it('decrypts all ten ciphertexts', () => {
    for (const r of v.recipients) {
      const pt = decryptMultiRecipient(G2, enc, BigInt(r.secret_key_decimal), ro, r.index);
      expect(new TextDecoder().decode(pt)).toBe(r.plaintext_utf8);
    }
  });

  it('verifies the recovery package of recipient 1 and decrypts with it', () => {
    const pkgWire = parseExact(G2EciesBcs.RecoveryPackage, hexToBytes(v.recovery_package_for_recipient_1_hex), 'vector');
    expect(bytesToHex(G2EciesBcs.RecoveryPackage.serialize(pkgWire).toBytes())).toBe(v.recovery_package_for_recipient_1_hex);
    const pkg = decodeRecoveryPackage(G2, pkgWire, 'vector');
    const pk1 = mulBase(G2, 1234n);
    expect(verifyRecoveryPackage(G2, enc.c, pkg, pk1, ro)).toBe(true);
    expect(verifyRecoveryPackage(G2, enc.c, pkg, mulBase(G2, 2468n), ro)).toBe(false);
    const pt = decryptWithRecoveryPackage(G2, enc, pkg, ro, ro, pk1, 1);
    expect(new TextDecoder().decode(pt)).toBe(v.recipients[1]!.plaintext_utf8);
  });
});

describe('fastcrypto dkg_v1 message regression vector (G = G2, EG = G2)', () => {
  const v = readVectorJson<DkgVector>('fastcrypto', 'dkg_v1_message_regression.json');
  const ro = new RandomOracle(v.random_oracle_prefix);

  it('parses msg0, verifies its DDH proof and re-serializes identically', () => {
    const wire = parseExact(G2EciesBcs.Message, hexToBytes(v.msg0_bcs_hex), 'msg0');
    expect(bytesToHex(G2EciesBcs.Message.serialize(wire).toBytes())).toBe(v.msg0_bcs_hex);
    const msg = decodeMessage(G2, wire, 'msg0');
    expect(msg.sender).toBe(0);
    expect(msg.vssPk).toHaveLength(v.threshold);
    expect(msg.encryptedShares.encs).toHaveLength(v.parties);
    expect(verifyMultiRecipient(G2, msg.encryptedShares, ro.extend('encs 0'))).toBe(true);
    expect(verifyMultiRecipient(G2, msg.encryptedShares, ro.extend('encs 1'))).toBe(false);
  });

  it("verifies the dealer's proof of knowledge of its secret", () => {
    const msg = decodeMessage(G2, parseExact(G2EciesBcs.Message, hexToBytes(v.msg0_bcs_hex), 'msg0'), 'msg0');
    const nizkWire = parseExact(G2EciesBcs.DlNizk, hexToBytes(v.secret_nizk_bcs_hex), 'nizk');
    expect(bytesToHex(G2EciesBcs.DlNizk.serialize(nizkWire).toBytes())).toBe(v.secret_nizk_bcs_hex);
    const nizk = decodeDlNizk(nizkWire, 'nizk');
    expect(verifyDlNizk(G2, nizk, msg.vssPk[0]!, ro.extend('nizkpok of secret from 0'))).toBe(true);
    expect(verifyDlNizk(G2, nizk, msg.vssPk[1]!, ro.extend('nizkpok of secret from 0'))).toBe(false);
    expect(verifyDlNizk(G2, nizk, msg.vssPk[0]!, ro.extend('nizkpok of secret from 1'))).toBe(false);
  });

  it('parses the confirmation (a complaint against party 3) and re-serializes identically', () => {
    const conf = parseExact(G2EciesBcs.Confirmation, hexToBytes(v.conf0_bcs_hex), 'conf0');
    expect(conf.sender).toBe(0);
    expect(conf.complaints.map((c) => c.accusedSender)).toEqual([3]);
    expect(bytesToHex(G2EciesBcs.Confirmation.serialize(conf).toBytes())).toBe(v.conf0_bcs_hex);
    // The recovery package decodes as valid G2 points and a canonical scalar.
    decodeRecoveryPackage(G2, conf.complaints[0]!.proof, 'conf0');
  });

  it('rejects trailing bytes and truncation', () => {
    expect(() => parseExact(G2EciesBcs.Message, hexToBytes(v.msg0_bcs_hex + '00'), 'msg0')).toThrow(/trailing/);
    expect(() => parseExact(G2EciesBcs.Message, hexToBytes(v.msg0_bcs_hex.slice(0, -2)), 'msg0')).toThrow(/malformed/);
  });
});
