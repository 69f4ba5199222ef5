// The messages of the embedded topics' thread (topics-worker.ts) with the
// receiver's thread (topics-thread.ts). The writer's acks and wake-ups pass
// through the receiver's thread too (writer-thread.ts relays them): each
// worker talks to its parent only, and one place sees every message.

import type { TopicMessage, TopicName } from './topic-message.js';
import type { TopicBacklog } from './topic-producer.js';

export interface TopicsWorkerData {
  readonly topicsPath: string;
}

export type Backlogs = Readonly<Record<TopicName, TopicBacklog>>;

/** Receiver's thread → topics thread. */
export type ToTopics =
  | { readonly type: 'publish'; readonly id: number; readonly topic: TopicName; readonly messages: readonly TopicMessage[] }
  | { readonly type: 'ack'; readonly id: number; readonly topic: TopicName; readonly seqs: readonly number[]; readonly bytes: number }
  | { readonly type: 'stop' };

/** Topics thread → receiver's thread. */
export type FromTopics =
  | { readonly type: 'ready'; readonly backlogs: Backlogs }
  | { readonly type: 'published'; readonly id: number; readonly error?: string; readonly backlogs: Backlogs; readonly commits: number }
  | { readonly type: 'acked'; readonly id: number; readonly error?: string; readonly backlogs: Backlogs; readonly commits: number }
  /** A commit added messages: the consumer may pull. */
  | { readonly type: 'new-messages' }
  | { readonly type: 'stopped' };
