// The main thread's side of the process table: slot assignment for this
// tick's pid list, and mark-and-sweep by generation.
//
// A slot belongs to one process, the pair (pid, starttime). The pid→slot map
// finds the slot of a listed pid; the scan worker detects a reused pid (its
// starttime changed, or its kept fd failed with ESRCH) and marks the slot
// READ_REUSED, so the new process starts without history. Slots whose pid
// was not listed this generation, or vanished before it could be read, are
// swept: their kept fd is closed and the slot goes back on the free stack.
//
// The table owns every fd in its `fd` column, whichever thread opened it,
// and closes each once: the reader puts an fd in the column right after the
// open, and whoever closes one (the table's release, a reader dropping a
// dead process's) takes it out with an atomic exchange first. So the pool's
// workers run with trackUnmanagedFds off: with it on, Node closed every fd
// a worker had opened when the worker exited (a config change, the watchdog,
// the agent's stop), the table then closed the same numbers again, and a
// number reused in between (a new worker's epoll fd, a socket, a queue
// file) was closed under its new owner: the agent aborted. The workers
// cannot be the owner instead: a slot's fd is read by whichever worker gets
// its slice that tick, the main thread reads with pool_size 0, and an fd
// must outlive a worker the watchdog replaces.

import { H_KEPT_FDS, PIN_UNKNOWN, READ_MISSING, READ_VANISHED } from './layout.js';
import { PidSlotMap } from './pid-slot-map.js';
import {
  attachViews,
  capacityOf,
  createSharedTable,
  growSharedTable,
  readU64,
  type SharedTable,
  type TableViews,
} from './shared-table.js';
import { closeKeptFd } from './close-kept-fd.js';

/** Tables not yet closed, whose kept fds are open in this process. */
const openTables = new Set<ProcessTable>();

export class ProcessTable {
  readonly shared: SharedTable;
  /** Views over the table; made again when it grows, so read this property each tick. */
  private currentViews: TableViews;
  private readonly pidToSlot: PidSlotMap;
  private freeSlots: Int32Array;
  private freeCount = 0;
  /** Slots [0, highWater) have been handed out at least once. */
  private highWater = 0;
  private generation = 0;
  private listed = 0;
  /** The processes the last sweep freed: pid → index into the departed* columns. */
  private readonly departedIndex = new PidSlotMap(64);
  private departedStart = new Float64Array(64);
  private departedTicks = new Float64Array(64);
  private departedCount = 0;

  constructor(initialSlots = 4096, maxSlots?: number) {
    this.shared = createSharedTable(initialSlots, maxSlots);
    this.currentViews = attachViews(this.shared);
    this.pidToSlot = new PidSlotMap(initialSlots);
    this.freeSlots = new Int32Array(capacityOf(this.shared));
    openTables.add(this);
  }

  /** Stat fds kept by every table not yet closed. */
  static keptFdsOfOpenTables(): number {
    let kept = 0;
    for (const t of openTables) kept += Atomics.load(t.currentViews.header, H_KEPT_FDS);
    return kept;
  }

  get views(): TableViews {
    return this.currentViews;
  }

  get capacity(): number {
    return capacityOf(this.shared);
  }

  /** Processes that hold a slot. */
  get liveSlots(): number {
    return this.pidToSlot.size;
  }

  /** Entries in this tick's pid list. */
  get listedCount(): number {
    return this.listed;
  }

  get currentGeneration(): number {
    return this.generation;
  }

  /** Makes room in the pid list for `count` entries (before it is filled). */
  reservePidList(count: number): void {
    if (count > this.capacity) this.grow(count);
  }

  /** The slot of a listed process, or -1. */
  slotOf(pid: number): number {
    return this.pidToSlot.get(pid);
  }

  /**
   * Marks the first `count` entries of the pid list as this generation's and
   * writes each one's slot into the slot list, taking new slots for new pids.
   */
  assignSlots(count: number): void {
    // Room for every entry to be new, so that no slot taken below grows the
    // table (and remakes the views) in the middle of the loop.
    if (this.liveSlots + count > this.capacity) this.grow(this.liveSlots + count);
    const gen = ++this.generation >>> 0;
    const v = this.views;
    for (let i = 0; i < count; i++) {
      const pid = v.pidList[i];
      let slot = this.pidToSlot.get(pid);
      if (slot < 0) {
        slot = this.takeSlot();
        this.pidToSlot.set(pid, slot);
        v.pid[slot] = pid;
        v.hasPrev[slot] = 0;
        v.pin[slot] = PIN_UNKNOWN;
        v.childCredit[slot] = 0;
        v.childCreditCarry[slot] = 0;
      }
      v.generation[slot] = gen;
      v.status[slot] = READ_MISSING;
      v.slotList[i] = slot;
    }
    this.listed = count;
  }

