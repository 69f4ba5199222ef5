import { defineConfig } from 'vitest/config';

// The soak tests (`npm run test:soak`, after the suite in CI): real
// processes for as long as each claim needs (a leak's plateau, hundreds of
// live changes under 3,000 processes, an idle agent's wake-ups), one file
// at a time so that what they count is the agent's alone.
export default defineConfig({
  test: {
    include: ['test/**/*.soak.test.ts'],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 60_000,
  },
});
