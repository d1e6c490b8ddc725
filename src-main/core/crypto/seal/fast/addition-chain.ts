/**
 * Short addition chains for the small multipliers of Horner's rule (share indices, 1 to 1001).
 *
 * Multiplying a point by x costs one group operation per chain step. In affine coordinates with
 * batched inversions a doubling costs about what an addition costs, so the best chain is simply
 * the shortest: for x = 43 that is 7 steps (1, 2, 4, 8, 9, 17, 34, 43), where binary
 * double-and-add takes 8 and the signed-digit one used before took 9.
 *
 * A chain is a list of steps; step s makes value s + 1 as value[i] + value[j] (value 0 is the
 * point itself, so i = j is a doubling).
 */
export type ChainStep = readonly [i: number, j: number];

/**
 * Up to this, the shortest chain is searched (about 50 ms for all of 1 to 256, once per thread);
 * above it the search takes up to 100 ms per number, so the best sliding-window chain is used.
 */
const SEARCH_LIMIT = 256;

const cache = new Map<number, readonly ChainStep[]>();

/** A shortest chain for 1 ≤ x ≤ 256, a sliding-window chain above. Memoized per thread. */
export function additionChain(x: number): readonly ChainStep[] {
  if (!Number.isInteger(x) || x < 1) throw new RangeError(`addition chain for ${x}`);
  let chain = cache.get(x);
  if (!chain) {
    chain = x <= SEARCH_LIMIT ? shortestStarChain(x) : bestWindowChain(x);
    cache.set(x, chain);
  }
  return chain;
}

/** The values a chain makes, value 0 being 1 (for tests and checks). */
export function chainValues(chain: readonly ChainStep[]): number[] {
  const values = [1];
  for (const [i, j] of chain) values.push(values[i]! + values[j]!);
  return values;
}

/** The shortest of the sliding-window chains with windows of 1 (the binary method) to 5 bits. */
function bestWindowChain(x: number): ChainStep[] {
  let best: ChainStep[] | undefined;
  for (let w = 1; w <= 5; w++) {
    const chain = windowChain(x, w);
    if (!best || chain.length < best.length) best = chain;
  }
  return best!;
}

/**
 * Odd multiples 1, 3, …, 2^w − 1 first, then x's bits from the top: a doubling per bit, and an
 * addition of the odd multiple that each window of up to w bits (ending in a 1) spells.
 */
function windowChain(x: number, w: number): ChainStep[] {
  const steps: ChainStep[] = [];
  const oddAt = new Map<number, number>([[1, 0]]); // odd multiple → index of its value
  if (w > 1 && x > 2) {
    steps.push([0, 0]); // 2
    const two = steps.length;
    for (let m = 3; m < 2 ** w; m += 2) {
      steps.push([oddAt.get(m - 2)!, two]);
      oddAt.set(m, steps.length);
    }
  }
  const bits = x.toString(2);
  let top = -1; // index of the running value; -1 until the first window is placed
  for (let i = 0; i < bits.length;) {
    if (bits[i] === '0') {
      steps.push([top, top]);
      top = steps.length;
      i++;
      continue;
    }
    // The longest window of at most w bits starting here that ends in a 1.
    let end = Math.min(i + w, bits.length);
    while (bits[end - 1] === '0') end--;
    const digit = parseInt(bits.slice(i, end), 2);
    for (let k = i; k < end && top >= 0; k++) {
      steps.push([top, top]);
      top = steps.length;
    }
    if (top < 0) top = oddAt.get(digit)!;
    else {
      steps.push([top, oddAt.get(digit)!]);
      top = steps.length;
    }
    i = end;
  }
  return steps;
}

/**
 * Iterative deepening over star chains (each step adds the previous value to an earlier one),
 * pruned when even doubling at every remaining step cannot reach x. Star chains are optimal for
 * every x below 12,509, far above any share index.
 */
function shortestStarChain(x: number): ChainStep[] {
  if (x === 1) return [];
  const values = new Array<number>(32);
  const steps = new Array<ChainStep>(32);
  values[0] = 1;
  const search = (len: number, limit: number): boolean => {
    const last = values[len]!;
    if (last === x) return true;
    if (len === limit || last * 2 ** (limit - len) < x) return false;
    // Larger sums first: they reach x in fewer steps more often.
    for (let j = len; j >= 0; j--) {
      const next = last + values[j]!;
      if (next > x || next <= last) continue;
      values[len + 1] = next;
      steps[len] = [len, j];
      if (search(len + 1, limit)) return true;
    }
    return false;
  };
  for (let limit = Math.ceil(Math.log2(x)); ; limit++) {
    if (search(0, limit)) {
      let len = 0;
      while (values[len] !== x) len++;
      return steps.slice(0, len);
    }
  }
}
