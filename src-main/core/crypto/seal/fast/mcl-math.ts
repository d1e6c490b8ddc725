import type * as MclTypes from 'mcl-wasm';
import { bls12_381 } from '@noble/curves/bls12-381.js';
import { utf8ToBytes } from '@noble/hashes/utils.js';
import type { Mcl } from '../../bls-backend/mcl-module.ts';
import { blsDecoder } from '../../bls-backend/select.ts';
import { DST_G1, G1_BYTES, G2_BYTES } from '../constants.ts';
import { type Fp2, naf, type WirePoint } from '../groups.ts';
import { countOp } from '../ops.ts';
import { isIdentityEncoding } from '../wire.ts';

export type McG1 = MclTypes.G1;
export type McG2 = MclTypes.G2;

/** The raw WebAssembly exports this module calls directly (mcl-wasm's `mod`). */
export interface McModule {
  readonly HEAP8: Int8Array;
  readonly HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(ptr: number): void;
  _mclBnG2_add(z: number, x: number, y: number): void;
  _mclBnG2_sub(z: number, x: number, y: number): void;
  _mclBnG2_dbl(y: number, x: number): void;
  _mclBnG1_hashAndMapToWithDst(out: number, msg: number, msgLen: number, dst: number, dstLen: number): number;
  _mclBnFp_setBigEndianMod(x: number, buf: number, len: number): number;
  _mclBn_millerLoopVec(z: number, xs: number, ys: number, n: number): void;
  /** Fp2 arithmetic on mcl's Montgomery-form elements (96 bytes each); out may alias an input. */
  _mclBnFp2_add(z: number, x: number, y: number): void;
  _mclBnFp2_sub(z: number, x: number, y: number): void;
  _mclBnFp2_mul(z: number, x: number, y: number): void;
  _mclBnFp2_sqr(y: number, x: number): void;
  _mclBnFp2_inv(y: number, x: number): void;
  /** The same for Fp (48 bytes). */
  _mclBnFp_add(z: number, x: number, y: number): void;
  _mclBnFp_mul(z: number, x: number, y: number): void;
  _mclBnFp_sqr(y: number, x: number): void;
  _mclBnFp_neg(y: number, x: number): void;
  _mclBnFp_inv(y: number, x: number): void;
  /** Constant-time scalar multiplication (for secret scalars). */
  _mclBnG1_mulCT(z: number, x: number, y: number): void;
  _mclBnG2_mulCT(z: number, x: number, y: number): void;
}

const P = bls12_381.fields.Fp.ORDER;
const SHORT = 1n << 64n;

/** A point's limbs as mcl-wasm keeps them in JavaScript (x, y, z in Montgomery form). */
const limbs = (p: McG1 | McG2) => (p as unknown as { a_: Uint32Array }).a_;

/**
 * BLS12-381 arithmetic on mcl (WebAssembly) for the Seal hot paths, with points decoded by the
 * thread's decoder (blst's native decompression and subgroup check, or mcl's own) and every
 * encoding rule still decided in groups.ts. Nothing here decides whether a message is valid on
 * its own: a check that does not pass sends the caller back to the noble reference path, which
 * names the culprit exactly as before.
 */
export class McMath {
  readonly g1Gen: McG1;
  readonly g2Gen: McG2;
  readonly g2NegGen: McG2;
  /** The raw exports, for loops that work on WebAssembly memory (see affine-horner.ts). */
  readonly mod: McModule;
  private readonly g2Size: number;
  /** Scratch on the WebAssembly heap: Horner's accumulator, the step's base point, one coefficient. */
  private readonly acc: number;
  private readonly base: number;
  private readonly coeff: number;
  /** Scratch for importing uncompressed coordinates: the bytes, and the point being built. */
  private readonly rawIn: number;
  private readonly rawPoint: number;
  /** Z = 1 in mcl's (Montgomery) form, for G1 and for G2. */
  private readonly oneZ1: Uint32Array;
  private readonly oneZ2: Uint32Array;
  private readonly dst: number;
  private readonly dstLen: number;
  private msgBuf = 0;
  private msgCap = 0;
  private readonly g1Words: number;

