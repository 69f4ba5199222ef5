// A sketch as an OTLP ExponentialHistogram data point (delta temporality):
// the bins are copied, not re-bucketed, because the mapping is the OTLP one
// (γ = 2^(2^-scale), bin i = (base^i, base^(i+1)]), so every value, those
// exactly on a boundary included, is in the bucket OTLP puts it in.

import type { DDSketch } from './ddsketch.js';
import type { DenseStore } from './dense-store.js';

export interface OtlpBuckets {
  offset: number;
  bucketCounts: number[];
}

export interface ExponentialHistogramPoint {
  startTimeUnixNano: bigint;
  timeUnixNano: bigint;
  count: number;
  sum: number;
  scale: number;
  zeroCount: number;
  positive: OtlpBuckets;
  negative: OtlpBuckets;
  min: number;
  max: number;
}

function bucketsOf(store: DenseStore | undefined): OtlpBuckets {
  const bins = store?.occupied() ?? { minIndex: 0, counts: [] };
  return { offset: bins.minIndex, bucketCounts: bins.counts };
}

/** A key's sketch of a window as a point, for a sink that ships them (OTLP). */
export interface SketchPoint {
  /** The sketch's metric: cpuPercent or memoryResidentSizeBytes. */
  metricName: string;
  /** Empty for the host key. */
  displayName: string;
  point: ExponentialHistogramPoint;
}

export function otlpPointOf(sketch: DDSketch, windowStartMs: number, windowEndMs: number): ExponentialHistogramPoint {
  return {
    startTimeUnixNano: BigInt(windowStartMs) * 1_000_000n,
    timeUnixNano: BigInt(windowEndMs) * 1_000_000n,
    count: sketch.count,
    sum: sketch.sum,
    scale: sketch.scale,
    zeroCount: sketch.zeroCount,
    positive: bucketsOf(sketch.positive),
    negative: bucketsOf(sketch.negative),
    min: sketch.min,
    max: sketch.max,
  };
}

/** The q-quantile of a point, by the same rank walk as the sketch's (for checking a point as a consumer would). */
export function quantileOfPoint(p: ExponentialHistogramPoint, q: number): number {
  if (p.count === 0) return NaN;
  const base = 2 ** (2 ** -p.scale);
  const value = (i: number) => (base ** i * 2 * base) / (1 + base);
  const clamp = (v: number) => Math.min(p.max, Math.max(p.min, v));
  const rank = q * (p.count - 1);
  let seen = 0;
  for (let k = p.negative.bucketCounts.length - 1; k >= 0; k--) {
    seen += p.negative.bucketCounts[k];
    if (seen > rank) return clamp(-value(p.negative.offset + k));
  }
  seen += p.zeroCount;
  if (seen > rank) return clamp(0);
  for (let k = 0; k < p.positive.bucketCounts.length; k++) {
    seen += p.positive.bucketCounts[k];
    if (seen > rank) return clamp(value(p.positive.offset + k));
  }
  return p.max;
}
