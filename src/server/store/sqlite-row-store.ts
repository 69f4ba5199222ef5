// The embedded RowStore: the tables of sqlite-file.ts, written in one
// transaction per batch. Idempotence is a table of the ids stored
// (StoredMessage): a message whose id is there writes nothing (a metric
// message: each point whose id is there; fresh-rows.ts); the id goes in
// within the same transaction as its rows, so they commit together or not
// at all.

import type { Statement } from 'better-sqlite3';
import type { TopicMessage } from '../topics/topic-message.js';
import { freshRowsOf } from './fresh-rows.js';
import { HostUpdates } from './host-updates.js';
import { type HostRecord, ROW_TABLES, type RowCounts, type RowStore, type RowTable, type WriteResult } from './row-store.js';
import { type Row, rowsOfMessage, type SampleTable, TABLE_COLUMNS } from './rows-of-message.js';
import type { SqliteDatabase } from './sqlite-file.js';

const SAMPLE_TABLES = Object.keys(TABLE_COLUMNS) as SampleTable[];

/** Rows in one INSERT: 64 × 26 columns of ProcessSample is 1,664 values, well under SQLite's 32,766 variables. */
const ROWS_PER_INSERT = 64;

export class SqliteRowStore implements RowStore {
  /** Per table and row count (1 … ROWS_PER_INSERT), the multi-row INSERT, prepared when first needed. */
  private readonly inserts = new Map<string, Statement>();
  private readonly remember: Statement;
  private readonly upsertHost: Statement;
  private readonly selectHost: Statement;
  private readonly counters: Record<RowTable, { all: Statement; ofHost: Statement }>;
  /** Writes whose body did not decode, since start (for /metrics). */
  undecodable = 0;

  constructor(private readonly db: SqliteDatabase) {
    this.remember = db.prepare('INSERT OR IGNORE INTO StoredMessage (id, account, receivedMs) VALUES (?, ?, ?)');
    this.upsertHost = db.prepare(
      `INSERT INTO Host (account, hostId, hostName, firstSeenMs, lastSeenMs, agentVersion, mode) VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, hostId) DO UPDATE SET
         firstSeenMs = min(firstSeenMs, excluded.firstSeenMs),
         lastSeenMs = max(lastSeenMs, excluded.lastSeenMs),
         hostName = COALESCE(excluded.hostName, hostName),
         agentVersion = COALESCE(excluded.agentVersion, agentVersion),
         mode = COALESCE(excluded.mode, mode)`,
    );
    this.selectHost = db.prepare('SELECT account, hostId, hostName, firstSeenMs, lastSeenMs, agentVersion, mode FROM Host WHERE account = ? AND hostId = ?');
    this.counters = Object.fromEntries(
      ROW_TABLES.map((t) => [t, { all: db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE account = ?`), ofHost: db.prepare(`SELECT COUNT(*) AS n FROM ${t} WHERE account = ? AND hostId = ?`) }]),
    ) as SqliteRowStore['counters'];
  }

  async writeBatch(messages: readonly TopicMessage[]): Promise<WriteResult> {
    let written = 0;
    let duplicates = 0;
    let undecodable = 0;
    const rows: Partial<RowCounts> = {};
    const hosts = new HostUpdates();
    this.db.transaction(() => {
      for (const m of messages) {
        const decoded = freshRowsOf(m, rowsOfMessage(m), (id) => this.remember.run(id, m.account, m.receivedMs).changes === 1);
        if (decoded === 'duplicate') {
          duplicates++;
          continue;
        }
        if (decoded === 'undecodable') {
          // Kept in StoredMessage: a redelivery of it is a duplicate, not a second count.
          undecodable++;
          continue;
        }
        written++;
        for (const table of Object.keys(decoded.rows) as SampleTable[]) {
          const list = decoded.rows[table] as Row[];
          this.insertRows(table, list);
          rows[table] = (rows[table] ?? 0) + list.length;
        }
        hosts.add(m, decoded.host);
      }
      for (const h of hosts.values()) this.upsertHost.run(h.account, h.hostId, h.hostName, h.firstSeenMs, h.lastSeenMs, h.agentVersion, h.mode);
    })();
    this.undecodable += undecodable;
    return { written, duplicates, undecodable, rows };
  }

  /**
   * `list` in INSERTs of up to ROWS_PER_INSERT rows each: one statement for
   * a tick's 20 rows, another for its 60 aggregates, instead of 80 (20 % less
   * time a row in a one-off measurement of 60-row inserts of aggregate rows,
   * not kept; bench/server-ingest.bench.ts measures the whole).
   */
  private insertRows(table: SampleTable, list: readonly Row[]): void {
    for (let start = 0; start < list.length; start += ROWS_PER_INSERT) {
      const chunk = list.slice(start, start + ROWS_PER_INSERT);
      const values: Row = [];
      // better-sqlite3 binds null, not undefined (an absent protobuf field).
      for (const row of chunk) for (const v of row) values.push(v === undefined ? null : v);
      this.insertOf(table, chunk.length).run(values);
    }
  }

  private insertOf(table: SampleTable, rowCount: number): Statement {
    const key = `${table}:${rowCount}`;
    let statement = this.inserts.get(key);
    if (statement === undefined) {
      const columns = TABLE_COLUMNS[table];
      const one = `(${columns.map(() => '?').join(', ')})`;
      statement = this.db.prepare(`INSERT INTO ${table} (${columns.join(', ')}) VALUES ${Array(rowCount).fill(one).join(', ')}`);
      this.inserts.set(key, statement);
    }
    return statement;
  }

  async countRows(account: string, hostId?: string): Promise<RowCounts> {
    const out = {} as RowCounts;
    for (const t of ROW_TABLES) {
      const c = this.counters[t];
      const row = (hostId === undefined ? c.all.get(account) : c.ofHost.get(account, hostId)) as { n: number };
      out[t] = row.n;
    }
    return out;
  }

  async host(account: string, hostId: string): Promise<HostRecord | undefined> {
    return this.selectHost.get(account, hostId) as HostRecord | undefined;
  }

  async deleteBefore(beforeMs: number): Promise<number> {
    let deleted = 0;
    this.db.transaction(() => {
      for (const t of SAMPLE_TABLES) deleted += this.db.prepare(`DELETE FROM ${t} WHERE timestampMs < ?`).run(beforeMs).changes;
      this.db.prepare('DELETE FROM StoredMessage WHERE receivedMs < ?').run(beforeMs);
    })();
    return deleted;
  }

  async close(): Promise<void> {}
}
