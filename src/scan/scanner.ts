// One scan of the /proc root: list → assign slots → read and parse across
// the pool → cpu% and totals → Top-N → sweep. The result is one object,
// made once and overwritten every tick; strings are made only by the
// callers that ship rows (see report/process-rows.ts).

import { readdirSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { InfraWatchError } from '../errors.js';
import { fillPidList, listProcEntries } from '../procfs/list-pids.js';
import { readOpenFileLimit, readSystemConf, type SystemConf } from '../procfs/system-conf.js';
import { CpuSampler, type TickCounters, type Totals } from '../sampler/cpu-sampler.js';
import { TopNHeap } from '../sampler/topn-heap.js';
import { H_FALLBACK_READS, H_FD_BUDGET, H_KEPT_FDS, READ_OK, READ_REUSED } from '../table/layout.js';
import { ProcessTable } from '../table/process-table.js';
import type { TableViews } from '../table/shared-table.js';
import { StatSliceReader } from '../procfs/stat-slice-reader.js';
import { ScanPool } from './scan-pool.js';

/** Reads pid list entries [0, count) into the table. */
interface PidListReader {
  readAll(count: number): Promise<void>;
  close(): Promise<void>;
}

/**
 * Pool size 0: the same reader on the calling thread. No worker's memory,
 * but the event loop is blocked for the read; the allocation probe in
 * bench/ uses it to count every byte a tick allocates in one heap.
 */
class InThreadReader implements PidListReader {
  constructor(private readonly reader: StatSliceReader) {}

  async readAll(count: number): Promise<void> {
    this.reader.readSlice(0, count);
  }

  async close(): Promise<void> {}
}

export interface ScannerOptions {
  readonly procRoot: string;
  /** Scan workers; 0 reads on the calling thread. */
  readonly poolSize: number;
  /** Keep each stat fd open across ticks (pread at offset 0). */
  readonly keepStatFds: boolean;
  /** Open files left free for everything else (sockets, spool, logs). */
  readonly fdReserve: number;
  readonly topN: number;
  readonly system?: SystemConf;
  /** Slots to start with; the table grows past them as needed. */
  readonly initialSlots?: number;
}

export interface ScanTimings {
  listMs: number;
  readMs: number;
  sampleMs: number;
  totalMs: number;
}

export interface ScanResult {
  readonly counters: TickCounters;
  readonly totals: Totals;
  /** Slots of the top rows, best first: topSlots[0 .. topCount). */
  readonly topSlots: Int32Array;
  topCount: number;
  /** Stat fds kept open across ticks, and reads past the fd budget this tick. */
  keptFds: number;
  fallbackReads: number;
  readonly timings: ScanTimings;
}

/**
 * How many stat fds the scan may keep open: the open-file limit, less the
 * fds this process already holds (another library may keep some), less the
 * reserve left for everything opened later (sockets, spool, the listing).
 */
function statFdBudget(reserve: number): number {
  const inUse = readdirSync('/proc/self/fd').length;
  return Math.max(0, Math.min(readOpenFileLimit() - inUse - reserve, 0x7fffffff));
}

export class Scanner {
  readonly table: ProcessTable;
  readonly system: SystemConf;
  private readonly reader: PidListReader;
  private readonly sampler: CpuSampler;
  private readonly heap: TopNHeap;
  private readonly procRoot: string;
  readonly result: ScanResult;

  constructor(options: ScannerOptions) {
    this.procRoot = options.procRoot;
    this.system = options.system ?? readSystemConf();
    this.table = new ProcessTable(options.initialSlots ?? 4096);
    const header = this.table.views.header;
    const budget = options.keepStatFds ? statFdBudget(options.fdReserve) : 0;
    Atomics.store(header, H_FD_BUDGET, budget);
    this.reader =
      options.poolSize === 0
        ? new InThreadReader(new StatSliceReader(this.table.shared, options.procRoot, options.keepStatFds))
        : new ScanPool({ table: this.table.shared, procRoot: options.procRoot, keepFds: options.keepStatFds }, options.poolSize);
    this.sampler = new CpuSampler(this.system);
    this.heap = new TopNHeap(options.topN);
    this.result = {
      counters: this.sampler.counters,
      totals: this.sampler.totals,
      topSlots: new Int32Array(options.topN),
      topCount: 0,
      keptFds: 0,
      fallbackReads: 0,
      timings: { listMs: 0, readMs: 0, sampleMs: 0, totalMs: 0 },
    };
  }

  get views(): TableViews {
    return this.table.views;
  }

  /** One scan. Throws IW_ERR_PROC_ROOT only when the root itself cannot be listed. */
  async scan(): Promise<ScanResult> {
    const t0 = performance.now();
    let names: string[];
    try {
      names = listProcEntries(this.procRoot);
    } catch (err) {
      throw new InfraWatchError('IW_ERR_PROC_ROOT', `cannot list proc_root ${this.procRoot}: ${(err as Error).message}`, { cause: err });
    }
    const table = this.table;
    // Either call may grow the table, which makes new views: read
    // table.views after each.
    table.reservePidList(names.length);
    const count = fillPidList(names, table.views.pidList);
    table.assignSlots(count);
    const v = table.views;
    Atomics.store(v.header, H_FALLBACK_READS, 0);

    const t1 = performance.now();
    await this.reader.readAll(count);
    const t2 = performance.now();

    this.sampler.sample(v, count, t1);
    const heap = this.heap;
    heap.reset(v.cpuPct, v.rssBytes);
    for (let i = 0; i < count; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if (status === READ_OK || status === READ_REUSED) heap.offer(slot);
    }
    const r = this.result;
    r.topCount = heap.drainBestFirst(r.topSlots);
    table.sweep();
    r.keptFds = Atomics.load(v.header, H_KEPT_FDS);
    r.fallbackReads = Atomics.load(v.header, H_FALLBACK_READS);
    const t3 = performance.now();
    r.timings.listMs = t1 - t0;
    r.timings.readMs = t2 - t1;
    r.timings.sampleMs = t3 - t2;
    r.timings.totalMs = t3 - t0;
    return r;
  }

  async close(): Promise<void> {
    await this.reader.close();
    this.table.close();
  }
}
