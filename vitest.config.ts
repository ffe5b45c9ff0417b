import { defineConfig } from 'vitest/config';

// Two projects: pure unit tests, and engine tests that use the real models
// (their global setup prepares the model cache once). E2E has its own config.
export default defineConfig({
  test: {
    testTimeout: 120_000,
    hookTimeout: 300_000,
    pool: 'forks',
    // Two cores: keep engine files from fighting over them.
    maxWorkers: 2,
    projects: [
      {
        extends: true,
        test: { name: 'unit', include: ['tests/unit/**/*.test.ts'] },
      },
      {
        extends: true,
        test: { name: 'engines', include: ['tests/engines/**/*.test.ts'], globalSetup: ['tests/global-setup.ts'] },
      },
    ],
  },
});
