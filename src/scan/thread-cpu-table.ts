// Every thread's cpu% over the tick, from the BPF task iterator's records
// (`process_threads`): the iterator already writes one record per task,
// thread or leader, each with its own se.sum_exec_runtime, which the
// process scan adds up into its leader's; this is a second pass over the
// same buffer, run only while the option is on, so the scan without it
// costs what it did.
//
// A thread's cpu is Δsum_exec_runtime over Δwall: /proc/<pid>/task/<tid>/stat
// prints the thread's utime + stime scaled by cputime_adjust() so that
// their sum is that runtime (kernel/sched/cputime.c), so the runtime is the
// same figure in nanoseconds, with no scaling to do.
//
// Struct of arrays, two generations (this tick's, the last one's) swapped
// each tick; nothing per thread is an object. The iterator walks tasks in
// tid order, so the last tick's threads are matched by a forward merge; a
// thread matches only on the same (tid, start time), so a reused tid is a
// new thread, without cpu% on its first tick.

import { R_COMM, R_COMM_BYTES, R_RUNTIME_NS, R_START_NS, R_STATE, R_TGID, R_TID, RECORD_BYTES } from './bpf-task-record.js';

const TWO_POW_32 = 4294967296;

class Generation {
  tid = new Int32Array(0);
  tgid = new Int32Array(0);
  startNs = new Float64Array(0);
  runtimeNs = new Float64Array(0);
  count = 0;

  reserve(n: number): void {
    if (this.tid.length >= n) return;
    const size = Math.max(n, this.tid.length * 2, 1024);
    this.tid = new Int32Array(size);
    this.tgid = new Int32Array(size);
    this.startNs = new Float64Array(size);
    this.runtimeNs = new Float64Array(size);
  }
}

export class ThreadCpuTable {
  private now = new Generation();
  private last = new Generation();
  /** Percent of one core over the tick, per thread of this tick (NaN on a thread's first tick). */
  cpuPct = new Float64Array(0);
  /** Where each thread's record is in `records`, for the names of those that leave. */
  private recordAt = new Int32Array(0);
  private lastReadAtMs = Number.NaN;
  private records: Uint8Array = new Uint8Array(0);
  private view: DataView = new DataView(this.records.buffer);

  /** Threads of this tick. */
  get count(): number {
    return this.now.count;
  }

  tid(i: number): number {
    return this.now.tid[i];
  }

  tgid(i: number): number {
    return this.now.tgid[i];
  }

  /**
   * Takes this tick's records (the reader's buffer, valid until its next
   * read) read at `readAtMs` on a monotonic clock.
   */
  take(records: Uint8Array, recordCount: number, readAtMs: number): void {
    if (records.buffer !== this.records.buffer) this.view = new DataView(records.buffer, records.byteOffset);
    this.records = records;
    const swap = this.last;
    this.last = this.now;
    this.now = swap;
    const now = this.now;
    const last = this.last;
    now.reserve(recordCount);
    if (this.cpuPct.length < now.tid.length) {
      this.cpuPct = new Float64Array(now.tid.length);
      this.recordAt = new Int32Array(now.tid.length);
    }
    const d = this.view;
    // ns of runtime per ms of wall, as percent of one core: ×100 / 1e6.
    const perWallMs = 1e-4 / (readAtMs - this.lastReadAtMs);
    let j = 0;
    for (let i = 0, at = 0; i < recordCount; i++, at += RECORD_BYTES) {
      const tid = d.getUint32(at + R_TID, true);
      const startNs = u64(d, at + R_START_NS);
      const runtimeNs = u64(d, at + R_RUNTIME_NS);
      now.tid[i] = tid;
      now.tgid[i] = d.getUint32(at + R_TGID, true);
      now.startNs[i] = startNs;
      now.runtimeNs[i] = runtimeNs;
      this.recordAt[i] = at;
      while (j < last.count && last.tid[j] < tid) j++;
      const known = j < last.count && last.tid[j] === tid && last.startNs[j] === startNs;
      this.cpuPct[i] = known ? Math.max(0, runtimeNs - last.runtimeNs[j]) * perWallMs : Number.NaN;
    }
    now.count = recordCount;
    this.lastReadAtMs = readAtMs;
  }

  /** The one-letter state of thread `i`, as /proc prints it. */
  state(i: number): number {
    return this.records[this.recordAt[i] + R_STATE];
  }

  /** Copies thread `i`'s name (comm) into `out` at `offset`; returns its length. */
  copyName(i: number, out: Uint8Array, offset: number): number {
    const at = this.recordAt[i] + R_COMM;
    const records = this.records;
    let len = 0;
    while (len < R_COMM_BYTES && records[at + len] !== 0) {
      out[offset + len] = records[at + len];
      len++;
    }
    return len;
  }
}

function u64(d: DataView, at: number): number {
  return d.getUint32(at, true) + d.getUint32(at + 4, true) * TWO_POW_32;
}
