// Rows that leave the process: the one place a scanned process becomes an
// object with strings, and only for the rows being shipped (the top rows, or
// every row in raw mode) and the per-name aggregates, never for every
// scanned pid. Field names are those of today's ProcessSample and
// ProcessAggregateSample rows, so that existing dashboards keep working.

import { readU64, type TableViews } from '../table/shared-table.js';
import type { SystemConf } from '../procfs/system-conf.js';
import type { Enricher } from '../enrich/enricher.js';
import type { NameTable } from '../sampler/name-table.js';
import type { ScanResult } from '../scan/scanner.js';
import type { BusiestThreads } from '../scan/busiest-threads.js';
import { R_COMM_BYTES } from '../scan/bpf-task-record.js';

export interface ProcessRow {
  processId: number;
  parentProcessId: number;
  commandName: string;
  processDisplayName: string;
  /** One letter of proc(5): R, S, D, Z, T, t, X, I, … */
  state: string;
  /** Percent of one core; null on a process's first tick. */
  cpuPercent: number | null;
  cpuUserPercent: number | null;
  cpuSystemPercent: number | null;
  memoryResidentSizeBytes: number;
  memoryVirtualSizeBytes: number;
  threadCount: number;
  /** Children it reaped since its last read that no scan saw (cutime + cstime, procfs), percent of one core; null when unknown. */
  reapedChildrenCpuPercent: number | null;
  /** Page faults since the process started: minflt (served from memory) and majflt (read from disk). */
  minorPageFaults: number;
  majorPageFaults: number;
  // For OTLP (process.cpu.time, process.creation.time); the API and
  // envelope encoders list the fields they send, and these are not among them.
  /** Cumulative cpu seconds in user and in kernel mode since the process started (utime, stime). */
  cpuUserSeconds: number;
  cpuSystemSeconds: number;
  /** When the process started, in seconds after the host booted (starttime). */
  startedAfterBootSeconds: number;
  /** argv[0] (scrubbed like the command line). */
  command?: string;
  commandLine?: string;
  commandLineTruncated?: boolean;
  userName?: string;
  ioTotalReadBytes?: number;
  ioTotalWriteBytes?: number;
  pinned?: boolean;
  agentSelf?: boolean;
  /** Its busiest threads over the tick, busiest first (process_threads, BPF scanner only). */
  threads?: ThreadRow[];
}

/** One thread of a row (process_threads): what top -H shows of it. */
export interface ThreadRow {
  threadId: number;
  /** The thread's comm (pthread_setname_np), or the process's. */
  name: string;
  /** One letter of proc(5), as for the row. */
  state: string;
  /** Percent of one core over the tick. */
  cpuPercent: number;
}

/** The fields of a row that only OTLP ships (the API body and the ProcessEnvelope list theirs, without these). */
export const OTLP_ONLY_ROW_FIELDS = ['cpuUserSeconds', 'cpuSystemSeconds', 'startedAfterBootSeconds', 'command'] as const;

export interface ProcessAggregateRow {
  processDisplayName: string;
  processCount: number;
  cpuPercent: number;
  cpuUserPercent: number;
  cpuSystemPercent: number;
  memoryResidentSizeBytes: number;
  memoryVirtualSizeBytes: number;
  threadCount: number;
  /** The reaped children's cpu of the processes folded here (their rows' reapedChildrenCpuPercent, summed). */
  reapedChildrenCpuPercent: number;
  /** The row of the host's cpu that no process accounts for (UNATTRIBUTED_DISPLAY_NAME); absent on the others. */
  unattributed?: boolean;
}

/**
 * The display name of the aggregate row that carries the host's busy cpu
 * no process and no reaped child accounts for (/proc/stat less the totals):
 * kernel work outside any task (interrupts), and processes that lived and
 * died unseen without a parent reaping them. Rows, aggregates and this row
 * add up to the host.
 */
export const UNATTRIBUTED_DISPLAY_NAME = '(unattributed)';

function percentOrNull(value: number): number | null {
  return Number.isNaN(value) ? null : value;
}

