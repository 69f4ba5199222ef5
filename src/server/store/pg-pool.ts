// The PostgreSQL pool every scale-out store and the query runner use, and
// the one transaction shape they all run their writes in.

import pg from 'pg';

/**
 * A pool on `url` with at most `max` connections. A connection that breaks
 * (PostgreSQL restarted), idle or checked out between two statements,
 * would emit an 'error' that kills the process without a listener; with
 * these, the pool drops an idle one and a checked-out one's next statement
 * rejects instead, which its caller retries (a batch pulled again, a
 * window's commit retried, a query answered with the error).
 */
export function openPool(url: string, max: number): pg.Pool {
  const pool = new pg.Pool({ connectionString: url, max });
  pool.on('error', () => {});
  pool.on('connect', (client) => client.on('error', () => {}));
  return pool;
}

/** Runs `f` in one transaction on a client of `pool`: COMMIT when it resolves, ROLLBACK when it throws (rethrown). */
export async function inTransaction<T>(pool: pg.Pool, f: (c: pg.PoolClient) => Promise<T>): Promise<T> {
  const c = await pool.connect();
  try {
    await c.query('BEGIN');
    const out = await f(c);
    await c.query('COMMIT');
    return out;
  } catch (err) {
    await c.query('ROLLBACK').catch(() => undefined);
    throw err;
  } finally {
    c.release();
  }
}
