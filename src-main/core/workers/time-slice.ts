/**
 * Cooperative time slicing for long loops on the main thread (the app's UI, IPC and progress run
 * on it): call the returned function inside the loop; once `budgetMs` has passed since the last
 * pause it yields one turn of the event loop (setImmediate, so timers and I/O run), otherwise it
 * returns at once. Keeps every stall under about the budget plus one iteration.
 */
export function timeSlicer(budgetMs = 8): () => Promise<void> | undefined {
  let since = performance.now();
  return () => {
    if (performance.now() - since < budgetMs) return undefined;
    return new Promise<void>((resolve) =>
      setImmediate(() => {
        since = performance.now();
        resolve();
      }),
    );
  };
}

/**
 * One turn of the event loop (setImmediate): between the phases of a long step on the main thread,
 * where a slicer's clock would count only from its own start, not from the work before it.
 */
export function yieldTurn(): Promise<void> {
  return new Promise<void>((resolve) => setImmediate(resolve));
}
