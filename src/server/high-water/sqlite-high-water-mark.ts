// The embedded high-water mark: two tables in the store file, advanced in
// one transaction (see high-water-mark.ts for the rule). The marks are
// 20-digit text, so MAX() on them compares as the numbers do.

import type { SqliteDatabase } from '../store/sqlite-file.js';
import { type HighWaterMark, markOfText, markText } from './high-water-mark.js';

const SCHEMA = `
CREATE TABLE IF NOT EXISTS HighWaterPartition (partition INTEGER PRIMARY KEY, markNs TEXT NOT NULL);
CREATE TABLE IF NOT EXISTS HighWaterMark (account TEXT PRIMARY KEY, markNs TEXT NOT NULL) WITHOUT ROWID;
`;

export class SqliteHighWaterMark implements HighWaterMark {
  constructor(
    private readonly db: SqliteDatabase,
    private readonly partitions: number,
  ) {
    db.exec(SCHEMA);
  }

  async advance(partitionMarks: ReadonlyMap<number, bigint>, accounts: readonly string[]): Promise<Map<string, bigint>> {
    const out = new Map<string, bigint>();
    const upP = this.db.prepare('INSERT INTO HighWaterPartition (partition, markNs) VALUES (?, ?) ON CONFLICT (partition) DO UPDATE SET markNs = max(markNs, excluded.markNs)');
    const upA = this.db.prepare('INSERT INTO HighWaterMark (account, markNs) VALUES (?, ?) ON CONFLICT (account) DO UPDATE SET markNs = max(markNs, excluded.markNs)');
    const getA = this.db.prepare('SELECT markNs FROM HighWaterMark WHERE account = ?');
    this.db.transaction(() => {
      for (const [p, ns] of partitionMarks) if (p >= 0 && p < this.partitions) upP.run(p, markText(ns));
      const r = this.db.prepare('SELECT count(*) AS n, min(markNs) AS low FROM HighWaterPartition WHERE partition < ?').get(this.partitions) as { n: number; low: string | null };
      const low = r.n === this.partitions && r.low !== null ? r.low : markText(0n);
      for (const a of accounts) {
        upA.run(a, low);
        out.set(a, markOfText((getA.get(a) as { markNs: string }).markNs));
      }
    })();
    return out;
  }

  async get(account: string): Promise<bigint | undefined> {
    const r = this.db.prepare('SELECT markNs FROM HighWaterMark WHERE account = ?').get(account) as { markNs: string } | undefined;
    return r === undefined ? undefined : markOfText(r.markNs);
  }

  async close(): Promise<void> {}
}
