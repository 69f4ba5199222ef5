import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/budget/**', 'node_modules/**'],
    // The scale test spawns thousands of real processes; it must not share
    // the two cores with another heavy file at the same time.
    fileParallelism: false,
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
