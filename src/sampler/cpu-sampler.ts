// Turns this tick's parsed columns into cpu% per process, per-tick counters
// and the totals over every scanned process. Main thread, typed arrays only:
// the counters and totals are two objects made once and overwritten.
//
// cpu% = Δ(utime+stime) / (Δwall_s · CLK_TCK) · 100: percent of ONE core, as
// `top` shows it (a process busy on 3 cores reads 300). The user and system
// parts use utime and stime alone and add up to it. A process has no cpu%
// (NaN) on its first tick, nor on the first tick of a new process that
// reused a pid. A counter that went backwards is clamped to a zero delta and
// counted; a figure above 100 × host cpus (impossible) is clamped to that
// ceiling, both parts scaled alike, and counted.
//
// Reaped children (procfs only): when a process reaps a child, the kernel
// adds the child's whole cpu time (with its own reaped children's) to the
// parent's cutime/cstime (stat fields 16–17). A child that lived less than
// a tick was never a row nor in the totals, so the rise of the parent's
// cutime + cstime over the tick is charged to the parent (childCpuPct),
// less the ticks the ticks reported of children the scan did see, which the
// table's sweep credits to the parent just before (a child read in this
// tick but reaped right after is credited a tick late: the credit is
// carried one tick). So a child's ticks before its first read and after its
// last are charged to its parent, and every tick is reported once.

import { PF_KTHREAD, READ_DENIED, READ_ERROR, READ_MALFORMED, READ_MISSING, READ_OK, READ_REUSED, READ_VANISHED } from '../table/layout.js';
import { readU64, type TableViews } from '../table/shared-table.js';
import type { SystemConf } from '../procfs/system-conf.js';

export interface TickCounters {
  /** Entries of the pid list (numeric names in the /proc root). */
  listed: number;
  /** Stat files read and parsed: the processes in the totals. */
  scanned: number;
  /** Exited between the listing and the read (ENOENT/ESRCH). */
  vanished: number;
  /** The stat file could not be read: EACCES/EPERM. */
  denied: number;
  /** The stat text did not parse. */
  malformed: number;
  /** Any other read error (EIO, EMFILE, …). */
  readErrors: number;
  /** Processes seen for the first time (no cpu% this tick). */
  newProcesses: number;
  /** Listed pids now held by a different process than last tick. */
  pidsReused: number;
  /** utime or stime lower than last tick: clamped to a zero delta. */
  counterBackwards: number;
  /** cpu% above 100 × host cpus: clamped to it. */
  cpuClamped: number;
  /** Not read: their worker died or hung (see READ_MISSING). */
  missing: number;
}

export interface Totals {
  processCount: number;
  kernelThreadCount: number;
  threadCount: number;
  cpuPercent: number;
  cpuUserPercent: number;
  cpuSystemPercent: number;
  memoryResidentSizeBytes: number;
  memoryVirtualSizeBytes: number;
  /** Children that exited and were reaped this tick without a scan seeing them, charged to their parents (procfs; 0 on BPF). */
  reapedChildrenCpuPercent: number;
  /** Processes that ended this tick (the exit tracker's, on BPF): their cpu since the last read that saw them, or their whole life's when none did; 0 without the tracker. Not on the wire: see attributeHost. */
  endedCpuPercent: number;
  /** The host's busy cpu over the tick (/proc/stat), percent of one core; undefined when unreadable. */
  hostCpuPercent: number | undefined;
  /** hostCpuPercent less every process's, every reaped child's and every ended process's unreported cpu (never below 0); undefined when the host's is unknown. */
  unattributedCpuPercent: number | undefined;
}

export function emptyCounters(): TickCounters {
  return {
    listed: 0, scanned: 0, vanished: 0, denied: 0, malformed: 0, readErrors: 0,
    newProcesses: 0, pidsReused: 0, counterBackwards: 0, cpuClamped: 0, missing: 0,
  };
}

