/**
 * Counts the group operations the Seal code performs, so the benchmark can print a lower bound
 * (count × measured unit cost) next to each measured time. Counting is a few integer additions
 * per call site (bulk counts in loops), negligible next to a 25 µs point addition.
 *
 * State is per thread: worker tasks return their counts with their results.
 */
export const OP_NAMES = [
  'G1.add',
  'G1.dbl',
  'G2.add',
  'G2.dbl',
  'G2.jdbl',
  'G2.jadd',
  'G2.jmadd',
  'G1.mul',
  'G2.mul',
  'G1.mulBase',
  'G2.mulBase',
  'G1.decode',
  'G2.decode',
  'G1.encode',
  'G2.encode',
  'G1.hash',
  'G2.hash',
  'pairing.miller',
  'pairing.final',
] as const;
export type OpName = (typeof OP_NAMES)[number];
export type OpCounts = Partial<Record<OpName, number>>;

let counts: OpCounts = {};

export function countOp(name: OpName, k = 1): void {
  if (k !== 0) counts[name] = (counts[name] ?? 0) + k;
}

/** Returns the counts since the last call and starts counting from zero. */
export function takeOpCounts(): OpCounts {
  const out = counts;
  counts = {};
  return out;
}

export function mergeOpCounts(into: OpCounts, from: OpCounts | undefined): OpCounts {
  if (!from) return into;
  for (const [k, v] of Object.entries(from) as [OpName, number][]) into[k] = (into[k] ?? 0) + v;
  return into;
}

/** Adds counts reported by a worker (or an isolated task) to this thread's counter. */
export function addOpCounts(from: OpCounts | undefined): void {
  mergeOpCounts(counts, from);
}

/**
 * Runs `fn` with a fresh counter and returns what it counted, leaving the caller's counts
 * untouched; tasks use it so the same code reports correctly inline and in a worker.
 */
export function isolateOps<T>(fn: () => T): { value: T; ops: OpCounts } {
  const saved = counts;
  counts = {};
  try {
    const value = fn();
    return { value, ops: counts };
  } finally {
    counts = saved;
  }
}
