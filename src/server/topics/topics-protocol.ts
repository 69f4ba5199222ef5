// The messages of the embedded topics' thread (topics-worker.ts): with the
// receiver's thread (topics-thread.ts) over the worker's parent port, and
// with the writer's thread over a MessageChannel of their own (acks and
// wake-ups do not pass through the receiver's event loop).

import type { TopicMessage, TopicName } from './topic-message.js';
import type { TopicBacklog } from './topic-producer.js';

export interface TopicsWorkerData {
  readonly topicsPath: string;
}

export type Backlogs = Readonly<Record<TopicName, TopicBacklog>>;

/** Receiver's thread → topics thread. */
export type ToTopics = { readonly type: 'publish'; readonly id: number; readonly topic: TopicName; readonly messages: readonly TopicMessage[] } | { readonly type: 'stop' };

/** Topics thread → receiver's thread. */
export type FromTopics =
  | { readonly type: 'ready'; readonly backlogs: Backlogs }
  | { readonly type: 'published'; readonly id: number; readonly error?: string; readonly backlogs: Backlogs; readonly commits: number }
  | { readonly type: 'acked'; readonly backlogs: Backlogs; readonly commits: number }
  | { readonly type: 'stopped' };

/** Writer's thread → topics thread (on their channel). */
export interface AckRequest {
  readonly type: 'ack';
  readonly id: number;
  readonly topic: TopicName;
  readonly seqs: readonly number[];
  readonly bytes: number;
}

/** Topics thread → writer's thread (on their channel). */
export type ToConsumer = { readonly type: 'acked'; readonly id: number; readonly error?: string } | { readonly type: 'wake' };
