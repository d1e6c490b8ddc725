import { defineConfig } from 'vitest/config';

// Unit and integration tests live next to the code they test (`*.test.ts`).
// End-to-end specs live in `e2e/` and run under Playwright, not here.
export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-shared/**/*.test.ts', 'src-renderer/**/*.test.ts'],
    environment: 'node',
    testTimeout: 60_000,
    hookTimeout: 60_000,
    pool: 'forks',
  },
});