  constructor(readonly mcl: Mcl) {
    this.mod = (mcl as unknown as { mod: McModule }).mod;
    this.g2Size = limbs(new mcl.G2()).length * 4;
    const g1 = new mcl.G1();
    const a1 = bls12_381.G1.Point.BASE.toAffine();
    g1.setStr(`1 ${a1.x.toString(16)} ${a1.y.toString(16)}`, 16);
    this.g1Gen = g1;
    const g2 = new mcl.G2();
    const { x, y } = bls12_381.G2.Point.BASE.toAffine();
    g2.setStr(`1 ${x.c0.toString(16)} ${x.c1.toString(16)} ${y.c0.toString(16)} ${y.c1.toString(16)}`, 16);
    this.g2Gen = g2;
    this.g2NegGen = mcl.neg(g2);
    this.acc = this.mod._malloc(this.g2Size);
    this.base = this.mod._malloc(this.g2Size);
    this.coeff = this.mod._malloc(this.g2Size);
    this.rawIn = this.mod._malloc(192);
    this.rawPoint = this.mod._malloc(this.g2Size);
    const fpWords = this.g2Size / 6 / 4;
    this.oneZ1 = limbs(mcl.normalize(this.g1Gen)).slice(2 * fpWords, 3 * fpWords);
    this.oneZ2 = limbs(mcl.normalize(this.g2Gen)).slice(4 * fpWords, 6 * fpWords);
    const dst = utf8ToBytes(DST_G1);
    this.dst = this.mod._malloc(dst.length);
    this.mod.HEAP8.set(dst, this.dst);
    this.dstLen = dst.length;
    this.g1Words = limbs(g1).length;
  }

  fr(v: bigint): MclTypes.Fr {
    const f = new this.mcl.Fr();
    f.setStr(v.toString(16), 16);
    return f;
  }

  /**
   * A G2 point from its canonical compressed encoding, decoded by this thread's decoder; undefined
   * when the encoding is refused (the reference path then reports it).
   */
  g2(bytes: Uint8Array): McG2 | undefined {
    // Uncompressed ZCash layout x.c1 ‖ x.c0 ‖ y.c1 ‖ y.c0 into mcl's x.c0, x.c1, y.c0, y.c1, z = 1.
    return this.decode(new this.mcl.G2(), bytes, 'G2', blsDecoder().g2Uncompressed, [48, 0, 144, 96], this.oneZ2);
  }

  /** The same for a 48-byte G1 encoding (x ‖ y uncompressed). */
  g1(bytes: Uint8Array): McG1 | undefined {
    return this.decode(new this.mcl.G1(), bytes, 'G1', blsDecoder().g1Uncompressed, [0, 48], this.oneZ1);
  }

  /**
   * groups.ts's byte rules first, then the native decoder's decompression and subgroup check with
   * its uncompressed answer written into p, or (no native decoder) mcl's own decompression and
   * subgroup check.
   */
  private decode<T extends McG1 | McG2>(
    p: T,
    bytes: Uint8Array,
    group: 'G1' | 'G2',
    uncompressed: ((b: Uint8Array) => Uint8Array | string) | undefined,
    from: readonly number[],
    oneZ: Uint32Array,
  ): T | undefined {
    if (bytes.length !== (group === 'G1' ? G1_BYTES : G2_BYTES) || !canonical(bytes)) return undefined;
    countOp(`${group}.decode`);
    if ((bytes[0]! & 0x40) !== 0) return isIdentityEncoding(bytes) ? p : undefined;
    if (uncompressed) {
      const raw = uncompressed(bytes);
      if (typeof raw === 'string') return undefined;
      this.importAffine(p, raw, from, oneZ);
      return p;
    }
    try {
      p.deserialize(bytes);
    } catch {
      return undefined;
    }
    return p.isValidOrder() ? p : undefined;
  }

