// The BPF scanner's read against procfs's, on the live host with 3,000 extra
// processes: the same moment, the same columns. Needs root and the object
// that `npm run build` makes when clang, bpftool and libbpf-dev are
// installed (.ci/run installs them): without them it fails and says so.
// A soak test (run alone): starting 3,000 processes beside the whole suite
// took minutes on this 2-core machine.

import { execFileSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listProcEntries, fillPidList } from '../../src/procfs/list-pids.js';
import { readSystemConf } from '../../src/procfs/system-conf.js';
import { BpfTaskReader } from '../../src/scan/bpf-task-reader.js';
import { pinTaskIterator, TASK_ITER_OBJECT } from '../../src/scan/bpf-pin.js';
import { StatSliceReader } from '../../src/scan/stat-slice-reader.js';
import { COMM_BYTES, H_FD_BUDGET, PF_KTHREAD, READ_OK, type TableViews } from '../../src/table/layout.js';
import { ProcessTable } from '../../src/table/process-table.js';
import { startSleepers, type Sleepers } from '../helpers.js';

const BPFFS = '/sys/fs/bpf';
const SLEEPERS = 3000;

function mountBpffs(): void {
  try {
    execFileSync('mountpoint', ['-q', BPFFS]);
  } catch {
    execFileSync('mount', ['-t', 'bpf', 'bpf', BPFFS]);
  }
}

function u64(column: Uint32Array, slot: number): number {
  return column[2 * slot] + column[2 * slot + 1] * 4294967296;
}

interface Seen {
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

function rowsOf(t: TableViews, count: number): Map<number, Seen> {
  const rows = new Map<number, Seen>();
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

describe('BPF task iterator against /proc', () => {
  let sleepers: Sleepers;
  let pinDir: string;

  beforeAll(async () => {
    if (!existsSync(TASK_ITER_OBJECT)) {
      throw new Error(`missing ${TASK_ITER_OBJECT}: install clang, llvm, bpftool and libbpf-dev (Debian), then npm run build`);
    }
    if (process.getuid?.() !== 0) throw new Error('loading a BPF iterator needs root (CAP_BPF, CAP_PERFMON)');
    mountBpffs();
    pinDir = mkdtempSync(join(BPFFS, 'iw-test-'));
    sleepers = await startSleepers(SLEEPERS);
  }, 180_000);

  afterAll(() => {
    sleepers?.kill();
    if (pinDir) rmSync(pinDir, { recursive: true, force: true });
  });

  it('agrees with procfs for every process: pid, ppid, comm, state, start time and rss exactly, cpu within a tick, kernel threads the same', () => {
    const pinPath = join(pinDir, 'tasks');
    pinTaskIterator(pinPath);
    const system = readSystemConf();

    const bpfTable = new ProcessTable(4096);
    const reader = new BpfTaskReader(pinPath, system);
    const procTable = new ProcessTable(4096);
    Atomics.store(procTable.views.header, H_FD_BUDGET, 0);
    const statReader = new StatSliceReader(procTable.shared, '/proc', false);
    try {
      // procfs, BPF, procfs again: a field that moved between the two procfs
      // reads was moving (a busy process), and is held to the bounds only.
      const read = () => {
        const entries = listProcEntries('/proc');
        procTable.reservePidList(entries.length);
        const n = fillPidList(entries, procTable.views.pidList);
        procTable.assignSlots(n);
        statReader.readSlice(0, n);
        return rowsOf(procTable.views, n);
      };
      const before = read();
      reader.read();
      const count = reader.listInto(bpfTable);
      bpfTable.assignSlots(count);
      reader.fill(bpfTable.views, count);
      const bpf = rowsOf(bpfTable.views, count);
      const after = read();

      for (const pid of sleepers.pids) expect(bpf.has(pid), `sleeper ${pid} in the BPF scan`).toBe(true);
      let compared = 0;
      for (const [pid, b] of bpf) {
        const p1 = before.get(pid);
        const p2 = after.get(pid);
        if (!p1 || !p2) continue; // started or exited between the reads
        compared++;
        const steady = JSON.stringify(p1) === JSON.stringify(p2);
        expect(b.ppid, `ppid of ${pid}`).toBe(p2.ppid);
        expect(b.starttime, `start time of ${pid}`).toBe(p2.starttime);
        expect(b.kthread, `kernel thread flag of ${pid}`).toBe(p2.kthread);
        expect(b.comm, `comm of ${pid}`).toBe(p1.comm === p2.comm ? p2.comm : b.comm);
        if (steady) {
          expect(b, `every field of ${pid} (${p2.comm}), which did not move`).toEqual(p2);
        } else {
          expect(b.utime, `utime of ${pid}`).toBeGreaterThanOrEqual(p1.utime - 1);
          expect(b.utime, `utime of ${pid}`).toBeLessThanOrEqual(p2.utime + 1);
          expect(b.stime, `stime of ${pid}`).toBeGreaterThanOrEqual(p1.stime - 1);
          expect(b.stime, `stime of ${pid}`).toBeLessThanOrEqual(p2.stime + 1);
        }
      }
      expect(compared).toBeGreaterThanOrEqual(SLEEPERS);
      expect(reader.counters.trailingBytes).toBe(0);
    } finally {
      bpfTable.close();
      procTable.close();
    }
  }, 60_000);

  it('pinning fails with a message naming what is missing', () => {
    expect(() => pinTaskIterator(join(pinDir, 'x'), '/nonexistent/task_iter.bpf.o')).toThrow(/no BPF object at \/nonexistent/);
    const notBpffs = mkdtempSync(join(tmpdir(), 'iw-not-bpffs-'));
    try {
      expect(() => pinTaskIterator(join(notBpffs, 'tasks'))).toThrow(/is not on a bpffs mount/);
    } finally {
      rmSync(notBpffs, { recursive: true, force: true });
    }
  });
});
