// The BPF scanner's read: one read of the pinned task iterator
// (bpf/task_iter.bpf.c) gives a fixed binary record for every task, and
// this turns them into the same table columns the /proc/<pid>/stat parser
// writes, so everything after the read (cpu%, Top-N, totals) is unchanged.
//
// One reused buffer and a few reused scratch arrays; nothing per process.
// The records come in pid order (the iterator walks the pid namespace in
// order), so a thread's leader is found by binary search in the pid list.
//
// cpu time: /proc prints the group's time as thread_group_cputime() (the
// live threads' sum plus what `signal` keeps of the dead ones) scaled by
// cputime_adjust() (kernel/sched/cputime.c) so that user + system equals
// the exact runtime and neither goes backwards. The kernel keeps the
// adjustment's state in signal->prev_cputime and moves it only when
// someone reads /proc or the group's rusage; this reader keeps its own per
// slot as well and starts from whichever of the two is further on, so its
// figures are the ones /proc would print at the same moment and never go
// backwards between ticks.

import { closeSync, openSync, readSync } from 'node:fs';
import type { SystemConf } from '../procfs/system-conf.js';
import { COMM_BYTES, PIN_UNKNOWN, READ_OK, READ_REUSED, type TableViews } from '../table/layout.js';
import type { ProcessTable } from '../table/process-table.js';
import {
  KIND_LEADER,
  R_COMM,
  R_DEAD_MAJ_FLT,
  R_DEAD_MIN_FLT,
  R_DEAD_RUNTIME_NS,
  R_DEAD_STIME_NS,
  R_DEAD_UTIME_NS,
  R_FLAGS,
  R_KIND,
  R_MAJ_FLT,
  R_MIN_FLT,
  R_NR_THREADS,
  R_PPID,
  R_PREV_STIME_NS,
  R_PREV_UTIME_NS,
  R_RSS_PAGES,
  R_RUNTIME_NS,
  R_START_NS,
  R_STATE,
  R_STIME_NS,
  R_TGID,
  R_TOTAL_VM_PAGES,
  R_UTIME_NS,
  RECORD_BYTES,
} from './bpf-task-record.js';

const TWO_POW_32 = 4294967296;
const NS_PER_S = 1e9;

// The record's fields as indexes of 32-bit words: the records are read
// through a Uint32Array over the read's buffer (every field is 4- or
// 8-aligned, the host little-endian like the kernel that wrote them),
// cheaper than a DataView call per word (bench/bpf-tick-phases.ts: fill).
const RECORD_WORDS = RECORD_BYTES >> 2;
const W_TGID = R_TGID >> 2;
const W_PPID = R_PPID >> 2;
const W_FLAGS = R_FLAGS >> 2;
const W_START_NS = R_START_NS >> 2;
const W_UTIME_NS = R_UTIME_NS >> 2;
const W_STIME_NS = R_STIME_NS >> 2;
const W_RUNTIME_NS = R_RUNTIME_NS >> 2;
const W_MIN_FLT = R_MIN_FLT >> 2;
const W_MAJ_FLT = R_MAJ_FLT >> 2;
const W_DEAD_UTIME_NS = R_DEAD_UTIME_NS >> 2;
const W_DEAD_STIME_NS = R_DEAD_STIME_NS >> 2;
const W_DEAD_RUNTIME_NS = R_DEAD_RUNTIME_NS >> 2;
const W_PREV_UTIME_NS = R_PREV_UTIME_NS >> 2;
const W_PREV_STIME_NS = R_PREV_STIME_NS >> 2;
const W_DEAD_MIN_FLT = R_DEAD_MIN_FLT >> 2;
const W_DEAD_MAJ_FLT = R_DEAD_MAJ_FLT >> 2;
const W_RSS_PAGES = R_RSS_PAGES >> 2;
const W_TOTAL_VM_PAGES = R_TOTAL_VM_PAGES >> 2;
const W_NR_THREADS = R_NR_THREADS >> 2;

/** What one read found that does not fit the table; counted, never thrown. */
export interface BpfReadCounters {
  /** Thread records whose leader had no record (a leader reaped mid-walk). */
  orphanThreads: number;
  /** Bytes at the end that did not make a whole record. */
  trailingBytes: number;
}

export class BpfTaskReader {
  private buf: Uint8Array;
  /** The same bytes as 32-bit words. */
  private words: Uint32Array;
  private bytes = 0;
  /** Per pid-list index: the group's summed cpu time and faults, and the kernel's prev_cputime. */
  private sums = new Float64Array(0);
  private readonly nsPerTick: number;
  private readonly pageSize: number;
  readonly counters: BpfReadCounters = { orphanThreads: 0, trailingBytes: 0 };