/** The scanner's fields of the process in `slot`; its name is made once per distinct name. */
export function processRowOf(v: TableViews, slot: number, system: SystemConf, names: NameTable): ProcessRow {
  const id = v.nameId[slot];
  return {
    processId: v.pid[slot],
    parentProcessId: v.ppid[slot],
    commandName: names.nameOf(id),
    processDisplayName: names.displayName(names.displayIdOf(id)),
    state: String.fromCharCode(v.state[slot]),
    cpuPercent: percentOrNull(v.cpuPct[slot]),
    cpuUserPercent: percentOrNull(v.cpuUserPct[slot]),
    cpuSystemPercent: percentOrNull(v.cpuSystemPct[slot]),
    reapedChildrenCpuPercent: percentOrNull(v.childCpuPct[slot]),
    memoryResidentSizeBytes: readU64(v.rssPages, slot) * system.pageSizeBytes,
    memoryVirtualSizeBytes: readU64(v.vsize, slot),
    threadCount: v.threads[slot],
    minorPageFaults: readU64(v.minflt, slot),
    majorPageFaults: readU64(v.majflt, slot),
    cpuUserSeconds: readU64(v.utime, slot) / system.clockTicksPerSecond,
    cpuSystemSeconds: readU64(v.stime, slot) / system.clockTicksPerSecond,
    startedAfterBootSeconds: readU64(v.starttime, slot) / system.clockTicksPerSecond,
  };
}

export interface RowOptions {
  /** Reads the costly files of each row; undefined: the scanner's fields only. */
  readonly enricher?: Enricher;
  /** Read /proc/<pid>/io for each row (every tick: it changes). */
  readonly withIo: boolean;
  /** The agent's own pid (the scanner's selfPid): its row is marked agentSelf. Default: this process. */
  readonly selfPid?: number;
}

/** The rows of a scan: pinned first, then best first (smart), or every process (raw). */
export function rowsOf(result: ScanResult, v: TableViews, system: SystemConf, options: RowOptions): ProcessRow[] {
  const rows: ProcessRow[] = [];
  const enricher = options.enricher;
  enricher?.beginTick();
  for (let i = 0; i < result.rowCount; i++) {
    const slot = result.rowSlots[i];
    const row = processRowOf(v, slot, system, result.names);
    if (enricher !== undefined) {
      const e = enricher.enrich(slot, row.processId, readU64(v.starttime, slot));
      row.command = e.command;
      row.commandLine = e.commandLine;
      row.commandLineTruncated = e.commandLineTruncated;
      row.userName = e.userName;
      if (options.withIo) {
        const io = enricher.io(row.processId);
        if (io !== undefined) {
          row.ioTotalReadBytes = io.readBytes;
          row.ioTotalWriteBytes = io.writeBytes;
        }
      }
    }
    if (result.threads !== undefined) row.threads = threadRowsOf(result.threads, i);
    row.pinned = i < result.pinnedCount;
    row.agentSelf = row.processId === (options.selfPid ?? process.pid);
    rows.push(row);
  }
  enricher?.endTick();
  return rows;
}

/** Row `row`'s busiest threads, as they leave. */
export function threadRowsOf(t: BusiestThreads, row: number): ThreadRow[] {
  const out: ThreadRow[] = [];
  for (let e = row * t.k, end = e + t.counts[row]; e < end; e++) {
    const at = e * R_COMM_BYTES;
    out.push({
      threadId: t.tid[e],
      name: Buffer.from(t.name.buffer, t.name.byteOffset + at, t.nameLen[e])
        .toString('utf8')
        .toWellFormed(),
      state: String.fromCharCode(t.state[e]),
      cpuPercent: t.cpuPct[e],
    });
  }
  return out;
}

/** One row per display name of the processes that are not rows, sorted by it, then the unattributed row when the host's cpu is known. */
export function aggregateRowsOf(result: ScanResult): ProcessAggregateRow[] {
  const a = result.aggregates;
  const rows: ProcessAggregateRow[] = [];
  for (let i = 0; i < a.usedCount; i++) {
    const id = a.used[i];
    rows.push({
      processDisplayName: result.names.displayName(id),
      processCount: a.count[id],
      cpuPercent: a.cpu[id],
      cpuUserPercent: a.cpuUser[id],
      cpuSystemPercent: a.cpuSystem[id],
      memoryResidentSizeBytes: a.rssBytes[id],
      memoryVirtualSizeBytes: a.vsizeBytes[id],
      threadCount: a.threads[id],
      reapedChildrenCpuPercent: a.childCpu[id],
    });
  }
  rows.sort((x, y) => (x.processDisplayName < y.processDisplayName ? -1 : x.processDisplayName > y.processDisplayName ? 1 : 0));
  const unattributed = result.totals.unattributedCpuPercent;
  if (unattributed !== undefined) {
    rows.push({
      processDisplayName: UNATTRIBUTED_DISPLAY_NAME,
      processCount: 0,
      cpuPercent: unattributed,
      cpuUserPercent: 0,
      cpuSystemPercent: 0,
      memoryResidentSizeBytes: 0,
      memoryVirtualSizeBytes: 0,
      threadCount: 0,
      reapedChildrenCpuPercent: 0,
      unattributed: true,
    });
  }
  return rows;
}
