// The query's time range and TIMESERIES buckets, resolved against a clock
// (injected: the golden tests fix it). NRQL's defaults: SINCE 1 hour ago,
// UNTIL now; TIMESERIES without a size (or AUTO) picks the smallest bucket
// of the ladder below that makes at most MAX_AUTO_BUCKETS buckets.

import { type Query, type TimePoint, UNIT_MS } from './nrql-ast.js';

/** A query that parses but cannot be answered as written (a 400, like a syntax error). */
export class QueryError extends Error {
  readonly code = 'IW_ERR_QUERY';
  constructor(message: string) {
    super(message);
    this.name = 'QueryError';
  }
}

export const DEFAULT_SINCE_MS = 3_600_000;
const AUTO_LADDER_MS = [60_000, 300_000, 600_000, 1_800_000, 3_600_000, 10_800_000, 21_600_000, 43_200_000, 86_400_000, 604_800_000];
export const MAX_AUTO_BUCKETS = 60;
/** The most buckets a TIMESERIES may ask for. */
export const MAX_BUCKETS = 1_440;

export interface TimeRange {
  /** [fromMs, toMs): Unix ms, the start included, the end excluded. */
  readonly fromMs: number;
  readonly toMs: number;
  /** The TIMESERIES bucket, when there is one. */
  readonly bucketMs: number | undefined;
}

function pointMs(p: TimePoint, nowMs: number): number {
  switch (p.kind) {
    case 'ago':
      return nowMs - p.amount * UNIT_MS[p.unit];
    case 'absolute':
      return p.ms;
    case 'now':
      return nowMs;
  }
}

export function resolveTimeRange(q: Query, nowMs: number): TimeRange {
  const fromMs = q.since ? pointMs(q.since, nowMs) : nowMs - DEFAULT_SINCE_MS;
  const toMs = q.until ? pointMs(q.until, nowMs) : nowMs;
  if (!(fromMs < toMs)) throw new QueryError(`SINCE (${new Date(fromMs).toISOString()}) must be before UNTIL (${new Date(toMs).toISOString()})`);
  let bucketMs: number | undefined;
  const ts = q.timeseries;
  if (ts !== undefined) {
    const span = toMs - fromMs;
    if (ts.kind === 'auto') {
      bucketMs = AUTO_LADDER_MS.find((b) => span / b <= MAX_AUTO_BUCKETS) ?? AUTO_LADDER_MS[AUTO_LADDER_MS.length - 1];
    } else {
      bucketMs = ts.amount * UNIT_MS[ts.unit];
      if (Math.ceil(span / bucketMs) > MAX_BUCKETS)
        throw new QueryError(`TIMESERIES ${ts.amount} ${ts.unit}: ${Math.ceil(span / bucketMs)} buckets, at most ${MAX_BUCKETS}; use a larger bucket or AUTO`);
    }
  }
  return { fromMs, toMs, bucketMs };
}
