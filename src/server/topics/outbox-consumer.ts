// The embedded topics' consumer side: reads the outbox table through its
// own connection to the topics file (in WAL mode a reader never waits for
// the writer), and acks through `deleteAcked`, which the producer's thread
// commits (sqlite-outbox.ts): only that thread writes the file. What was
// pulled and not acked lives in this object only, so a restart delivers it
// again.

import type { Statement } from 'better-sqlite3';
import type { SqliteDatabase } from '../store/sqlite-file.js';
import type { Delivery, TopicConsumer } from './topic-consumer.js';
import { type MessageKind, TOPIC_NAMES, type TopicName } from './topic-message.js';

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
  readonly seq: number;
}

/**
 * A pull stops adding messages past this many body bytes (at least one
 * message comes): `max` messages of up to 20 MiB each would not fit in
 * memory.
 */
export const PULL_MAX_BYTES = 32 * 1024 * 1024;

const COLUMNS = 'seq, partition, id, account, entity, kind, timestampMs, receivedMs, body';

/**
 * A pull's queries (topic, cursor[, partitions], max). Through the index
 * (topic, seq): the topic's messages past the cursor, already in order. Not
 * by rowid alone (a pull of the sketch topic scanned every raw message:
 * the writer stalled for seconds under load), nor through an index that is
 * not in seq order (SQLite sorted the whole backlog at every pull);
 * `+partition` keeps the partition out of the plan. A test reads the plans.
 */
export const PULL_SQL = {
  allPartitions: `SELECT ${COLUMNS} FROM outbox WHERE topic = ? AND seq > ? ORDER BY seq LIMIT ?`,
  somePartitions: `SELECT ${COLUMNS} FROM outbox WHERE topic = ? AND seq > ? AND +partition IN (SELECT value FROM json_each(?)) ORDER BY seq LIMIT ?`,
} as const;

/** Deletes acked messages: the producer's deleteAcked, in its thread or across a MessagePort. */
export type AckSender = (topic: TopicName, seqs: readonly number[], bytes: number) => Promise<void>;

export class OutboxConsumer implements TopicConsumer {
  private readonly select: Statement;
  /** The same without the partition filter, for a consumer of every partition (the embedded writer). */
  private readonly selectAll: Statement;
  /** Seqs pulled and neither acked nor released. */
  private readonly inFlight = new Set<number>();
  /** Per topic, the highest seq pulled: the next pull reads after it. */
  private readonly cursors = new Map<TopicName, number>(TOPIC_NAMES.map((t) => [t, 0]));
  private readonly waiters: Array<() => void> = [];
  private closed = false;

  constructor(
    db: SqliteDatabase,
    private readonly sendAck: AckSender,
    /** P: a pull of all P partitions reads without the filter. */
    private readonly partitionCount: number,
  ) {
    this.selectAll = db.prepare(PULL_SQL.allPartitions);
    this.select = db.prepare(PULL_SQL.somePartitions);
  }

  /** New messages were published: a waiting pull reads now. */
  wake(): void {
    for (const wake of this.waiters.splice(0)) wake();
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
    const cursor = this.cursors.get(topic)!;
    const rows = (
      partitions.length === this.partitionCount ? this.selectAll.iterate(topic, cursor, max) : this.select.iterate(topic, cursor, JSON.stringify(partitions), max)
    ) as IterableIterator<OutboxRow>;
    const out: Delivery[] = [];
    let bytes = 0;
    for (const { seq, ...message } of rows) {
      if (!this.inFlight.has(seq)) {
        // Leaving the loop ends the iteration (and resets the statement); the rest comes with the next pull.
        if (out.length > 0 && bytes + message.body.length > PULL_MAX_BYTES) break;
        bytes += message.body.length;
      }
      this.cursors.set(topic, seq);
      if (this.inFlight.has(seq)) continue;
      this.inFlight.add(seq);
      out.push({ message, handle: { seq } satisfies OutboxHandle });
    }
    return out;
  }

  async ack(topic: TopicName, deliveries: readonly Delivery[]): Promise<void> {
    const seqs = deliveries.map((d) => (d.handle as OutboxHandle).seq);
    const bytes = deliveries.reduce((n, d) => n + d.message.body.length, 0);
    await this.sendAck(topic, seqs, bytes);
    for (const seq of seqs) this.inFlight.delete(seq);
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
    this.closed = true;
    this.wake();
  }
}
