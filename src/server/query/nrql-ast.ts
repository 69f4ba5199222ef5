// The parsed query: a small typed tree (Prometheus's promql/parser/ast.go is
// the model). The planner, the router and the executors take this tree,
// never the text. Attribute names are the ones the agent ships (aliases
// already resolved to their canonical name by the parser: entityGuid →
// hostId, see attributes.ts); `offset` is where the name stood in the text,
// for errors found after parsing.

export const EVENT_TYPES = [
  'ProcessSample',
  'ProcessAggregateSample',
  'ProcessTickSample',
  'ProcessEphemeralSample',
  'ProcessThreadSample',
  'SystemSample',
  'MetricSample',
  'DistributionMetric',
] as const;
export type EventType = (typeof EVENT_TYPES)[number];

export interface AttributeRef {
  /** The canonical attribute name (attributes.ts). */
  readonly name: string;
  /** Offset of the name in the query text. */
  readonly offset: number;
}

export type Literal = { readonly kind: 'string'; readonly value: string } | { readonly kind: 'number'; readonly value: number } | { readonly kind: 'boolean'; readonly value: boolean };

export const AGGREGATE_FUNCTIONS = ['count', 'sum', 'average', 'min', 'max', 'latest', 'uniqueCount', 'percentile', 'median'] as const;
export type AggregateFunction = (typeof AGGREGATE_FUNCTIONS)[number];

export type SelectItem =
  /** count(*) has no attribute; count(attr) counts the rows where attr is not null. */
  | { readonly kind: 'count'; readonly attribute: AttributeRef | undefined }
  | { readonly kind: 'sum' | 'average' | 'min' | 'max' | 'latest' | 'uniqueCount'; readonly attribute: AttributeRef }
  /** Percentiles in percent, 0..100, in the order written. */
  | { readonly kind: 'percentile'; readonly attribute: AttributeRef; readonly percentiles: readonly number[] }
  | { readonly kind: 'median'; readonly attribute: AttributeRef }
  /** A plain attribute: a row query (no aggregate may stand beside it). */
  | { readonly kind: 'attribute'; readonly attribute: AttributeRef }
  /** SELECT *: every attribute, a row query. */
  | { readonly kind: 'star' };

export type AggregateItem = Exclude<SelectItem, { kind: 'attribute' } | { kind: 'star' }>;

export type CompareOp = '=' | '!=' | '<' | '<=' | '>' | '>=';

export type Condition =
  | { readonly kind: 'compare'; readonly attribute: AttributeRef; readonly op: CompareOp; readonly value: Literal }
  /** NRQL's LIKE: % is the only wildcard; case-insensitive (ASCII) on both stores. */
  | { readonly kind: 'like'; readonly attribute: AttributeRef; readonly pattern: string; readonly negated: boolean }
  | { readonly kind: 'in'; readonly attribute: AttributeRef; readonly values: readonly Literal[]; readonly negated: boolean }
  | { readonly kind: 'isNull'; readonly attribute: AttributeRef; readonly negated: boolean }
  | { readonly kind: 'and' | 'or'; readonly left: Condition; readonly right: Condition }
  | { readonly kind: 'not'; readonly operand: Condition };

export const TIME_UNITS = ['seconds', 'minutes', 'hours', 'days', 'weeks'] as const;
export type TimeUnit = (typeof TIME_UNITS)[number];

export const UNIT_MS: Readonly<Record<TimeUnit, number>> = { seconds: 1000, minutes: 60_000, hours: 3_600_000, days: 86_400_000, weeks: 604_800_000 };

export type TimePoint =
  | { readonly kind: 'ago'; readonly amount: number; readonly unit: TimeUnit }
  /** Epoch milliseconds, or 'YYYY-MM-DD HH:MM:SS' read as UTC (`text` keeps what was written). */
  | { readonly kind: 'absolute'; readonly ms: number; readonly text?: string }
  | { readonly kind: 'now' };

export type Timeseries = { readonly kind: 'auto' } | { readonly kind: 'fixed'; readonly amount: number; readonly unit: TimeUnit };

export interface Query {
  readonly select: readonly SelectItem[];
  readonly from: EventType;
  readonly where: Condition | undefined;
  readonly facet: readonly AttributeRef[];
  readonly since: TimePoint | undefined;
  readonly until: TimePoint | undefined;
  readonly timeseries: Timeseries | undefined;
  /** LIMIT N, or 'max'; undefined: the default (10 facets, 100 rows). */
  readonly limit: number | 'max' | undefined;
}

/** Whether the SELECT is a row query (plain attributes or *), not aggregates. */
export function isRowQuery(q: Query): boolean {
  return q.select.some((s) => s.kind === 'attribute' || s.kind === 'star');
}
