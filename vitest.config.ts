import { defineConfig } from 'vitest/config';

// Unit + engine tests (real models, real SQLite, real images). E2E has its own config.
export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/engines/**/*.test.ts'],
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two cores: keep engine files from fighting over them.
    maxWorkers: 2,
    globalSetup: ['tests/global-setup.ts'],
  },
});
