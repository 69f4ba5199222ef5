// Which processes become top rows this tick, in typed arrays only.
//
// Score, per scanned process (written to the `score` column):
//
//   score = max(cpu_weight · cpu% / Σ cpu%,  rss_weight · rss / Σ rss)
//
// the larger of its share of all cpu and its share of all RSS, so that a
// memory hog with no cpu still makes the list. A process with no cpu% yet
// (its first tick) has a cpu share of 0.
//
// Selection: pinned processes (include rules) first, always; excluded ones
// never (they stay in the tail). The rest go through a typed-array min-heap
// of N (O(k log N)), unless k ≤ 1.25·N, when the heap is skipped and all k
// are top rows. With adaptive_n, the heap holds top_n_max and N is the
// smallest count from top_n up whose rows hold capture_target of the score.

import { PIN_EXCLUDE, PIN_INCLUDE, PIN_UNKNOWN, READ_OK, READ_REUSED } from '../table/layout.js';
import type { TableViews } from '../table/shared-table.js';
import type { Totals } from './cpu-sampler.js';
import type { NameTable } from './name-table.js';
import { combineVerdicts, type PinRules } from './pin-rules.js';
import { TopNHeap } from './topn-heap.js';

export interface SelectorOptions {
  readonly topN: number;
  readonly adaptive: boolean;
  readonly topNMax: number;
  readonly captureTarget: number;
  readonly cpuWeight: number;
  readonly rssWeight: number;
  /** Most pinned (include-rule) rows a tick; pinned processes past it compete like any other. */
  readonly pinnedMax: number;
  readonly excludeSelf: boolean;
  readonly selfPid: number;
}

/** Shares of all cpu, of all RSS and of the total score that the top rows hold (1 when the total is 0). */
export interface Capture {
  cpu: number;
  rss: number;
  score: number;
}

const BYPASS_FACTOR = 1.25;

export class TopNSelector {
  /** Top rows of this tick, pinned first, then best first: slots[0 .. count). */
  readonly slots: Int32Array;
  count = 0;
  /** How many of the first slots are pinned (include rules). */
  pinned = 0;
  /** The N in force this tick (top_n, or what adaptive_n chose). */
  n = 0;
  /** At most this many ranked rows a tick (a breaker lowers it to shed work); pinned rows come on top. */
  rowLimit = Number.POSITIVE_INFINITY;
  readonly capture: Capture = { cpu: 1, rss: 1, score: 1 };
  private readonly heap: TopNHeap;
  private readonly ranked: Int32Array;
  private readonly capacity: number;

  constructor(
    private readonly options: SelectorOptions,
    private readonly rules: PinRules | undefined,
    private readonly readCmdline: (pid: number) => string | undefined,
  ) {
    this.capacity = options.adaptive ? Math.max(options.topN, options.topNMax) : options.topN;
    this.heap = new TopNHeap(this.capacity);
    this.ranked = new Int32Array(Math.ceil(this.capacity * BYPASS_FACTOR));
    this.slots = new Int32Array(options.pinnedMax + this.ranked.length);
  }

