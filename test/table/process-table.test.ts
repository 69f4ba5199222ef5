import { describe, expect, it } from 'vitest';
import { READ_OK, READ_VANISHED } from '../../src/table/layout.js';
import { ProcessTable } from '../../src/table/process-table.js';
import { viewsAreStale } from '../../src/table/shared-table.js';

function list(table: ProcessTable, pids: number[]): void {
  table.reservePidList(pids.length);
  table.views.pidList.set(pids);
  table.assignSlots(pids.length);
  for (let i = 0; i < pids.length; i++) table.views.status[table.views.slotList[i]] = READ_OK;
}

describe('ProcessTable', () => {
  it('keeps a listed pid in the same slot from tick to tick', () => {
    const table = new ProcessTable(8);
    list(table, [10, 20, 30]);
    const first = [...table.views.slotList.subarray(0, 3)];
    table.sweep();
    list(table, [30, 10, 20]);
    expect([...table.views.slotList.subarray(0, 3)]).toEqual([first[2], first[0], first[1]]);
  });

  it('sweeps pids that were not listed or vanished, and reuses their slots', () => {
    const table = new ProcessTable(8);
    list(table, [10, 20, 30]);
    table.sweep();
    list(table, [10, 30]);
    const slotOf30 = table.views.slotList[1];
    table.views.status[slotOf30] = READ_VANISHED;
    expect(table.sweep()).toBe(2); // 20 unlisted, 30 vanished
    expect(table.liveSlots).toBe(1);
    list(table, [10, 40, 50]);
    expect(table.liveSlots).toBe(3);
    expect(table.capacity).toBe(8); // freed slots were reused, no growth
  });

  it('grows in place past its capacity: same buffers, data kept, old views marked stale', () => {
    const table = new ProcessTable(4);
    list(table, [7, 8]);
    const before = table.views;
    const slotOf7 = before.slotList[0];
    const pids = Array.from({ length: 5000 }, (_, i) => i + 1);
    list(table, pids);
    const after = table.views;
    expect(table.capacity).toBeGreaterThanOrEqual(5000);
    expect(after.pid.length).toBe(table.capacity);
    expect(viewsAreStale(before)).toBe(true);
    expect(viewsAreStale(after)).toBe(false);
    expect(after.pid.buffer).toBe(before.pid.buffer); // grown, not copied
    expect(after.pid[slotOf7]).toBe(7);
    const slots = new Set(after.slotList.subarray(0, 5000));
    expect(slots.size).toBe(5000);
    for (let i = 0; i < 5000; i++) expect(after.pid[after.slotList[i]]).toBe(i + 1);
  });

  it('a new pid in a reused slot starts without history', () => {
    const table = new ProcessTable(4);
    list(table, [10]);
    table.views.hasPrev[table.views.slotList[0]] = 1;
    table.sweep();
    list(table, [11]);
    table.sweep();
    list(table, [12]);
    expect(table.views.hasPrev[table.views.slotList[0]]).toBe(0);
    expect(table.views.fd[table.views.slotList[0]]).toBe(-1);
  });
});