  constructor(
    private readonly pinPath: string,
    system: SystemConf,
    initialBytes = 1 << 20,
  ) {
    this.buf = new Uint8Array(initialBytes);
    this.words = new Uint32Array(this.buf.buffer);
    this.nsPerTick = NS_PER_S / system.clockTicksPerSecond;
    this.pageSize = system.pageSizeBytes;
  }

  /**
   * Runs the iterator: every open of the pinned file is a new walk of the
   * kernel's tasks. Throws the fs error when the file cannot be opened or
   * read (the scanner falls back to procfs).
   */
  read(): number {
    const fd = openSync(this.pinPath, 'r');
    try {
      let n = 0;
      for (;;) {
        if (n === this.buf.length) this.growBuffer();
        const got = readSync(fd, this.buf, n, this.buf.length - n, null);
        if (got === 0) break;
        n += got;
      }
      this.bytes = n;
    } finally {
      closeSync(fd);
    }
    this.counters.trailingBytes = this.bytes % RECORD_BYTES;
    return this.bytes;
  }

  /** The last read's records (every task's, threads too), until the next read. */
  get records(): Uint8Array {
    return this.buf;
  }

  /** Whole records in the last read. */
  get recordCount(): number {
    return Math.floor(this.bytes / RECORD_BYTES);
  }

  /** Writes the leaders' pids into the table's pid list (after read()); returns their count. */
  listInto(table: ProcessTable): number {
    const records = Math.floor(this.bytes / RECORD_BYTES);
    const buf = this.buf;
    let leaders = 0;
    for (let r = 0, at = 0; r < records; r++, at += RECORD_BYTES) if (buf[at + R_KIND] === KIND_LEADER) leaders++;
    table.reservePidList(leaders);
    const pidList = table.views.pidList;
    const w = this.words;
    let i = 0;
    for (let r = 0, q = 0; r < records; r++, q += RECORD_WORDS) {
      if (buf[(q << 2) + R_KIND] === KIND_LEADER) pidList[i++] = w[q + W_TGID];
    }
    return leaders;
  }

  /** Fills the slots of pid list entries [0, count) from the records (after listInto and assignSlots). */
  fill(t: TableViews, count: number): void {
    const SUMS = 7; // utime, stime, runtime, minflt, majflt, prev utime, prev stime
    if (this.sums.length < count * SUMS) this.sums = new Float64Array(Math.max(count * SUMS, this.sums.length * 2));
    const sums = this.sums;
    const buf = this.buf;
    const w = this.words;
    const records = Math.floor(this.bytes / RECORD_BYTES);
    let orphans = 0;
    let i = 0;
    for (let r = 0, q = 0; r < records; r++, q += RECORD_WORDS) {
      if (buf[(q << 2) + R_KIND] === KIND_LEADER) {
        const slot = t.slotList[i];
        const s = i * SUMS;
        sums[s] = u64(w, q + W_UTIME_NS) + u64(w, q + W_DEAD_UTIME_NS);
        sums[s + 1] = u64(w, q + W_STIME_NS) + u64(w, q + W_DEAD_STIME_NS);
        sums[s + 2] = u64(w, q + W_RUNTIME_NS) + u64(w, q + W_DEAD_RUNTIME_NS);
        sums[s + 3] = u64(w, q + W_MIN_FLT) + u64(w, q + W_DEAD_MIN_FLT);
        sums[s + 4] = u64(w, q + W_MAJ_FLT) + u64(w, q + W_DEAD_MAJ_FLT);
        sums[s + 5] = u64(w, q + W_PREV_UTIME_NS);
        sums[s + 6] = u64(w, q + W_PREV_STIME_NS);
        this.fillLeader(t, slot, q);
        i++;
      } else {
        const leader = indexOf(t.pidList, count, w[q + W_TGID]);
        if (leader < 0) {
          orphans++;
          continue;
        }
        const s = leader * SUMS;
        sums[s] += u64(w, q + W_UTIME_NS);
        sums[s + 1] += u64(w, q + W_STIME_NS);
        sums[s + 2] += u64(w, q + W_RUNTIME_NS);
        sums[s + 3] += u64(w, q + W_MIN_FLT);
        sums[s + 4] += u64(w, q + W_MAJ_FLT);
      }
    }
    this.counters.orphanThreads = orphans;
    for (let k = 0; k < count; k++) {
      const slot = t.slotList[k];
      const s = k * SUMS;
      this.adjustCputime(t, slot, sums[s], sums[s + 1], sums[s + 2], sums[s + 5], sums[s + 6]);
      writeU64(t.minflt, slot, sums[s + 3]);
      writeU64(t.majflt, slot, sums[s + 4]);
    }
  }

