import { defineConfig } from 'vitest/config';

// One fast-check seed per run, printed, so any property-test failure can be replayed with
// CEREMONY_PROPERTY_SEED=<seed> (fast-check also prints it, with the failing path, on failure).
const propertySeed = process.env.CEREMONY_PROPERTY_SEED ?? String((Math.random() * 2 ** 31) | 0);
if (process.env.VITEST && !process.env.VITEST_WORKER_ID) console.log(`property tests: CEREMONY_PROPERTY_SEED=${propertySeed}`);

// Unit and integration tests live next to the code they test (`*.test.ts`).
// End-to-end specs live in `e2e/` and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
    // More test processes than the 2 cores of the build machine: many tests wait on child
    // processes, the keychain or the disk, so 4 finish the suite in about two thirds of the time.
    maxWorkers: 4,
    // Test files share a worker's module cache instead of importing the app (Sui SDK, curves,
    // engine) afresh each: imports summed over files took 286 s (the suite 315 s on the clock);
    // shared, 40 s (the suite 190 s). No test file leaves global state behind (fake timers and
    // stubbed globals are restored in afterEach; the CLI core factory in afterAll); the suite passes
    // with its files in shuffled order (--sequence.shuffle.files).
    isolate: false,
    env: { CEREMONY_PROPERTY_SEED: propertySeed },
    setupFiles: ['src-main/core/testing/property-seed.setup.ts'],
  },
});
