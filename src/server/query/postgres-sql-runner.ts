// The scale-out store's read side: statements on PostgreSQL 15 through a
// pool of its own (the query role never shares the writer's connections).
// bigint and numeric come back as strings (pg's default, exact); the
// executor turns the numbers it expects into numbers.

import pg from 'pg';
import { POSTGRES_DIALECT } from './sql-dialect.js';
import type { SqlRow, SqlRunner } from './sql-runner.js';

export class PostgresSqlRunner implements SqlRunner {
  readonly dialect = POSTGRES_DIALECT;

  private constructor(private readonly pool: pg.Pool) {}

  /** A pool on `url` (postgres://…); `poolSize` connections at most. */
  static open(url: string, poolSize = 4): PostgresSqlRunner {
    const pool = new pg.Pool({ connectionString: url, max: poolSize });
    // An idle connection that breaks is dropped by the pool; without a listener it would throw.
    pool.on('error', () => {});
    // So would one checked out between two statements (PostgreSQL restarted): its statement rejects instead.
    pool.on('connect', (client) => client.on('error', () => {}));
    return new PostgresSqlRunner(pool);
  }

  async all(sql: string, params: readonly unknown[]): Promise<SqlRow[]> {
    const r = await this.pool.query(sql, params as unknown[]);
    return r.rows as SqlRow[];
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