  /**
   * Writes affine coordinates (48-byte big-endian field elements at `from` offsets of `raw`, in
   * mcl's coordinate order) and Z = 1 into p, on raw memory: a text round trip costs four times as much.
   */
  private importAffine(p: McG1 | McG2, raw: Uint8Array, from: readonly number[], oneZ: Uint32Array): void {
    const m = this.mod;
    m.HEAP8.set(raw, this.rawIn);
    from.forEach((off, i) => {
      if (m._mclBnFp_setBigEndianMod(this.rawPoint + 48 * i, this.rawIn + off, 48) !== 0) throw new Error('mcl: bad coordinate');
    });
    const out = limbs(p);
    const words = from.length * 12;
    out.set(m.HEAP32.subarray(this.rawPoint >> 2, (this.rawPoint >> 2) + words));
    out.set(oneZ, words);
  }

  /** fastcrypto's G1 `hash_to_group_element` (RFC 9380, min-sig DST). */
  hashG1(msg: Uint8Array): McG1 {
    countOp('G1.hash');
    if (msg.length > this.msgCap) {
      if (this.msgBuf) this.mod._free(this.msgBuf);
      this.msgCap = Math.max(256, msg.length * 2);
      this.msgBuf = this.mod._malloc(this.msgCap);
    }
    this.mod.HEAP8.set(msg, this.msgBuf);
    const out = this.mod._malloc(this.g1Words * 4);
    try {
      if (this.mod._mclBnG1_hashAndMapToWithDst(out, this.msgBuf, msg.length, this.dst, this.dstLen) !== 0) {
        throw new Error('mcl: hash to G1 failed');
      }
      const p = new this.mcl.G1();
      const at = out >> 2;
      limbs(p).set(this.mod.HEAP32.subarray(at, at + limbs(p).length));
      return p;
    } finally {
      this.mod._free(out);
    }
  }

  /**
   * Σ s_i·P_i for public scalars. mcl's mulVec walks as many bits as the longest scalar, so the
   * short ones (the 64-bit batch coefficients) go in a multiplication of their own; each runs in
   * slices small enough for mcl's stack.
   */
  msm<T extends McG1 | McG2>(points: readonly T[], scalars: readonly bigint[], zero: T): T {
    const short: number[] = [];
    const long: number[] = [];
    scalars.forEach((s, i) => (s < SHORT ? short : long).push(i));
    let acc = zero;
    for (const group of [short, long]) {
      for (let from = 0; from < group.length; from += 64) {
        const idx = group.slice(from, from + 64);
        const part = this.mcl.mulVec(
          idx.map((i) => points[i]!),
          idx.map((i) => this.fr(scalars[i]!)),
        );
        acc = this.mcl.add(acc, part);
      }
    }
    return acc;
  }

  /**
   * Π e(g1_i, g2_i) == 1: one multi-Miller loop (the squarings shared by all pairs) and one final
   * exponentiation.
   */
  pairingProductIsOne(pairs: readonly { g1: McG1; g2: McG2 }[]): boolean {
    if (pairs.length === 0) return true;
    countOp('pairing.miller', pairs.length);
    countOp('pairing.final');
    const m = this.mod;
    const gt = new this.mcl.GT();
    const w1 = limbs(pairs[0]!.g1).length;
    const w2 = limbs(pairs[0]!.g2).length;
    const wt = (gt as unknown as { a_: Uint32Array }).a_.length;
    const xs = m._malloc(pairs.length * w1 * 4);
    const ys = m._malloc(pairs.length * w2 * 4);
    const z = m._malloc(wt * 4);
    try {
      pairs.forEach(({ g1, g2 }, i) => {
        m.HEAP32.set(limbs(g1), (xs >> 2) + i * w1);
        m.HEAP32.set(limbs(g2), (ys >> 2) + i * w2);
      });
      m._mclBn_millerLoopVec(z, xs, ys, pairs.length);
      (gt as unknown as { a_: Uint32Array }).a_.set(m.HEAP32.subarray(z >> 2, (z >> 2) + wt));
    } finally {
      m._free(xs);
      m._free(ys);
      m._free(z);
    }
    return this.mcl.finalExp(gt).isOne();
  }

