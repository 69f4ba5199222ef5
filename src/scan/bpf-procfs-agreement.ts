// Whether the BPF task iterator's read agrees with /proc/<pid>/stat's at the
// same moment, process by process (issue 18): the check behind the BPF
// scanner's claim that its rows equal procfs's. Shared by the live-host
// soak test (test/scan/bpf-vs-procfs.soak.test.ts) and the check that runs
// on other kernels in qemu (test/kernels/bpf-check.mjs), so that both hold
// the kernel to the same rules.
//
// procfs is read before and after the BPF read: a field that moved between
// the two procfs reads was moving (a busy process) and is held to bounds
// only; every other field must be equal.

import { fillPidList, listProcEntries } from '../procfs/list-pids.js';
import { COMM_BYTES, H_FD_BUDGET, PF_KTHREAD, READ_OK, type TableViews } from '../table/layout.js';
import { ProcessTable } from '../table/process-table.js';
import type { BpfTaskReader } from './bpf-task-reader.js';
import { StatSliceReader } from './stat-slice-reader.js';

/** One process's columns as both scans write them. */
export interface ScannedRow {
  ppid: number;
  comm: string;
  state: number;
  starttime: number;
  rss: number;
  vsize: number;
  threads: number;
  utime: number;
  stime: number;
  minflt: number;
  kthread: boolean;
}

export interface Agreement {
  /** Every process the BPF read listed. */
  readonly bpf: ReadonlyMap<number, ScannedRow>;
  /** Processes in all three reads, and so compared. */
  readonly compared: number;
  /** Compared processes whose fields all stayed put across the procfs reads, and so held to equality. */
  readonly steady: number;
  /** One line per field that disagreed: pid, comm, field, BPF's value and procfs's. */
  readonly mismatches: string[];
}

/**
 * A workqueue worker's name without its "+desc"/"-desc", the workqueue of
 * the last item it ran: that moves with every item, and in qemu a worker
 * read "-events" by procfs before and after read "-mm_percpu_wq" between.
 */
function withoutWorkDesc(comm: string): string {
  return /^(kworker\/u?\d+:\d+H?)[+-]/.exec(comm)?.[1] ?? comm;
}

function u64(column: Uint32Array, slot: number): number {
  return column[2 * slot] + column[2 * slot + 1] * 4294967296;
}

function rowsOf(t: TableViews, count: number): Map<number, ScannedRow> {
  const rows = new Map<number, ScannedRow>();
  for (let i = 0; i < count; i++) {
    const slot = t.slotList[i];
    if (t.status[slot] !== READ_OK) continue;
    rows.set(t.pidList[i], {
      ppid: t.ppid[slot],
      comm: Buffer.from(t.comm.subarray(slot * COMM_BYTES, slot * COMM_BYTES + t.commLen[slot])).toString('latin1'),
      state: t.state[slot],
      starttime: u64(t.starttime, slot),
      rss: u64(t.rssPages, slot),
      vsize: u64(t.vsize, slot),
      threads: t.threads[slot],
      utime: u64(t.utime, slot),
      stime: u64(t.stime, slot),
      minflt: u64(t.minflt, slot),
      kthread: (t.flags[slot] & PF_KTHREAD) !== 0,
    });
  }
  return rows;
}

/**
 * Reads procfs at `procRoot`, then the BPF iterator through `reader`, then
 * procfs again, and compares every process the three reads share: pid,
 * ppid, start time and the kernel thread flag exactly; comm when procfs's
 * held (a workqueue worker's up to its work's "+desc"/"-desc"); every field of a process that did not move; utime and stime of one
 * that did within one tick of procfs's two reads.
 */
export function compareBpfWithProcfs(reader: BpfTaskReader, procRoot = '/proc'): Agreement {
  const bpfTable = new ProcessTable(4096);
  const procTable = new ProcessTable(4096);
  Atomics.store(procTable.views.header, H_FD_BUDGET, 0);
  const statReader = new StatSliceReader(procTable.shared, procRoot, false);
  try {
    const readProcfs = () => {
      const entries = listProcEntries(procRoot);
      procTable.reservePidList(entries.length);
      const n = fillPidList(entries, procTable.views.pidList);
      procTable.assignSlots(n);
      statReader.readSlice(0, n);
      return rowsOf(procTable.views, n);
    };
    const before = readProcfs();
    reader.read();
    const count = reader.listInto(bpfTable);
    bpfTable.assignSlots(count);
    reader.fill(bpfTable.views, count);
    const bpf = rowsOf(bpfTable.views, count);
    const after = readProcfs();

    const mismatches: string[] = [];
    let compared = 0;
    let steady = 0;
    for (const [pid, b] of bpf) {
      const p1 = before.get(pid);
      const p2 = after.get(pid);
      if (!p1 || !p2) continue; // started or exited between the reads
      compared++;
      const differs = (field: keyof ScannedRow, want: unknown) => {
        if (b[field] !== want) mismatches.push(`${pid} (${p2.comm}) ${field}: bpf ${JSON.stringify(b[field])}, procfs ${JSON.stringify(want)}`);
      };
      differs('ppid', p2.ppid);
      differs('starttime', p2.starttime);
      differs('kthread', p2.kthread);
      if (p1.comm === p2.comm && withoutWorkDesc(b.comm) !== withoutWorkDesc(p2.comm)) differs('comm', p2.comm);
      if (JSON.stringify(p1) === JSON.stringify(p2)) {
        steady++;
        for (const field of Object.keys(p2) as (keyof ScannedRow)[]) if (field !== 'ppid' && field !== 'starttime' && field !== 'kthread' && field !== 'comm') differs(field, p2[field]);
      } else {
        for (const field of ['utime', 'stime'] as const) {
          if (b[field] < p1[field] - 1 || b[field] > p2[field] + 1) mismatches.push(`${pid} (${p2.comm}) ${field}: bpf ${b[field]}, procfs ${p1[field]} then ${p2[field]}`);
        }
      }
    }
    return { bpf, compared, steady, mismatches };
  } finally {
    bpfTable.close();
    procTable.close();
  }
}
