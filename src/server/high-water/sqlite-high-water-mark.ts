// The embedded high-water mark: tables in the store file, advanced in one
// transaction (see high-water-mark.ts for the rule). HighWaterPartition
// holds each partition's mark for every account, HighWaterHeld its marks
// for the accounts it holds deliveries of; both are replaced whole by the
// partition's next report. The marks are 20-digit text, so max() and min()
// on them compare as the numbers do.

import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/sqlite-file.js';
import { type HighWaterMark, markOfText, markText, type PartitionMark } from './high-water-mark.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS HighWaterPartition (partition INTEGER PRIMARY KEY, markNs TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS HighWaterHeld (partition INTEGER NOT NULL, account TEXT NOT NULL, markNs TEXT NOT NULL, PRIMARY KEY (partition, account)) WITHOUT ROWID;
CREATE TABLE IF NOT EXISTS HighWaterMark (account TEXT PRIMARY KEY, markNs TEXT NOT NULL) WITHOUT ROWID;
`;

export class SqliteHighWaterMark implements HighWaterMark {
  private readonly setPartition: Statement;
  private readonly clearHeld: Statement;
  private readonly setHeld: Statement;
  private readonly reported: Statement;
  private readonly lowOf: Statement;
  private readonly raise: Statement;
  private readonly markOf: Statement;

  constructor(
    private readonly db: SqliteDatabase,
    private readonly partitions: number,
  ) {
    db.exec(SCHEMA);
    this.setPartition = db.prepare('INSERT INTO HighWaterPartition (partition, markNs) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET markNs = excluded.markNs');
    this.clearHeld = db.prepare('DELETE FROM HighWaterHeld WHERE partition = ?');
    this.setHeld = db.prepare('INSERT INTO HighWaterHeld (partition, account, markNs) VALUES (?, ?, ?)');
    this.reported = db.prepare('SELECT count(*) AS n FROM HighWaterPartition WHERE partition < ?').pluck();
    this.lowOf = db
      .prepare('SELECT min(coalesce(h.markNs, p.markNs)) FROM HighWaterPartition p LEFT JOIN HighWaterHeld h ON h.partition = p.partition AND h.account = ? WHERE p.partition < ?')
      .pluck();
    this.raise = db.prepare('INSERT INTO HighWaterMark (account, markNs) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET markNs = max(markNs, excluded.markNs)');
    this.markOf = db.prepare('SELECT markNs FROM HighWaterMark WHERE account = ?').pluck();
  }

  async advance(reports: ReadonlyMap<number, PartitionMark>, accounts: readonly string[]): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    this.db.transaction(() => {
      for (const [p, r] of reports) {
        if (p < 0 || p >= this.partitions) continue;
        this.setPartition.run(p, markText(r.ns));
        this.clearHeld.run(p);
        for (const [a, ns] of r.accounts) this.setHeld.run(p, a, markText(ns));
      }
      const all = (this.reported.get(this.partitions) as number) === this.partitions;
      for (const a of accounts) {
        this.raise.run(a, all ? (this.lowOf.get(a, this.partitions) as string) : markText(0n));
        out.set(a, markOfText(this.markOf.get(a) as string));
      }
    })();
    return out;
  }

  async get(account: string): Promise<bigint | undefined> {
    const t = this.markOf.get(account) as string | undefined;
    return t === undefined ? undefined : markOfText(t);
  }

  async close(): Promise<void> {}
}