  /**
   * Σ coeffs[k]·x^k for a small integer x by Horner's rule, on raw WebAssembly memory (the hot
   * loop of the Feldman checks and the partial keys): each step multiplies by x with NAF
   * double-and-add and adds the next coefficient (mixed addition when it is normalized).
   */
  evalPolyAt(coeffs: readonly McG2[], x: number): McG2 {
    const out = new this.mcl.G2();
    if (coeffs.length === 0) return out;
    const digits = naf(x);
    const m = this.mod;
    const words = this.g2Size >> 2;
    const put = (ptr: number, p: McG2) => m.HEAP32.set(limbs(p), ptr >> 2);
    put(this.acc, coeffs[coeffs.length - 1]!);
    for (let k = coeffs.length - 2; k >= 0; k--) {
      m.HEAP32.copyWithin(this.base >> 2, this.acc >> 2, (this.acc >> 2) + words);
      let started = false;
      for (const d of digits) {
        if (started) m._mclBnG2_dbl(this.acc, this.acc);
        if (d === 1) {
          if (started) m._mclBnG2_add(this.acc, this.acc, this.base);
          started = true;
        } else if (d === -1) m._mclBnG2_sub(this.acc, this.acc, this.base);
      }
      put(this.coeff, coeffs[k]!);
      m._mclBnG2_add(this.acc, this.acc, this.coeff);
    }
    limbs(out).set(m.HEAP32.subarray(this.acc >> 2, (this.acc >> 2) + words));
    return out;
  }

  /** Σ points on raw memory (the fresh-DKG sum of a commitment column). */
  sum(points: readonly McG2[]): McG2 {
    const out = new this.mcl.G2();
    if (points.length === 0) return out;
    const m = this.mod;
    const words = this.g2Size >> 2;
    m.HEAP32.set(limbs(points[0]!), this.acc >> 2);
    for (let i = 1; i < points.length; i++) {
      m.HEAP32.set(limbs(points[i]!), this.coeff >> 2);
      m._mclBnG2_add(this.acc, this.acc, this.coeff);
    }
    limbs(out).set(m.HEAP32.subarray(this.acc >> 2, (this.acc >> 2) + words));
    return out;
  }

  /**
   * G·s for a SECRET scalar s (an encryption key, a share), with mcl's constant-time
   * multiplication; the encoding is the canonical compressed one.
   */
  mulBaseSecret(group: 'G1' | 'G2', s: bigint): Uint8Array {
    const base = group === 'G1' ? this.g1Gen : this.g2Gen;
    const out = group === 'G1' ? new this.mcl.G1() : new this.mcl.G2();
    return this.mulSecretInto(out, base, s).serialize();
  }

  /** p·s for a SECRET scalar s (the ECIES shared point), constant time. */
  mulSecret<T extends McG1 | McG2>(p: T, s: MclTypes.Fr): T {
    const out = (p instanceof this.mcl.G1 ? new this.mcl.G1() : new this.mcl.G2()) as T;
    return this.mulSecretInto(out, p, s);
  }

