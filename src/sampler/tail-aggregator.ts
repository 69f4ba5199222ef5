// The tail: every scanned process that is not a top row, summed into one
// row per display name (a name id of the NameTable). Accumulators are
// typed arrays indexed by name id; only the ids touched this tick are reset.

import { readU64, type TableViews } from '../table/shared-table.js';

export class TailAggregator {
  count = new Uint32Array(0);
  cpu = new Float64Array(0);
  cpuUser = new Float64Array(0);
  cpuSystem = new Float64Array(0);
  rssBytes = new Float64Array(0);
  vsizeBytes = new Float64Array(0);
  threads = new Float64Array(0);
  /** Name ids with at least one process this tick: used[0 .. usedCount). */
  used = new Int32Array(0);
  usedCount = 0;

  /** Empties the accumulators of the last tick and makes room for `names` ids. */
  reset(names: number): void {
    for (let i = 0; i < this.usedCount; i++) {
      const id = this.used[i];
      this.count[id] = 0;
      this.cpu[id] = 0;
      this.cpuUser[id] = 0;
      this.cpuSystem[id] = 0;
      this.rssBytes[id] = 0;
      this.vsizeBytes[id] = 0;
      this.threads[id] = 0;
    }
    this.usedCount = 0;
    if (names > this.count.length) this.grow(Math.max(names, this.count.length * 2));
  }

  /** Adds the process in `slot`; a process with no cpu% yet adds 0 cpu. */
  add(v: TableViews, slot: number): void {
    const id = v.nameId[slot];
    if (this.count[id]++ === 0) this.used[this.usedCount++] = id;
    const cpu = v.cpuPct[slot];
    if (cpu === cpu) {
      this.cpu[id] += cpu;
      this.cpuUser[id] += v.cpuUserPct[slot];
      this.cpuSystem[id] += v.cpuSystemPct[slot];
    }
    this.rssBytes[id] += v.rssBytes[slot];
    this.vsizeBytes[id] += readU64(v.vsize, slot);
    this.threads[id] += v.threads[slot];
  }

  private grow(size: number): void {
    // Only between ticks, after reset: the arrays hold zeros.
    this.count = new Uint32Array(size);
    this.cpu = new Float64Array(size);
    this.cpuUser = new Float64Array(size);
    this.cpuSystem = new Float64Array(size);
    this.rssBytes = new Float64Array(size);
    this.vsizeBytes = new Float64Array(size);
    this.threads = new Float64Array(size);
    this.used = new Int32Array(size);
  }
}
