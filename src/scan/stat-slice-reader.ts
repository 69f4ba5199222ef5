// The scan's read loop: reads /proc/<pid>/stat for a slice of this tick's
// pid list and parses it (procfs/parse-stat.ts) into the process table. One
// reader per worker thread (workers/scan-worker.ts), or on the main thread
// with pool_size 0; it owns one reused buffer and the table views for the
// worker's lifetime.
//
// Each process's stat file is opened once and kept open (the `fd` column):
// procfs regenerates the text on every read, so a positioned read at offset
// 0 (pread) returns fresh numbers, and the path lookup, open and close, about
// half of the kernel's cost per read, are paid once per process instead of
// once per tick. A kept fd of a process that exited fails with ESRCH; the
// pid, listed again, may belong to a new process, so it is reopened once.
// Beyond the fd budget (H_FD_BUDGET, from the open-file limit) the reader
// falls back to open/read/close.
//
// Every fd this reader opens belongs to the table (see process-table.ts for
// why): it goes into the `fd` column on the instruction after the open, kept
// or not, and leaves it before it is closed.

import { constants, openSync, readSync } from 'node:fs';
import { H_FALLBACK_READS, H_FD_BUDGET, H_KEPT_FDS, PIN_UNKNOWN, READ_DENIED, READ_ERROR, READ_OK, READ_REUSED, READ_VANISHED } from '../table/layout.js';
import { attachViews, viewsAreStale, type SharedTable, type TableViews } from '../table/shared-table.js';
import { closeKeptFd } from '../table/close-kept-fd.js';
import { parseStatInto } from '../procfs/parse-stat.js';

// A stat line is ~300 bytes; names of kernel workers can reach 64 bytes. A
// fixture may be longer: only the first 24 fields are parsed.
const STAT_BUFFER_BYTES = 4096;

// A stat file is never a symlink in a real /proc: O_NOFOLLOW keeps a planted
// link (→ /etc/shadow) from being read, at no cost (a flag, no syscall).
const STAT_OPEN_FLAGS = constants.O_RDONLY | constants.O_NOFOLLOW;

function statusOfError(err: unknown): number {
  const code = (err as NodeJS.ErrnoException).code;
  if (code === 'ENOENT' || code === 'ESRCH') return READ_VANISHED;
  if (code === 'EACCES' || code === 'EPERM') return READ_DENIED;
  return READ_ERROR;
}

export class StatSliceReader {
  private readonly table: SharedTable;
  private t: TableViews;
  private readonly buf = new Uint8Array(STAT_BUFFER_BYTES);
  private readonly procDir: string;
  private readonly keepFds: boolean;
  private fallbackReads = 0;

  constructor(table: SharedTable, procRoot: string, keepFds: boolean) {
    this.table = table;
    this.t = attachViews(table);
    this.procDir = procRoot.endsWith('/') ? procRoot : procRoot + '/';
    this.keepFds = keepFds;
  }

  /** Reads and parses pid list entries [from, to); writes each slot's READ_* status. */
  readSlice(from: number, to: number): void {
    if (viewsAreStale(this.t)) this.t = attachViews(this.table);
    const t = this.t;
    for (let i = from; i < to; i++) {
      const pid = t.pidList[i];
      const slot = t.slotList[i];
      const n = this.readStat(pid, slot);
      if (n < 0) {
        t.status[slot] = -n;
        continue;
      }
      const known = t.hasPrev[slot] === 1;
      const oldLo = t.starttime[2 * slot];
      const oldHi = t.starttime[2 * slot + 1];
      let status = parseStatInto(this.buf, n, pid, slot, t);
      if (status === READ_OK && known && (t.starttime[2 * slot] !== oldLo || t.starttime[2 * slot + 1] !== oldHi)) {
        status = READ_REUSED;
        t.pin[slot] = PIN_UNKNOWN; // a new process: ask the pin rules again
      }
      t.status[slot] = status;
    }
    if (this.fallbackReads > 0) {
      Atomics.add(t.header, H_FALLBACK_READS, this.fallbackReads);
      this.fallbackReads = 0;
    }
  }

  /** Bytes read into the buffer, or -READ_* on failure. */
  private readStat(pid: number, slot: number): number {
    const t = this.t;
    const fd = t.fd[slot];
    if (fd >= 0) {
      try {
        return readSync(fd, this.buf, 0, STAT_BUFFER_BYTES, 0);
      } catch {
        // ESRCH: the process behind the kept fd is gone. The pid was listed
        // this tick, so a new process may hold it: reopen below.
        this.dropFd(slot, fd);
      }
    }
    return this.openAndRead(pid, slot);
  }

  private openAndRead(pid: number, slot: number): number {
    const t = this.t;
    let fd: number;
    try {
      fd = openSync(this.procDir + pid + '/stat', STAT_OPEN_FLAGS);
    } catch (err) {
      return -statusOfError(err);
    }
    // In the column before anything that can be interrupted: a worker
    // terminated from here on (the watchdog) leaves the fd to the table's
    // sweep. No interrupt check lies between openSync's native call and this
    // store (openSync returns the binding's result directly). The column is
    // empty here, unless this is a worker given up on while blocked in the
    // open and the slot has moved on without it.
    if (Atomics.compareExchange(t.fd, slot, -1, fd) !== -1) {
      closeKeptFd(fd);
      return -READ_ERROR;
    }
    // H_KEPT_FDS counts the column's fds, this one too until it is dropped.
    const keep = Atomics.add(t.header, H_KEPT_FDS, 1) < Atomics.load(t.header, H_FD_BUDGET) && this.keepFds;
    let n: number;
    try {
      n = readSync(fd, this.buf, 0, STAT_BUFFER_BYTES, 0);
    } catch (err) {
      this.dropFd(slot, fd);
      return -statusOfError(err);
    }
    if (!keep) {
      this.dropFd(slot, fd);
      this.fallbackReads++;
    }
    return n;
  }

  /**
   * Takes `fd` out of the column, then closes it; does nothing if the main
   * thread released the slot first. That happens only to a worker the
   * watchdog gave up on while it was blocked in a read: it runs on until the
   * call returns, and must not close a number the table has closed and the
   * process may have reused. Out first, closed second: a worker terminated
   * in between leaks one fd instead of closing another owner's.
   */
  private dropFd(slot: number, fd: number): void {
    if (Atomics.compareExchange(this.t.fd, slot, fd, -1) !== fd) return;
    Atomics.sub(this.t.header, H_KEPT_FDS, 1);
    closeKeptFd(fd);
  }
}
