// The piscina pool that reads /proc/<pid>/stat for each tick. A task is a
// slice [from, to) of the shared pid list; the workers write straight into
// the shared table, so the only messages are the small task descriptors.
//
// The watchdog: a slice not done within the timeout is aborted, which makes
// piscina terminate its worker and start a new one; a worker that dies
// fails its task and is replaced the same way. Either way the slice's
// unread slots keep READ_MISSING (missing, not zero) and the failure is
// returned for the agent to report.

import { Piscina } from 'piscina';
import { availableParallelism } from 'node:os';
import type { SharedTable } from '../table/shared-table.js';
import { workerFile } from '../paths.js';

export interface ScanWorkerData {
  readonly table: SharedTable;
  readonly procRoot: string;
  readonly keepFds: boolean;
}

export interface ScanTask {
  readonly from: number;
  readonly to: number;
}

/** A slice whose worker hung past the timeout or died: its unread processes are missing this tick. */
export interface SliceFailure {
  readonly from: number;
  readonly to: number;
  readonly cause: 'hung' | 'died';
  readonly message: string;
}

/**
 * The pool size `auto` picks: one worker up to 4 cores. A scan is a few
 * milliseconds of cpu per thousand pids; more workers shorten a tick but do
 * not make it cheaper (they add ~10 MB RSS each), so extra workers pay off
 * only on hosts with many cores and tens of thousands of pids.
 */
export function autoPoolSize(cores = availableParallelism()): number {
  if (cores <= 4) return 1;
  return Math.min(4, Math.floor(cores / 4));
}

// The workers hold one 4 KiB buffer and the table views; a small heap keeps
// each worker's RSS down (measured in `npm run bench`).
const WORKER_RESOURCE_LIMITS = { maxOldGenerationSizeMb: 16, maxYoungGenerationSizeMb: 2 };

export class ScanPool {
  private readonly pool: Piscina;
  readonly size: number;

  constructor(
    data: ScanWorkerData,
    size: number,
    /** How long a slice may take before its worker is taken for hung. */
    private readonly timeoutMs = 10_000,
  ) {
    if (!Number.isInteger(size) || size < 1) throw new RangeError(`pool size must be a positive integer, got ${size}`);
    this.size = size;
    this.pool = new Piscina({
      filename: workerFile('scan-worker.js'),
      minThreads: size,
      maxThreads: size,
      // Workers live as long as the agent: a new worker costs ~30 ms of cpu.
      idleTimeout: Number.POSITIVE_INFINITY,
      concurrentTasksPerWorker: 1,
      workerData: data,
      resourceLimits: WORKER_RESOURCE_LIMITS,
      // The stat fds a worker opens belong to the process table, which
      // closes each once (see table/process-table.ts); Node closing them
      // again when a worker exits closed numbers reused by then.
      trackUnmanagedFds: false,
    });
  }

  /** The pool's workers (the tests kill one on purpose). */
  get threads(): readonly import('node:worker_threads').Worker[] {
    return this.pool.threads;
  }

  /** Reads pid list entries [0, count) across the pool, one slice per worker; returns the slices that failed. */
  async readAll(count: number): Promise<SliceFailure[]> {
    const failures: SliceFailure[] = [];
    if (count === 0) return failures;
    const slices = Math.min(this.size, count);
    const per = Math.ceil(count / slices);
    const runs: Promise<unknown>[] = [];
    // One timer a tick for all its slices.
    const signal = AbortSignal.timeout(this.timeoutMs);
    for (let from = 0; from < count; from += per) {
      const to = Math.min(count, from + per);
      runs.push(
        this.pool.run({ from, to } satisfies ScanTask, { signal }).catch((err: Error) => {
          const hung = err.name === 'AbortError';
          failures.push({ from, to, cause: hung ? 'hung' : 'died', message: hung ? `no answer within ${this.timeoutMs} ms` : err.message });
        }),
      );
    }
    await Promise.all(runs);
    return failures;
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
