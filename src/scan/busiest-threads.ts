// The K busiest threads of each row of the tick (`process_threads.top`),
// "which thread of this process is burning cpu", as top -H answers it,
// without a row per thread: the rows stay the processes (threads share
// their process's memory, which a row per thread would count again).
//
// Typed arrays, K entries a row; the names are copied out of the
// iterator's records only for the threads kept, and made into strings
// only where the rows leave (report/process-rows.ts).

import { R_COMM_BYTES } from './bpf-task-record.js';
import type { ThreadCpuTable } from './thread-cpu-table.js';

const NO_ROW = -1;

export class BusiestThreads {
  /** Threads kept per row. */
  readonly k: number;
  /** Row r's threads are entries [r·k, r·k + counts[r]), busiest first. */
  counts = new Int32Array(0);
  tid = new Int32Array(0);
  cpuPct = new Float64Array(0);
  /** The state letter, as /proc prints it. */
  state = new Uint8Array(0);
  name = new Uint8Array(0);
  nameLen = new Uint8Array(0);
  /** Which thread of the table each entry is, until the names are copied. */
  private pick = new Int32Array(0);
  /** Row pid × 2^23 + row index, sorted: a thread's row by its tgid. */
  private rowKeys = new Float64Array(0);

  constructor(k: number) {
    if (!Number.isInteger(k) || k < 1) throw new RangeError(`BusiestThreads: k must be a positive integer (got ${k})`);
    this.k = k;
  }

  /** Picks the k busiest threads of each row (row r is the process in slot rowSlots[r]); threads without cpu% (their first tick) are left out. */
  pickFor(rowSlots: Int32Array, rowCount: number, pidOfSlot: Int32Array, threads: ThreadCpuTable): void {
    const k = this.k;
    this.reserve(rowCount);
    const keys = this.rowKeys.subarray(0, rowCount);
    // pid_max is at most 2^22 and rows at most that many: the key is exact in a double.
    for (let r = 0; r < rowCount; r++) keys[r] = pidOfSlot[rowSlots[r]] * 8388608 + r;
    keys.sort();
    const counts = this.counts;
    counts.fill(0, 0, rowCount);
    const cpu = this.cpuPct;
    const pick = this.pick;
    for (let i = 0; i < threads.count; i++) {
      const pct = threads.cpuPct[i];
      if (Number.isNaN(pct)) continue;
      const r = rowOf(keys, rowCount, threads.tgid(i));
      if (r === NO_ROW) continue;
      // Insertion into the row's k entries, busiest first; a tie keeps the lower tid.
      const base = r * k;
      let n = counts[r];
      if (n === k) {
        if (pct <= cpu[base + k - 1]) continue;
        n--;
      }
      let at = base + n;
      while (at > base && cpu[at - 1] < pct) {
        cpu[at] = cpu[at - 1];
        pick[at] = pick[at - 1];
        at--;
      }
      cpu[at] = pct;
      pick[at] = i;
      counts[r] = n + 1;
    }
    for (let r = 0; r < rowCount; r++) {
      for (let e = r * k, end = e + counts[r]; e < end; e++) {
        const i = pick[e];
        this.tid[e] = threads.tid(i);
        this.state[e] = threads.state(i);
        this.nameLen[e] = threads.copyName(i, this.name, e * R_COMM_BYTES);
      }
    }
  }

  private reserve(rows: number): void {
    if (this.counts.length >= rows) return;
    const size = Math.max(rows, this.counts.length * 2, 64);
    const entries = size * this.k;
    this.counts = new Int32Array(size);
    this.rowKeys = new Float64Array(size);
    this.tid = new Int32Array(entries);
    this.cpuPct = new Float64Array(entries);
    this.state = new Uint8Array(entries);
    this.nameLen = new Uint8Array(entries);
    this.pick = new Int32Array(entries);
    this.name = new Uint8Array(entries * R_COMM_BYTES);
  }
}

/** The row index of process `pid` in the sorted keys, or NO_ROW. */
function rowOf(keys: Float64Array, count: number, pid: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const p = Math.floor(keys[mid] / 8388608);
    if (p === pid) return keys[mid] - p * 8388608;
    if (p < pid) lo = mid + 1;
    else hi = mid - 1;
  }
  return NO_ROW;
}
