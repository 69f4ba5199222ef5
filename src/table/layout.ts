// The process table's shared-memory layout, imported by the main thread and
// by every scan worker so that both sides agree on every offset.
//
// The table is a struct of arrays: one column per field, one slot per live
// process. Each column is its own growable SharedArrayBuffer, so the table
// grows in place, without copying. The views over them have a fixed length
// (H_CAPACITY slots) and are made again after a growth: V8 11 (Node 20)
// compiles element access on length-tracking views of growable buffers to a
// slow path, which made the stat parser 1.5× slower (0.76 against 0.49 µs
// a pid, measured while building this table).
//
//   column  pid      starttime  state  ppid  ...  comm (64 B)  fd  status
//   slot 0  [i32]    [u64]      [u8]   [i32]      [64 × u8]    [i32] [u8]
//   slot 1   ...
//
// 64-bit counters from /proc (utime, vsize, …) are `u64` columns: 8 bytes per
// slot, written by the parser as two little-endian u32 words (no BigInt on
// the hot path), read as a float for arithmetic (exact below 2^53) and as a
// BigUint64 only where a value leaves the process.

export type ColumnKind = 'i32' | 'u32' | 'u8' | 'u64' | 'f64' | 'comm';

export interface ColumnSpec {
  readonly name: ColumnName;
  readonly kind: ColumnKind;
}

// The longest name /proc/<pid>/stat can print. A user process's comm is
// TASK_COMM_LEN (16) bytes with its NUL, but the kernel writes workqueue
// workers' names into a 64-byte buffer (proc_task_name: "kworker/u8:0-
// events_unbound"), and cutting those at 15 bytes would merge unrelated
// workers. Anything longer (only a forged file) is cut and flagged.
export const COMM_BYTES = 64;

export const BYTES_PER_SLOT: Readonly<Record<ColumnKind, number>> = {
  i32: 4,
  u32: 4,
  u8: 1,
  u64: 8,
  f64: 8,
  comm: COMM_BYTES,
};

// Written by the scan worker (from /proc/<pid>/stat):
//   pid, starttime, state, ppid, flags, minflt, majflt, utime, stime,
//   cutime, cstime, threads, vsize, rssPages, comm, commLen, fd, status
// Written by the main thread:
//   generation (mark), prevUtime, prevStime, prevAtMs, hasPrev,
//   cpuPct, cpuUserPct, cpuSystemPct, rssBytes (the sampler's output),
//   score, nameId, pin, isTop (the Top-N selection), prevChildTicks,
//   baseTicks, childCpuPct, childCredit, childCreditCarry (reaped
//   children's cpu)
// Written by the BPF scanner instead of the scan worker: the same columns,
// and bpfPrevUtimeNs, bpfPrevStimeNs
export const COLUMNS = [
  { name: 'pid', kind: 'i32' },
  { name: 'starttime', kind: 'u64' }, // (22) clock ticks after boot
  { name: 'state', kind: 'u8' }, // (3) one ASCII letter
  { name: 'ppid', kind: 'i32' }, // (4)
  { name: 'flags', kind: 'u32' }, // (9) PF_* flags
  { name: 'minflt', kind: 'u64' }, // (10)
  { name: 'majflt', kind: 'u64' }, // (12)
  { name: 'utime', kind: 'u64' }, // (14) clock ticks
  { name: 'stime', kind: 'u64' }, // (15) clock ticks
  { name: 'cutime', kind: 'u64' }, // (16) clock ticks of reaped children (procfs only; 0 from BPF)
  { name: 'cstime', kind: 'u64' }, // (17)
  { name: 'threads', kind: 'i32' }, // (20)
  { name: 'vsize', kind: 'u64' }, // (23) bytes
  { name: 'rssPages', kind: 'u64' }, // (24) pages
  { name: 'comm', kind: 'comm' }, // (2) raw bytes, at most COMM_BYTES
  { name: 'commLen', kind: 'u8' }, // bytes used in comm
  { name: 'fd', kind: 'i32' }, // kept /proc/<pid>/stat fd, -1 when none
  { name: 'status', kind: 'u8' }, // READ_* result of this tick's read
  { name: 'generation', kind: 'u32' }, // tick that last listed the pid
  { name: 'hasPrev', kind: 'u8' }, // 1 once a sample exists to diff against
  { name: 'prevUtime', kind: 'f64' },
  { name: 'prevStime', kind: 'f64' },
  { name: 'prevAtMs', kind: 'f64' },
  { name: 'cpuPct', kind: 'f64' }, // NaN on a process's first tick
  { name: 'cpuUserPct', kind: 'f64' },
  { name: 'cpuSystemPct', kind: 'f64' },
  { name: 'rssBytes', kind: 'f64' }, // rssPages × page size
  { name: 'score', kind: 'f64' }, // Top-N score, see sampler/top-n-selector.ts
  { name: 'nameId', kind: 'i32' }, // this tick's entry in the name table
  { name: 'pin', kind: 'u8' }, // PIN_* verdict of the cmdline rules, cached per process
  { name: 'isTop', kind: 'u8' }, // 1 while the slot is a top row of this tick
  // Reaped children's cpu (sampler/cpu-sampler.ts): cutime + cstime at the
  // last read (NaN: no baseline), all cpu ticks at the first read, this
  // tick's cpu% of the children reaped and never seen, and the ticks of
  // children the scan did report, credited against this tick's delta and
  // carried for one tick more
  { name: 'prevChildTicks', kind: 'f64' },
  { name: 'baseTicks', kind: 'f64' }, // utime + stime + cutime + cstime at the first read: what no tick reported
  { name: 'childCpuPct', kind: 'f64' },
  { name: 'childCredit', kind: 'f64' },
  { name: 'childCreditCarry', kind: 'f64' },
  // The BPF scanner's cputime_adjust state (scan/bpf-task-reader.ts), ns
  { name: 'bpfPrevUtimeNs', kind: 'f64' },
  { name: 'bpfPrevStimeNs', kind: 'f64' },
] as const satisfies readonly { name: string; kind: ColumnKind }[];

