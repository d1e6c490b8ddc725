/**
 * The few Sui framework natives the committee contract calls, with the same acceptance rules and
 * abort codes: `sui::bls12381::g1_from_bytes` / `g2_from_bytes` (via `sui::group_ops::from_bytes`)
 * and `sui::vec_set::from_keys`.
 */
import { toHex } from '@mysten/sui/utils';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { FRAMEWORK_ABORTS, moveAbort } from './failures.ts';
import { SUI_FRAMEWORK } from '../type-names.ts';

/**
 * True when `bytes` is a compressed G1 (48 B) or G2 (96 B) point on the curve and in the prime-order
 * subgroup; the identity is accepted, as fastcrypto's deserializer does. Uncompressed encodings are
 * refused by length, as on chain.
 */
export function isValidGroupElement(group: 'G1' | 'G2', bytes: Uint8Array): boolean {
  const len = group === 'G1' ? 48 : 96;
  if (bytes.length !== len || (bytes[0]! & 0x80) === 0) return false;
  const key = `${group}:${toHex(bytes)}`;
  if (knownValid.has(key)) return true;
  try {
    // noble checks the flags, the field range, the curve equation and subgroup membership.
    (group === 'G1' ? bls12_381.G1.Point : bls12_381.G2.Point).fromBytes(bytes);
  } catch {
    return false;
  }
  // The same keys are checked on every dry run and execution; the answer never changes.
  if (knownValid.size >= KNOWN_VALID_MAX) knownValid.clear();
  knownValid.add(key);
  return true;
}

const KNOWN_VALID_MAX = 4096;
const knownValid = new Set<string>();

/** `g1_from_bytes` / `g2_from_bytes`: aborts in `sui::group_ops` with EInvalidInput. */
export function assertGroupElement(group: 'G1' | 'G2', bytes: Uint8Array): void {
  if (!isValidGroupElement(group, bytes)) {
    throw moveAbort(SUI_FRAMEWORK, 'group_ops', 'from_bytes', FRAMEWORK_ABORTS.groupOpsInvalidInput);
  }
}

/** `vec_set::from_keys`: aborts in `sui::vec_set` with EKeyAlreadyExists on the first duplicate. */
export function assertNoDuplicates(keys: readonly string[]): void {
  const seen = new Set<string>();
  for (const k of keys) {
    if (seen.has(k)) throw moveAbort(SUI_FRAMEWORK, 'vec_set', 'insert', FRAMEWORK_ABORTS.vecSetKeyAlreadyExists);
    seen.add(k);
  }
}

export function bytesEqual(a: Uint8Array, b: Uint8Array): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}