  private mulSecretInto<T extends McG1 | McG2>(out: T, p: T, s: bigint | MclTypes.Fr): T {
    const fr = typeof s === 'bigint' ? this.fr(s) : s;
    const m = this.mod;
    const pw = limbs(p).length;
    const fw = (fr as unknown as { a_: Uint32Array }).a_.length;
    const z = m._malloc(pw * 4);
    const x = m._malloc(pw * 4);
    const y = m._malloc(fw * 4);
    try {
      m.HEAP32.set(limbs(p), x >> 2);
      m.HEAP32.set((fr as unknown as { a_: Uint32Array }).a_, y >> 2);
      (p instanceof this.mcl.G1 ? m._mclBnG1_mulCT : m._mclBnG2_mulCT)(z, x, y);
      limbs(out).set(m.HEAP32.subarray(z >> 2, (z >> 2) + pw));
      return out;
    } finally {
      m._free(z);
      m._free(x);
      m._free(y);
    }
  }

  /**
   * The 48 words of x ‖ y (mcl's Montgomery form) of a G2 point in affine form (Z = 1), normalizing
   * it first if needed; undefined for the identity, which has no affine form.
   */
  affineWords(p: McG2): Uint32Array | undefined {
    let words = limbs(p);
    // Z = 0 is the identity (mcl's Jacobian form); Z = 1 (Montgomery form) is affine already.
    let one = true;
    let zero = true;
    for (let i = 0; i < 24; i++) {
      const w = words[48 + i]!;
      if (w !== this.oneZ2[i]) one = false;
      if (w !== 0) zero = false;
    }
    if (zero) return undefined;
    if (!one) words = limbs(this.mcl.normalize(p));
    return words.subarray(0, 48);
  }

  /** A G2 point from the 48 words of its affine x ‖ y (as affineWords gives them). */
  fromAffineWords(words: Uint32Array | Int32Array): McG2 {
    const p = new this.mcl.G2();
    const out = limbs(p);
    out.set(words.subarray(0, 48));
    out.set(this.oneZ2, 48);
    return p;
  }

  /** The plain-data (affine, Z = 1) form the threads exchange, as groups.ts toWire gives it. */
  toWire(p: McG2): WirePoint<Fp2> {
    if (p.isZero())
      return [
        { c0: 0n, c1: 0n },
        { c0: 1n, c1: 0n },
        { c0: 0n, c1: 0n },
      ];
    const parts = this.mcl.normalize(p).getStr(16).split(' ');
    const f = (i: number) => BigInt('0x' + parts[i]!);
    return [
      { c0: f(1), c1: f(2) },
      { c0: f(3), c1: f(4) },
      { c0: 1n, c1: 0n },
    ];
  }

  /** A point from affine coordinates that are already known to be valid (no re-check). */
  fromAffine(a: { x: Fp2; y: Fp2 }): McG2 {
    const p = new this.mcl.G2();
    p.setStr(`1 ${a.x.c0.toString(16)} ${a.x.c1.toString(16)} ${a.y.c0.toString(16)} ${a.y.c1.toString(16)}`, 16);
    return p;
  }
}

const P_BYTES = (() => {
  const out = new Uint8Array(48);
  let v = P;
  for (let i = 47; i >= 0; i--, v >>= 8n) out[i] = Number(v & 0xffn);
  return out;
})();

/**
 * The flag and canonical-coordinate rules of groups.ts (each 48-byte coordinate below p, the flag
 * bits cleared from the first), compared byte by byte; the reference path re-applies them.
 */
function canonical(bytes: Uint8Array): boolean {
  if ((bytes[0]! & 0x80) === 0) return false;
  for (let off = 0; off < bytes.length; off += 48) {
    let below = false;
    for (let i = 0; i < 48; i++) {
      const b = i === 0 && off === 0 ? bytes[off]! & 0x1f : bytes[off + i]!;
      if (b !== P_BYTES[i]) {
        below = b < P_BYTES[i]!;
        break;
      }
    }
    if (!below) return false;
  }
  return true;
}

let math: Promise<McMath> | undefined;

/** This thread's McMath (mcl loads once). */
export function loadMcMath(load: () => Promise<Mcl>): Promise<McMath> {
  math ??= load().then((m) => new McMath(m));
  return math;
}
