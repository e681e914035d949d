import { defineConfig } from 'vitest/config';

// Two cores are shared by everything that runs here: keep the worker count low
// so WebRTC and audio timing in the end-to-end tests stay realistic.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    globalSetup: ['test/support/worker-deaths.ts'],
    pool: 'forks',
    poolOptions: { forks: { minForks: 1, maxForks: 2 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: process.env.CI ? ['default', 'json'] : ['default'],
    outputFile: process.env.CI ? { json: 'test-artifacts/vitest.json' } : undefined,
  },
});
