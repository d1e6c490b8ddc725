/**
 * Cooperative time slicing for long loops on the main thread (the app's UI, IPC and progress run
 * on it): call the returned function inside the loop; once `budgetMs` has passed since the last
 * pause it yields one turn of the event loop (setImmediate, so timers and I/O run), otherwise it
 * returns at once. Keeps every stall under about the budget plus one iteration.
 */
export function timeSlicer(budgetMs = 15): () => Promise<void> | undefined {
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
