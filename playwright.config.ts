import { defineConfig } from '@playwright/test';

/**
 * End-to-end specs (e2e/*.spec.ts) drive the real renderer against the real main-process
 * code. Two projects run the same specs:
 *  - chromium-loopback: Debian's Chromium against the loopback host (one host process and
 *    data folder per participant). Runs everywhere, including CI.
 *  - electron: the packaged-layout app through Playwright's _electron, where the Electron
 *    binary exists (a developer machine; not this build machine).
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  timeout: 180_000,
  expect: { timeout: 20_000 },
  fullyParallel: false,
  // Two spec files at a time: a spec's processes (hosts, Chromium) keep the 2-core build machine
  // about 40% busy, mostly waiting on each other; two in parallel finish the suite in about two
  // thirds of the time. Each spec's own tests still run in order (they share nothing across files).
  workers: 2,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'chromium-loopback', use: { shell: 'loopback' } as never },
    { name: 'electron', use: { shell: 'electron' } as never },
  ],
});
