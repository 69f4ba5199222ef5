// The piscina pool that reads /proc/<pid>/stat for each tick. A task is a
// slice [from, to) of the shared pid list; the workers write straight into
// the shared table, so the only messages are the small task descriptors.

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

  constructor(data: ScanWorkerData, size: number) {
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
    });
  }

  /** Reads pid list entries [0, count) across the pool, one slice per worker. */
  async readAll(count: number): Promise<void> {
    if (count === 0) return;
    const slices = Math.min(this.size, count);
    const per = Math.ceil(count / slices);
    const runs: Promise<unknown>[] = [];
    for (let from = 0; from < count; from += per) {
      runs.push(this.pool.run({ from, to: Math.min(count, from + per) } satisfies ScanTask));
    }
    await Promise.all(runs);
  }

  async close(): Promise<void> {
    await this.pool.destroy();
  }
}