export type ColumnName = (typeof COLUMNS)[number]['name'];

/** The typed-array view of a column of each kind: a u64 is two u32 words, little-endian. */
type ViewOf<K> = K extends 'i32' ? Int32Array : K extends 'u32' | 'u64' ? Uint32Array : K extends 'f64' ? Float64Array : Uint8Array;

type ColumnViews = {
  readonly [C in (typeof COLUMNS)[number] as C['name']]: ViewOf<C['kind']>;
};

/** The views over the table (shared-table.ts makes them): one per column, and the header and the two lists. */
export type TableViews = ColumnViews & {
  readonly header: Int32Array;
  readonly pidList: Int32Array;
  readonly slotList: Int32Array;
};

// Per-slot result of this tick's read, written by the worker. assignSlots
// sets READ_MISSING before the read: a slot still holding it afterwards was
// in the slice of a worker that died or hung (missing, not zero: it keeps its
// history and is neither a row nor in the totals this tick).
export const READ_MISSING = 0;
export const READ_OK = 1;
export const READ_VANISHED = 2; // ENOENT/ESRCH: exited between list and read
export const READ_DENIED = 3; // EACCES/EPERM
export const READ_MALFORMED = 4; // the text did not parse
export const READ_ERROR = 5; // any other errno (EIO, EMFILE, …)
export const READ_REUSED = 6; // parsed fine, but a new process holds the pid

// What the pin rules say of a process (the `pin` column; 0: not yet asked).
export const PIN_UNKNOWN = 0;
export const PIN_NONE = 1;
export const PIN_INCLUDE = 2; // always a top row
export const PIN_EXCLUDE = 3; // never a top row (still in the totals)

// PF_KTHREAD from include/linux/sched.h: the task is a kernel thread.
export const PF_KTHREAD = 0x00200000;

// Header words: one Int32Array in its own (fixed) SharedArrayBuffer, shared
// by every worker (Atomics). Per-pid outcomes are not counted here: each slot
// carries its READ_* status, and the sampler counts those as it walks them.
export const H_KEPT_FDS = 0; // stat fds currently kept open across ticks
export const H_FD_BUDGET = 1; // most stat fds the scan may keep open
export const H_FALLBACK_READS = 2; // open/read/close this tick: budget spent
export const H_CAPACITY = 3; // slots the columns hold; views are remade when it changes
export const HEADER_WORDS = 4;
