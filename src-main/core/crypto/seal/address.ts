import { bytesToHex, hexToBytes } from '@noble/hashes/utils.js';
import { CeremonyError } from '../../errors.ts';
import { ADDRESS_BYTES } from './constants.ts';

/**
 * Sui addresses / object ids (sui_sdk_types::Address): 32 bytes; displayed as 0x + 64 lowercase
 * hex. The long form matters: the random-oracle prefix embeds the displayed committee id.
 */
export function parseAddress(value: string | Uint8Array, what = 'address'): Uint8Array {
  if (value instanceof Uint8Array) {
    if (value.length !== ADDRESS_BYTES)
      throw new CeremonyError('seal/bad-address', `The ${what} must be ${ADDRESS_BYTES} bytes.`, { what });
    return value.slice();
  }
  const m = /^0x([0-9a-fA-F]{1,64})$/.exec(value.trim());
  if (!m) throw new CeremonyError('seal/bad-address', `The ${what} "${value}" is not a 0x-prefixed hex address.`, { what, value });
  return hexToBytes(m[1]!.padStart(64, '0'));
}

export function formatAddress(bytes: Uint8Array): string {
  if (bytes.length !== ADDRESS_BYTES) throw new Error('address must be 32 bytes');
  return `0x${bytesToHex(bytes)}`;
}
