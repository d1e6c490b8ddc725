/**
 * The subset of the postcard wire format (serde's compact binary, used by frost-core's
 * `serialize()`) that frost-core structures need: raw bytes for u8 and fixed arrays, unsigned
 * LEB128 varints for u16/u32/usize (lengths, counts), `00` / `01 value` for Option.
 *
 * The reader is strict where postcard is lenient: it refuses non-minimal varints and trailing
 * bytes, so every accepted input re-serializes to the same bytes.
 *
 * Hand-written because postcard is a Rust (serde) format with no well-kept JavaScript codec, and
 * this subset is a few varint and length rules; frost-core's own postcard snapshots check it
 * byte for byte (codecs.test.ts).
 */
import { CeremonyError } from '../../errors.ts';

export class PostcardWriter {
  private readonly parts: number[] = [];

  u8(n: number): this {
    this.parts.push(n & 0xff);
    return this;
  }

  varint(n: number): this {
    if (!Number.isSafeInteger(n) || n < 0) throw new Error(`postcard varint out of range: ${n}`);
    let v = n;
    while (v >= 0x80) {
      this.parts.push((v % 0x80) | 0x80);
      v = Math.floor(v / 0x80);
    }
    this.parts.push(v);
    return this;
  }

  fixed(bytes: Uint8Array): this {
    for (const b of bytes) this.parts.push(b);
    return this;
  }

  /** `Vec<u8>` / `&[u8]`: varint length, then the bytes. */
  bytes(bytes: Uint8Array): this {
    return this.varint(bytes.length).fixed(bytes);
  }

  finish(): Uint8Array {
    return Uint8Array.from(this.parts);
  }
}

export class PostcardReader {
  private offset = 0;

  constructor(
    private readonly data: Uint8Array,
    /** What is being decoded, for error messages ("KeyPackage"). */
    private readonly what: string,
  ) {}

  private truncated(): CeremonyError {
    return new CeremonyError(
      'frost/postcard-truncated',
      `The ${this.what} bytes end too early (at byte ${this.offset} of ${this.data.length}).`,
      {
        kind: this.what,
        offset: this.offset,
      },
    );
  }

  malformed(reason: string): CeremonyError {
    return new CeremonyError('frost/postcard-malformed', `The ${this.what} bytes are malformed at byte ${this.offset}: ${reason}.`, {
      kind: this.what,
      offset: this.offset,
    });
  }

  get remaining(): number {
    return this.data.length - this.offset;
  }

  u8(): number {
    if (this.offset >= this.data.length) throw this.truncated();
    return this.data[this.offset++]!;
  }

  /** Unsigned LEB128 with at most `maxBits` bits (16 for u16, 32 for u32, 64-bit usize capped at 2^53). */
  varint(maxBits: 16 | 32 | 53 = 53): number {
    let value = 0;
    let scale = 1;
    for (let i = 0; ; i++) {
      const b = this.u8();
      value += (b & 0x7f) * scale;
      if ((b & 0x80) === 0) {
        if (i > 0 && b === 0) throw this.malformed('non-minimal varint');
        if (value >= 2 ** maxBits) throw this.malformed(`varint exceeds ${maxBits} bits`);
        return value;
      }
      scale *= 0x80;
      if (i + 1 >= Math.ceil(maxBits / 7)) throw this.malformed('varint too long');
    }
  }

  fixed(n: number): Uint8Array {
    if (this.remaining < n) throw this.truncated();
    const out = this.data.slice(this.offset, this.offset + n);
    this.offset += n;
    return out;
  }

  bytes(): Uint8Array {
    const len = this.varint();
    return this.fixed(len);
  }

  /** Count prefix of a sequence or map, bounded by the bytes left (each item is ≥ `minItemSize`). */
  count(minItemSize: number): number {
    const n = this.varint();
    if (n * minItemSize > this.remaining) throw this.truncated();
    return n;
  }

  end(): void {
    if (this.remaining !== 0)
      throw new CeremonyError('frost/postcard-trailing-bytes', `The ${this.what} has ${this.remaining} unexpected bytes after its end.`, {
        kind: this.what,
        extra: this.remaining,
      });
  }
}
