// The embedded topics' producer side: an outbox table in the topics file
// (sqlite-file.ts), which only its thread writes (topics-worker.ts in the
// server; tests use it in theirs). publish() inserts, and
// resolves once the insert is committed (fsync'd); the deletes of acked
// messages (deleteAcked, sent by the consumer, outbox-consumer.ts) go in
// the same commits. What is in the table is the backlog.
//
// Group commit: the publishes and acks of one turn of the event loop are
// written in one transaction on the next (setImmediate), so that many
// concurrent requests share one fsync (synchronous=FULL) instead of paying
// one each.

import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/sqlite-file.js';
import { TOPIC_NAMES, type TopicMessage, type TopicName } from './topic-message.js';
import type { TopicBacklog, TopicProducer } from './topic-producer.js';

interface PendingPublish {
  topic: TopicName;
  messages: readonly TopicMessage[];
  resolve: () => void;
  reject: (err: Error) => void;
}

interface PendingAck {
  topic: TopicName;
  seqs: readonly number[];
  bytes: number;
  resolve: () => void;
  reject: (err: Error) => void;
}

export class SqliteOutbox implements TopicProducer {
  private readonly insert: Statement;
  private readonly remove: Statement;
  private publishes: PendingPublish[] = [];
  private acks: PendingAck[] = [];
  private flushScheduled = false;
  private readonly backlogs = new Map<TopicName, { messages: number; bytes: number }>();
  private readonly listeners: Array<() => void> = [];
  private closed = false;
  /** Commits of publishes and acks, each a group of requests (for /metrics). */
  commits = 0;

  constructor(private readonly db: SqliteDatabase) {
    this.insert = db.prepare('INSERT OR IGNORE INTO outbox (topic, partition, id, account, entity, kind, timestampMs, receivedMs, body) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)');
    this.remove = db.prepare('DELETE FROM outbox WHERE seq = ?');
    const counts = db.prepare('SELECT COUNT(*) AS messages, COALESCE(SUM(length(body)), 0) AS bytes FROM outbox WHERE topic = ?');
    for (const topic of TOPIC_NAMES) {
      const { messages, bytes } = counts.get(topic) as { messages: number; bytes: number };
      this.backlogs.set(topic, { messages, bytes });
    }
  }

  /** Calls `listener` after each commit that added messages (the consumer's wake-up). */
  onPublished(listener: () => void): void {
    this.listeners.push(listener);
  }

  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void> {
    if (this.closed) return Promise.reject(new Error('the topics are closed'));
    if (messages.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.publishes.push({ topic, messages, resolve, reject });
      this.schedule();
    });
  }

  /** Deletes the acked messages `seqs` (of `bytes` body bytes) in the next commit; resolves once it is committed. */
  deleteAcked(topic: TopicName, seqs: readonly number[], bytes: number): Promise<void> {
    if (seqs.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.acks.push({ topic, seqs, bytes, resolve, reject });
      this.schedule();
    });
  }

  private schedule(): void {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private flush(): void {
    this.flushScheduled = false;
    const publishes = this.publishes;
    const acks = this.acks;
    this.publishes = [];
    this.acks = [];
    if (publishes.length === 0 && acks.length === 0) return;
    const delta = new Map<TopicName, { messages: number; bytes: number }>(TOPIC_NAMES.map((t) => [t, { messages: 0, bytes: 0 }]));
    try {
      this.db.transaction(() => {
        for (const p of publishes) {
          const d = delta.get(p.topic)!;
          for (const m of p.messages) {
            const r = this.insert.run(p.topic, m.partition, m.id, m.account, m.entity, m.kind, m.timestampMs, m.receivedMs, m.body);
            // A message the outbox still holds (a retry) adds nothing.
            if (r.changes > 0) {
              d.messages++;
              d.bytes += m.body.length;
            }
          }
        }
        for (const a of acks) {
          const d = delta.get(a.topic)!;
          let deleted = 0;
          for (const seq of a.seqs) deleted += this.remove.run(seq).changes;
          d.messages -= deleted;
          // Bytes as the consumer counted them; exact unless an ack came twice.
          if (deleted === a.seqs.length) d.bytes -= a.bytes;
        }
      })();
    } catch (err) {
      for (const p of [...publishes, ...acks]) p.reject(err as Error);
      return;
    }
    this.commits++;
    for (const [topic, d] of delta) {
      const b = this.backlogs.get(topic)!;
      b.messages += d.messages;
      b.bytes = Math.max(0, b.bytes + d.bytes);
    }
    for (const p of publishes) p.resolve();
    for (const a of acks) a.resolve();
    if (publishes.length > 0) for (const listener of this.listeners) listener();
  }

  backlog(topic: TopicName): TopicBacklog {
    return this.backlogs.get(topic)!;
  }

  async close(): Promise<void> {
    if (this.publishes.length > 0 || this.acks.length > 0) this.flush();
    this.closed = true;
  }
}
