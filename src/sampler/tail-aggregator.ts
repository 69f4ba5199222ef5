// The tail: every scanned process that is not a top row, summed into one
// row per display name (a display id of the NameTable). Accumulators are
// typed arrays indexed by display id; only the ids touched this tick are
// reset.

import { READ_OK, READ_REUSED } from '../table/layout.js';
import { readU64, type TableViews } from '../table/shared-table.js';
import type { NameTable } from './name-table.js';

export class TailAggregator {
  count = new Uint32Array(0);
  cpu = new Float64Array(0);
  cpuUser = new Float64Array(0);
  cpuSystem = new Float64Array(0);
  rssBytes = new Float64Array(0);
  vsizeBytes = new Float64Array(0);
  threads = new Float64Array(0);
  /** Children the processes reaped unseen (cpu-sampler.ts), percent of one core. */
  childCpu = new Float64Array(0);
  /** Display ids with at least one process this tick: used[0 .. usedCount). */
  used = new Int32Array(0);
  usedCount = 0;

  /** Empties the accumulators of the last tick. */
  reset(): void {
    for (let i = 0; i < this.usedCount; i++) {
      const id = this.used[i];
      this.count[id] = 0;
      this.cpu[id] = 0;
      this.cpuUser[id] = 0;
      this.cpuSystem[id] = 0;
      this.rssBytes[id] = 0;
      this.vsizeBytes[id] = 0;
      this.threads[id] = 0;
      this.childCpu[id] = 0;
    }
    this.usedCount = 0;
  }

  /**
   * Sums this tick's tail: every scanned process of the pid list that is not
   * a row (isTop 0), by display name.
   */
  sumTail(v: TableViews, listed: number, names: NameTable): void {
    this.reset();
    for (let i = 0; i < listed; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if ((status === READ_OK || status === READ_REUSED) && v.isTop[slot] === 0) {
        this.add(v, slot, names.displayIdOf(v.nameId[slot]));
      }
    }
  }

  /** Adds the process in `slot` to display id `id`; a process with no cpu% yet adds 0 cpu. */
  add(v: TableViews, slot: number, id: number): void {
    if (id >= this.count.length) this.grow(Math.max(64, id + 1, this.count.length * 2));
    if (this.count[id]++ === 0) this.used[this.usedCount++] = id;
    const cpu = v.cpuPct[slot];
    if (!Number.isNaN(cpu)) {
      this.cpu[id] += cpu;
      this.cpuUser[id] += v.cpuUserPct[slot];
      this.cpuSystem[id] += v.cpuSystemPct[slot];
    }
    this.rssBytes[id] += v.rssBytes[slot];
    this.vsizeBytes[id] += readU64(v.vsize, slot);
    this.threads[id] += v.threads[slot];
    const children = v.childCpuPct[slot];
    if (!Number.isNaN(children)) this.childCpu[id] += children;
  }

  /** Room for more display ids, keeping this tick's sums (only when new names appear). */
  private grow(size: number): void {
    const grown = <T extends Uint32Array | Float64Array | Int32Array>(old: T): T => {
      const next = new (old.constructor as new (n: number) => T)(size);
      next.set(old);
      return next;
    };
    this.count = grown(this.count);
    this.cpu = grown(this.cpu);
    this.cpuUser = grown(this.cpuUser);
    this.cpuSystem = grown(this.cpuSystem);
    this.rssBytes = grown(this.rssBytes);
    this.vsizeBytes = grown(this.vsizeBytes);
    this.threads = grown(this.threads);
    this.childCpu = grown(this.childCpu);
    this.used = grown(this.used);
  }
}
