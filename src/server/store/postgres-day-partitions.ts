// Day partitions of PostgreSQL tables (one per UTC day), for the row store
// and the sketch store alike. CREATE … PARTITION OF takes a lock on the
// parent, so the DDL runs outside the write transactions, in a transaction
// of its own under an advisory lock that keeps concurrent writers from
// racing on it; the days this process has made sure of are remembered, so a
// batch whose days exist costs no round trip.

import type pg from 'pg';
import { inTransaction } from './pg-pool.js';

/** SQLSTATE of a transaction PostgreSQL ended to break a deadlock. */
const DEADLOCK_DETECTED = '40P01';
/** Tries of a DDL transaction that deadlock. */
const DDL_ATTEMPTS = 5;

export class PostgresDayPartitions {
  private readonly days = new Set<number>();

  constructor(
    private readonly pool: pg.Pool,
    /** pg_advisory_xact_lock key of the store's DDL. */
    private readonly lock: number,
    /** The CREATE TABLE IF NOT EXISTS … PARTITION OF statements of one day (days since the epoch, UTC). */
    private readonly createDay: (day: number) => readonly string[],
  ) {}

  /**
   * Runs `f` in a transaction holding the DDL advisory lock. The lock
   * orders this store's DDL across processes, not against other writes: a
   * CREATE … IF NOT EXISTS on a partitioned table locks its partitions, and
   * another process's commit into them can make PostgreSQL end one of the
   * two as a deadlock (40P01, seen when a merger restarted while another
   * committed). That transaction did nothing, and is run again, as
   * PostgreSQL's manual says to.
   */
  async ddl(f: (c: pg.PoolClient) => Promise<void>): Promise<void> {
    for (let attempt = 1; ; attempt++) {
      try {
        await inTransaction(this.pool, async (c) => {
          await c.query('SELECT pg_advisory_xact_lock($1)', [this.lock]);
          await f(c);
        });
        return;
      } catch (err) {
        if ((err as { code?: string }).code !== DEADLOCK_DETECTED || attempt >= DDL_ATTEMPTS) throw err;
      }
    }
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
