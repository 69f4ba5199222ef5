// The writer's (and later the merger's) side of a topic: at-least-once
// delivery, acked by the consumer after its own write commits. Embedded:
// the outbox table (sqlite-outbox.ts); scale-out: a JetStream pull
// consumer per partition set.

import type { TopicMessage, TopicName } from './topic-message.js';

/** A message as delivered: its content, and the handle to ack it by. */
export interface Delivery {
  readonly message: TopicMessage;
  /**
   * Opaque to the consumer: what ack() needs to find the message again (the
   * outbox row, a JetStream reply subject). Not an id: a message delivered
   * twice has one id and may have two handles.
   */
  readonly handle: unknown;
}

export interface TopicConsumer {
  /**
   * Up to `max` messages of `topic` on any of `partitions`, oldest first
   * within a partition, that are neither acked nor out with this consumer
   * (pulled and not yet acked). Resolves with what is there within
   * `waitMs` (an empty batch when nothing came): it never waits for a full
   * batch.
   *
   * Redelivery: a message pulled and never acked comes again after the
   * consumer restarts (embedded: nothing of the in-flight set survives the
   * process; JetStream: its ack wait), so a consumer that crashes between
   * its write and its ack sees it twice: the write must be idempotent on
   * TopicMessage.id (RowStore.writeBatch is).
   */
  pull(topic: TopicName, partitions: readonly number[], max: number, waitMs: number): Promise<Delivery[]>;

  /**
   * Acks `deliveries` after the consumer's write of them committed: they
   * are never delivered again. Acking a message twice is not an error.
   */
  ack(topic: TopicName, deliveries: readonly Delivery[]): Promise<void>;

  /**
   * Gives `deliveries` back unacked, to be pulled again (the write failed
   * for a reason that may pass, e.g. the store was busy).
   */
  release(topic: TopicName, deliveries: readonly Delivery[]): void;

  /**
   * Tells the topic that `deliveries` are still being worked on (held, not
   * yet written): their ack wait starts again, so they are not delivered
   * again while held (JetStream: +WPI). Absent where nothing is redelivered
   * by time (the embedded outbox: only a restart redelivers).
   */
  working?(topic: TopicName, deliveries: readonly Delivery[]): void;

  close(): Promise<void>;
}
