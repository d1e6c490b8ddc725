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
  // One spec at a time: on the 2-core build machine two in parallel were slower in total (each
  // participant's Chromium renders in software), 11.4 min against 8.1.
  workers: 1,
  retries: 0,
  reporter: [['list']],
  use: { trace: 'retain-on-failure', screenshot: 'only-on-failure' },
  projects: [
    { name: 'chromium-loopback', use: { shell: 'loopback' } as never },
    { name: 'electron', use: { shell: 'electron' } as never },
  ],
});
