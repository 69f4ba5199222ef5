import { defineConfig } from 'vitest/config';

// The cpu and RSS budget check: its own run (npm run test:budget), after the
// suite, so that nothing else shares the cores while it measures.
export default defineConfig({
  test: {
    include: ['test/budget/**/*.test.ts'],
    testTimeout: 120_000,
  },
});
