/**
 * Cooperative time slicing for long loops on the main thread (the app's UI, IPC and progress run
 * on it): call the returned function inside the loop; once `budgetMs` has passed since the last
 * pause it yields a whole turn of the event loop (see `yieldTurn`), otherwise it returns at once.
 * Keeps every stall under about the budget plus one iteration.
 */
export function timeSlicer(budgetMs = 8): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return yieldTurn().then(() => {
      since = performance.now();
    });
  };
}

/**
 * A whole turn of the event loop, so timers and I/O (the window's IPC) run before the work goes
 * on: between the phases of a long step on the main thread, and in every time slice. One
 * setImmediate is not enough: work resumed by I/O (a worker's answer) runs in the poll phase, and
 * an immediate set there runs in the same turn's check phase, before any timer or further I/O; the
 * second immediate lands in the next turn's check phase, after its timers and poll.
 */
export function yieldTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(() => setImmediate(resolve)));
}
