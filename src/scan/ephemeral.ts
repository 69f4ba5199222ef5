// The processes that ended in a tick, as the scan hands them on: the
// summaries' shape, and the summarizer the scan is given to make them
// (report/ephemeral-summary.ts's EphemeralSummarizer, passed in by whoever
// makes the Scanner: the scan drains the exit tracker, and knows nothing of
// how its records are summed for what leaves the process).

import type { NameTable } from '../sampler/name-table.js';
import type { BpfExitReader } from './bpf-exit-reader.js';

export interface ExitCodeCount {
  /** The exit code; 128 + N for a process killed by signal N (as a shell reports it). */
  exitCode: number;
  count: number;
}

export interface ProcessEphemeralSummary {
  /** The processes' display name (byName), or their parent's as it was at their exit (byParent; empty when the kernel could not read it). */
  processDisplayName: string;
  processCount: number;
  /** The cpu time they used over their whole lives, in percent of one core over this tick. */
  cpuPercent: number;
  /** The largest peak rss among them (the kernel's hiwater rss, as getrusage's ru_maxrss). */
  memoryResidentPeakBytes: number;
  lifetimeP50Ms: number;
  lifetimeP95Ms: number;
  lifetimeP99Ms: number;
  lifetimeMaxMs: number;
  exitCodes: ExitCodeCount[];
}

export interface ProcessEphemeral {
  byName: ProcessEphemeralSummary[];
  byParent: ProcessEphemeralSummary[];
  /** Processes that ended this tick (recorded). */
  exits: number;
  /** Processes that ended this tick and were lost: the kernel's ring was full. */
  lost: number;
  /** The time the summaries cover: since the previous drain. */
  intervalMs: number;
}

/** Sums a drain's records into the tick's summaries. */
export interface ExitSummarizer {
  /** Takes the drop counter where the tracker stood when opened: earlier drops are no tick's. */
  startFrom(reader: BpfExitReader): void;
  /** The records of the reader's last read; `names` the same tick's scan's, `intervalMs` the time since the previous drain. */
  summarize(reader: BpfExitReader, names: NameTable, intervalMs: number): ProcessEphemeral;
}
