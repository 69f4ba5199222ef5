// The embedded SketchStore: tables in the SQLite store file beside the
// outbox and the rows (sqlite-file.ts opens it; this creates its own tables
// when absent). SQLite has no partitions: the day of a row is a column,
// indexed, and retention deletes whole days by it. better-sqlite3 is
// synchronous, so a commit is one transaction on the event loop: no other
// writer of this file can interleave (one process holds the file).

import type { Statement } from 'better-sqlite3';
import { MergedSketch, type SketchParts } from '../merger/merged-sketch.js';
import type { SqliteDatabase } from '../store/sqlite-file.js';
import { decodeBins, encodeBins, initBinsCodec } from './bins-codec.js';
import {
  AlreadyCommittedError,
  type AsideEnvelope,
  type CommitResult,
  DAY_MS,
  type DistributionMetric,
  type DistributionMetricKey,
  type GranularityMs,
  hourKeyOf,
  idKey,
  keyText,
  rowOverheadBytes,
  type SketchQuery,
  type SketchStore,
  type StoredBytes,
  type WindowCommit,
} from './sketch-store.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS DistributionMetric (
  account TEXT NOT NULL,
  metric TEXT NOT NULL,
  entity TEXT NOT NULL,
  displayName TEXT NOT NULL,
  granularityMs INTEGER NOT NULL,
  windowStartMs INTEGER NOT NULL,
  windowEndMs INTEGER NOT NULL,
  day INTEGER NOT NULL,
  scale INTEGER NOT NULL,
  count REAL NOT NULL,
  sum REAL NOT NULL,
  min REAL NOT NULL,
  max REAL NOT NULL,
  bins BLOB NOT NULL,
  PRIMARY KEY (account, metric, entity, displayName, granularityMs, windowStartMs)
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS DistributionMetric_by_day ON DistributionMetric (day);
-- A FACET's keys: the rows of some hours of every entity or display name (the key's order would scan every window of the account's metric).
CREATE INDEX IF NOT EXISTS DistributionMetric_by_window ON DistributionMetric (account, metric, granularityMs, windowStartMs);
CREATE TABLE IF NOT EXISTS MergedMessage (
  id BLOB PRIMARY KEY,
  committedMs INTEGER NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS MergedMessage_by_time ON MergedMessage (committedMs);
CREATE TABLE IF NOT EXISTS SketchAside (
  messageId TEXT PRIMARY KEY,
  account TEXT NOT NULL,
  entity TEXT NOT NULL,
  reason TEXT NOT NULL,
  detail TEXT NOT NULL,
  partition INTEGER NOT NULL,
  timestampMs INTEGER NOT NULL,
  receivedMs INTEGER NOT NULL,
  body BLOB NOT NULL
) WITHOUT ROWID;
CREATE INDEX IF NOT EXISTS SketchAside_by_account ON SketchAside (account, receivedMs);
`;

interface Row {
  account: string;
  metric: string;
  entity: string;
  displayName: string;
  granularityMs: number;
  windowStartMs: number;
  windowEndMs: number;
  scale: number;
  count: number;
  sum: number;
  min: number;
  max: number;
  bins: Buffer;
}

export function partsOfRow(r: { scale: number; count: number; sum: number; min: number; max: number; bins: Uint8Array }): SketchParts {
  const b = decodeBins(r.bins);
  return { scale: r.scale, count: r.count, sum: r.sum, min: r.min, max: r.max, zeroCount: b.zeroCount, positive: b.positive, negative: b.negative };
}

function metricOfRow(r: Row): DistributionMetric {
  return {
    account: r.account,
    metric: r.metric,
    entity: r.entity,
    displayName: r.displayName,
    granularityMs: r.granularityMs as GranularityMs,
    windowStartMs: r.windowStartMs,
    windowEndMs: r.windowEndMs,
    sketch: partsOfRow(r),
    blobBytes: r.bins.length,
  };
}

export class SqliteSketchStore implements SketchStore {
  private readonly insertId: Statement;
  private readonly selectId: Statement;
  private readonly selectRow: Statement;
  private readonly upsertRow: Statement;
  private readonly insertAside: Statement;
  /** read()'s statements by shape: entity given (1) + display name given (2). */
  private readonly reads: (Statement | undefined)[] = [];

  private constructor(
    private readonly db: SqliteDatabase,
    readonly maxBins: number,
  ) {
    db.exec(SCHEMA);
    this.insertId = db.prepare('INSERT OR IGNORE INTO MergedMessage (id, committedMs) VALUES (?, ?)');
    this.selectId = db.prepare('SELECT 1 FROM MergedMessage WHERE id = ?');
    this.selectRow = db.prepare(
      'SELECT scale, count, sum, min, max, bins FROM DistributionMetric WHERE account = ? AND metric = ? AND entity = ? AND displayName = ? AND granularityMs = ? AND windowStartMs = ?',
    );
    this.upsertRow = db.prepare(
      `INSERT INTO DistributionMetric (account, metric, entity, displayName, granularityMs, windowStartMs, windowEndMs, day, scale, count, sum, min, max, bins)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (account, metric, entity, displayName, granularityMs, windowStartMs) DO UPDATE SET
         scale = excluded.scale, count = excluded.count, sum = excluded.sum, min = excluded.min, max = excluded.max, bins = excluded.bins`,
    );
    this.insertAside = db.prepare('INSERT OR IGNORE INTO SketchAside (messageId, account, entity, reason, detail, partition, timestampMs, receivedMs, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
  }

  /** The store's tables in `db` (created when absent); the zstd module loaded. */
  static async open(db: SqliteDatabase, maxBins = 4096): Promise<SqliteSketchStore> {
    await initBinsCodec();
    return new SqliteSketchStore(db, maxBins);
  }

  async committedIds(ids: readonly string[]): Promise<Set<string>> {
    const out = new Set<string>();
    for (const id of ids) if (this.selectId.get(idKey(id)) !== undefined) out.add(id);
    return out;
  }

  async commit(c: WindowCommit): Promise<CommitResult> {
    let rows = 0;
    let amended = 0;
    let blobBytes = 0;
    const now = Date.now();
    const mergeInto = (key: DistributionMetricKey, parts: SketchParts): boolean => {
      const old = this.selectRow.get(key.account, key.metric, key.entity, key.displayName, key.granularityMs, key.windowStartMs) as Row | undefined;
      let p = parts;
      if (old !== undefined) {
        const m = MergedSketch.of(partsOfRow(old), this.maxBins);
        m.add(parts);
        p = m.parts();
      }
      const bins = encodeBins(p.zeroCount, p.positive, p.negative);
      blobBytes += bins.length;
      rows++;
      this.upsertRow.run(
        key.account,
        key.metric,
        key.entity,
        key.displayName,
        key.granularityMs,
        key.windowStartMs,
        key.windowStartMs + key.granularityMs,
        Math.floor(key.windowStartMs / DAY_MS),
        p.scale,
        p.count,
        p.sum,
        p.min,
        p.max,
        bins,
      );
      return old !== undefined;
    };
    this.db.transaction(() => {
      const seen: string[] = [];
      for (const id of c.messageIds) if (this.insertId.run(idKey(id), now).changes === 0) seen.push(id);
      if (seen.length > 0) throw new AlreadyCommittedError(seen);
      // Each row once: the partials of one key (the hour row of several minutes) merged first.
      const wanted = new Map<string, { key: DistributionMetricKey; sketch: MergedSketch; minute: boolean }>();
      const want = (key: DistributionMetricKey, parts: SketchParts, minute: boolean) => {
        const t = keyText(key);
        const w = wanted.get(t);
        if (w === undefined) wanted.set(t, { key, sketch: MergedSketch.of(parts, this.maxBins), minute });
        else w.sketch.add(parts);
      };
      for (const p of c.partials) {
        want(p.key, p.sketch, true);
        want(hourKeyOf(p.key), p.sketch, false);
      }
      for (const w of wanted.values()) if (mergeInto(w.key, w.sketch.parts()) && w.minute) amended++;
    })();
    return { rows, amended, blobBytes };
  }

  async keepAside(rows: readonly AsideEnvelope[]): Promise<void> {
    this.db.transaction(() => {
      for (const r of rows) this.insertAside.run(r.messageId, r.account, r.entity, r.reason, r.detail, r.partition, r.timestampMs, r.receivedMs, Buffer.from(r.body));
    })();
  }

  async aside(account: string, limit = 1000): Promise<AsideEnvelope[]> {
    const rows = this.db
      .prepare('SELECT messageId, account, entity, reason, detail, partition, timestampMs, receivedMs, body FROM SketchAside WHERE account = ? ORDER BY receivedMs DESC LIMIT ?')
      .all(account, limit) as (AsideEnvelope & { body: Buffer })[];
    return rows.map((r) => ({ ...r, body: new Uint8Array(r.body) }));
  }

  async read(q: SketchQuery): Promise<DistributionMetric[]> {
    const where = ['account = ?', 'metric = ?', 'granularityMs = ?', 'windowStartMs >= ?', 'windowStartMs < ?'];
    const args: unknown[] = [q.account, q.metric, q.granularityMs, q.fromMs, q.toMs];
    if (q.entity !== undefined) {
      where.push('entity = ?');
      args.push(q.entity);
    }
    if (q.displayName !== undefined) {
      where.push('displayName = ?');
      args.push(q.displayName);
    }
    // Four shapes of statement, each prepared once: preparing one per read was ~6 % of a one-host 24 h query's cpu profile (bench/query.bench.ts).
    const shape = (q.entity === undefined ? 0 : 1) + (q.displayName === undefined ? 0 : 2);
    let read = this.reads[shape];
    if (read === undefined) {
      read = this.db.prepare(`SELECT * FROM DistributionMetric WHERE ${where.join(' AND ')} ORDER BY entity, displayName, windowStartMs`);
      this.reads[shape] = read;
    }
    return (read.all(...args) as Row[]).map(metricOfRow);
  }

  async storedBytes(account: string, granularityMs: GranularityMs, fromMs: number, toMs: number): Promise<StoredBytes> {
    const rows = this.db
      .prepare(
        'SELECT account, metric, entity, displayName, granularityMs, windowStartMs, length(bins) AS n FROM DistributionMetric WHERE account = ? AND granularityMs = ? AND windowStartMs >= ? AND windowStartMs < ?',
      )
      .all(account, granularityMs, fromMs, toMs) as (DistributionMetricKey & { n: number })[];
    let blobBytes = 0;
    let rowBytes = 0;
    for (const r of rows) {
      blobBytes += r.n;
      rowBytes += r.n + rowOverheadBytes(r);
    }
    return { rows: rows.length, blobBytes, rowBytes };
  }

  async deleteBefore(beforeMs: number): Promise<number> {
    // Whole days only: a day goes when it ends at or before the cut.
    const lastDay = Math.floor(beforeMs / DAY_MS) - 1;
    const r = this.db.prepare('DELETE FROM DistributionMetric WHERE day <= ?').run(lastDay);
    this.db.prepare('DELETE FROM SketchAside WHERE receivedMs < ?').run((lastDay + 1) * DAY_MS);
    return r.changes;
  }

  async forgetIdsBefore(beforeMs: number): Promise<number> {
    return this.db.prepare('DELETE FROM MergedMessage WHERE committedMs < ?').run(beforeMs).changes;
  }

  async close(): Promise<void> {
    // The file is the caller's (engines.ts / embedded-server.ts): nothing to release here.
  }
}
