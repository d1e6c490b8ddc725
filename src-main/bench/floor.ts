import type * as BlstTypes from '@chainsafe/blst';
import { createRequire } from 'node:module';
import { parseSignedMessage } from '../core/crypto/seal/wire.ts';

type BlstModule = typeof BlstTypes;

/** One timed pass of the floor: wall and CPU milliseconds. */
export type FloorRun = () => { ms: number; cpuMs: number };

/**
 * The Rust CLI's floor for process-all: seal-committee-cli (fastcrypto on blst) must at least
 * decompress and subgroup-check every G2 commitment of every message, n·t points, on one thread.
 * Measured here with the same blst build through `@chainsafe/blst`, on this thread, in this run:
 * returns a function that times one pass (the bench interleaves its passes with its own runs, so
 * both see the machine at the same speed), or undefined when the native module cannot load.
 */
export function blstDecodeFloor(messages: readonly Uint8Array[]): { run: FloorRun; points: number } | undefined {
  let blst: BlstModule;
  try {
    blst = createRequire(import.meta.url)('@chainsafe/blst') as BlstModule;
  } catch {
    return undefined;
  }
  const points = messages.flatMap((m) => parseSignedMessage(m).wire.message.vssPk);
  for (const p of points.slice(0, 20)) blst.Signature.fromBytes(p, true, true); // warm-up
  const run: FloorRun = () => {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    for (const p of points) blst.Signature.fromBytes(p, true, true);
    const cpu = process.cpuUsage(cpu0);
    return { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
  };
  return { run, points: points.length };
}