export function emptyTotals(): Totals {
  return {
    processCount: 0, kernelThreadCount: 0, threadCount: 0, cpuPercent: 0, cpuUserPercent: 0,
    cpuSystemPercent: 0, memoryResidentSizeBytes: 0, memoryVirtualSizeBytes: 0,
    reapedChildrenCpuPercent: 0, endedCpuPercent: 0, hostCpuPercent: undefined, unattributedCpuPercent: undefined,
  };
}

export class CpuSampler {
  readonly counters = emptyCounters();
  readonly totals = emptyTotals();
  private readonly ticksPerSecond: number;
  private readonly pageSize: number;
  private readonly maxPercent: number;

  constructor(conf: SystemConf) {
    this.ticksPerSecond = conf.clockTicksPerSecond;
    this.pageSize = conf.pageSizeBytes;
    this.maxPercent = 100 * conf.hostCpus;
  }

  /**
   * Samples pid list entries [0, count) read at `readAtMs` (a monotonic
   * clock). Writes cpuPct, cpuUserPct, cpuSystemPct, childCpuPct and the
   * prev* columns. `childTimes`: the read filled cutime and cstime (procfs;
   * the BPF records carry none).
   */
  sample(v: TableViews, count: number, readAtMs: number, childTimes: boolean): void {
    const c = this.counters;
    const t = this.totals;
    resetCounters(c);
    resetTotals(t);
    c.listed = count;
    for (let i = 0; i < count; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if (status !== READ_OK && status !== READ_REUSED) {
        v.cpuPct[slot] = NaN;
        v.cpuUserPct[slot] = NaN;
        v.cpuSystemPct[slot] = NaN;
        v.childCpuPct[slot] = NaN;
        // Missing (its worker hung or died) is unknown this tick, not gone: the history stays for the next read.
        if (status === READ_MISSING) {
          c.missing++;
          continue;
        }
        v.hasPrev[slot] = 0;
        if (status === READ_VANISHED) c.vanished++;
        else if (status === READ_DENIED) c.denied++;
        else if (status === READ_MALFORMED) c.malformed++;
        else if (status === READ_ERROR) c.readErrors++;
        continue;
      }
      c.scanned++;
      const utime = readU64(v.utime, slot);
      const stime = readU64(v.stime, slot);
      if (status === READ_REUSED) c.pidsReused++;
      const childTicks = childTimes ? readU64(v.cutime, slot) + readU64(v.cstime, slot) : NaN;
      if (status === READ_OK && v.hasPrev[slot] === 1) {
        const toPercent = this.cpuOf(v, slot, utime, stime, readAtMs);
        t.cpuPercent += v.cpuPct[slot];
        t.cpuUserPercent += v.cpuUserPct[slot];
        t.cpuSystemPercent += v.cpuSystemPct[slot];
        this.childCpuOf(v, slot, childTicks, toPercent);
        if (!Number.isNaN(v.childCpuPct[slot])) t.reapedChildrenCpuPercent += v.childCpuPct[slot];
      } else {
        c.newProcesses++;
        v.cpuPct[slot] = NaN;
        v.cpuUserPct[slot] = NaN;
        v.cpuSystemPct[slot] = NaN;
        v.childCpuPct[slot] = NaN;
        v.childCredit[slot] = 0;
        v.childCreditCarry[slot] = 0;
        v.baseTicks[slot] = utime + stime + (Number.isNaN(childTicks) ? 0 : childTicks);
      }
      v.prevChildTicks[slot] = childTicks;
      v.prevUtime[slot] = utime;
      v.prevStime[slot] = stime;
      v.prevAtMs[slot] = readAtMs;
      v.hasPrev[slot] = 1;

      t.processCount++;
      if ((v.flags[slot] & PF_KTHREAD) !== 0) t.kernelThreadCount++;
      t.threadCount += v.threads[slot];
      const rssBytes = readU64(v.rssPages, slot) * this.pageSize;
      v.rssBytes[slot] = rssBytes;
      t.memoryResidentSizeBytes += rssBytes;
      t.memoryVirtualSizeBytes += readU64(v.vsize, slot);
    }
  }

