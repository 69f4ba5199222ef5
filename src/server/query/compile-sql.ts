// The tree (nrql-ast.ts) compiled to one SQL statement for a row store, in
// the dialect of sql-dialect.ts. Always scoped to one account: the first
// condition of every statement is "account" = <the token's account>, and
// the Host registry is read with the same account. Values are bound
// parameters; identifiers come from attributes.ts only.
//
// Output columns: f0, f1 … the facets, b the TIMESERIES bucket, a0, a1 …
// the aggregates (one per SELECT item), or the attributes' own names for a
// row query.

import { type AttributeSpec, attributeSpec, attributesOf } from './attributes.js';
import type { AggregateItem, AttributeRef, Condition, Literal, Query } from './nrql-ast.js';
import type { SqlDialect } from './sql-dialect.js';
import { likePattern } from './sql-dialect.js';
import { QueryError } from './time-range.js';

export interface CompiledSql {
  readonly sql: string;
  readonly params: unknown[];
}

function q(name: string): string {
  return `"${name}"`;
}

export class SqlBuilder {
  readonly params: unknown[] = [];
  constructor(readonly d: SqlDialect) {}

  private push(b: { value: unknown; wrap: (ph: string) => string }): string {
    this.params.push(b.value);
    return b.wrap(this.d.placeholder(this.params.length));
  }
  int(v: number): string {
    return this.push(this.d.int(v));
  }
  num(v: number): string {
    return this.push(this.d.num(v));
  }
  text(v: string): string {
    return this.push(this.d.text(v));
  }
  raw(v: unknown): string {
    this.params.push(v);
    return this.d.placeholder(this.params.length);
  }
}

export interface Scope {
  readonly account: string;
  readonly fromMs: number;
  readonly toMs: number;
}

/** Compiles a row-store query (ProcessSample, ProcessAggregateSample, SystemSample) of one account. */
export class SqlCompiler {
  constructor(
    private readonly query: Query,
    private readonly dialect: SqlDialect,
  ) {
    if (query.from === 'DistributionMetric') throw new QueryError('DistributionMetric has no rows: it is answered from the sketch store only');
  }

  private spec(a: AttributeRef): AttributeSpec {
    return attributeSpec(this.query.from, a.name);
  }

  /** The SQL expression of an attribute on the row `t`. */
  expr(a: AttributeRef | string): string {
    const spec = attributeSpec(this.query.from, typeof a === 'string' ? a : a.name);
    if (spec.viaHost) return `(SELECT h."hostName" FROM "Host" h WHERE h."account" = t."account" AND h."hostId" = t."hostId")`;
    return `t.${q(spec.column)}`;
  }

  private literal(b: SqlBuilder, a: AttributeRef, v: Literal): string {
    const type = this.spec(a).type;
    if (v.kind === 'boolean') return type === 'number' ? b.int(v.value ? 1 : 0) : b.text(String(v.value));
    if (type === 'number') {
      if (v.kind !== 'number') throw new QueryError(`${a.name} is a number: compare it with a number, not ${JSON.stringify(v.value)}`);
      return b.num(v.value);
    }
    if (v.kind !== 'string') throw new QueryError(`${a.name} is a string: compare it with a quoted string, not ${v.value}`);
    return b.text(v.value);
  }

  /** A predicate on one attribute, written over the SQL expression `e`. */
  private predicate(b: SqlBuilder, c: Exclude<Condition, { kind: 'and' | 'or' | 'not' }>, e: string): string {
    switch (c.kind) {
      case 'compare':
        return `${e} ${c.op === '!=' ? '<>' : c.op} ${this.literal(b, c.attribute, c.value)}`;
      case 'like':
        if (this.spec(c.attribute).type !== 'string') throw new QueryError(`LIKE needs a string attribute; ${c.attribute.name} is a number`);
        return this.dialect.like(e, b.text(likePattern(c.pattern)), c.negated);
      case 'in':
        return `${e} ${c.negated ? 'NOT IN' : 'IN'} (${c.values.map((v) => this.literal(b, c.attribute, v)).join(', ')})`;
      case 'isNull':
        return `${e} IS ${c.negated ? 'NOT ' : ''}NULL`;
    }
  }

