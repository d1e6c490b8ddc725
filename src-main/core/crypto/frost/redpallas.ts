/**
 * RedPallas hashing for `FROST(Pallas, BLAKE2b-512)`, as reddsa's `frost::redpallas` defines it.
 *
 * Every hash is BLAKE2b-512 with a 16-byte personalization instead of a DST prefix:
 *   H1 "FROST_RedPallasR", H2 = RedDSA's H* "Zcash_RedPallasH" (so a FROST signature is a plain
 *   RedPallas SpendAuth signature), H3 "FROST_RedPallasN", H4 "FROST_RedPallasM",
 *   H5 "FROST_RedPallasC", HDKG "FROST_RedPallasD", HID "FROST_RedPallasI", and frost-rerandomized's
 *   hash_randomizer "FROST_RedPallasA". Scalars are the 64-byte output read little-endian mod q
 *   (pasta_curves `from_uniform_bytes`).
 *
 * noble's createFROST hashes H4/H5 as `hash(prefix ‖ m)` and scalars as `hashToScalar(m, {DST})`;
 * we give it the personalizations as prefixes/DSTs and split them off again below.
 */
import { createFROST } from '@noble/curves/abstract/frost.js';
import { bytesToNumberLE } from '@noble/curves/utils.js';
import { blake2b } from '@noble/hashes/blake2.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import { PallasPoint } from './pallas.ts';

const PERSONALIZATION_LENGTH = 16;

function blake2b512(personalization: Uint8Array, msg: Uint8Array): Uint8Array {
  if (personalization.length !== PERSONALIZATION_LENGTH) throw new Error('RedPallas hashes take a 16-byte personalization');
  return blake2b(msg, { dkLen: 64, personalization });
}

/** RedDSA's H* with the given personalization: BLAKE2b-512 read little-endian, reduced mod q. */
export function redPallasHStar(personalization: Uint8Array, msg: Uint8Array): bigint {
  return PallasPoint.Fn.create(bytesToNumberLE(blake2b512(personalization, msg)));
}

const TAGGED: Readonly<Record<string, Uint8Array>> = {
  dkg: utf8ToBytes('FROST_RedPallasD'),
  id: utf8ToBytes('FROST_RedPallasI'),
  randomizer: utf8ToBytes('FROST_RedPallasA'),
};

/** The suite's tagged hash-to-scalar (HDKG, HID, hash_randomizer). */
export function redPallasHashToScalarByTag(tag: string, msg: Uint8Array): bigint {
  const personalization = TAGGED[tag];
  if (!personalization) throw new Error(`RedPallas has no hash-to-scalar for "${tag}"`);
  return redPallasHStar(personalization, msg);
}

export const redpallas_FROST = createFROST({
  name: 'FROST(Pallas, BLAKE2b-512)',
  Point: PallasPoint,
  // Only H4 and H5 reach this hook, as `personalization ‖ m`.
  hash: (m: Uint8Array) => blake2b512(m.subarray(0, PERSONALIZATION_LENGTH), m.subarray(PERSONALIZATION_LENGTH)) as Uint8Array<ArrayBuffer>,
  hashToScalar: (msg: Uint8Array, opts?: { DST: Uint8Array | string }) => {
    const dst = opts?.DST;
    if (!(dst instanceof Uint8Array)) throw new Error('RedPallas hash-to-scalar needs a personalization');
    return redPallasHStar(dst, msg);
  },
  H1: 'FROST_RedPallasR',
  H2: 'Zcash_RedPallasH',
  H3: 'FROST_RedPallasN',
  H4: 'FROST_RedPallasM',
  H5: 'FROST_RedPallasC',
  HDKG: 'FROST_RedPallasD',
  HID: 'FROST_RedPallasI',
});
