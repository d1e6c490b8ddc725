import { readFile } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { expect, it } from 'vitest';
import { timeSlicer, yieldTurn } from './time-slice.ts';

/** Runs `work` from an I/O callback (the poll phase), as work resumed by a worker's answer does. */
function fromIo(work: () => Promise<void>): Promise<void> {
  return new Promise((resolve, reject) => readFile(fileURLToPath(import.meta.url), () => work().then(resolve, reject)));
}

const busy = (ms: number) => {
  const start = performance.now();
  while (performance.now() - start < ms) {
    /* the timer below becomes due */
  }
};

it('yieldTurn lets a due timer run before the work goes on, even when the work was resumed by I/O', async () => {
  const order: string[] = [];
  await fromIo(async () => {
    setTimeout(() => order.push('timer'), 0);
    busy(3);
    await yieldTurn();
    order.push('work');
  });
  expect(order).toEqual(['timer', 'work']);
});

it('a time slice that is used up yields a whole turn; one that is not returns at once', async () => {
  const order: string[] = [];
  await fromIo(async () => {
    const slice = timeSlicer(2);
    expect(slice()).toBeUndefined();
    setTimeout(() => order.push('timer'), 0);
    busy(3);
    await slice();
    order.push('work');
  });
  expect(order).toEqual(['timer', 'work']);
});
