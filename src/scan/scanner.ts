// One scan of the /proc root: list → assign slots → read and parse across
// the pool → sweep → cpu% and totals, and the host's cpu no process
// accounts for → name ids → Top-N rows and the per-name tail (or every
// process a row, in raw mode). The result is one object,
// made once and overwritten every tick; strings are made only by the
// callers that ship rows (see report/process-rows.ts).

import { readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { InfraWatchError } from '../errors.js';
import { fillPidList, listProcEntries } from '../procfs/list-pids.js';
import { HostCpuSampler } from '../procfs/host-cpu.js';
import { readOpenFileLimit, readSystemConf, type SystemConf } from '../procfs/system-conf.js';
import { CpuSampler, type TickCounters, type Totals } from '../sampler/cpu-sampler.js';
import { NameTable } from '../sampler/name-table.js';
import { displayNameRules, type DisplayNameRule } from '../sampler/display-name-rules.js';
import { PinRules, type PinRuleConfig } from '../sampler/pin-rules.js';
import { TailAggregator } from '../sampler/tail-aggregator.js';
import { TopNSelector, type SelectorOptions } from '../sampler/top-n-selector.js';
import { readCommandLine } from '../procfs/read-cmdline.js';
import { H_FALLBACK_READS, H_FD_BUDGET, H_KEPT_FDS, PIN_UNKNOWN, READ_OK, READ_REUSED } from '../table/layout.js';
import { ProcessTable } from '../table/process-table.js';
import type { TableViews } from '../table/shared-table.js';
import { StatSliceReader } from './stat-slice-reader.js';
import { ScanPool, type SliceFailure } from './scan-pool.js';
import type { BpfTaskReader } from './bpf-task-reader.js';
import { chooseSource, type ScannerSource } from './bpf-source.js';
import { ExitTracker } from './exit-tracker.js';
import { endedUnscannedCpuPercent } from './ended-cpu.js';
import type { ExitSummarizer, ProcessEphemeral } from './ephemeral.js';
import { ThreadCpuTable } from './thread-cpu-table.js';
import { BusiestThreads } from './busiest-threads.js';

const NO_FAILURES: readonly SliceFailure[] = Object.freeze([]);

/** Where the agent pins the BPF task iterator unless bpf_pin_path says otherwise. */
export const DEFAULT_PIN_PATH = '/sys/fs/bpf/infrawatch/tasks';
/** The exit tracker's folder, beside the task iterator's pin. */
export const EXIT_TRACKER_DIR = 'exit_tracker';

/** Reads pid list entries [0, count) into the table; returns the slices whose worker failed. */
interface PidListReader {
  readAll(count: number): Promise<readonly SliceFailure[]>;
  close(): Promise<void>;
}

/**
 * Pool size 0: the same reader on the calling thread. No worker's memory,
 * but the event loop is blocked for the read; the allocation probe in
 * bench/ uses it to count every byte a tick allocates in one heap.
 */
class InThreadReader implements PidListReader {
  constructor(private readonly reader: StatSliceReader) {}

  async readAll(count: number): Promise<readonly SliceFailure[]> {
    this.reader.readSlice(0, count);
    return NO_FAILURES;
  }

  async close(): Promise<void> {}
}

export interface ScannerOptions {
  readonly procRoot: string;
  /** Where the numbers come from: the BPF task iterator, /proc/<pid>/stat, or BPF where it can be had (default procfs). */
  readonly source?: ScannerSource;
  /** Where the BPF iterator is pinned (on a bpffs mount). */
  readonly bpfPinPath?: string;
  /** While on BPF, drain the exit tracker (pinned in exit_tracker/ beside bpfPinPath) into ephemeral summaries each tick (default false). */
  readonly exitTracker?: boolean;
  /** The K busiest threads of each row (`process_threads.top`); 0 (the default): off. BPF only. */
  readonly threadsTop?: number;
  /** Makes the summarizer of the exit tracker's records (report/ephemeral-summary.ts's, from agent-parts.ts); without it, no tracker. */
  readonly exitSummarizer?: (pageSizeBytes: number) => ExitSummarizer;
  /** Scan workers; 0 reads on the calling thread. */
  readonly poolSize: number;
  /** Keep each stat fd open across ticks (pread at offset 0). */
  readonly keepStatFds: boolean;
  /** Open files left free for everything else (sockets, spool, logs). */
  readonly fdReserve: number;
  /** "smart": Top-N rows and per-name aggregates; "raw": every process a row. */
  readonly mode: 'smart' | 'raw';
  readonly selection: Omit<SelectorOptions, 'selfPid'>;
  readonly pins?: PinRuleConfig;
  /** Rules that map a process name to the display name its rows and aggregate carry. */
  readonly displayNameRules?: readonly DisplayNameRule[];
  /** Byte cap of a command line read for the cmdline pin rules. */
  readonly cmdlineMaxBytes: number;
  readonly system?: SystemConf;
  /** Slots to start with; the table grows past them as needed. */
  readonly initialSlots?: number;
  /** Slots the table may grow to (address space reserved up front; default the kernel's PID_MAX_LIMIT). */
  readonly maxSlots?: number;
  /** How long a worker may take over its slice before it is replaced (its unread processes are missing). */
  readonly workerTimeoutMs?: number;
  /** The agent's own pid (its row is marked agentSelf; exclude_self leaves it out); a replay gives -1. */
  readonly selfPid?: number;
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
  /** The mode of this tick's rows: the configured one, or raw while degraded to raw. */
  mode: 'smart' | 'raw';
  /** The rows of this tick: rowSlots[0 .. rowCount), pinned first, then best first (smart) or in pid-list order (raw). */
  rowSlots: Int32Array;
  rowCount: number;
  /** How many of the first rows are there because an include rule pinned them. */
  pinnedCount: number;
  /** The N in force (smart mode). */
  topN: number;
  /** Shares of all cpu and of all RSS that the rows hold. */
  capture: { cpu: number; rss: number; score: number };
  /** Per-name sums of the processes that are not rows (smart mode). */
  readonly aggregates: TailAggregator;
  names: NameTable;
  /** Stat fds kept open across ticks, and reads past the fd budget this tick. */
  keptFds: number;
  fallbackReads: number;
  /** Slices whose worker hung or died this tick (replaced; their unread processes are counted missing). */
  workerFailures: readonly SliceFailure[];
  /** The source this tick read: the BPF task iterator or /proc/<pid>/stat. */
  scanner: 'bpf' | 'procfs';
  /** Why the scan is on procfs, set on the tick it fell back from BPF (at start or while running); else undefined. */
  bpfFallback: string | undefined;
  /** Falls back from BPF to procfs since the scanner was made. */
  bpfFallbacks: number;
  /** The processes that ended this tick, while the exit tracker runs; else undefined. */
  ephemeral: ProcessEphemeral | undefined;
  /** Why the exit tracker stopped, set on the tick it stopped (at start or while running); else undefined. */
  exitTrackerFailure: string | undefined;
  /** The rows' busiest threads this tick (by row index), while process_threads is on and the scan runs on BPF; else undefined. */
  threads: BusiestThreads | undefined;
  /** Why process_threads is not honoured, set on the first tick it is not (on procfs); else undefined. */
  threadsUnavailable: string | undefined;
  readonly timings: ScanTimings;
}

function selectorFor(options: ScannerOptions, selfPid: number): TopNSelector {
  const rules = options.pins && new PinRules(options.pins);
  return new TopNSelector(
    { ...options.selection, selfPid },
    rules?.any ? rules : undefined,
    // The scan never throws for a process's file: a cmdline that cannot be read pins nothing.
    (pid) => {
      try {
        return readCommandLine(options.procRoot, pid, options.cmdlineMaxBytes)?.text;
      } catch {
        return undefined;
      }
    },
  );
}

/**
 * How many stat fds the scan may keep open: the open-file limit, less the
 * fds this process already holds (another library may keep some), less the
 * reserve left for everything opened later (sockets, spool, the listing).
 * The stat fds of tables still open do not count: a config change makes the
 * new scanner while the one it replaces still holds them.
 */
function statFdBudget(reserve: number): number {
  const inUse = readdirSync('/proc/self/fd').length - ProcessTable.keptFdsOfOpenTables();
  return Math.max(0, Math.min(readOpenFileLimit() - inUse - reserve, 0x7fffffff));
}

export class Scanner {
  readonly table: ProcessTable;
  readonly system: SystemConf;
  /** The pid whose row is the agent's own (never dropped from the rows; -1 in a replay: none is). */
  readonly selfPid: number;
  /** The /proc reader: made at start on procfs, or when the BPF scan first falls back. */
  private reader: PidListReader | undefined;
  private readonly makeReader: () => PidListReader;
  /** The BPF iterator's reader while the scan runs on it. */
  private bpf: BpfTaskReader | undefined;
  /** Why the scan left BPF, until the next tick's result carries it. */
  private fallbackReason: string | undefined;
  /** Why the scan is on procfs (the log says it once). */
  readonly sourceWhy: string | undefined;
  /** The exit tracker, while it runs. */
  private exits: ExitTracker | undefined;
  /** Why it stopped, until the next tick's result carries it. */
  private exitsFailure: string | undefined;
  /** process_threads.top in force (0: off). */
  private threadsTop = 0;
  /** Each thread's cpu over the tick and the rows' busiest, while threadsTop > 0 on BPF. */
  private threadCpu: ThreadCpuTable | undefined;
  private busiest: BusiestThreads | undefined;
  /** Why process_threads is not honoured, until the next tick's result carries it. */
  private threadsNote: string | undefined;
  private readonly sampler: CpuSampler;
  /** The host's busy cpu between two scans (/proc/stat), for the unattributed share. */
  private readonly hostCpu: HostCpuSampler;
  private selector: TopNSelector;
  private names: NameTable;
  private readonly aggregator = new TailAggregator();
  private readonly procRoot: string;
  private mode: 'smart' | 'raw';
  private rowLimitInForce = Number.POSITIVE_INFINITY;
  /** The display rules the names were made with, to tell whether a change makes new display ids. */
  private displayRulesText: string;
  /** Every process a row, whatever the mode (a degraded scan: the sketch breaker's fallback while it is open). */
  private forceRaw = false;
  private rawSlots = new Int32Array(0);
  readonly result: ScanResult;

  constructor(options: ScannerOptions) {
    this.procRoot = options.procRoot;
    this.selfPid = options.selfPid ?? process.pid;
    this.system = options.system ?? readSystemConf();
    this.table = new ProcessTable(options.initialSlots ?? 4096, options.maxSlots);
    const header = this.table.views.header;
    const budget = options.keepStatFds ? statFdBudget(options.fdReserve) : 0;
    Atomics.store(header, H_FD_BUDGET, budget);
    this.makeReader = () =>
      options.poolSize === 0
        ? new InThreadReader(new StatSliceReader(this.table.shared, options.procRoot, options.keepStatFds))
        : new ScanPool({ table: this.table.shared, procRoot: options.procRoot, keepFds: options.keepStatFds }, options.poolSize, options.workerTimeoutMs);
    const choice = chooseSource(options.source ?? 'procfs', options.procRoot, options.bpfPinPath ?? DEFAULT_PIN_PATH, this.system);
    this.bpf = choice.reader;
    this.sourceWhy = choice.why;
    if (choice.failed) this.fallbackReason = choice.why;
    // No scan workers while BPF reads: one file, no per-process reads to spread.
    if (this.bpf === undefined) this.reader = this.makeReader();
    if (this.bpf !== undefined && options.exitTracker === true && options.exitSummarizer !== undefined) {
      const dir = join(dirname(options.bpfPinPath ?? DEFAULT_PIN_PATH), EXIT_TRACKER_DIR);
      try {
        this.exits = new ExitTracker(dir, options.exitSummarizer(this.system.pageSizeBytes));
      } catch (err) {
        this.exitsFailure = `exit tracker off: ${(err as Error).message}`;
      }
    }
    this.sampler = new CpuSampler(this.system);
    this.hostCpu = new HostCpuSampler(options.procRoot);
    this.mode = options.mode;
    this.names = new NameTable(displayNameRules(options.displayNameRules ?? []));
    this.displayRulesText = JSON.stringify(options.displayNameRules ?? []);
    this.selector = selectorFor(options, this.selfPid);
    this.useThreadsTop(options.threadsTop ?? 0);
    this.result = {
      counters: this.sampler.counters,
      totals: this.sampler.totals,
      mode: options.mode,
      rowSlots: this.selector.slots,
      rowCount: 0,
      pinnedCount: 0,
      topN: 0,
      capture: this.selector.capture,
      aggregates: this.aggregator,
      names: this.names,
      keptFds: 0,
      fallbackReads: 0,
      workerFailures: NO_FAILURES,
      scanner: this.bpf === undefined ? 'procfs' : 'bpf',
      bpfFallback: undefined,
      bpfFallbacks: choice.failed ? 1 : 0,
      ephemeral: undefined,
      exitTrackerFailure: undefined,
      threads: undefined,
      threadsUnavailable: undefined,
      timings: { listMs: 0, readMs: 0, sampleMs: 0, totalMs: 0 },
    };
  }

  /**
   * A gentler scan, asked for by the breakers' policies (agent-breakers.ts)
   * and lifted by asking again: `raw`, every process a row whatever the
   * mode; `rowLimit`, at most this many ranked rows a tick (Infinity: no
   * limit beyond N). A field left out stays as it is.
   */
  degrade(d: { raw?: boolean; rowLimit?: number }): void {
    if (d.raw !== undefined) this.forceRaw = d.raw;
    if (d.rowLimit !== undefined) {
      this.rowLimitInForce = d.rowLimit;
      this.selector.rowLimit = d.rowLimit;
    }
  }

  /**
   * Takes new selection options (mode, N, weights, pin and display rules,
   * cmdline cap) between ticks, keeping the table, the pool and every
   * process's history: the next tick has cpu% as usual. Options that shape
   * the table or the pool (see SCANNER_REBUILD_KEYS) need a new Scanner.
   */
  reconfigure(options: ScannerOptions): void {
    this.mode = options.mode;
    this.result.mode = options.mode;
    const rules = JSON.stringify(options.displayNameRules ?? []);
    if (rules !== this.displayRulesText) {
      // New display ids: a new epoch tells the sketch book its keys are stale
      // (the agent ships the sketch window before such a change).
      this.displayRulesText = rules;
      const { displayEpoch, evictions } = this.names;
      this.names = new NameTable(displayNameRules(options.displayNameRules ?? []));
      this.names.displayEpoch = displayEpoch + 1;
      this.names.evictions = evictions; // a counter, as agent_names_evicted_total
      this.result.names = this.names;
    } else {
      // Same names and display ids; the pin rules may have changed: every name is asked again.
      this.names.pins.fill(PIN_UNKNOWN);
    }
    this.selector = selectorFor(options, this.selfPid);
    this.selector.rowLimit = this.rowLimitInForce;
    this.useThreadsTop(options.threadsTop ?? 0);
    this.result.capture = this.selector.capture;
    this.result.rowSlots = this.selector.slots;
    // The pin rules may have changed: every process is asked again.
    this.table.views.pin.fill(PIN_UNKNOWN);
  }

  /** Starts, resizes or stops the per-thread tables; on procfs, says once that the option needs BPF. */
  private useThreadsTop(top: number): void {
    if (top === this.threadsTop) return;
    this.threadsTop = top;
    this.threadCpu = undefined;
    this.busiest = undefined;
    this.threadsNote = undefined;
    if (top === 0) return;
    if (this.bpf === undefined) {
      this.threadsNote = `process_threads: needs the BPF scanner (this scan reads /proc/<pid>/stat${this.sourceWhy === undefined ? '' : `: ${this.sourceWhy}`}); rows carry no threads`;
      return;
    }
    this.threadCpu = new ThreadCpuTable();
    this.busiest = new BusiestThreads(top);
  }

  get views(): TableViews {
    return this.table.views;
  }

  /**
   * One scan. Throws IW_ERR_PROC_ROOT only when the root itself cannot be
   * listed. `readAtMs` is the time of the read on a monotonic clock (cpu% is
   * Δticks over Δtime); a replay passes the recorded one, the agent none
   * (the clock at the read).
   */
  async scan(readAtMs?: number): Promise<ScanResult> {
    const t0 = performance.now();
    const table = this.table;
    let count = this.bpf !== undefined ? this.listFromBpf() : -1;
    let failures = NO_FAILURES;
    let t1: number;
    let t2: number;
    if (count >= 0) {
      t1 = performance.now();
      this.bpf!.fill(table.views, count);
      this.threadCpu?.take(this.bpf!.records, this.bpf!.recordCount, readAtMs ?? t1);
      t2 = performance.now();
    } else {
      count = this.listFromProc();
      Atomics.store(table.views.header, H_FALLBACK_READS, 0);
      t1 = performance.now();
      this.reader ??= this.makeReader();
      failures = await this.reader.readAll(count);
      t2 = performance.now();
    }
    const v = table.views;

    // Before the sampler: a freed process's ticks are credited to its parent (see ProcessTable.sweep).
    table.sweep();
    const sampler = this.sampler;
    const onBpf = this.bpf !== undefined;
    sampler.sample(v, count, readAtMs ?? t1, !onBpf);
    const r = this.result;
    const names = this.names;
    names.assignScanned(v, count);
    r.ephemeral = this.drainExits();
    // On procfs the ended processes' time is in their parents' reaped children already.
    const ended = onBpf && r.ephemeral !== undefined && this.exits !== undefined ? endedUnscannedCpuPercent(this.exits.reader, table, this.system.clockTicksPerSecond, r.ephemeral.intervalMs) : 0;
    sampler.attributeHost(this.hostCpu.sample(), ended);
    r.exitTrackerFailure = this.exitsFailure;
    this.exitsFailure = undefined;
    r.mode = this.forceRaw ? 'raw' : this.mode;
    if (r.mode === 'raw') {
      this.selectAll(v, count);
    } else {
      const selector = this.selector;
      selector.select(v, count, r.totals, names);
      r.rowSlots = selector.slots;
      r.rowCount = selector.count;
      r.pinnedCount = selector.pinned;
      r.topN = selector.n;
      this.aggregator.sumTail(v, count, names);
      selector.unmark(v);
    }
    if (this.busiest !== undefined && this.threadCpu !== undefined) {
      this.busiest.pickFor(r.rowSlots, r.rowCount, v.pid, this.threadCpu);
      r.threads = this.busiest;
    } else {
      r.threads = undefined;
    }
    r.threadsUnavailable = this.threadsNote;
    this.threadsNote = undefined;
    r.workerFailures = failures;
    r.bpfFallback = this.fallbackReason;
    this.fallbackReason = undefined;
    r.keptFds = Atomics.load(v.header, H_KEPT_FDS);
    r.fallbackReads = Atomics.load(v.header, H_FALLBACK_READS);
    const t3 = performance.now();
    r.timings.listMs = t1 - t0;
    r.timings.readMs = t2 - t1;
    r.timings.sampleMs = t3 - t2;
    r.timings.totalMs = t3 - t0;
    return r;
  }

  /** This tick's ended processes; a failed read stops the tracker. */
  private drainExits(): ProcessEphemeral | undefined {
    if (this.exits === undefined) return undefined;
    try {
      return this.exits.drain(this.names);
    } catch (err) {
      this.exits = undefined;
      this.exitsFailure = `exit tracker off: ${(err as Error).message}`;
      return undefined;
    }
  }

  /** Lists /proc into the pid list and assigns slots; returns the count. */
  private listFromProc(): number {
    let entries: string[];
    try {
      entries = listProcEntries(this.procRoot);
    } catch (err) {
      throw new InfraWatchError('IW_ERR_PROC_ROOT', `cannot list proc_root ${this.procRoot}: ${(err as Error).message}`, { cause: err });
    }
    const table = this.table;
    // Either call may grow the table, which makes new views: read
    // table.views after each.
    table.reservePidList(entries.length);
    const count = fillPidList(entries, table.views.pidList);
    table.assignSlots(count);
    return count;
  }

  /**
   * Runs the BPF iterator into the pid list and assigns slots; returns the
   * count, or -1 when it failed: then the scan is on procfs from this tick
   * on (never a lost tick), and the next result says why.
   */
  private listFromBpf(): number {
    try {
      this.bpf!.read();
      const count = this.bpf!.listInto(this.table);
      this.table.assignSlots(count);
      return count;
    } catch (err) {
      this.bpf = undefined;
      this.fallbackReason = `the BPF scan failed (${(err as Error).message}); scanning /proc/<pid>/stat from now on`;
      this.result.scanner = 'procfs';
      this.result.bpfFallbacks++;
      if (this.threadsTop > 0) {
        this.threadCpu = undefined;
        this.busiest = undefined;
        this.threadsNote = 'process_threads: needs the BPF scanner, which failed; rows carry no threads from now on';
      }
      return -1;
    }
  }

  /** Raw mode: every scanned process is a row, and there is no tail. */
  private selectAll(v: TableViews, count: number): void {
    const r = this.result;
    if (this.rawSlots.length < count) this.rawSlots = new Int32Array(Math.max(count, this.rawSlots.length * 2));
    let rows = 0;
    for (let i = 0; i < count; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if (status === READ_OK || status === READ_REUSED) this.rawSlots[rows++] = slot;
    }
    r.rowSlots = this.rawSlots;
    r.rowCount = rows;
    r.pinnedCount = 0;
    r.topN = rows;
    r.capture.cpu = 1;
    r.capture.rss = 1;
    r.capture.score = 1;
    this.aggregator.reset();
  }

  async close(): Promise<void> {
    await this.reader?.close();
    this.table.close();
  }
}
