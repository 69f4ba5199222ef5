// Sketches as numbers a person reads: count, sum, min, max and quantiles,
// for `infrawatch scan --json` and `infrawatch decode`.

import type { DDSketch } from '../sketch/ddsketch.js';

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
