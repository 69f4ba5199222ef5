// The embedded topics: an outbox table in the store file (sqlite-file.ts).
// publish() inserts, and resolves when the insert is committed (fsync'd);
// the writer pulls from it, and ack() deletes. What is in the table is the
// backlog; what a consumer pulled and has not acked lives only in this
// process's memory (`inFlight`), so a restart delivers it again.
//
// Group commit: the publishes of one turn of the event loop are inserted in
// one transaction on the next (setImmediate), so that many concurrent
// requests share one fsync (synchronous=FULL) instead of paying one each.

import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/sqlite-file.js';
import type { Delivery, TopicConsumer } from './topic-consumer.js';
import { type MessageKind, TOPIC_NAMES, type TopicMessage, type TopicName } from './topic-message.js';
import type { TopicBacklog, TopicProducer } from './topic-producer.js';

interface PendingPublish {
  topic: TopicName;
  messages: readonly TopicMessage[];
  resolve: () => void;
  reject: (err: Error) => void;
}

interface OutboxRow {
  seq: number;
  partition: number;
  id: string;
  account: string;
  entity: string;
  kind: MessageKind;
  timestampMs: number;
  receivedMs: number;
  body: Buffer;
}

/** The handle of an outbox delivery: its row. */
interface OutboxHandle {
  seq: number;
}

export class SqliteOutbox implements TopicProducer, TopicConsumer {
  private readonly insert: Statement;
  private readonly remove: Statement;
  private readonly select: Statement;
  private pending: PendingPublish[] = [];
  private flushScheduled = false;
  private readonly backlogs = new Map<TopicName, { messages: number; bytes: number }>();
  /** Seqs pulled and not acked nor released. */
  private readonly inFlight = new Set<number>();
  /** Per topic, the highest seq pulled: the next pull starts after it. */
  private readonly cursors = new Map<TopicName, number>();
  private readonly waiters: Array<() => void> = [];
  private closed = false;
  /** Commits of publishes: each a group of requests (for the bench and /metrics). */
  commits = 0;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare('INSERT OR IGNORE INTO outbox (topic, partition, id, account, entity, kind, timestampMs, receivedMs, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM outbox WHERE seq = ?');
    this.select = db.prepare(
      'SELECT seq, partition, id, account, entity, kind, timestampMs, receivedMs, body FROM outbox WHERE topic = ? AND seq > ? AND partition IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?',
    );
    const counts = db.prepare('SELECT COUNT(*) AS messages, COALESCE(SUM(length(body)), 0) AS bytes FROM outbox WHERE topic = ?');
    for (const topic of TOPIC_NAMES) {
      const { messages, bytes } = counts.get(topic) as { messages: number; bytes: number };
      this.backlogs.set(topic, { messages, bytes });
      this.cursors.set(topic, 0);
    }
  }

  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('outbox closed'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.pending.push({ topic, messages, resolve, reject });
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    this.flushScheduled = false;
    const group = this.pending;
    this.pending = [];
    if (group.length === 0) return;
    const added = new Map<TopicName, { messages: number; bytes: number }>();
    try {
      this.db.transaction(() => {
        for (const p of group) {
          const a = added.get(p.topic) ?? { messages: 0, bytes: 0 };
          for (const m of p.messages) {
            const r = this.insert.run(p.topic, m.partition, m.id, m.account, m.entity, m.kind, m.timestampMs, m.receivedMs, m.body);
            // A message the outbox still holds (a retry) adds nothing.
            if (r.changes > 0) {
              a.messages++;
              a.bytes += m.body.length;
            }
          }
          added.set(p.topic, a);
        }
      })();
    } catch (err) {
      for (const p of group) p.reject(err as Error);
      return;
    }
    this.commits++;
    for (const [topic, a] of added) {
      const b = this.backlogs.get(topic)!;
      b.messages += a.messages;
      b.bytes += a.bytes;
    }
    for (const p of group) p.resolve();
    for (const wake of this.waiters.splice(0)) wake();
  }

  backlog(topic: TopicName): TopicBacklog {
    return this.backlogs.get(topic)!;
  }

  async pull(topic: TopicName, partitions: readonly number[], max: number, waitMs: number): Promise<Delivery[]> {
    let out = this.take(topic, partitions, max);
    if (out.length === 0 && waitMs > 0 && !this.closed) {
      await new Promise<void>((resolve) => {
        const timer = setTimeout(done, waitMs);
        function done() {
          clearTimeout(timer);
          resolve();
        }
        this.waiters.push(done);
      });
      out = this.take(topic, partitions, max);
    }
    return out;
  }

  private take(topic: TopicName, partitions: readonly number[], max: number): Delivery[] {
    const rows = this.select.all(topic, this.cursors.get(topic)!, JSON.stringify(partitions), max) as OutboxRow[];
    const out: Delivery[] = [];
    for (const row of rows) {
      this.cursors.set(topic, row.seq);
      if (this.inFlight.has(row.seq)) continue;
      this.inFlight.add(row.seq);
      const { seq, body, ...rest } = row;
      out.push({ message: { ...rest, body }, handle: { seq } satisfies OutboxHandle });
    }
    return out;
  }

  async ack(topic: TopicName, deliveries: readonly Delivery[]): Promise<void> {
    let messages = 0;
    let bytes = 0;
    this.db.transaction(() => {
      for (const d of deliveries) {
        const { seq } = d.handle as OutboxHandle;
        if (this.remove.run(seq).changes > 0) {
          messages++;
          bytes += d.message.body.length;
        }
      }
    })();
    for (const d of deliveries) this.inFlight.delete((d.handle as OutboxHandle).seq);
    const b = this.backlogs.get(topic)!;
    b.messages -= messages;
    b.bytes -= bytes;
  }

  release(topic: TopicName, deliveries: readonly Delivery[]): void {
    let lowest = this.cursors.get(topic)!;
    for (const d of deliveries) {
      const { seq } = d.handle as OutboxHandle;
      this.inFlight.delete(seq);
      lowest = Math.min(lowest, seq - 1);
    }
    this.cursors.set(topic, lowest);
  }

  async close(): Promise<void> {
    if (this.flushScheduled || this.pending.length > 0) this.flush();
    this.closed = true;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
