// The embedded topics on one thread: the outbox (the producer, which alone
// writes the topics' file) and a consumer of it on the same connection,
// whose acks the outbox commits. `infrawatch serve --role all` splits the
// two across threads (topics-thread.ts, writer-thread.ts); this is the
// single-thread pair for a role that runs one of them on embedded topics,
// the seam tests and the benches.

import type { SqliteDatabase } from '../store/sqlite-file.js';
import { OutboxConsumer } from './outbox-consumer.js';
import { SqliteOutbox } from './sqlite-outbox.js';
import type { Delivery, TopicConsumer } from './topic-consumer.js';
import type { TopicMessage, TopicName } from './topic-message.js';
import type { TopicBacklog, TopicProducer } from './topic-producer.js';

export class EmbeddedTopics implements TopicProducer, TopicConsumer {
  readonly outbox: SqliteOutbox;
  private readonly consumer: OutboxConsumer;

  /** `db`: the topics' file (openTopicsFile); `partitions`: P. */
  constructor(db: SqliteDatabase, partitions: number) {
    this.outbox = new SqliteOutbox(db);
    this.consumer = new OutboxConsumer(db, (topic, seqs, bytes) => this.outbox.deleteAcked(topic, seqs, bytes), partitions);
    this.outbox.onPublished(() => this.consumer.wake());
  }

  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void> {
    return this.outbox.publish(topic, messages);
  }

  backlog(topic: TopicName): TopicBacklog {
    return this.outbox.backlog(topic);
  }

  pull(topic: TopicName, partitions: readonly number[], max: number, waitMs: number): Promise<Delivery[]> {
    return this.consumer.pull(topic, partitions, max, waitMs);
  }

  ack(topic: TopicName, deliveries: readonly Delivery[]): Promise<void> {
    return this.consumer.ack(topic, deliveries);
  }

  release(topic: TopicName, deliveries: readonly Delivery[]): void {
    this.consumer.release(topic, deliveries);
  }

  /** The consumer first (a waiting pull returns), then the outbox (its last commit). */
  async close(): Promise<void> {
    await this.consumer.close();
    await this.outbox.close();
  }
}
