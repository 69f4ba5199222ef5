// The messages between the receiver's thread and the writer's thread
// (writer-thread.ts, writer-worker.ts), named in one module both import.
// Acks and wake-ups go between the writer and the topics thread directly
// (topics-protocol.ts).

import type { MessagePort } from 'node:worker_threads';
import type { WriterCounts } from './row-writer.js';

export interface WriterWorkerData {
  /** The channel to the topics thread (topics-protocol.ts: AckRequest out, ToConsumer in). */
  readonly topicsPort: MessagePort;
  readonly topicsPath: string;
  readonly rowsPath: string;
  readonly partitions: readonly number[];
  readonly batchMessages: number;
  readonly pullWaitMs: number;
}

/** Receiver's thread → writer's thread. */
export type ToWriter = { readonly type: 'retention'; readonly beforeMs: number } | { readonly type: 'stop' };

/** Writer's thread → receiver's thread. */
export type FromWriter =
  | { readonly type: 'counts'; readonly counts: WriterCounts }
  | { readonly type: 'error'; readonly message: string }
  | { readonly type: 'retention-done'; readonly rows: number }
  | { readonly type: 'stopped' };
