// The procfs fallback's accounting of processes that lived less than a
// tick: the rise of a parent's cutime + cstime is charged to the parent,
// less what the scan saw of the children it reaped, and the host's busy cpu
// that no process accounts for is the unattributed share.

import { describe, expect, it } from 'vitest';
import { CpuSampler } from '../../src/sampler/cpu-sampler.js';
import { READ_OK } from '../../src/table/layout.js';
import { ProcessTable } from '../../src/table/process-table.js';
import type { TableViews } from '../../src/table/shared-table.js';

const SYSTEM = { clockTicksPerSecond: 100, pageSizeBytes: 4096, hostCpus: 2 };

interface Proc {
  pid: number;
  ppid: number;
  /** utime, in clock ticks (stime stays 0). */
  ticks: number;
  /** cutime, in clock ticks. */
  children: number;
}

function setU64(col: Uint32Array, slot: number, value: number): void {
  col[2 * slot] = value % 4294967296;
  col[2 * slot + 1] = Math.floor(value / 4294967296);
}

/** One tick as the scanner runs it: list, read, sweep, sample. Returns the views and each pid's slot. */
function tick(table: ProcessTable, sampler: CpuSampler, procs: Proc[], atMs: number, childTimes = true): { v: TableViews; slotOf: Map<number, number> } {
  table.reservePidList(procs.length);
  table.views.pidList.set(procs.map((p) => p.pid));
  table.assignSlots(procs.length);
  const v = table.views;
  const slotOf = new Map<number, number>();
  procs.forEach((p, i) => {
    const slot = v.slotList[i];
    slotOf.set(p.pid, slot);
    v.status[slot] = READ_OK;
    v.ppid[slot] = p.ppid;
    v.threads[slot] = 1;
    setU64(v.utime, slot, p.ticks);
    setU64(v.stime, slot, 0);
    setU64(v.cutime, slot, p.children);
    setU64(v.cstime, slot, 0);
  });
  table.sweep();
  sampler.sample(v, procs.length, atMs, childTimes);
  return { v, slotOf };
}

describe('reaped children (procfs)', () => {
  it('charges the rise of cutime to the parent, less the ticks a tick reported of the children the scan saw', () => {
    const table = new ProcessTable(16);
    const sampler = new CpuSampler(SYSTEM);
    // The child had run 25 ticks before its first read: no tick reports those.
    tick(
      table,
      sampler,
      [
        { pid: 10, ppid: 1, ticks: 0, children: 0 },
        { pid: 11, ppid: 10, ticks: 25, children: 0 },
      ],
      0,
    );
    // Then 60 ticks that the next tick reports.
    let t = tick(
      table,
      sampler,
      [
        { pid: 10, ppid: 1, ticks: 0, children: 0 },
        { pid: 11, ppid: 10, ticks: 85, children: 0 },
      ],
      1000,
    );
    expect(t.v.cpuPct[t.slotOf.get(11)!]).toBeCloseTo(60, 10);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBe(0);
    // It ran 20 more ticks unseen and was reaped; a child that lived 30 ticks in between was reaped too:
    // cutime rose by 105 + 30, of which a tick reported 60.
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 135 }], 2000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeCloseTo(75, 10);
    expect(sampler.totals.reapedChildrenCpuPercent).toBeCloseTo(75, 10);
    // Nothing credited is left over: the next rise is charged whole.
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 150 }], 3000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeCloseTo(15, 10);
  });

  it('carries a credit one tick (a child read, then reaped before its parent was), then drops it', () => {
    const table = new ProcessTable(16);
    const sampler = new CpuSampler(SYSTEM);
    tick(
      table,
      sampler,
      [
        { pid: 10, ppid: 1, ticks: 0, children: 0 },
        { pid: 11, ppid: 10, ticks: 0, children: 0 },
      ],
      0,
    );
    // The child was read at 40 ticks, then reaped before the parent's read: the parent's cutime already holds it.
    let t = tick(
      table,
      sampler,
      [
        { pid: 10, ppid: 1, ticks: 0, children: 40 },
        { pid: 11, ppid: 10, ticks: 40, children: 0 },
      ],
      1000,
    );
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeCloseTo(40, 10);
    // The child's 40 seen ticks are credited now, and spent on the next rise (a 50-tick child).
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 40 }], 2000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBe(0);
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 90 }], 3000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeCloseTo(10, 10);
    // Spent or dropped: a later rise is charged whole.
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 120 }], 4000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeCloseTo(30, 10);
  });

  it('charges nothing without cutime (the BPF scan), nor on the first tick after it', () => {
    const table = new ProcessTable(16);
    const sampler = new CpuSampler(SYSTEM);
    tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 500 }], 0, false);
    let t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 900 }], 1000, false);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeNaN();
    expect(sampler.totals.reapedChildrenCpuPercent).toBe(0);
    // Falls back to procfs: the first read is the baseline, not the children since boot.
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 1000 }], 2000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeNaN();
    t = tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 1010 }], 3000);
    expect(t.v.childCpuPct[t.slotOf.get(10)!]).toBeCloseTo(10, 10);
  });

  it('gives the host busy cpu that no process or reaped child accounts for, never below 0', () => {
    const table = new ProcessTable(16);
    const sampler = new CpuSampler(SYSTEM);
    tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 0, children: 0 }], 0);
    tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 60, children: 10 }], 1000);
    sampler.attributeHost(50, 0); // half of 2 cpus: 100 % of one core
    expect(sampler.totals.hostCpuPercent).toBeCloseTo(100, 10);
    expect(sampler.totals.unattributedCpuPercent).toBeCloseTo(30, 10);
    expect(sampler.totals.cpuPercent + sampler.totals.reapedChildrenCpuPercent + sampler.totals.unattributedCpuPercent!).toBeCloseTo(sampler.totals.hostCpuPercent!, 10);
    tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 200, children: 10 }], 2000);
    sampler.attributeHost(25, 0);
    expect(sampler.totals.unattributedCpuPercent).toBe(0);
    // Unreadable /proc/stat: no figure rather than a wrong one.
    tick(table, sampler, [{ pid: 10, ppid: 1, ticks: 200, children: 10 }], 3000);
    sampler.attributeHost(undefined, 0);
    expect(sampler.totals.hostCpuPercent).toBeUndefined();
    expect(sampler.totals.unattributedCpuPercent).toBeUndefined();
  });
});
