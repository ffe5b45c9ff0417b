import { defineConfig } from 'vitest/config';

// Playwright (playwright-core + Debian chromium) against a real `vws serve`.
// One worker: the browser, the host and the engines share two cores.
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.ts'],
    testTimeout: 240_000,
    hookTimeout: 240_000,
    pool: 'forks',
    maxWorkers: 1,
    fileParallelism: false,
    globalSetup: ['tests/e2e/global-setup.ts'],
  },
});
