// The sketches of a flush window: for each metric (cpuPercent,
// memoryResidentSizeBytes), one sketch over the host (every scanned process)
// and one per display name. Values are added from the table's columns each
// tick (typed arrays, no allocation); the window is shipped and reset (fill,
// never reallocated) once per sketch_window_s.
//
// Memory is bounded: keyed sketches come from a pool sized by the budget
// (each key holds two stores of key_bin_limit float64 bins). The pool's
// sketches are made as names first need them and then kept and reused,
// window after window; once the budget's worth exist, the least recently
// used key gives up its sketches to a new one, unless every key had values
// this tick (then the new name goes without). Values without a key of their
// own stay in the host sketches, which hold every process; evictions and
// misses are counted.

import { READ_OK, READ_REUSED } from '../table/layout.js';
import type { TableViews } from '../table/shared-table.js';
import type { NameTable } from '../sampler/name-table.js';
import { DDSketch } from './ddsketch.js';

export const SKETCH_METRICS = ['cpuPercent', 'memoryResidentSizeBytes'] as const;
export type SketchMetric = (typeof SKETCH_METRICS)[number];

export interface SketchBookOptions {
  readonly scale: number;
  /** Bins of each host sketch. */
  readonly hostBinLimit: number;
  /** Bins of each keyed sketch. */
  readonly keyBinLimit: number;
  /** Bytes the keyed sketches' bins may take in all. */
  readonly memoryBudgetBytes: number;
}

/** One key's pair of sketches: [cpuPercent, memoryResidentSizeBytes]. */
export type SketchPair = readonly [DDSketch, DDSketch];

export class SketchBook {
  readonly host: SketchPair;
  private readonly pool: SketchPair[] = [];
  /** Pool entry of each display id this window, or -1. */
  private entryOf = new Int32Array(0).fill(-1);
  /** Display id of each pool entry, or -1; and the tick it last got a value. */
  private readonly idOf: Int32Array;
  private readonly lastUsed: Float64Array;
  private used = 0;
  private tick = 0;
  private displayEpoch = 0;
  /** Keys that lost their sketches to a newer key this window (their values stay in the host sketches). */
  evictions = 0;
  /**
   * Values of the last tick that found no per-name sketch within the budget
   * (every key was taken by a name of the tick, or the budget is below one
   * key's worth): the tick was over the sketches' memory budget.
   */
  misses = 0;

  constructor(readonly options: SketchBookOptions) {
    this.host = [new DDSketch(options.scale, options.hostBinLimit), new DDSketch(options.scale, options.hostBinLimit)];
    const perKey = 2 * options.keyBinLimit * 8;
    this.capacity = Math.max(0, Math.floor(options.memoryBudgetBytes / perKey));
    this.idOf = new Int32Array(this.capacity).fill(-1);
    this.lastUsed = new Float64Array(this.capacity);
  }

  /** Keys the budget holds. */
  readonly capacity: number;

  /** Keys with sketches made so far (they are kept for the next windows). */
  get keysMade(): number {
    return this.pool.length;
  }

  /** Bytes of bins held by all sketches made (host and keys). */
  get binBytes(): number {
    return 2 * 8 * (this.options.hostBinLimit + this.pool.length * this.options.keyBinLimit);
  }

  /** Adds this tick's scanned processes: cpu% (when it has one) and RSS bytes. */
  addTick(v: TableViews, listed: number, names: NameTable): void {
    this.tick++;
    this.misses = 0;
    if (names.displayEpoch !== this.displayEpoch) this.dropKeys(names.displayEpoch);
    const [hostCpu, hostRss] = this.host;
    for (let i = 0; i < listed; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if (status !== READ_OK && status !== READ_REUSED) continue;
      const cpu = v.cpuPct[slot];
      const rss = v.rssBytes[slot];
      if (!Number.isNaN(cpu)) hostCpu.add(cpu);
      hostRss.add(rss);
      const pair = this.pairOf(names.displayIdOf(v.nameId[slot]));
      if (pair === undefined) continue;
      if (!Number.isNaN(cpu)) pair[0].add(cpu);
      pair[1].add(rss);
    }
  }

  /** Calls `visit` for the host key (display id -1) and every key with values this window. */
  forEachKey(visit: (displayId: number, pair: SketchPair) => void): void {
    visit(-1, this.host);
    for (let e = 0; e < this.pool.length; e++) if (this.idOf[e] >= 0) visit(this.idOf[e], this.pool[e]);
  }

  /** Empties every sketch for the next window (fill, no new arrays). */
  resetWindow(): void {
    this.host[0].reset();
    this.host[1].reset();
    for (let e = 0; e < this.pool.length; e++) {
      if (this.idOf[e] < 0) continue;
      this.pool[e][0].reset();
      this.pool[e][1].reset();
      this.entryOf[this.idOf[e]] = -1;
      this.idOf[e] = -1;
    }
    this.used = 0;
    this.evictions = 0;
  }

  private pairOf(displayId: number): SketchPair | undefined {
    if (displayId >= this.entryOf.length) {
      const grown = new Int32Array(Math.max(displayId + 1, this.entryOf.length * 2, 64)).fill(-1);
      grown.set(this.entryOf);
      this.entryOf = grown;
    }
    let e = this.entryOf[displayId];
    if (e < 0) {
      if (this.capacity === 0) {
        // A budget of 0 turns per-name sketches off; a budget below one key's worth is too small.
        if (this.options.memoryBudgetBytes > 0) this.misses++;
        return undefined;
      }
      if (this.used === this.pool.length && this.pool.length < this.capacity) {
        const { scale, keyBinLimit } = this.options;
        this.pool.push([new DDSketch(scale, keyBinLimit), new DDSketch(scale, keyBinLimit)]);
      }
      e = this.used < this.pool.length ? this.used++ : this.evictLeastRecent();
      if (e < 0) {
        this.misses++;
        return undefined;
      }
      this.idOf[e] = displayId;
      this.entryOf[displayId] = e;
    }
    this.lastUsed[e] = this.tick;
    return this.pool[e];
  }

  /** The display ids were handed out anew: every key gives up its sketches (counted as evictions). */
  private dropKeys(epoch: number): void {
    for (let e = 0; e < this.pool.length; e++) {
      if (this.idOf[e] < 0) continue;
      this.pool[e][0].reset();
      this.pool[e][1].reset();
      this.idOf[e] = -1;
      this.evictions++;
    }
    this.entryOf.fill(-1);
    this.used = 0;
    this.displayEpoch = epoch;
  }

  /**
   * The entry of the least recently used key, given up to a new key; -1
   * when every key already had a value this tick. Taking one from a name of
   * this tick would only make the two take turns (a cycle of more names than
   * the budget holds would empty every sketch every tick); the new name
   * goes without, counted in `misses`, and its values stay in the host's.
   */
  private evictLeastRecent(): number {
    let oldest = 0;
    for (let e = 1; e < this.pool.length; e++) if (this.lastUsed[e] < this.lastUsed[oldest]) oldest = e;
    if (this.lastUsed[oldest] === this.tick) return -1;
    this.entryOf[this.idOf[oldest]] = -1;
    this.pool[oldest][0].reset();
    this.pool[oldest][1].reset();
    this.evictions++;
    return oldest;
  }
}
