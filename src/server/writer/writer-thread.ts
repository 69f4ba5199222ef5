// The receiver's thread's handle on the writer's thread (writer-worker.ts),
// on the shared consumer-thread host (topics/consumer-thread.ts: start,
// wake-ups, acks, death, stop): keeps its last counts for /metrics and asks
// it to apply retention.

import { join } from 'node:path';
import type { Logger } from 'pino';
import { distRoot } from '../../paths.js';
import { ConsumerThread } from '../topics/consumer-thread.js';
import type { TopicsThread } from '../topics/topics-thread.js';
import type { WriterCounts } from './row-writer.js';
import type { FromWriter, ToWriter, WriterWorkerData } from './writer-protocol.js';

/** Workers run compiled JS, also under vitest (src/paths.ts). */
const WORKER_FILE = join(distRoot, 'src', 'server', 'writer', 'writer-worker.js');

export class WriterThread {
  private readonly thread: ConsumerThread<ToWriter, FromWriter>;
  /** The counts the writer thread reported last (since its start). */
  counts: WriterCounts = { messagesWritten: 0, duplicates: 0, undecodable: 0, writeFailures: 0, rows: {} };

  constructor(
    topics: TopicsThread,
    private readonly data: WriterWorkerData,
    private readonly log: Logger,
    onFatal: (err: Error) => void,
  ) {
    this.thread = new ConsumerThread('writer', topics, log, onFatal);
  }

  start(): void {
    // Not awaited: the writer posts no 'ready'; a failure to start is its thread's exit, which onFatal hears.
    this.thread.start(WORKER_FILE, this.data, (m) => this.onMessage(m), false).catch(() => {});
  }

  private onMessage(m: Exclude<FromWriter, { type: 'ack' }>): void {
    switch (m.type) {
      case 'counts':
        this.counts = m.counts;
        return;
      case 'error':
        this.log.error({ err: m.message }, 'writer: a batch failed; it will be pulled again');
        return;
      case 'retention-done':
        if (m.rows > 0) this.log.info({ rows: m.rows }, 'retention: deleted rows past store.retention_days');
        return;
      case 'stopped':
        return;
    }
  }

  /** Deletes rows older than `beforeMs`, in the writer's thread (the only one that writes the rows file). */
  applyRetention(beforeMs: number): void {
    this.thread.send({ type: 'retention', beforeMs });
  }

  /** The writer finishes and acks the batch it is writing, then its thread ends. */
  stop(): Promise<void> {
    return this.thread.stop();
  }
}
