// Day partitions of PostgreSQL tables (one per UTC day), for the row store
// and the sketch store alike. CREATE … PARTITION OF takes a lock on the
// parent, so the DDL runs outside the write transactions, in a transaction
// of its own under an advisory lock that keeps concurrent writers from
// racing on it; the days this process has made sure of are remembered, so a
// batch whose days exist costs no round trip.

import type pg from 'pg';
import { inTransaction } from './pg-pool.js';

export class PostgresDayPartitions {
  private readonly days = new Set<number>();

  constructor(
    private readonly pool: pg.Pool,
    /** pg_advisory_xact_lock key of the store's DDL. */
    private readonly lock: number,
    /** The CREATE TABLE IF NOT EXISTS … PARTITION OF statements of one day (days since the epoch, UTC). */
    private readonly createDay: (day: number) => readonly string[],
  ) {}

  /** Runs `f` in a transaction holding the DDL advisory lock. */
  async ddl(f: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    await inTransaction(this.pool, async (c) => {
      await c.query('SELECT pg_advisory_xact_lock($1)', [this.lock]);
      await f(c);
    });
  }

  /** Creates the partitions of `days` that this process has not made sure of yet, in one DDL transaction. */
  async ensure(days: Iterable<number>): Promise<void> {
    const missing = [...new Set(days)].filter((d) => !this.days.has(d));
    if (missing.length === 0) return;
    await this.ddl(async (c) => {
      for (const day of missing) for (const sql of this.createDay(day)) await c.query(sql);
    });
    for (const d of missing) this.days.add(d);
  }

  /** Days whose partitions retention dropped: made again if a later batch needs them. */
  forget(days: Iterable<number>): void {
    for (const d of days) this.days.delete(d);
  }
}
