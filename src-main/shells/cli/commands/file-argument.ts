import { readFileSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import { CeremonyError } from '../../../core/errors.ts';
import type { CliContext } from '../command.ts';

/**
 * The file named by a command's first argument, read whole unless it is larger than `maxBytes`:
 * then `bytes` is `maxBytes + 1` zero bytes, so the reader refuses it by size in its own words
 * without the file ever being loaded. A missing file is `cli/no-file`.
 */
export function readFileArgument(ctx: CliContext, maxBytes: number): { path: string; size: number; bytes: Uint8Array } {
  const path = resolve(ctx.cwd, ctx.args[0]!);
  let size: number;
  try {
    size = statSync(path).size;
  } catch {
    throw new CeremonyError('cli/no-file', `No file at ${path}.`);
  }
  const bytes = size > maxBytes ? new Uint8Array(maxBytes + 1) : new Uint8Array(readFileSync(path));
  return { path, size, bytes };
}
