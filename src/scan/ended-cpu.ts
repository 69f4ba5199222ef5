// The cpu, over one tick, of the processes that ended in it which no scan
// reported (issue 18, on BPF). The exit tracker's record of an ended process
// carries its whole life's runtime; a tick already reported the part up to
// its last read (a row's or an aggregate's cpu% from each read to the
// next), so only the rest is this tick's and unreported: the runtime less
// the ticks at that last read, or the whole runtime when no read saw it.
// Looked up per pid in the process table (the live slot, or what the sweep
// kept of a freed one): nothing per process.

import type { ProcessTable } from '../table/process-table.js';
import type { BpfExitReader } from './bpf-exit-reader.js';

/**
 * Sums the reader's last read: percent of one core over `intervalMs`.
 * `ticksPerSecond` is CLK_TCK, the unit of the table's cpu and start times.
 * The ticks round the kernel's nanoseconds down, so a remainder below zero
 * (at most a tick or two) counts as none.
 */
export function endedUnscannedCpuPercent(reader: BpfExitReader, table: ProcessTable, ticksPerSecond: number, intervalMs: number): number {
  if (intervalMs <= 0) return 0;
  const nsPerTick = 1e9 / ticksPerSecond;
  let ns = 0;
  for (let i = 0; i < reader.count; i++) {
    const runtimeNs = reader.runtimeNs(i);
    const lastTicks = table.lastReadTicksOf(reader.pid(i), Math.floor(reader.startNs(i) / nsPerTick));
    ns += lastTicks < 0 ? runtimeNs : Math.max(0, runtimeNs - lastTicks * nsPerTick);
  }
  return (ns / 1e6 / intervalMs) * 100;
}
