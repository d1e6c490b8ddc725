/**
 * Zcash's Orchard test vectors (zcash-test-vectors, in ../shared/vectors/zcash): the SpendAuth
 * basepoint and ask → ak key components, for the RedPallas tests.
 */
import { hexToBytes } from '@noble/hashes/utils.js';
import { readVectorJson } from './vectors.ts';

/** Rows after the two header rows (source line and column names). */
function rows(file: string): unknown[][] {
  return readVectorJson<unknown[][]>('zcash', file).slice(2);
}

/** `skb`, the first column of orchard_generators.json: GroupHash("z.cash:Orchard", "G"). */
export function orchardSpendAuthBase(): Uint8Array {
  return hexToBytes(rows('orchard_generators.json')[0]![0] as string);
}

/** (ask, ak) pairs from orchard_key_components.json, ak = repr_P([ask] SpendAuthBase). */
export function orchardAskAk(): { ask: Uint8Array; ak: Uint8Array }[] {
  return rows('orchard_key_components.json').map((r) => ({ ask: hexToBytes(r[1] as string), ak: hexToBytes(r[2] as string) }));
}
