// The embedded store's read side: statements on the server's one SQLite
// file (better-sqlite3, synchronous: a query runs between the writer's
// transactions on the event loop; WAL lets it read a consistent snapshot).
// Registers the two aggregates SQLite lacks:
//   iw_percentiles(value, '[0.95, 0.99]')  nearest-rank percentiles (see
//       sql-dialect.ts), as a JSON array: the values kept in a growing
//       Float64Array per group, sorted once at the end
//   iw_latest(ts, value)                   the value of the row with the highest ts
// Prepared statements are cached by text (the text never holds a value).

import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/sqlite-file.js';
import { SQLITE_DIALECT } from './sql-dialect.js';
import type { SqlRow, SqlRunner } from './sql-runner.js';

const CACHED_STATEMENTS = 256;

interface PercentileState {
  values: Float64Array;
  n: number;
  fractions: string;
}

/** The value of rank ceil(f · n) (1-based, at least 1) of sorted `values[0..n)`. */
export function nearestRank(sorted: Float64Array, n: number, f: number): number | null {
  if (n === 0) return null;
  // The epsilon keeps f · n a whole number when it is one in decimal (0.07 · 100 = 7.000000000000001).
  const rank = Math.min(n, Math.max(1, Math.ceil(f * n - 1e-9)));
  return sorted[rank - 1];
}

export function registerAggregates(db: SqliteDatabase): void {
  // @types/better-sqlite3 types step() with one argument; SQLite passes each of the function's arguments.
  type Options = Parameters<SqliteDatabase['aggregate']>[1];
  db.aggregate('iw_percentiles', {
    start: () => ({ values: new Float64Array(64), n: 0, fractions: '[]' }) as PercentileState,
    step: (s: PercentileState, value: unknown, fractions: unknown) => {
      if (value === null || value === undefined) return s;
      if (s.n === s.values.length) {
        const grown = new Float64Array(s.values.length * 2);
        grown.set(s.values);
        s.values = grown;
      }
      s.values[s.n++] = Number(value);
      s.fractions = fractions as string;
      return s;
    },
    result: (s: PercentileState) => {
      if (s.n === 0) return null;
      const sorted = s.values.subarray(0, s.n).sort();
      return JSON.stringify((JSON.parse(s.fractions) as number[]).map((f) => nearestRank(sorted, s.n, f)));
    },
  } as unknown as Options);
  db.aggregate('iw_latest', {
    start: () => ({ ts: -Infinity, value: null as unknown }),
    step: (s: { ts: number; value: unknown }, ts: unknown, value: unknown) => {
      const t = Number(ts);
      if (t >= s.ts) {
        s.ts = t;
        s.value = value;
      }
      return s;
    },
    result: (s: { ts: number; value: unknown }) => s.value as number | string | null,
  } as unknown as Options);
}

export class SqliteSqlRunner implements SqlRunner {
  readonly dialect = SQLITE_DIALECT;
  private readonly statements = new Map<string, Statement>();

  constructor(private readonly db: SqliteDatabase) {
    registerAggregates(db);
  }

  async all(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    let st = this.statements.get(sql);
    if (st === undefined) {
      st = this.db.prepare(sql);
      if (this.statements.size >= CACHED_STATEMENTS) this.statements.delete(this.statements.keys().next().value as string);
      this.statements.set(sql, st);
    }
    return st.all(...params) as SqlRow[];
  }

  async close(): Promise<void> {
    this.statements.clear();
  }
}