  /**
   * Frees the slots of processes not listed this generation or gone before
   * their read. Runs before the sampler: the cpu ticks the ticks reported of
   * a freed process (its own and its reaped children's, from its first read
   * to its last) are credited to its parent's slot, whose cutime/cstime the
   * reap raised by its whole lifetime, so that the parent is charged only
   * for what no tick reported. Each freed process that had been read is
   * kept until the next sweep as departed (see lastReadTicksOf).
   */
  sweep(): number {
    const v = this.views;
    const gen = this.generation >>> 0;
    this.departedIndex.clear();
    this.departedCount = 0;
    let freed = 0;
    for (let slot = 0; slot < this.highWater; slot++) {
      const pid = v.pid[slot];
      if (pid === 0) continue;
      if (v.generation[slot] === gen && v.status[slot] !== READ_VANISHED) continue;
      if (v.hasPrev[slot] === 1) {
        this.creditParent(v, slot, gen);
        this.depart(v, slot, pid);
      }
      this.release(slot, pid);
      freed++;
    }
    return freed;
  }

  /**
   * The cpu ticks (utime + stime) at the last read of the process (pid,
   * starttime in clock ticks after boot): a process in the table, or one
   * the last sweep freed; -1 when no read saw it (or the pid is held by
   * another process now and the one asked for was never swept: a pid
   * reused within one tick). For the exit tracker's ended processes, whose
   * time up to that read a tick already reported.
   */
  lastReadTicksOf(pid: number, starttime: number): number {
    const v = this.views;
    const slot = this.pidToSlot.get(pid);
    if (slot >= 0 && v.hasPrev[slot] === 1 && readU64(v.starttime, slot) === starttime) return v.prevUtime[slot] + v.prevStime[slot];
    const d = this.departedIndex.get(pid);
    if (d >= 0 && this.departedStart[d] === starttime) return this.departedTicks[d];
    return -1;
  }

  private depart(v: TableViews, slot: number, pid: number): void {
    const d = this.departedCount++;
    if (d === this.departedTicks.length) {
      const start = new Float64Array(d * 2);
      start.set(this.departedStart);
      this.departedStart = start;
      const ticks = new Float64Array(d * 2);
      ticks.set(this.departedTicks);
      this.departedTicks = ticks;
    }
    this.departedStart[d] = readU64(v.starttime, slot);
    this.departedTicks[d] = v.prevUtime[slot] + v.prevStime[slot];
    this.departedIndex.set(pid, d);
  }

  private creditParent(v: TableViews, slot: number, gen: number): void {
    const parent = this.pidToSlot.get(v.ppid[slot]);
    if (parent < 0 || v.generation[parent] !== gen) return;
    const children = v.prevChildTicks[slot];
    v.childCredit[parent] += Math.max(0, v.prevUtime[slot] + v.prevStime[slot] + (Number.isNaN(children) ? 0 : children) - v.baseTicks[slot]);
  }

  /** Closes every kept fd and empties the table (at shutdown). */
  close(): void {
    openTables.delete(this);
    const v = this.views;
    for (let slot = 0; slot < this.highWater; slot++) {
      if (v.pid[slot] !== 0) this.release(slot, v.pid[slot]);
    }
  }

  private release(slot: number, pid: number): void {
    const v = this.views;
    this.closeFdOf(slot);
    this.pidToSlot.delete(pid);
    v.pid[slot] = 0;
    v.hasPrev[slot] = 0;
    this.freeSlots[this.freeCount++] = slot;
  }

  private closeFdOf(slot: number): void {
    const v = this.views;
    const fd = Atomics.exchange(v.fd, slot, -1);
    if (fd < 0) return;
    Atomics.sub(v.header, H_KEPT_FDS, 1);
    closeKeptFd(fd);
  }

  /** A free slot, without an fd; assignSlots has made sure one exists. */
  private takeSlot(): number {
    if (this.freeCount === 0) {
      this.views.fd[this.highWater] = -1;
      return this.highWater++;
    }
    const slot = this.freeSlots[--this.freeCount];
    // Released without one; an fd there now was stored by a worker the
    // watchdog had given up on, its open returning after the release.
    this.closeFdOf(slot);
    return slot;
  }

  private grow(slots: number): void {
    const target = Math.min(Math.max(slots, this.capacity * 2), this.shared.maxSlots);
    growSharedTable(this.shared, target);
    this.currentViews = attachViews(this.shared);
    const free = new Int32Array(target);
    free.set(this.freeSlots.subarray(0, this.freeCount));
    this.freeSlots = free;
  }
}
