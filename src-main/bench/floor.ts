import type * as BlstTypes from '@chainsafe/blst';
import { createRequire } from 'node:module';
import { parseSignedMessage } from '../core/crypto/seal/wire.ts';

type BlstModule = typeof BlstTypes;

/**
 * The Rust CLI's floor for process-all: seal-committee-cli (fastcrypto on blst) must at least
 * decompress and subgroup-check every G2 commitment of every message, n·t points, on one thread.
 * Measured here with the same blst build through `@chainsafe/blst`, on this thread, in this run.
 * Returns undefined when the native module cannot load on this machine.
 */
export function blstDecodeFloor(messages: readonly Uint8Array[], runs = 1): { ms: number; cpuMs: number; points: number } | undefined {
  let blst: BlstModule;
  try {
    blst = createRequire(import.meta.url)('@chainsafe/blst') as BlstModule;
  } catch {
    return undefined;
  }
  const points = messages.flatMap((m) => parseSignedMessage(m).wire.message.vssPk);
  for (const p of points.slice(0, 20)) blst.Signature.fromBytes(p, true, true); // warm-up
  let best: { ms: number; cpuMs: number } | undefined;
  for (let r = 0; r < runs; r++) {
    const start = performance.now();
    const cpu0 = process.cpuUsage();
    for (const p of points) blst.Signature.fromBytes(p, true, true);
    const cpu = process.cpuUsage(cpu0);
    const run = { ms: performance.now() - start, cpuMs: (cpu.user + cpu.system) / 1000 };
    if (!best || run.ms < best.ms) best = run;
  }
  return { ...best!, points: points.length };
}
