// What differs between the two row stores' SQL: placeholders and their
// types, the exact percentile, latest(), LIKE, and the TIMESERIES bucket.
// Every user value is a bound parameter; identifiers come only from
// attributes.ts's allow-list, quoted.
//
// percentile on rows is exact, nearest-rank: the p-th percentile of n
// values is the value of rank ceil(p/100 · n) (1-based; rank 1 for p = 0)
// of the sorted values: always a value that occurred, never interpolated.
// PostgreSQL's percentile_disc is that definition; on SQLite the aggregate
// iw_percentiles (sqlite-sql-runner.ts) computes it the same way.

export interface SqlDialect {
  readonly name: 'sqlite' | 'postgres';
  /** The text of the n-th (1-based) placeholder. */
  placeholder(n: number): string;
  /** A bound integer (Unix ms, sizes): its value and the SQL around its placeholder. */
  int(v: number): { value: unknown; wrap: (ph: string) => string };
  /** A bound double. */
  num(v: number): { value: unknown; wrap: (ph: string) => string };
  text(v: string): { value: unknown; wrap: (ph: string) => string };
  /** The nearest-rank percentiles of `expr` at `fractionsPh` (0..1), as one value the runner decodes with `decodePercentiles`. */
  percentiles(expr: string, fractionsPh: string): string;
  fractions(f: readonly number[]): unknown;
  decodePercentiles(v: unknown): (number | null)[];
  /** The value of `expr` on the row with the highest `ts`. */
  latest(expr: string, ts: string): string;
  /** Case-insensitive LIKE with \ as the escape character. */
  like(expr: string, patternPh: string, negated: boolean): string;
  /** The 0-based bucket number of `ts` from `fromPh`, buckets `sizePh` wide (ts ≥ from). */
  bucket(ts: string, fromPh: string, sizePh: string): string;
}

function toNumberOrNull(v: unknown): number | null {
  return v === null || v === undefined ? null : Number(v);
}

export const SQLITE_DIALECT: SqlDialect = {
  name: 'sqlite',
  placeholder: () => '?',
  // better-sqlite3 binds a JS number as REAL; a BigInt as INTEGER (integer arithmetic in the bucket).
  int: (v) => ({ value: BigInt(Math.trunc(v)), wrap: (ph) => ph }),
  num: (v) => ({ value: v, wrap: (ph) => ph }),
  text: (v) => ({ value: v, wrap: (ph) => ph }),
  percentiles: (expr, ph) => `iw_percentiles(${expr}, ${ph})`,
  fractions: (f) => JSON.stringify(f),
  decodePercentiles: (v) => (v === null || v === undefined ? [] : (JSON.parse(String(v)) as (number | null)[])),
  latest: (expr, ts) => `iw_latest(${ts}, ${expr})`,
  like: (expr, ph, negated) => `${expr} ${negated ? 'NOT LIKE' : 'LIKE'} ${ph} ESCAPE '\\'`,
  bucket: (ts, from, size) => `((${ts} - ${from}) / ${size})`,
};

export const POSTGRES_DIALECT: SqlDialect = {
  name: 'postgres',
  placeholder: (n) => `$${n}`,
  int: (v) => ({ value: String(Math.trunc(v)), wrap: (ph) => `${ph}::bigint` }),
  num: (v) => ({ value: v, wrap: (ph) => `${ph}::double precision` }),
  text: (v) => ({ value: v.includes('\0') ? v.replaceAll('\0', '') : v, wrap: (ph) => `${ph}::text` }),
  percentiles: (expr, ph) => `percentile_disc(${ph}::double precision[]) WITHIN GROUP (ORDER BY ${expr})`,
  fractions: (f) => f,
  decodePercentiles: (v) => (v === null || v === undefined ? [] : (v as unknown[]).map(toNumberOrNull)),
  latest: (expr, ts) => `(array_agg(${expr} ORDER BY ${ts} DESC))[1]`,
  like: (expr, ph, negated) => `${expr} ${negated ? 'NOT ILIKE' : 'ILIKE'} ${ph} ESCAPE '\\'`,
  bucket: (ts, from, size) => `((${ts} - ${from}) / ${size})`,
};

/** NRQL's LIKE pattern (% the only wildcard) as SQL's with \ escaping: _ and \ are literal. */
export function likePattern(nrql: string): string {
  return nrql.replace(/[\\_]/g, (c) => `\\${c}`);
}
