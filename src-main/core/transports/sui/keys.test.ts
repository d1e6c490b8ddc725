import type { ErrorCode } from '../../../../src-shared/api/errors.ts';
import { encodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { Secp256r1Keypair } from '@mysten/sui/keypairs/secp256r1';
import { toBase64 } from '@mysten/sui/utils';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { isCeremonyError } from '../../errors.ts';
import {
  addressOfSecret,
  exportSecret,
  keypairFromSecret,
  parseKeystoreEntry,
  parseKeystoreFile,
  parseSuiKeyInput,
  parseSuiPrivateKey,
  secretFromBytes,
  secretToBytes,
  secretToSuiPrivateKey,
  type SuiSecret,
} from './keys.ts';

const FLAGS = { ED25519: 0, Secp256k1: 1, Secp256r1: 2 } as const;
const keypairs = [new Ed25519Keypair(), new Secp256k1Keypair(), new Secp256r1Keypair()];

function keystoreEntry(s: SuiSecret): string {
  return toBase64(Uint8Array.from([FLAGS[s.scheme], ...s.secretKey]));
}

function codeOf(f: () => unknown): string {
  try {
    f();
  } catch (e) {
    if (isCeremonyError(e)) return e.code;
    throw e;
  }
  throw new Error('did not throw');
}

describe('Sui key import', () => {
  it.each(keypairs.map((k) => [k.getKeyScheme(), k] as const))('%s: suiprivkey and keystore entry give the same address', (_scheme, kp) => {
    const secret = exportSecret(kp);
    expect(secret.secretKey).toHaveLength(32);
    const fromBech = parseSuiPrivateKey(kp.getSecretKey());
    expect(fromBech).toEqual(secret);
    const fromEntry = parseKeystoreEntry(keystoreEntry(secret));
    expect(fromEntry).toEqual(secret);
    expect(addressOfSecret(fromEntry)).toBe(kp.toSuiAddress());
    expect(keypairFromSecret(fromEntry).toSuiAddress()).toBe(kp.toSuiAddress());
    expect(secretFromBytes(secretToBytes(secret))).toEqual(secret);
    expect(secretToSuiPrivateKey(secret)).toBe(kp.getSecretKey());
  });

  it('a sui.keystore file: lists accounts, picks one by address, needs a choice when several', () => {
    const file = JSON.stringify(keypairs.map((k) => keystoreEntry(exportSecret(k))));
    const entries = parseKeystoreFile(file);
    expect(entries.map((e) => e.address)).toEqual(keypairs.map((k) => k.toSuiAddress()));
    expect(addressOfSecret(parseSuiKeyInput(file, keypairs[2]!.toSuiAddress()))).toBe(keypairs[2]!.toSuiAddress());
    expect(codeOf(() => parseSuiKeyInput(file))).toBe('sui-key/choose-address');
    expect(codeOf(() => parseSuiKeyInput(file, new Ed25519Keypair().toSuiAddress()))).toBe('sui-key/address-not-in-keystore');
    const single = JSON.stringify([keystoreEntry(exportSecret(keypairs[0]!))]);
    expect(addressOfSecret(parseSuiKeyInput(single))).toBe(keypairs[0]!.toSuiAddress());
    expect(addressOfSecret(parseSuiKeyInput(`  ${keypairs[1]!.getSecretKey()}\n`))).toBe(keypairs[1]!.toSuiAddress());
    expect(addressOfSecret(parseSuiKeyInput(keystoreEntry(exportSecret(keypairs[1]!))))).toBe(keypairs[1]!.toSuiAddress());
  });

  it('specific errors that never repeat the key material', () => {
    const kp = new Ed25519Keypair();
    const bech = kp.getSecretKey();
    const damaged = bech.slice(0, -1) + (bech.endsWith('q') ? 'p' : 'q');
    const cases: [() => unknown, ErrorCode][] = [
      [() => parseSuiPrivateKey(damaged), 'sui-key/invalid'],
      [() => parseSuiPrivateKey('abc'), 'sui-key/invalid'],
      [() => parseKeystoreEntry(toBase64(new Uint8Array(32))), 'sui-key/invalid'],
      [() => parseKeystoreEntry('%%%'), 'sui-key/invalid'],
      [() => parseKeystoreEntry(toBase64(Uint8Array.from([3, ...new Uint8Array(32)]))), 'sui-key/unsupported-scheme'],
      [() => parseKeystoreEntry(toBase64(Uint8Array.from([9, ...new Uint8Array(32)]))), 'sui-key/unsupported-scheme'],
      [() => parseKeystoreFile('{}'), 'sui-key/invalid'],
      [() => parseKeystoreFile('[1]'), 'sui-key/invalid'],
      [() => parseSuiKeyInput('[]'), 'sui-key/empty-keystore'],
      [() => keypairFromSecret({ scheme: 'Secp256k1', secretKey: new Uint8Array(32) }), 'sui-key/invalid'],
      [() => secretFromBytes(new Uint8Array(5)), 'sui-key/invalid'],
    ];
    for (const [f, code] of cases) {
      try {
        f();
        expect.unreachable(code);
      } catch (e) {
        expect(isCeremonyError(e, code), `${code}: ${String(e)}`).toBe(true);
        expect((e as Error).message).not.toContain(bech.slice(11, 30));
      }
    }
    // a bad entry inside a keystore names its position
    const file = JSON.stringify([keystoreEntry(exportSecret(kp)), 'AAAA']);
    expect(() => parseKeystoreFile(file)).toThrow(/Entry 2 of the keystore/);
  });

  it('property: any 32-byte Ed25519 secret round-trips through every import form', () => {
    fc.assert(
      fc.property(fc.uint8Array({ minLength: 32, maxLength: 32 }), (bytes) => {
        const secret: SuiSecret = { scheme: 'ED25519', secretKey: bytes };
        const addr = addressOfSecret(secret);
        expect(addressOfSecret(parseSuiKeyInput(encodeSuiPrivateKey(bytes, 'ED25519')))).toBe(addr);
        expect(addressOfSecret(parseSuiKeyInput(keystoreEntry(secret)))).toBe(addr);
      }),
      { numRuns: 25 },
    );
  });
});
