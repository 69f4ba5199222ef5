// The scale-out store's read side: statements on PostgreSQL 15 through a
// pool of its own (the query role never shares the writer's connections).
// bigint and numeric come back as strings (pg's default, exact); the
// executor turns the numbers it expects into numbers.

import type pg from 'pg';
import { openPool } from '../store/pg-pool.js';
import { POSTGRES_DIALECT } from './sql-dialect.js';
import type { SqlRow, SqlRunner } from './sql-runner.js';

export class PostgresSqlRunner implements SqlRunner {
  readonly dialect = POSTGRES_DIALECT;

  private constructor(private readonly pool: pg.Pool) {}

  /** A pool on `url` (postgres://…); `poolSize` connections at most. */
  static open(url: string, poolSize = 4): PostgresSqlRunner {
    return new PostgresSqlRunner(openPool(url, poolSize));
  }

  async all(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    const r = await this.pool.query(sql, params as unknown[]);
    return r.rows as SqlRow[];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
