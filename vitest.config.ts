import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    reporters: ['default', './test/support/summary-line-reporter.ts'],
    projects: [
      {
        test: {
          name: 'unit',
          include: ['{core,adapters,functions,run-services,tools,infra,dashboard}/src/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/fakes/**/*.test.ts'],
          environment: 'node',
          // A few unit tests do real work (10 000 exact trades, a 200 000-trade report, 201 DuckDB files, a
          // CLI in a child process); 5 s is too tight for them on a loaded 2-core machine.
          testTimeout: 30_000,
          hookTimeout: 60_000,
        },
      },
      {
        test: {
          name: 'integration',
          include: ['test/integration/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['./test/support/emulators.global-setup.ts'],
          testTimeout: 240_000,
          hookTimeout: 240_000,
          // The stack spawns ~8 processes per file; one file at a time keeps a 2-core CI machine honest.
          fileParallelism: false,
        },
      },
    ],
  },
});
