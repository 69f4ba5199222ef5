// Acks of a consumer on a thread of its own (the embedded writer's, the
// embedded merger's) to the topics thread, which alone deletes from the
// topics file: each worker talks to its parent only, so an ack goes
// consumer thread → receiver's thread → topics thread, and its answer back
// the same way. One module for both sides of both consumers.

import type { AckSender } from './outbox-consumer.js';
import type { TopicName } from './topic-message.js';
import type { TopicsThread } from './topics-thread.js';

/** Consumer's thread → receiver's thread. */
export interface AckRequest {
  readonly type: 'ack';
  readonly id: number;
  readonly topic: TopicName;
  readonly seqs: readonly number[];
  readonly bytes: number;
}

/** Receiver's thread → consumer's thread: the ack `id` is committed, or failed with `error`. */
export interface AckAnswer {
  readonly type: 'acked';
  readonly id: number;
  readonly error?: string;
}

/** The consumer's side: an AckSender whose acks are posted to the parent and resolve on its answers (settle). */
export class AckRelay {
  private nextId = 0;
  private readonly pending = new Map<number, { resolve: () => void; reject: (err: Error) => void }>();

  constructor(private readonly post: (m: AckRequest) => void) {}

  readonly send: AckSender = (topic, seqs, bytes) =>
    new Promise((resolve, reject) => {
      const id = ++this.nextId;
      this.pending.set(id, { resolve, reject });
      this.post({ type: 'ack', id, topic, seqs, bytes });
    });

  settle(m: AckAnswer): void {
    const p = this.pending.get(m.id);
    this.pending.delete(m.id);
    if (m.error === undefined) p?.resolve();
    else p?.reject(new Error(m.error));
  }
}

/** The receiver's side: has the topics thread commit the ack, and answers the consumer's thread. */
export function relayAck(topics: TopicsThread, m: AckRequest, answer: (a: AckAnswer) => void): void {
  topics.ack(m.topic, m.seqs, m.bytes).then(
    () => answer({ type: 'acked', id: m.id }),
    (err: unknown) => answer({ type: 'acked', id: m.id, error: (err as Error).message }),
  );
}