  condition(b: SqlBuilder, c: Condition, account: string): string {
    switch (c.kind) {
      case 'and':
      case 'or':
        return `(${this.condition(b, c.left, account)} ${c.kind.toUpperCase()} ${this.condition(b, c.right, account)})`;
      case 'not':
        return `NOT (${this.condition(b, c.operand, account)})`;
      default: {
        if (!this.spec(c.attribute).viaHost) return this.predicate(b, c, this.expr(c.attribute));
        // hostname: the hosts of the account whose registered name matches, by the row's indexed hostId.
        // The account is bound before the predicate's values: SQLite's placeholders are positional.
        const hosts = `t."hostId" IN (SELECT h."hostId" FROM "Host" h WHERE h."account" = ${b.text(account)} AND`;
        if (c.kind === 'isNull') return `${c.negated ? '' : 'NOT '}${hosts} h."hostName" IS NOT NULL)`;
        return `${hosts} ${this.predicate(b, c, 'h."hostName"')})`;
      }
    }
  }

  /** FROM … WHERE account, time range and the query's WHERE. */
  private fromWhere(b: SqlBuilder, s: Scope): string {
    const parts = [`t."account" = ${b.text(s.account)}`, `t."timestampMs" >= ${b.int(s.fromMs)}`, `t."timestampMs" < ${b.int(s.toMs)}`];
    if (this.query.where) parts.push(this.condition(b, this.query.where, s.account));
    return `FROM ${q(this.query.from)} t WHERE ${parts.join(' AND ')}`;
  }

  private aggregate(b: SqlBuilder, item: AggregateItem): string {
    const ts = 't."timestampMs"';
    switch (item.kind) {
      case 'count':
        return item.attribute ? `COUNT(${this.expr(item.attribute)})` : 'COUNT(*)';
      case 'sum':
        return `SUM(${this.expr(item.attribute)})`;
      case 'average':
        return `AVG(${this.expr(item.attribute)})`;
      case 'min':
        return `MIN(${this.expr(item.attribute)})`;
      case 'max':
        return `MAX(${this.expr(item.attribute)})`;
      case 'uniqueCount':
        return `COUNT(DISTINCT ${this.expr(item.attribute)})`;
      case 'latest':
        return this.dialect.latest(this.expr(item.attribute), ts);
      case 'percentile':
      case 'median': {
        const ps = item.kind === 'median' ? [50] : item.percentiles;
        return this.dialect.percentiles(this.expr(item.attribute), b.raw(this.dialect.fractions(ps.map((p) => p / 100))));
      }
    }
  }

  /**
   * The aggregates of the query (all its SELECT items), grouped by its
   * facets when `facets`, and by TIMESERIES bucket when `bucketMs` is given.
   */
  aggregates(s: Scope, o: { facets: boolean; bucketMs?: number }): CompiledSql {
    const b = new SqlBuilder(this.dialect);
    const cols: string[] = [];
    const groups: number[] = [];
    if (o.facets) {
      this.query.facet.forEach((f, i) => {
        cols.push(`${this.expr(f)} AS f${i}`);
        groups.push(cols.length);
      });
    }
    if (o.bucketMs !== undefined) {
      cols.push(`${this.dialect.bucket('t."timestampMs"', b.int(s.fromMs), b.int(o.bucketMs))} AS b`);
      groups.push(cols.length);
    }
    this.query.select.forEach((item, i) => {
      if (item.kind === 'attribute' || item.kind === 'star') throw new QueryError('bug: a row query has no aggregates');
      cols.push(`${this.aggregate(b, item)} AS a${i}`);
    });
    let sql = `SELECT ${cols.join(', ')} ${this.fromWhere(b, s)}`;
    if (groups.length > 0) sql += ` GROUP BY ${groups.join(', ')}`;
    return { sql, params: b.params };
  }

  /** The attributes a row query returns, timestamp first. */
  rowAttributes(): string[] {
    const names = this.query.select.flatMap((item) => (item.kind === 'star' ? attributesOf(this.query.from) : item.kind === 'attribute' ? [item.attribute.name] : []));
    return [...new Set(['timestamp', ...names])];
  }

  /** A row query: the newest `limit` rows, newest first. */
  rows(s: Scope, limit: number): CompiledSql {
    const b = new SqlBuilder(this.dialect);
    const cols = this.rowAttributes().map((name) => `${this.expr(name)} AS ${q(name)}`);
    const from = this.fromWhere(b, s);
    return { sql: `SELECT ${cols.join(', ')} ${from} ORDER BY t."timestampMs" DESC LIMIT ${b.int(limit)}`, params: b.params };
  }
}
