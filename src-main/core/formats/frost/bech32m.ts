/**
 * Bech32 / Bech32m (BIP-173 / BIP-350) through `@scure/base` (the audited noble-family codec),
 * with a caller-chosen length limit: frost-client contact strings exceed the 90-character BIP-173
 * limit as soon as a name has 12+ bytes, and the Rust `bech32` crate does not enforce it. This
 * module only adds the limit, the errors people read, and the legacy-bech32 fallback the Rust
 * decoder also has.
 */
import { bech32, bech32m } from '@scure/base';
import { CeremonyError } from '../../errors.ts';

const CHARSET = 'qpzry9x8gf2tvdw0s3jn54khce6mua7l';

/**
 * The length the bech32 checksum is designed for (BIP-173's 1023-character code length, which the
 * Rust decoder keeps too): a `zffrost1…` contact fits with a name of up to about 590 bytes.
 */
const MAX_LENGTH = 1023;

export function bech32mEncode(hrp: string, data: Uint8Array): string {
  return bech32m.encode(hrp, bech32m.toWords(data), MAX_LENGTH);
}

function invalid(reason: string): CeremonyError {
  return new CeremonyError('frost/bech32-invalid', `The text is not a valid bech32 string: ${reason}.`, {});
}

/** Decodes bech32m (or legacy bech32, which the Rust decoder also accepts); mixed case is refused. */
export function bech32Decode(text: string, limit = MAX_LENGTH): { hrp: string; data: Uint8Array; variant: 'bech32' | 'bech32m' } {
  if (typeof text !== 'string') throw invalid('not a string');
  const s = text.trim();
  if (s.length > limit) throw invalid(`longer than ${limit} characters`);
  if (s !== s.toLowerCase() && s !== s.toUpperCase()) throw invalid('mixed upper and lower case');
  // The structural checks first, so a person is told which character is wrong rather than only "checksum".
  const lower = s.toLowerCase();
  const sep = lower.lastIndexOf('1');
  if (sep < 1 || sep + 7 > lower.length) throw invalid('missing separator or checksum');
  for (const c of lower.slice(0, sep)) if (c.charCodeAt(0) < 33 || c.charCodeAt(0) > 126) throw invalid('bad prefix character');
  for (const c of lower.slice(sep + 1)) if (!CHARSET.includes(c)) throw invalid(`character "${c}" is not in the bech32 alphabet`);
  for (const [variant, codec] of [
    ['bech32m', bech32m],
    ['bech32', bech32],
  ] as const) {
    const decoded = codec.decodeUnsafe(lower, limit);
    if (!decoded) continue;
    const bytes = codec.fromWordsUnsafe(decoded.words);
    if (!bytes) throw invalid('bad padding');
    return { hrp: decoded.prefix, data: bytes, variant };
  }
  throw invalid('checksum mismatch (a character was mistyped or lost)');
}
