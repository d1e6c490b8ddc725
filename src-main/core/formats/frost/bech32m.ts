/**
 * Bech32 / Bech32m (BIP-173 / BIP-350) with a caller-chosen length limit: frost-client contact
 * strings exceed the 90-character BIP-173 limit as soon as a name has 12+ bytes, and the Rust
 * `bech32` crate does not enforce it.
 */
import { CeremonyError } from '../../errors.ts';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';
const BECH32_CONST = 1;
const BECH32M_CONST = 0x2bc830a3;
const GEN = [0x3b6a57b2, 0x26508e6d, 0x1ea119fa, 0x3d4233dd, 0x2a1462b3];

function polymod(values: readonly number[]): number {
  let chk = 1;
  for (const v of values) {
    const top = chk >>> 25;
    chk = (((chk & 0x1ffffff) << 5) ^ v) >>> 0;
    for (let i = 0; i < 5; i++) if ((top >>> i) & 1) chk = (chk ^ GEN[i]!) >>> 0;
  }
  return chk;
}

function hrpExpand(hrp: string): number[] {
  const out: number[] = [];
  for (const c of hrp) out.push(c.charCodeAt(0) >>> 5);
  out.push(0);
  for (const c of hrp) out.push(c.charCodeAt(0) & 31);
  return out;
}

function convertBits(data: readonly number[], from: number, to: number, pad: boolean): number[] | undefined {
  let acc = 0;
  let bits = 0;
  const out: number[] = [];
  const maxv = (1 << to) - 1;
  for (const v of data) {
    acc = (acc << from) | v;
    bits += from;
    while (bits >= to) {
      bits -= to;
      out.push((acc >>> bits) & maxv);
    }
    acc &= (1 << bits) - 1;
  }
  if (pad) {
    if (bits > 0) out.push((acc << (to - bits)) & maxv);
  } else if (bits >= from || ((acc << (to - bits)) & maxv) !== 0) {
    return undefined;
  }
  return out;
}

export function bech32mEncode(hrp: string, data: Uint8Array): string {
  const words = convertBits([...data], 8, 5, true)!;
  const values = [...hrpExpand(hrp), ...words];
  const mod = polymod([...values, 0, 0, 0, 0, 0, 0]) ^ BECH32M_CONST;
  const checksum = Array.from({ length: 6 }, (_, i) => (mod >>> (5 * (5 - i))) & 31);
  return hrp + '1' + [...words, ...checksum].map((w) => CHARSET[w]).join('');
}

function invalid(reason: string): CeremonyError {
  return new CeremonyError('frost/bech32-invalid', `The text is not a valid bech32 string: ${reason}.`, {});
}

/** Decodes bech32m (or legacy bech32, which the Rust decoder also accepts); mixed case is refused. */
export function bech32Decode(text: string, limit = 1023): { hrp: string; data: Uint8Array; variant: 'bech32' | 'bech32m' } {
  if (typeof text !== 'string') throw invalid('not a string');
  const s = text.trim();
  if (s.length > limit) throw invalid(`longer than ${limit} characters`);
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) throw invalid('mixed upper and lower case');
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) throw invalid('missing separator or checksum');
  const hrp = lower.slice(0, sep);
  for (const c of hrp) if (c.charCodeAt(0) < 33 || c.charCodeAt(0) > 126) throw invalid('bad prefix character');
  const words: number[] = [];
  for (const c of lower.slice(sep + 1)) {
    const w = CHARSET.indexOf(c);
    if (w < 0) throw invalid(`character "${c}" is not in the bech32 alphabet`);
    words.push(w);
  }
  const check = polymod([...hrpExpand(hrp), ...words]);
  const variant = check === BECH32M_CONST ? 'bech32m' : check === BECH32_CONST ? 'bech32' : undefined;
  if (!variant) throw invalid('checksum mismatch (a character was mistyped or lost)');
  const bytes = convertBits(words.slice(0, -6), 5, 8, false);
  if (!bytes) throw invalid('bad padding');
  return { hrp, data: Uint8Array.from(bytes), variant };
}
