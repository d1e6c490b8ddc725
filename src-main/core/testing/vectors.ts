import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

/** Repository root (this file is src-main/core/testing/vectors.ts). */
export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), '..', '..', '..');

/**
 * Upstream test vectors live outside the repository, in `../shared/vectors` beside the clone
 * (CI provides them there). They are never copied into the repo. `CEREMONY_VECTORS` overrides.
 */
export const vectorsDir = process.env.CEREMONY_VECTORS ?? resolve(repoRoot, '..', 'shared', 'vectors');

export function vectorPath(...parts: string[]): string {
  const p = join(vectorsDir, ...parts);
  if (!existsSync(p)) throw new Error(`test vector missing: ${p} (expected ../shared/vectors beside the clone)`);
  return p;
}

export function readVector(...parts: string[]): string {
  return readFileSync(vectorPath(...parts), 'utf8');
}

export function readVectorJson<T = unknown>(...parts: string[]): T {
  return JSON.parse(readVector(...parts)) as T;
}
