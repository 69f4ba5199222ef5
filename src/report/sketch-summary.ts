// Sketches as numbers a person reads: count, sum, min, max and quantiles,
// for `infrawatch scan --json` and `infrawatch decode`.

import { DDSketch } from '../sketch/ddsketch.js';
import type { infrawatch } from '../wire/generated/infrawatch.js';

export interface SketchSummary {
  count: number;
  sum: number;
  min: number | null;
  max: number | null;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  p999: number | null;
}

function orNull(x: number): number | null {
  return Number.isFinite(x) ? x : null;
}

export function summaryOf(s: DDSketch): SketchSummary {
  const empty = s.count === 0;
  return {
    count: s.count,
    sum: s.sum,
    min: empty ? null : s.min,
    max: empty ? null : s.max,
    p50: orNull(s.quantile(0.5)),
    p90: orNull(s.quantile(0.9)),
    p95: orNull(s.quantile(0.95)),
    p99: orNull(s.quantile(0.99)),
    p999: orNull(s.quantile(0.999)),
  };
}

/** A sketch rebuilt from a decoded SketchEnvelope (its bins, counts and extremes). */
export function sketchOfEnvelope(e: infrawatch.ISketchEnvelope): DDSketch {
  const s = new DDSketch(e.scale ?? 6, 65_536);
  const h = e.histogram;
  const addStore = (store: infrawatch.IStore | null | undefined, add: (i: number, w: number) => void) => {
    const bins = store?.contiguousBinCounts ?? [];
    const offset = store?.contiguousBinIndexOffset ?? 0;
    bins.forEach((w, k) => {
      if (w !== 0) add(offset + k, w);
    });
  };
  addStore(h?.positiveValues, (i, w) => s.positive.add(i, w));
  addStore(h?.negativeValues, (i, w) => s.mergeNegativeBin(i, w));
  s.zeroCount = h?.zeroCount ?? 0;
  s.sum = e.sum ?? 0;
  const empty = (e.count ?? 0) === 0;
  s.min = empty ? Infinity : (e.min ?? 0);
  s.max = empty ? -Infinity : (e.max ?? 0);
  return s;
}