  /** The leader's record at word q. */
  private fillLeader(t: TableViews, slot: number, q: number): void {
    const w = this.words;
    const buf = this.buf;
    const at = q << 2;
    const known = t.hasPrev[slot] === 1;
    const oldLo = t.starttime[2 * slot];
    const oldHi = t.starttime[2 * slot + 1];
    writeU64(t.starttime, slot, Math.floor(u64(w, q + W_START_NS) / this.nsPerTick));
    t.ppid[slot] = w[q + W_PPID];
    t.flags[slot] = w[q + W_FLAGS];
    t.state[slot] = buf[at + R_STATE];
    t.threads[slot] = w[q + W_NR_THREADS];
    writeU64(t.vsize, slot, u64(w, q + W_TOTAL_VM_PAGES) * this.pageSize);
    t.rssPages[2 * slot] = w[q + W_RSS_PAGES];
    t.rssPages[2 * slot + 1] = w[q + W_RSS_PAGES + 1];
    const commAt = slot * COMM_BYTES;
    let len = 0;
    while (len < COMM_BYTES && buf[at + R_COMM + len] !== 0) {
      t.comm[commAt + len] = buf[at + R_COMM + len];
      len++;
    }
    t.commLen[slot] = len;
    let status = READ_OK;
    if (known && (t.starttime[2 * slot] !== oldLo || t.starttime[2 * slot + 1] !== oldHi)) {
      status = READ_REUSED;
      t.pin[slot] = PIN_UNKNOWN; // a new process: ask the pin rules again
    }
    if (!known || status === READ_REUSED) {
      t.bpfPrevUtimeNs[slot] = 0;
      t.bpfPrevStimeNs[slot] = 0;
    }
    t.status[slot] = status;
  }

  /** cputime_adjust() of kernel/sched/cputime.c, into the utime/stime columns in clock ticks. */
  private adjustCputime(t: TableViews, slot: number, utime: number, stime: number, rtime: number, kernelPrevU: number, kernelPrevS: number): void {
    let prevU = t.bpfPrevUtimeNs[slot];
    let prevS = t.bpfPrevStimeNs[slot];
    if (kernelPrevU + kernelPrevS > prevU + prevS) {
      prevU = kernelPrevU;
      prevS = kernelPrevS;
    }
    if (prevU + prevS < rtime) {
      let st: number;
      if (stime === 0) st = 0;
      else if (utime === 0) st = rtime;
      else {
        // mul_u64_u64_div_u64: exact in the kernel; here a double, off by
        // far less than a clock tick for any runtime below 2^53 ns.
        st = Math.floor((stime * rtime) / (stime + utime));
        if (st > rtime) st = rtime;
      }
      if (st < prevS) st = prevS;
      let ut = rtime - st;
      if (ut < prevU) {
        ut = prevU;
        st = rtime - ut;
      }
      prevU = ut;
      prevS = st;
    }
    t.bpfPrevUtimeNs[slot] = prevU;
    t.bpfPrevStimeNs[slot] = prevS;
    writeU64(t.utime, slot, Math.floor(prevU / this.nsPerTick));
    writeU64(t.stime, slot, Math.floor(prevS / this.nsPerTick));
  }

  private growBuffer(): void {
    const bigger = new Uint8Array(this.buf.length * 2);
    bigger.set(this.buf);
    this.buf = bigger;
    this.words = new Uint32Array(bigger.buffer);
  }
}

/** The u64 at word q (two little-endian words), exact below 2^53. */
function u64(w: Uint32Array, q: number): number {
  return w[q] + w[q + 1] * TWO_POW_32;
}

/** The index of `pid` in the ascending list [0, count), or -1. */
function indexOf(list: Int32Array, count: number, pid: number): number {
  let lo = 0;
  let hi = count - 1;
  while (lo <= hi) {
    const mid = (lo + hi) >>> 1;
    const v = list[mid];
    if (v === pid) return mid;
    if (v < pid) lo = mid + 1;
    else hi = mid - 1;
  }
  return -1;
}

/** A u64 column is two little-endian u32 words (layout.ts). */
function writeU64(column: Uint32Array, slot: number, value: number): void {
  const hi = Math.floor(value / TWO_POW_32);
  column[2 * slot] = value - hi * TWO_POW_32;
  column[2 * slot + 1] = hi;
}
