import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

/** Which build is running: the package version and the git commit it was built from. */
export interface BuildInfo {
  version: string;
  /** Full commit hash, with `-dirty` when the tree had changes; 'unknown' outside a checkout. */
  commit: string;
}

// Replaced at build time by electron-vite (`define` in electron.vite.config.ts). Sources run
// through tsx (development, tests) have no such constant and read the checkout instead.
declare const __CEREMONY_BUILD__: BuildInfo | undefined;

let cached: BuildInfo | undefined;

export function buildInfo(): BuildInfo {
  if (typeof __CEREMONY_BUILD__ !== 'undefined' && __CEREMONY_BUILD__) return __CEREMONY_BUILD__;
  return (cached ??= fromCheckout());
}

/** Version and commit of the checkout these sources are in (the build bakes in the same). */
function fromCheckout(): BuildInfo {
  const root = new URL('../../', import.meta.url); // this file is src-main/core/build-info.ts
  const dir = fileURLToPath(root);
  let version = '0.0.0';
  try {
    version = (JSON.parse(readFileSync(new URL('package.json', root), 'utf8')) as { version: string }).version;
  } catch {
    // not a checkout: keep the placeholder
  }
  let commit = 'unknown';
  try {
    const git = (args: string[]) =>
      execFileSync('git', ['-C', dir, ...args], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim();
    commit = git(['rev-parse', 'HEAD']) + (git(['status', '--porcelain', '--untracked-files=no']) ? '-dirty' : '');
  } catch {
    // no git, or not a checkout
  }
  return { version, commit };
}
