/**
 * Importing a Sui account key into the app (pure functions; the vault stores what `exportSecret`
 * returns). Accepted forms:
 *   - `suiprivkey1…`: the Bech32 export of `sui keytool export` / wallets (SIP-15);
 *   - one entry of `~/.sui/sui_config/sui.keystore`: base64 of `flag ‖ 32-byte secret`;
 *   - the whole `sui.keystore` file (a JSON array of such entries), from which one address is picked.
 * Flags: 0x00 Ed25519, 0x01 secp256k1, 0x02 secp256r1. Nothing here ever puts key material in an
 * error message.
 */
import type { ErrorName } from '../../../../src-shared/api/errors.ts';
import type { Keypair } from '@mysten/sui/cryptography';
import { SIGNATURE_FLAG_TO_SCHEME, SIGNATURE_SCHEME_TO_FLAG, decodeSuiPrivateKey, encodeSuiPrivateKey } from '@mysten/sui/cryptography';
import { Ed25519Keypair } from '@mysten/sui/keypairs/ed25519';
import { Secp256k1Keypair } from '@mysten/sui/keypairs/secp256k1';
import { Secp256r1Keypair } from '@mysten/sui/keypairs/secp256r1';
import { fromBase64, normalizeSuiAddress } from '@mysten/sui/utils';
import { CeremonyError } from '../../errors.ts';

export type SuiKeyScheme = 'ED25519' | 'Secp256k1' | 'Secp256r1';

/** A Sui account secret: the scheme and the 32-byte private key. This is what the vault keeps. */
export interface SuiSecret {
  scheme: SuiKeyScheme;
  secretKey: Uint8Array;
}

const SCHEMES: readonly SuiKeyScheme[] = ['ED25519', 'Secp256k1', 'Secp256r1'];

function invalid(code: ErrorName<'sui-key'>, message: string): never {
  throw new CeremonyError(`sui-key/${code}`, message);
}

function checkScheme(scheme: string): SuiKeyScheme {
  if (!(SCHEMES as readonly string[]).includes(scheme)) {
    invalid('unsupported-scheme', `This is a ${scheme} key; only Ed25519, secp256k1 and secp256r1 account keys can be imported.`);
  }
  return scheme as SuiKeyScheme;
}

/** `suiprivkey1…` (Bech32). */
export function parseSuiPrivateKey(text: string): SuiSecret {
  const t = text.trim();
  if (!t.startsWith('suiprivkey1')) invalid('invalid', 'A Sui private key in this form starts with "suiprivkey1".');
  let parsed;
  try {
    parsed = decodeSuiPrivateKey(t);
  } catch {
    invalid('invalid', 'This "suiprivkey1…" text is damaged (its checksum or length is wrong); copy it again.');
  }
  return { scheme: checkScheme(parsed.scheme), secretKey: parsed.secretKey };
}

/** One `sui.keystore` entry: base64 of `flag ‖ secret` (33 bytes). */
export function parseKeystoreEntry(entry: string): SuiSecret {
  let bytes: Uint8Array;
  try {
    bytes = fromBase64(entry.trim());
  } catch {
    invalid('invalid', 'This keystore entry is not base64.');
  }
  if (bytes.length !== 33)
    invalid('invalid', `A keystore entry holds 33 bytes (scheme flag and 32-byte key); this one holds ${bytes.length}.`);
  const scheme = SIGNATURE_FLAG_TO_SCHEME[bytes[0] as keyof typeof SIGNATURE_FLAG_TO_SCHEME];
  if (!scheme) invalid('unsupported-scheme', `The keystore entry has an unknown scheme flag ${bytes[0]}.`);
  return { scheme: checkScheme(scheme), secretKey: bytes.slice(1) };
}

