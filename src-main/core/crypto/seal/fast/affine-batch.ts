import type { McG2, McMath, McModule } from './mcl-math.ts';

/**
 * Many independent G2 additions at once, in affine coordinates on mcl's WebAssembly memory: the
 * additions of one batch share one field inversion (Montgomery's trick), so an addition or a
 * doubling costs about 3 µs, where mcl's Jacobian formulas take 4 to 9 µs.
 *
 * Each lane owns `slots` affine points. Affine formulas fail when the two points share an x
 * coordinate (their sum is the identity, or they are equal but were not asked to double): such a
 * lane is marked dead and its owner redoes it with complete (Jacobian) formulas. Honest inputs
 * never get there; a dealer can force it, and only slows its own lane down.
 */

/** One Fp element in mcl: 48 bytes in Montgomery form; an Fp2 element is two (c0, c1). */
const FP = 48;
const FP_WORDS = FP >> 2;
const FP2 = 2 * FP;
const FP2_WORDS = FP2 >> 2;
/** An affine point: x ‖ y. */
const POINT = 2 * FP2;

export class AffineBatch {
  /** False once a lane met a case affine formulas cannot do, or a point with no affine form. */
  readonly alive: boolean[];
  private readonly w: McModule;
  private readonly vals: number;
  private readonly num: number;
  private readonly den: number;
  private readonly norm: number;
  private readonly pre: number;
  private readonly tmp: number;
  // The jobs of the next batch: lane, P, Q and where P + Q goes (WebAssembly addresses).
  private readonly jobLane: Int32Array;
  private readonly jobP: Int32Array;
  private readonly jobQ: Int32Array;
  private readonly jobOut: Int32Array;
  private jobs = 0;

  constructor(
    private readonly m: McMath,
    private readonly lanes: number,
    private readonly slots: number,
  ) {
    this.w = m.mod;
    this.vals = this.w._malloc(lanes * slots * POINT);
    this.num = this.w._malloc(lanes * FP2);
    this.den = this.w._malloc(lanes * FP2);
    this.norm = this.w._malloc(lanes * FP);
    this.pre = this.w._malloc(lanes * FP);
    this.tmp = this.w._malloc(4 * FP2);
    this.alive = new Array<boolean>(lanes).fill(true);
    this.jobLane = new Int32Array(lanes);
    this.jobP = new Int32Array(lanes);
    this.jobQ = new Int32Array(lanes);
    this.jobOut = new Int32Array(lanes);
  }

  /** The address of a lane's slot. */
  slot(lane: number, k: number): number {
    return this.vals + (lane * this.slots + k) * POINT;
  }

  /** Writes p's affine form into a slot; a point with none (the identity) kills the lane. */
  load(lane: number, k: number, p: McG2): void {
    if (!this.alive[lane]) return;
    const words = this.m.affineWords(p);
    if (words) this.heap().set(words, this.slot(lane, k) >> 2);
    else this.alive[lane] = false;
  }

  /** A slot's point. */
  read(lane: number, k: number): McG2 {
    const at = this.slot(lane, k) >> 2;
    return this.m.fromAffineWords(this.heap().subarray(at, at + 2 * FP2_WORDS));
  }

  /** Queues slot out ← slot p + slot q of a live lane (p = q doubles); at most one job per lane per batch. */
  add(lane: number, p: number, q: number, out: number): void {
    if (!this.alive[lane]) return;
    const j = this.jobs++;
    this.jobLane[j] = lane;
    this.jobP[j] = this.slot(lane, p);
    this.jobQ[j] = this.slot(lane, q);
    this.jobOut[j] = this.slot(lane, out);
  }

