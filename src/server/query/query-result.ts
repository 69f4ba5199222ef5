// The answer, shaped like NRQL's JSON results, whichever route computed it:
//   no FACET, no TIMESERIES   { results: [ {count: 5}, {percentiles: {"95": 1.2, "99": 3}} ] }
//   FACET                     { facets: [ {name: "nginx", results: [ … ]} ] }   (first aggregate, descending)
//   TIMESERIES                { timeSeries: [ {beginTimeSeconds, endTimeSeconds, results: [ … ]} ] }
//   FACET + TIMESERIES        { facets: [ {name, timeSeries: [ … ]} ] }
//   row query                 { results: [ {events: [ {timestamp, …}, … ]} ] }
// one result object per SELECT item, keyed by the function's name
// (percentile → "percentiles" keyed by the percentile as written, median →
// "median"), and `metadata` saying what ran and why (router.ts).

import type { AggregateItem, EventType } from './nrql-ast.js';

export type AggregateResult = Record<string, unknown>;

export interface TimeSeriesEntry {
  readonly beginTimeSeconds: number;
  readonly endTimeSeconds: number;
  readonly results: AggregateResult[];
}

export interface FacetEntry {
  /** The facet's value; an array of them for FACET a, b. */
  readonly name: unknown;
  readonly results?: AggregateResult[];
  readonly timeSeries?: TimeSeriesEntry[];
}

export type Route = 'RAW' | 'SKETCH' | 'SKETCH+RAW';
export type QueryMode = 'raw' | 'sketch' | 'auto';
export const QUERY_MODES: readonly QueryMode[] = ['raw', 'sketch', 'auto'];
/** Where the mode came from: the request, the account's fleet switch, the account's server.yaml entry, or the default. */
export type ModeSource = 'query' | 'fleet' | 'account' | 'default';

export interface WindowsUsed {
  /** 60 s windows and hourly rollups merged. */
  readonly minuteWindows: number;
  readonly hourWindows: number;
  /** [beginMs, endMs) the windows cover. */
  readonly beginMs: number | null;
  readonly endMs: number | null;
  /** The coarsest scale the windows were merged at. */
  readonly scale: number | null;
}

export interface QueryMetadata {
  readonly eventType: EventType;
  readonly account: string;
  readonly beginTimeMillis: number;
  readonly endTimeMillis: number;
  readonly bucketSizeMillis?: number;
  readonly facet?: string[];
  readonly mode: QueryMode;
  readonly modeFrom: ModeSource;
  readonly route: Route;
  /** Why this route: a sentence a person can act on. */
  readonly reason: string;
  /** The query as the sketch store answers it (approxPercentile over DistributionMetric), when the route used it. */
  readonly rewrittenQuery?: string;
  readonly windows?: WindowsUsed;
  /** The account's high-water mark (ms) when the router read it; null: none yet. */
  readonly highWaterMarkMs?: number | null;
  /** RAW rows stitched after the windows: [beginMs, endMs). */
  readonly rawTail?: { beginMs: number; endMs: number };
  readonly warnings: string[];
  /** Parse + classify + rewrite, ms. */
  readonly routerMs: number;
  readonly elapsedMs: number;
}

export interface QueryAnswer {
  readonly results?: AggregateResult[];
  readonly facets?: FacetEntry[];
  readonly timeSeries?: TimeSeriesEntry[];
}

export interface QueryResult extends QueryAnswer {
  readonly metadata: QueryMetadata;
}

/** One value per SELECT item: a number or null, or for percentile()/median() one per percentile. */
export type ItemValue = unknown;

/** The result objects of one group, from the values of its SELECT items. */
export function itemResults(select: readonly AggregateItem[], values: readonly ItemValue[]): AggregateResult[] {
  return select.map((item, i) => {
    const v = values[i];
    switch (item.kind) {
      case 'percentile': {
        const list = (v ?? []) as (number | null)[];
        return { percentiles: Object.fromEntries(item.percentiles.map((p, k) => [String(p), list[k] ?? null])) };
      }
      case 'median':
        return { median: ((v ?? []) as (number | null)[])[0] ?? null };
      case 'count':
        return { count: v ?? 0 };
      default:
        return { [item.kind]: v ?? null };
    }
  });
}

/** The number a group is ranked by among facets: its first item's (first) value. */
export function rankValue(r: AggregateResult[]): number {
  const first = r[0];
  if (first === undefined) return -Infinity;
  let v = Object.values(first)[0];
  if (v !== null && typeof v === 'object') v = Object.values(v as Record<string, unknown>)[0];
  return typeof v === 'number' && !Number.isNaN(v) ? v : -Infinity;
}

/** The TIMESERIES buckets of [fromMs, toMs): [begin, end) each, the last cut at toMs. */
export function bucketsOf(fromMs: number, toMs: number, bucketMs: number): { beginMs: number; endMs: number }[] {
  const out: { beginMs: number; endMs: number }[] = [];
  for (let b = fromMs; b < toMs; b += bucketMs) out.push({ beginMs: b, endMs: Math.min(b + bucketMs, toMs) });
  return out;
}
