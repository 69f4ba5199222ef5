// The writer role: pulls batches from the topics, writes them to the row
// store in one transaction each, and acks only after that commit. A crash
// between the commit and the ack redelivers the batch, and the store's
// idempotence on message id writes it once. A write that fails releases the
// batch to be pulled again after a pause, and is counted; a pull that fails
// (the topic did not answer) is reported and tried again after the pause.

import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import type { RowStore, RowTable } from '../store/row-store.js';
import type { TopicConsumer } from '../topics/topic-consumer.js';
import type { TopicName } from '../topics/topic-message.js';

export interface RowWriterOptions {
  readonly topics: readonly TopicName[];
  /** The partitions this writer owns (embedded: all of them). */
  readonly partitions: readonly number[];
  /** Messages per transaction: larger amortises the commit's fsync; smaller holds the rows file's write lock for less time. */
  readonly batchMessages: number;
  /** How long a pull waits for messages before it comes back empty. */
  readonly pullWaitMs: number;
  /** The pause after a failed write, before the batch is pulled again. */
  readonly retryPauseMs: number;
  readonly onError: (err: unknown) => void;
  /** After each batch written and acked (the writer thread reports its counts to the receiver's thread then). */
  readonly onBatch?: () => void;
}

export type WriterCounts = RowWriter['counts'];

export class RowWriter {
  private stopped = false;
  private loops: Promise<void>[] = [];
  /** Since start, for /metrics. */
  readonly counts = { messagesWritten: 0, duplicates: 0, undecodable: 0, writeFailures: 0, rows: {} as Partial<Record<RowTable, number>> };

  constructor(
    private readonly consumer: TopicConsumer,
    private readonly store: RowStore,
    private readonly o: RowWriterOptions,
  ) {}

  start(): void {
    this.loops = this.o.topics.map((topic) => this.run(topic));
  }

  private async run(topic: TopicName): Promise<void> {
    while (!this.stopped) {
      let deliveries: Awaited<ReturnType<TopicConsumer['pull']>>;
      try {
        deliveries = await this.consumer.pull(topic, this.o.partitions, this.o.batchMessages, this.o.pullWaitMs);
      } catch (err) {
        // The topic did not answer (a JetStream leader lost, a consumer moving): nothing was taken, so nothing is lost; pull again after the pause.
        this.o.onError(err);
        await sleep(this.o.retryPauseMs);
        continue;
      }
      if (deliveries.length === 0) continue;
      try {
        const result = await this.store.writeBatch(deliveries.map((d) => d.message));
        await this.consumer.ack(topic, deliveries);
        this.counts.messagesWritten += result.written;
        this.counts.duplicates += result.duplicates;
        this.counts.undecodable += result.undecodable;
        for (const [table, n] of Object.entries(result.rows) as [RowTable, number][]) this.counts.rows[table] = (this.counts.rows[table] ?? 0) + n;
        this.o.onBatch?.();
      } catch (err) {
        this.counts.writeFailures++;
        this.consumer.release(topic, deliveries);
        this.o.onError(err);
        await sleep(this.o.retryPauseMs);
      }
      // Let the receiver's requests in between two batches.
      await nextTurn();
    }
  }

  /** Stops pulling; resolves when the batch being written is written and acked. */
  async stop(): Promise<void> {
    this.stopped = true;
    await Promise.all(this.loops);
  }
}
