import { readdirSync, readFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

// Two groups, one after the other. First the files that start no agent and
// no crowd of processes, in parallel, one worker per core. Then, one file at
// a time, those that start an agent (`infrawatch run`, held by the test
// while it works) or thousands of processes: they must not share the cores
// with each other, and what they measure (ticks, wake-ups, a host's worth
// of kept fds) is the agent's alone.
const SERIAL_WHEN = /\brunAgent\(|\bcaptureOtlp\(|\bstartSleepers\(|\bspawn\(process\.execPath, \[(?:\.\.\.[^\]]+?, )?CLI, 'run'/;

const TEST_DIR = fileURLToPath(new URL('./test/', import.meta.url));
const serialFiles = (readdirSync(TEST_DIR, { recursive: true }) as string[])
  .filter((f) => f.endsWith('.test.ts') && !f.startsWith('budget/') && SERIAL_WHEN.test(readFileSync(join(TEST_DIR, f), 'utf8')))
  .map((f) => `test/${f}`);

export default defineConfig({
  test: {
    exclude: ['test/budget/**', 'node_modules/**'],
    testTimeout: 60_000,
    hookTimeout: 60_000,
    projects: [
      {
        extends: true,
        test: {
          name: 'parallel',
          include: ['test/**/*.test.ts'],
          exclude: ['test/budget/**', 'node_modules/**', ...serialFiles],
          maxWorkers: availableParallelism(),
          sequence: { groupOrder: 0 },
        },
      },
      {
        extends: true,
        test: {
          name: 'serial',
          include: serialFiles,
          fileParallelism: false,
          sequence: { groupOrder: 1 },
        },
      },
    ],
  },
});
