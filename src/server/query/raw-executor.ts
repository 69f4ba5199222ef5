// The RAW route: the query compiled to SQL (compile-sql.ts) and run on the
// row store (sql-runner.ts), the rows shaped as NRQL results
// (query-result.ts). FACET keeps the groups whose first aggregate is
// highest (LIMIT, default 10); FACET + TIMESERIES picks those groups over
// the whole range first, then buckets them.

import { attributeSpec } from './attributes.js';
import { SqlBuilder, SqlCompiler, type Scope } from './compile-sql.js';
import { MAX_LIMIT } from './nrql-parser.js';
import type { AggregateItem, Query } from './nrql-ast.js';
import { type AggregateResult, bucketsOf, type FacetEntry, type ItemValue, itemResults, type QueryAnswer, rankValue, type TimeSeriesEntry } from './query-result.js';
import type { SqlRow, SqlRunner } from './sql-runner.js';
import type { TimeRange } from './time-range.js';

export const DEFAULT_FACET_LIMIT = 10;
export const DEFAULT_ROW_LIMIT = 100;

function num(v: unknown): number | null {
  if (v === null || v === undefined) return null;
  const n = Number(v);
  return Number.isNaN(n) ? null : n;
}

export class RawExecutor {
  constructor(readonly runner: SqlRunner) {}

  private values(q: Query, row: SqlRow): ItemValue[] {
    return (q.select as AggregateItem[]).map((item, i) => {
      const v = row[`a${i}`];
      if (item.kind === 'percentile' || item.kind === 'median') return this.runner.dialect.decodePercentiles(v);
      if (item.kind === 'latest' && attributeSpec(q.from, item.attribute.name).type === 'string') return v ?? null;
      return num(v);
    });
  }

  async execute(q: Query, account: string, range: TimeRange): Promise<QueryAnswer> {
    const c = new SqlCompiler(q, this.runner.dialect);
    const scope: Scope = { account, fromMs: range.fromMs, toMs: range.toMs };
    const limit = q.limit === 'max' ? MAX_LIMIT : q.limit;
    if (q.select.some((s) => s.kind === 'attribute' || s.kind === 'star')) return this.rowQuery(q, c, scope, limit ?? DEFAULT_ROW_LIMIT);
    const select = q.select as AggregateItem[];
    if (q.facet.length === 0) {
      if (range.bucketMs === undefined) {
        const { sql, params } = c.aggregates(scope, { facets: false });
        const rows = await this.runner.all(sql, params);
        return { results: itemResults(select, rows[0] ? this.values(q, rows[0]) : []) };
      }
      const { sql, params } = c.aggregates(scope, { facets: false, bucketMs: range.bucketMs });
      return { timeSeries: this.series(q, range, await this.runner.all(sql, params)) };
    }
    const grouped = c.aggregates(scope, { facets: true });
    const groups = (await this.runner.all(grouped.sql, grouped.params)).map((row) => ({ key: this.facetKey(q, row), name: this.facetName(q, row), results: itemResults(select, this.values(q, row)) }));
    groups.sort((a, b) => rankValue(b.results) - rankValue(a.results) || String(a.key).localeCompare(String(b.key)));
    const top = groups.slice(0, limit ?? DEFAULT_FACET_LIMIT);
    if (range.bucketMs === undefined) return { facets: top.map((g): FacetEntry => ({ name: g.name, results: g.results })) };
    const bucketed = c.aggregates(scope, { facets: true, bucketMs: range.bucketMs });
    const byKey = new Map<string, SqlRow[]>(top.map((g) => [g.key, []]));
    for (const row of await this.runner.all(bucketed.sql, bucketed.params)) byKey.get(this.facetKey(q, row))?.push(row);
    return { facets: top.map((g): FacetEntry => ({ name: g.name, timeSeries: this.series(q, range, byKey.get(g.key) ?? []) })) };
  }

  private facetName(q: Query, row: SqlRow): unknown {
    const names = q.facet.map((f, i) => {
      const v = row[`f${i}`];
      return attributeSpec(q.from, f.name).type === 'number' ? num(v) : (v ?? null);
    });
    return names.length === 1 ? names[0] : names;
  }

  private facetKey(q: Query, row: SqlRow): string {
    return JSON.stringify(q.facet.map((_, i) => row[`f${i}`] ?? null).map((v) => (typeof v === 'string' ? v : num(v))));
  }

  private series(q: Query, range: TimeRange, rows: SqlRow[]): TimeSeriesEntry[] {
    const bucketMs = range.bucketMs as number;
    const byBucket = new Map<number, AggregateResult[]>();
    const select = q.select as AggregateItem[];
    for (const row of rows) byBucket.set(Number(row.b), itemResults(select, this.values(q, row)));
    return bucketsOf(range.fromMs, range.toMs, bucketMs).map((b, i) => ({
      beginTimeSeconds: b.beginMs / 1000,
      endTimeSeconds: b.endMs / 1000,
      results: byBucket.get(i) ?? itemResults(select, []),
    }));
  }

