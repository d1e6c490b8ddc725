/**
 * frost-client contact strings: `zffrost1…`, bech32m over postcard(Contact{version: Some(0),
 * name, pubkey}) = 01 00 ‖ varint len ‖ UTF-8 name ‖ 20 ‖ 32-byte X25519 public key.
 */
import { sha256 } from '@noble/hashes/sha2.js';
import { bytesToHex } from '@noble/hashes/utils.js';
import { CeremonyError, isCeremonyError } from '../../errors.ts';
import { bech32Decode, bech32mEncode } from './bech32m.ts';
import { PostcardReader, PostcardWriter } from './postcard.ts';

export const CONTACT_HRP = 'zffrost';
export const CONTACT_VERSION = 0;

export interface FrostContact {
  /** Display name chosen by the contact's owner (also the key in frost-client's address book). */
  readonly name: string;
  /** X25519 communication public key. */
  readonly publicKey: Uint8Array;
}

/** Keeps a contact string within bech32's 1023 characters (names in the app are under 60 characters). */
const MAX_NAME_BYTES = 500;

function checkContact(c: FrostContact): void {
  if (typeof c.name !== 'string' || c.name.length === 0)
    throw new CeremonyError('frost/contact-invalid', 'A contact needs a non-empty name.', {});
  if (new TextEncoder().encode(c.name).length > MAX_NAME_BYTES)
    throw new CeremonyError('frost/contact-invalid', `A contact name can be at most ${MAX_NAME_BYTES} bytes long.`, { name: c.name });
  if (!(c.publicKey instanceof Uint8Array) || c.publicKey.length !== 32)
    throw new CeremonyError('frost/contact-invalid', `The contact "${c.name}" needs a 32-byte communication public key.`, { name: c.name });
}

export function encodeContact(contact: FrostContact): string {
  checkContact(contact);
  const name = new TextEncoder().encode(contact.name);
  const payload = new PostcardWriter().u8(1).u8(CONTACT_VERSION).bytes(name).bytes(contact.publicKey).finish();
  return bech32mEncode(CONTACT_HRP, payload);
}

export function decodeContact(text: string): FrostContact {
  let decoded;
  try {
    decoded = bech32Decode(text);
  } catch (e) {
    if (isCeremonyError(e)) throw new CeremonyError('frost/contact-invalid', `This is not a frost-client contact string: ${e.message}`, {});
    throw e;
  }
  if (decoded.hrp !== CONTACT_HRP)
    throw new CeremonyError(
      'frost/contact-invalid',
      `This is not a frost-client contact string (it starts with "${decoded.hrp}1", not "zffrost1").`,
      {},
    );
  const r = new PostcardReader(decoded.data, 'contact');
  const hasVersion = r.u8();
  if (hasVersion > 1) throw r.malformed('version must be an Option');
  const version = hasVersion === 1 ? r.u8() : undefined;
  if (version !== CONTACT_VERSION)
    throw new CeremonyError(
      'frost/contact-version',
      `This contact string has format version ${version ?? 'none'}; only version 0 is known. It may come from newer software.`,
      { version: version ?? null },
    );
  let name: string;
  try {
    name = new TextDecoder('utf-8', { fatal: true }).decode(r.bytes());
  } catch (e) {
    if (isCeremonyError(e)) throw e;
    throw new CeremonyError('frost/contact-invalid', 'The contact name is not valid UTF-8.', {});
  }
  const publicKey = r.bytes();
  r.end();
  const contact = { name, publicKey };
  checkContact(contact);
  return contact;
}

/**
 * A short code people compare out loud when exchanging contacts: the first 10 bytes of
 * SHA-256(public key), in five groups of four hex digits.
 */
export function contactFingerprint(publicKey: Uint8Array): string {
  return (bytesToHex(sha256(publicKey).subarray(0, 10)).match(/.{4}/g) ?? []).join(' ');
}
