// The receiver's side of a topic. Two implementations stand behind it: the
// embedded one (an outbox table in the SQLite store file,
// sqlite-outbox.ts) and the scale-out one (NATS JetStream streams, next).

import type { TopicMessage, TopicName } from './topic-message.js';

/** How much is published and not yet written: what the receiver's back-pressure reads. */
export interface TopicBacklog {
  /** Messages published and not yet acked by the topic's consumer. */
  readonly messages: number;
  /** Their body bytes. */
  readonly bytes: number;
}

export interface TopicProducer {
  /**
   * Publishes `messages` (each on its own `partition`) and resolves only
   * when every one of them is durable: written where a crash of this
   * process, or of the machine, cannot take it back (the embedded outbox
   * commits with synchronous=FULL; JetStream acks the publish after its
   * replicas store it). Only then may the receiver answer 2xx.
   *
   * Publishing a message whose id the topic still holds is not an error and
   * stores nothing new (JetStream's dedupe window, the outbox's unique id):
   * an agent's retry is not a second message. Rejects when the messages
   * are not durable; the receiver answers 503 then, and the agent retries.
   * All `messages` must be of `topic` (TOPIC_OF_KIND).
   */
  publish(topic: TopicName, messages: readonly TopicMessage[]): Promise<void>;

  /**
   * The unwritten backlog of `topic` as last known, returned at once (a
   * networked implementation refreshes it in the background): the receiver
   * calls it on every request and refuses with 429 + Retry-After above its
   * bound.
   */
  backlog(topic: TopicName): TopicBacklog;

  /** Finishes what is being published, then releases the topic. */
  close(): Promise<void>;
}