  private async rowQuery(q: Query, c: SqlCompiler, scope: Scope, limit: number): Promise<QueryAnswer> {
    const { sql, params } = c.rows(scope, limit);
    const names = c.rowAttributes();
    const events = (await this.runner.all(sql, params)).map((row) => {
      const e: Record<string, unknown> = {};
      for (const name of names) e[name] = attributeSpec(q.from, name).type === 'number' ? num(row[name]) : (row[name] ?? null);
      return e;
    });
    return { results: [{ events }] };
  }

  /** Whether any host of `account` last shipped its process rows in smart mode (the Host registry's mode). */
  async anySmartHost(account: string): Promise<boolean> {
    const b = new SqlBuilder(this.runner.dialect);
    const rows = await this.runner.all(`SELECT 1 AS x FROM "Host" WHERE "account" = ${b.text(account)} AND "mode" = 'smart' LIMIT 1`, b.params);
    return rows.length > 0;
  }

  /** The registered hostname of each host id of `account` (the Host registry). */
  async hostNames(account: string): Promise<Map<string, string>> {
    const b = new SqlBuilder(this.runner.dialect);
    const rows = await this.runner.all(`SELECT "hostId" AS id, "hostName" AS name FROM "Host" WHERE "account" = ${b.text(account)}`, b.params);
    return new Map(rows.map((r) => [String(r.id), String(r.name)]));
  }

  /** The host ids of `account` registered under `hostname`. */
  async hostIdsNamed(account: string, hostname: string): Promise<string[]> {
    const b = new SqlBuilder(this.runner.dialect);
    const rows = await this.runner.all(`SELECT "hostId" AS id FROM "Host" WHERE "account" = ${b.text(account)} AND "hostName" = ${b.text(hostname)}`, b.params);
    return rows.map((r) => String(r.id));
  }

  /** WHERE of ProcessSample rows of `account` in [fromMs, toMs), of some hosts and/or one display name when given. */
  private processWhere(b: SqlBuilder, account: string, fromMs: number, toMs: number, hostIds: readonly string[] | undefined, display: string | undefined): string {
    const where = [`"account" = ${b.text(account)}`];
    if (hostIds !== undefined) where.push(hostIds.length === 0 ? '1 = 0' : `"hostId" IN (${hostIds.map((h) => b.text(h)).join(', ')})`);
    where.push(`"timestampMs" >= ${b.int(fromMs)}`, `"timestampMs" < ${b.int(toMs)}`);
    if (display !== undefined) where.push(`"processDisplayName" = ${b.text(display)}`);
    return where.join(' AND ');
  }

  /**
   * Whether ProcessSample holds rows in [fromMs, toMs) (see processWhere),
   * and whether every one of them was shipped in raw mode (all processes,
   * not the top N).
   */
  async processRows(account: string, fromMs: number, toMs: number, hostIds: readonly string[] | undefined, display: string | undefined): Promise<{ any: boolean; allRaw: boolean }> {
    const any = new SqlBuilder(this.runner.dialect);
    const anyRows = await this.runner.all(`SELECT 1 AS x FROM "ProcessSample" WHERE ${this.processWhere(any, account, fromMs, toMs, hostIds, display)} LIMIT 1`, any.params);
    if (anyRows.length === 0) return { any: false, allRaw: true };
    const notRaw = new SqlBuilder(this.runner.dialect);
    const notRawRows = await this.runner.all(
      `SELECT 1 AS x FROM "ProcessSample" WHERE ${this.processWhere(notRaw, account, fromMs, toMs, hostIds, display)} AND ("mode" IS NULL OR "mode" <> 'raw') LIMIT 1`,
      notRaw.params,
    );
    return { any: true, allRaw: notRawRows.length === 0 };
  }

  /** The values of `attribute` in the ProcessSample rows of processWhere (the raw tail a SKETCH answer is stitched with). */
  async processValues(account: string, attribute: string, fromMs: number, toMs: number, hostIds: readonly string[] | undefined, display: string | undefined): Promise<number[]> {
    const b = new SqlBuilder(this.runner.dialect);
    const column = attributeSpec('ProcessSample', attribute).column;
    const rows = await this.runner.all(`SELECT "${column}" AS v FROM "ProcessSample" WHERE ${this.processWhere(b, account, fromMs, toMs, hostIds, display)} AND "${column}" IS NOT NULL`, b.params);
    return rows.map((r) => Number(r.v));
  }
}