  /**
   * Sets the host's cpu over the tick (percent of all cpus, from /proc/stat;
   * undefined when unreadable) and what of it no process accounts for.
   * `endedPercent`: the cpu of the processes that ended this tick that no
   * read reported (scan/ended-cpu.ts; 0 without the exit tracker, and on
   * procfs, where their parents' reaped children already hold it). After
   * sample(). The identity, every figure percent of one core over the tick:
   *
   *   host busy = rows + aggregates        (cpuPercent: every scanned process)
   *             + reaped children          (procfs: children no scan saw)
   *             + ended, unreported        (BPF: the exit tracker's, less what reads saw)
   *             + unattributed             (the rest: processes in their first
   *                                         tick, kernel work no task is charged for)
   *
   * The ended share is not a field of ProcessTotals: on the wire,
   * rows + aggregates + the unattributed row + reaped add up to host − ended.
   */
  attributeHost(hostPercent: number | undefined, endedPercent: number): void {
    const t = this.totals;
    t.endedCpuPercent = endedPercent;
    if (hostPercent === undefined) return;
    const host = (hostPercent * this.maxPercent) / 100;
    t.hostCpuPercent = host;
    t.unattributedCpuPercent = Math.max(0, host - t.cpuPercent - t.reapedChildrenCpuPercent - endedPercent);
  }

  /**
   * The cpu% of the children the process in `slot` reaped since its last
   * read and no scan saw: the rise of cutime + cstime less the credited
   * ticks of children that were seen (this tick's credit, and last tick's
   * left over, spent first); NaN without a baseline.
   */
  private childCpuOf(v: TableViews, slot: number, childTicks: number, toPercent: number): void {
    const prev = v.prevChildTicks[slot];
    if (Number.isNaN(childTicks) || Number.isNaN(prev)) {
      v.childCpuPct[slot] = NaN;
      v.childCredit[slot] = 0;
      v.childCreditCarry[slot] = 0;
      return;
    }
    let ticks = Math.max(0, childTicks - prev);
    const fromCarry = Math.min(ticks, v.childCreditCarry[slot]);
    ticks -= fromCarry;
    const fromCredit = Math.min(ticks, v.childCredit[slot]);
    ticks -= fromCredit;
    v.childCreditCarry[slot] = v.childCredit[slot] - fromCredit;
    v.childCredit[slot] = 0;
    v.childCpuPct[slot] = Math.min(ticks * toPercent, this.maxPercent);
  }

  /** Sets the process's cpu% columns; returns the factor from clock ticks to percent over its interval. */
  private cpuOf(v: TableViews, slot: number, utime: number, stime: number, nowMs: number): number {
    const c = this.counters;
    let du = utime - v.prevUtime[slot];
    let ds = stime - v.prevStime[slot];
    if (du < 0 || ds < 0) {
      c.counterBackwards++;
      if (du < 0) du = 0;
      if (ds < 0) ds = 0;
    }
    const elapsedMs = nowMs - v.prevAtMs[slot];
    // Two reads in the same millisecond carry no rate: report 0, not ∞.
    const toPercent = elapsedMs > 0 ? 100_000 / (elapsedMs * this.ticksPerSecond) : 0;
    let user = du * toPercent;
    let system = ds * toPercent;
    const total = user + system;
    if (total > this.maxPercent) {
      c.cpuClamped++;
      const scale = this.maxPercent / total;
      user *= scale;
      system *= scale;
    }
    v.cpuUserPct[slot] = user;
    v.cpuSystemPct[slot] = system;
    v.cpuPct[slot] = user + system;
    return toPercent;
  }
}

const ZERO_COUNTERS: Readonly<TickCounters> = Object.freeze(emptyCounters());
const ZERO_TOTALS: Readonly<Totals> = Object.freeze(emptyTotals());

function resetCounters(c: TickCounters): void {
  Object.assign(c, ZERO_COUNTERS);
}

function resetTotals(t: Totals): void {
  Object.assign(t, ZERO_TOTALS);
}
