// The messages between the receiver's thread and the writer's thread
// (writer-thread.ts, writer-worker.ts), named in one module both import.
// The receiver's thread relays the writer's acks to the topics thread, and
// the topics thread's wake-ups to the writer.

import type { AckAnswer, AckRequest } from '../topics/relayed-acks.js';
import type { TopicName } from '../topics/topic-message.js';
import type { WriterCounts } from './row-writer.js';

export interface WriterWorkerData {
  readonly topicsPath: string;
  readonly rowsPath: string;
  readonly partitions: readonly number[];
  /** The topics it writes: proc.sketch.v1 is the merger's when the merger runs. */
  readonly topics: readonly TopicName[];
  readonly batchMessages: number;
  readonly pullWaitMs: number;
}

/** Receiver's thread → writer's thread. */
export type ToWriter = { readonly type: 'wake' } | AckAnswer | { readonly type: 'retention'; readonly beforeMs: number } | { readonly type: 'stop' };

/** Writer's thread → receiver's thread. */
export type FromWriter =
  | AckRequest
  | { readonly type: 'counts'; readonly counts: WriterCounts }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'retention-done'; readonly rows: number }
  | { readonly type: 'stopped' };
