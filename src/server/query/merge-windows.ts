// Windows (sketch-reader.ts) merged into one sketch, and its quantiles, as
// the agent's sketch computes them (src/sketch/ddsketch.ts): windows of
// different scales meet at the coarsest, bin i of a finer window moving to
// i >> d (lossless beyond the coarser scale's own accuracy); the q-quantile
// is the value of the bin holding the nearest rank ⌈q·n⌉ (1-based), clamped
// to [min, max]: the rank the RAW route's percentile takes (percentile_disc
// on PostgreSQL, iw_percentiles on SQLite), so that the two routes answer
// the same question; at p99 of a few hundred values the agent's q·(n−1)
// would land a rank below, over 1 % away in a long tail.

import { DDSketch } from '../../sketch/ddsketch.js';
import type { SketchWindow } from './sketch-reader.js';

export class MergedSketch {
  private sketch: DDSketch | undefined;
  windows = 0;

  get scale(): number | undefined {
    return this.sketch?.scale;
  }

  get count(): number {
    return this.sketch?.count ?? 0;
  }

  addWindow(w: SketchWindow): void {
    let s = this.sketch;
    if (s === undefined) {
      s = new DDSketch(w.scale);
      this.sketch = s;
    } else if (w.scale < s.scale) {
      s.downscale(s.scale - w.scale);
    }
    const shift = w.scale - s.scale;
    const { offset, counts } = w.bins;
    for (let k = 0; k < counts.length; k++) {
      const weight = counts[k];
      if (weight !== 0) s.positive.add((offset + k) >> shift, weight);
    }
    s.zeroCount += w.zeroCount;
    s.sum += w.sum;
    if (w.count > 0) {
      if (w.min < s.min) s.min = w.min;
      if (w.max > s.max) s.max = w.max;
    }
    this.windows++;
  }

  /** The merge of `parts` (a TIMESERIES' buckets into the whole range). */
  static ofMany(parts: readonly MergedSketch[]): MergedSketch {
    const m = new MergedSketch();
    for (const p of parts) {
      if (p.sketch === undefined) continue;
      m.sketch ??= new DDSketch(p.sketch.scale);
      m.sketch.merge(p.sketch);
      m.windows += p.windows;
    }
    return m;
  }

  /** Adds raw values (a stitched tail of rows) at the sketch's scale; `scale` when no window came first. */
  addValues(values: readonly number[], scale: number): void {
    this.sketch ??= new DDSketch(scale);
    for (const v of values) this.sketch.add(v);
  }

  /** The quantiles at `fractions` (0..1), null when the sketch is empty. */
  quantiles(fractions: readonly number[]): (number | null)[] {
    const s = this.sketch;
    if (s === undefined || s.count === 0) return fractions.map(() => null);
    return fractions.map((f) => s.valueAtRank(Math.max(0, Math.ceil(f * s.count) - 1)));
  }
}
