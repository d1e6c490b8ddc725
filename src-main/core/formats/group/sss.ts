/**
 * trust-server `sss-tool` state files, byte for byte (reference: trust-server.md §2.2):
 *
 *   private.sss  u32le version=1 ‖ seed[32] ‖ u64le len ‖ moniker (UTF-8, len bytes) ‖ u8 flag ‖
 *                [share: 32-byte little-endian scalar, when flag = 1]
 *   shared.sss   u32le version=1 ‖ u8 flag ‖ [u64le M ‖ M × 32-byte compressed Edwards points
 *                C₀..C_{M−1}, when flag = 1]
 *
 * The tool writes `usize` as 8 bytes on its 64-bit builds, so lengths are u64 LE here.
 *
 * Our reader is stricter than the tool's: it refuses trailing bytes, flags other than 0/1,
 * a share that is not a reduced scalar and points outside the prime-order subgroup, because a
 * file that differs from what the tool writes is damaged or not what it claims to be.
 *
 * private.sss holds the operator's secret share in PLAINTEXT (that is how the tool reads it);
 * only ever write it to a place the operator chose, never into the ceremony folder.
 */
import { CeremonyError } from '../../errors.ts';
import { GROUP_SUITE as S } from '../../crypto/group/suite.ts';

export const SSS_VERSION = 1;

export interface PrivateSss {
  /** The tool's 32-byte seed (it derives its DKG polynomial and join key from it). */
  readonly seed: Uint8Array;
  readonly moniker: string;
  /** 32-byte little-endian signing share, or null before the operator has one. */
  readonly share: Uint8Array | null;
}

export interface SharedSss {
  /** Aggregate commitment C₀..C_{M−1} (32 bytes each), or null when the file has none. */
  readonly commitment: readonly Uint8Array[] | null;
}

const MAX_MONIKER_BYTES = 4096;
const MAX_M = 1000;

function u32le(n: number): Uint8Array {
  const b = new Uint8Array(4);
  new DataView(b.buffer).setUint32(0, n, true);
  return b;
}
function u64le(n: number): Uint8Array {
  const b = new Uint8Array(8);
  new DataView(b.buffer).setBigUint64(0, BigInt(n), true);
  return b;
}

function concat(parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((n, p) => n + p.length, 0));
  let o = 0;
  for (const p of parts) {
    out.set(p, o);
    o += p.length;
  }
  return out;
}

export function encodePrivateSss(p: PrivateSss): Uint8Array {
  if (p.seed.length !== 32) throw new Error('encodePrivateSss: the seed must be 32 bytes');
  const moniker = new TextEncoder().encode(p.moniker);
  const parts = [u32le(SSS_VERSION), p.seed, u64le(moniker.length), moniker];
  if (p.share) {
    S.scalarFromBytes(p.share, 'share');
    parts.push(Uint8Array.of(1), p.share);
  } else parts.push(Uint8Array.of(0));
  return concat(parts);
}

export function encodeSharedSss(s: SharedSss): Uint8Array {
  if (!s.commitment) return concat([u32le(SSS_VERSION), Uint8Array.of(0)]);
  for (const c of s.commitment) S.elementFromBytes(c, 'commitment');
  return concat([u32le(SSS_VERSION), Uint8Array.of(1), u64le(s.commitment.length), ...s.commitment]);
}

/** A cursor over a file that turns every short read into a clear error. */
class Reader {
  private at = 0;
  private readonly bytes: Uint8Array;
  constructor(
    bytes: Uint8Array,
    private readonly file: string,
  ) {
    // A copy: a Node Buffer may be a view into a shared pool, and the reads below use DataViews.
    this.bytes = Uint8Array.from(bytes);
  }
  take(n: number, what: string): Uint8Array {
    if (this.at + n > this.bytes.length)
      throw new CeremonyError('group/sss-truncated', `${this.file} is cut short: it ends inside the ${what}.`, { file: this.file });
    const out = this.bytes.slice(this.at, this.at + n);
    this.at += n;
    return out;
  }
  u32(what: string): number {
    const b = this.take(4, what);
    return new DataView(b.buffer, b.byteOffset, b.byteLength).getUint32(0, true);
  }
  u64(what: string, max: number): number {
    const b = this.take(8, what);
    const v = new DataView(b.buffer, b.byteOffset, b.byteLength).getBigUint64(0, true);
    if (v > BigInt(max))
      throw new CeremonyError('group/sss-malformed', `${this.file} is damaged: its ${what} (${v}) is implausibly large.`, {
        file: this.file,
      });
    return Number(v);
  }
  flag(what: string): boolean {
    const f = this.take(1, what)[0]!;
    if (f > 1)
      throw new CeremonyError('group/sss-malformed', `${this.file} is damaged: the ${what} flag is ${f}, not 0 or 1.`, { file: this.file });
    return f === 1;
  }
  end(): void {
    if (this.at !== this.bytes.length)
      throw new CeremonyError(
        'group/sss-malformed',
        `${this.file} has ${this.bytes.length - this.at} unexpected bytes at the end; it is damaged or not an sss-tool file.`,
        {
          file: this.file,
        },
      );
  }
}

function version(r: Reader, file: string): void {
  const v = r.u32('version');
  if (v !== SSS_VERSION)
    throw new CeremonyError(
      'group/sss-unsupported-version',
      `${file} has format version ${v}; only version ${SSS_VERSION} (what sss-tool writes) is supported.`,
      { file, version: v },
    );
}

export function decodePrivateSss(bytes: Uint8Array): PrivateSss {
  const r = new Reader(bytes, 'private.sss');
  version(r, 'private.sss');
  const seed = r.take(32, 'seed');
  const len = r.u64('moniker length', MAX_MONIKER_BYTES);
  let moniker: string;
  try {
    moniker = new TextDecoder('utf-8', { fatal: true }).decode(r.take(len, 'moniker'));
  } catch (e) {
    if (e instanceof CeremonyError) throw e;
    throw new CeremonyError('group/sss-malformed', 'private.sss is damaged: the moniker is not valid UTF-8.', { file: 'private.sss' });
  }
  let share: Uint8Array | null = null;
  if (r.flag('share')) {
    share = r.take(32, 'share');
    try {
      S.scalarFromBytes(share, 'share');
    } catch {
      throw new CeremonyError('group/sss-malformed', 'private.sss is damaged: the share is not a reduced Ed25519 scalar.', {
        file: 'private.sss',
      });
    }
  }
  r.end();
  return { seed, moniker, share };
}

export function decodeSharedSss(bytes: Uint8Array): SharedSss {
  const r = new Reader(bytes, 'shared.sss');
  version(r, 'shared.sss');
  if (!r.flag('common state')) {
    r.end();
    return { commitment: null };
  }
  const m = r.u64('threshold M', MAX_M);
  if (m === 0) throw new CeremonyError('group/sss-malformed', 'shared.sss is damaged: it holds zero commitments.', { file: 'shared.sss' });
  const commitment: Uint8Array[] = [];
  for (let j = 0; j < m; j++) {
    const c = r.take(32, `commitment C${j}`);
    try {
      S.elementFromBytes(c, `commitment C${j}`);
    } catch {
      throw new CeremonyError(
        'group/sss-malformed',
        `shared.sss is damaged: commitment C${j} is not a valid Ed25519 point of the prime-order group.`,
        { file: 'shared.sss' },
      );
    }
    commitment.push(c);
  }
  r.end();
  return { commitment };
}