export function keypairFromSecret(secret: SuiSecret): Keypair {
  try {
    switch (secret.scheme) {
      case 'ED25519':
        return Ed25519Keypair.fromSecretKey(secret.secretKey);
      case 'Secp256k1':
        return Secp256k1Keypair.fromSecretKey(secret.secretKey);
      case 'Secp256r1':
        return Secp256r1Keypair.fromSecretKey(secret.secretKey);
    }
  } catch {
    // e.g. a secp256k1 scalar of zero or above the group order
  }
  return invalid('invalid', `These 32 bytes are not a valid ${secret.scheme} private key.`);
}

export function addressOfSecret(secret: SuiSecret): string {
  return normalizeSuiAddress(keypairFromSecret(secret).toSuiAddress());
}

/** Every account in a `sui.keystore` file, with its address (the secrets stay in the returned objects). */
export function parseKeystoreFile(json: string): { address: string; secret: SuiSecret }[] {
  let list: unknown;
  try {
    list = JSON.parse(json);
  } catch {
    invalid('invalid', 'The keystore file is not JSON.');
  }
  if (!Array.isArray(list) || list.some((e) => typeof e !== 'string'))
    invalid('invalid', 'A sui.keystore file is a JSON list of base64 strings.');
  return (list as string[]).map((e, i) => {
    try {
      const secret = parseKeystoreEntry(e);
      return { address: addressOfSecret(secret), secret };
    } catch (err) {
      throw new CeremonyError(
        (err as CeremonyError).code ?? 'sui-key/invalid',
        `Entry ${i + 1} of the keystore: ${(err as Error).message}`,
        { index: i },
      );
    }
  });
}

/**
 * Whatever the user pasted or picked: a `suiprivkey1…`, one keystore entry, or a whole keystore
 * (then `address` chooses the account; required when it holds more than one).
 */
export function parseSuiKeyInput(text: string, address?: string): SuiSecret {
  const t = text.trim();
  if (t.startsWith('suiprivkey')) return parseSuiPrivateKey(t);
  if (t.startsWith('[')) {
    const entries = parseKeystoreFile(t);
    if (entries.length === 0) invalid('empty-keystore', 'The keystore holds no keys.');
    if (address === undefined) {
      if (entries.length === 1) return entries[0]!.secret;
      invalid('choose-address', `The keystore holds ${entries.length} accounts; choose which address to import.`);
    }
    const want = normalizeSuiAddress(address);
    const hit = entries.find((e) => e.address === want);
    if (!hit) invalid('address-not-in-keystore', `The keystore holds no key for ${want}.`);
    return hit.secret;
  }
  return parseKeystoreEntry(t);
}

/** The secret of an in-memory keypair, for the vault. */
export function exportSecret(keypair: Keypair): SuiSecret {
  const { scheme, secretKey } = decodeSuiPrivateKey(keypair.getSecretKey());
  return { scheme: checkScheme(scheme), secretKey };
}

/** `flag ‖ secret` (33 bytes), the keystore layout, as one opaque blob for the vault. */
export function secretToBytes(secret: SuiSecret): Uint8Array {
  const out = new Uint8Array(33);
  out[0] = SIGNATURE_SCHEME_TO_FLAG[secret.scheme];
  out.set(secret.secretKey, 1);
  return out;
}

export function secretFromBytes(bytes: Uint8Array): SuiSecret {
  if (bytes.length !== 33) invalid('invalid', 'A stored Sui key is 33 bytes (scheme flag and key).');
  const scheme = SIGNATURE_FLAG_TO_SCHEME[bytes[0] as keyof typeof SIGNATURE_FLAG_TO_SCHEME];
  if (!scheme) invalid('unsupported-scheme', `Unknown scheme flag ${bytes[0]}.`);
  return { scheme: checkScheme(scheme), secretKey: bytes.slice(1) };
}

/** The `suiprivkey1…` form, for a backup the user can re-import anywhere. */
export function secretToSuiPrivateKey(secret: SuiSecret): string {
  return encodeSuiPrivateKey(secret.secretKey, secret.scheme);
}
