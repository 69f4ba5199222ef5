import { availableParallelism } from 'node:os';
import { defineConfig } from 'vitest/config';

// The suite (`npm test`): every file in parallel, one worker per core. No
// assertion depends on a timing or on the cores being free, so a file that
// starts an agent may share the machine with another. What does depend on
// having the machine to itself, or runs as long as its claim needs, runs in
// its own command after the suite, one file at a time:
// - `npm run test:soak` (vitest.soak.config.ts): *.soak.test.ts, names
//   renamed for 80 s, 200 live changes with 3,000 processes, 100 PATCH
//   /config over 1,000 processes, an idle agent's wake-ups counted for 20 s;
// - `npm run test:budget` (vitest.budget.config.ts): the cpu and RSS budget.
export default defineConfig({
  test: {
    include: ['test/**/*.test.ts'],
    exclude: ['test/budget/**', 'test/**/*.soak.test.ts', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    maxWorkers: availableParallelism(),
  },
});