  /** Runs the queued additions with one shared inversion. */
  run(): void {
    const { w, num, den, norm, pre, jobLane, jobP, jobQ, jobOut } = this;
    const [inv, dInv, x3, y3] = [this.tmp, this.tmp + FP2, this.tmp + 2 * FP2, this.tmp + 3 * FP2];
    let n = 0; // jobs kept, compacted to the front
    for (let k = 0; k < this.jobs; k++) {
      const p = jobP[k]!;
      const q = jobQ[k]!;
      const d = den + n * FP2;
      const nu = num + n * FP2;
      if (p === q) {
        // λ = 3x² / 2y
        w._mclBnFp2_sqr(nu, p);
        w._mclBnFp2_add(d, nu, nu);
        w._mclBnFp2_add(nu, d, nu);
        w._mclBnFp2_add(d, p + FP2, p + FP2);
      } else {
        // λ = (y_Q − y_P) / (x_Q − x_P)
        w._mclBnFp2_sub(nu, q + FP2, p + FP2);
        w._mclBnFp2_sub(d, q, p);
      }
      // The norm a² + b² of d = a + b·u lives in Fp: inverting norms instead of Fp2 elements
      // makes the shared inversion about a third cheaper. It is zero only when d is.
      const nm = norm + n * FP;
      w._mclBnFp_sqr(nm, d);
      w._mclBnFp_sqr(x3, d + FP);
      w._mclBnFp_add(nm, nm, x3);
      if (isZero(this.heap(), nm, FP_WORDS)) {
        this.alive[jobLane[k]!] = false; // same x: the identity, or a doubling in disguise
        continue;
      }
      jobP[n] = p;
      jobQ[n] = q;
      jobOut[n] = jobOut[k]!;
      n++;
    }
    this.jobs = 0;
    if (n === 0) return;
    // Prefix products of the norms, one inversion, then each inverse peeled off from the top;
    // 1/d = (a − b·u) / (a² + b²).
    this.heap().copyWithin(pre >> 2, norm >> 2, (norm >> 2) + FP_WORDS);
    for (let i = 1; i < n; i++) w._mclBnFp_mul(pre + i * FP, pre + (i - 1) * FP, norm + i * FP);
    w._mclBnFp_inv(inv, pre + (n - 1) * FP);
    for (let i = n - 1; i >= 0; i--) {
      const nInv = i > 0 ? x3 : inv;
      if (i > 0) {
        w._mclBnFp_mul(nInv, inv, pre + (i - 1) * FP);
        w._mclBnFp_mul(inv, inv, norm + i * FP);
      }
      const d = den + i * FP2;
      w._mclBnFp_mul(dInv, d, nInv);
      w._mclBnFp_mul(dInv + FP, d + FP, nInv);
      w._mclBnFp_neg(dInv + FP, dInv + FP);
      const p = jobP[i]!;
      const out = jobOut[i]!;
      const lambda = num + i * FP2;
      w._mclBnFp2_mul(lambda, lambda, dInv);
      // x3 = λ² − x_P − x_Q; y3 = λ(x_P − x3) − y_P (x3 in scratch: out may be P)
      w._mclBnFp2_sqr(x3, lambda);
      w._mclBnFp2_sub(x3, x3, p);
      w._mclBnFp2_sub(x3, x3, jobQ[i]!);
      w._mclBnFp2_sub(y3, p, x3);
      w._mclBnFp2_mul(y3, y3, lambda);
      w._mclBnFp2_sub(out + FP2, y3, p + FP2);
      this.heap().copyWithin(out >> 2, x3 >> 2, (x3 >> 2) + FP2_WORDS);
    }
  }

  /** Frees the WebAssembly memory. */
  dispose(): void {
    for (const ptr of [this.vals, this.num, this.den, this.norm, this.pre, this.tmp]) this.w._free(ptr);
  }

  /** Re-read each time: the WebAssembly memory may grow (and move) on any malloc. */
  private heap(): Int32Array {
    return this.w.HEAP32;
  }
}

function isZero(heap: Int32Array, ptr: number, words: number): boolean {
  const at = ptr >> 2;
  for (let i = 0; i < words; i++) if (heap[at + i] !== 0) return false;
  return true;
}
