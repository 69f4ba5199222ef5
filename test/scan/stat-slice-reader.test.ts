import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { describe, expect, it } from 'vitest';
import { StatSliceReader } from '../../src/scan/stat-slice-reader.js';
import { H_FD_BUDGET, H_KEPT_FDS, READ_OK, READ_VANISHED } from '../../src/table/layout.js';
import { ProcessTable } from '../../src/table/process-table.js';
import { FIXTURE_PROC } from '../helpers.js';

describe('StatSliceReader on the live /proc', () => {
  it('keeps the fd of a live process, and on ESRCH after it exits closes it and reports it vanished', async () => {
    const child = spawn('sleep', ['30'], { stdio: 'ignore' });
    await once(child, 'spawn');
    const pid = child.pid!;
    const table = new ProcessTable(8);
    const v = table.views;
    Atomics.store(v.header, H_FD_BUDGET, 100);
    const reader = new StatSliceReader(table.shared, '/proc', true);
    try {
      v.pidList[0] = pid;
      table.assignSlots(1);
      const slot = v.slotList[0];
      reader.readSlice(0, 1);
      expect(v.status[slot]).toBe(READ_OK);
      const fd = v.fd[slot];
      expect(fd).toBeGreaterThanOrEqual(0);
      expect(Atomics.load(v.header, H_KEPT_FDS)).toBe(1);

      reader.readSlice(0, 1); // the same fd, read again at offset 0
      expect(v.fd[slot]).toBe(fd);
      expect(v.status[slot]).toBe(READ_OK);

      child.kill('SIGKILL');
      await once(child, 'exit'); // reaped: the pid is gone
      reader.readSlice(0, 1); // still in this tick's list, as if listed just before it exited
      expect(v.status[slot]).toBe(READ_VANISHED);
      expect(v.fd[slot]).toBe(-1);
      expect(Atomics.load(v.header, H_KEPT_FDS)).toBe(0);
    } finally {
      child.kill('SIGKILL');
      table.close();
    }
  });

  it('a reader made before the table grew writes into the grown table', () => {
    const table = new ProcessTable(4);
    Atomics.store(table.views.header, H_FD_BUDGET, 0);
    const reader = new StatSliceReader(table.shared, FIXTURE_PROC, false);
    const pids = [100, 101, 102, 103, 104, 105, 106, 107, 108, 117];
    table.reservePidList(pids.length);
    table.views.pidList.set(pids);
    table.assignSlots(pids.length);
    expect(table.capacity).toBeGreaterThanOrEqual(pids.length);
    reader.readSlice(0, pids.length);
    const v = table.views;
    for (let i = 0; i < pids.length; i++) expect(v.status[v.slotList[i]]).toBe(READ_OK);
    expect(v.ppid[v.slotList[9]]).toBe(1);
  });
});