  select(v: TableViews, listed: number, totals: Totals, names: NameTable): void {
    const o = this.options;
    // Shares by division, not by one reciprocal: exact for a process that
    // holds all of a total, and finite for totals as small as a denormal.
    const cpuTotal = totals.cpuPercent;
    const rssTotal = totals.memoryResidentSizeBytes;
    const heap = this.heap;
    heap.reset(v.score, v.rssBytes);
    let pinned = 0;
    let eligible = 0;
    let scoreSum = 0;
    for (let i = 0; i < listed; i++) {
      const slot = v.slotList[i];
      const status = v.status[slot];
      if (status !== READ_OK && status !== READ_REUSED) continue;
      const cpu = v.cpuPct[slot];
      const cpuShare = !Number.isNaN(cpu) && cpuTotal > 0 ? (o.cpuWeight * cpu) / cpuTotal : 0;
      const rssShare = rssTotal > 0 ? (o.rssWeight * v.rssBytes[slot]) / rssTotal : 0;
      const score = Math.max(cpuShare, rssShare);
      v.score[slot] = score;
      scoreSum += score;
      const pin = this.rules === undefined ? 0 : this.pinOf(v, slot, names);
      if (pin === PIN_EXCLUDE || (o.excludeSelf && v.pid[slot] === o.selfPid)) continue;
      if (pin === PIN_INCLUDE && pinned < o.pinnedMax) {
        this.slots[pinned++] = slot;
        continue;
      }
      // Up to 1.25·N candidates wait in `ranked`; the one past that sends
      // them all, and every later one, through the heap.
      if (eligible < this.ranked.length) {
        this.ranked[eligible] = slot;
      } else {
        if (eligible === this.ranked.length) for (let k = 0; k < eligible; k++) heap.offer(this.ranked[k]);
        heap.offer(slot);
      }
      eligible++;
    }

    let n: number;
    if (eligible <= this.ranked.length) {
      // The bypass: every eligible process is a top row; only order them.
      n = eligible;
      sortBestFirst(this.ranked, n, v.score, v.rssBytes);
    } else {
      const ranked = heap.drainBestFirst(this.ranked);
      n = ranked;
      if (o.adaptive) {
        n = Math.min(ranked, o.topN);
        let captured = 0;
        for (let k = 0; k < pinned; k++) captured += v.score[this.slots[k]];
        for (let k = 0; k < n; k++) captured += v.score[this.ranked[k]];
        const want = o.captureTarget * scoreSum;
        while (n < ranked && captured < want) captured += v.score[this.ranked[n++]];
      }
    }
    if (n > this.rowLimit) n = this.rowLimit;
    this.n = n;
    this.pinned = pinned;
    this.slots.set(this.ranked.subarray(0, n), pinned);
    this.count = pinned + n;

    let cpuTop = 0;
    let rssTop = 0;
    let scoreTop = 0;
    for (let k = 0; k < this.count; k++) {
      const slot = this.slots[k];
      v.isTop[slot] = 1;
      const cpu = v.cpuPct[slot];
      if (!Number.isNaN(cpu)) cpuTop += cpu;
      rssTop += v.rssBytes[slot];
      scoreTop += v.score[slot];
    }
    this.capture.cpu = totals.cpuPercent > 0 ? cpuTop / totals.cpuPercent : 1;
    this.capture.rss = totals.memoryResidentSizeBytes > 0 ? rssTop / totals.memoryResidentSizeBytes : 1;
    this.capture.score = scoreSum > 0 ? scoreTop / scoreSum : 1;
  }

  /** Clears the isTop marks of this tick's rows. */
  unmark(v: TableViews): void {
    for (let k = 0; k < this.count; k++) v.isTop[this.slots[k]] = 0;
  }

  private pinOf(v: TableViews, slot: number, names: NameTable): number {
    const rules = this.rules!;
    const id = v.nameId[slot];
    if (names.pins[id] === PIN_UNKNOWN) names.pins[id] = rules.nameVerdict(names.nameOf(id));
    let byCmdline = 0;
    if (rules.hasCmdlineRules) {
      if (v.pin[slot] === PIN_UNKNOWN) {
        const cmdline = this.readCmdline(v.pid[slot]);
        v.pin[slot] = cmdline === undefined ? 1 : rules.cmdlineVerdict(cmdline);
      }
      byCmdline = v.pin[slot];
    }
    return combineVerdicts(names.pins[id], byCmdline);
  }
}

/** Insertion sort of a few slots, best first, in the heap's order. */
function sortBestFirst(slots: Int32Array, n: number, primary: Float64Array, secondary: Float64Array): void {
  for (let i = 1; i < n; i++) {
    const slot = slots[i];
    let j = i - 1;
    while (j >= 0 && ranksBelow(slots[j], slot, primary, secondary)) {
      slots[j + 1] = slots[j];
      j--;
    }
    slots[j + 1] = slot;
  }
}

function ranksBelow(a: number, b: number, primary: Float64Array, secondary: Float64Array): boolean {
  if (primary[a] !== primary[b]) return primary[a] < primary[b];
  if (secondary[a] !== secondary[b]) return secondary[a] < secondary[b];
  return a > b;
}
