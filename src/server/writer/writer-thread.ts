// The receiver's thread's handle on the writer's thread (writer-worker.ts):
// starts it, relays its acks to the topics thread and the topics' wake-ups
// to it, keeps its last counts for /metrics, asks it to apply retention,
// and stops it. If the thread
// dies, `onFatal` is told: the server stops, as it would if the process
// died (what was pulled and not acked is delivered again at the next
// start: nothing is lost).

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { distRoot } from '../../paths.js';
import { relayAck } from '../topics/relayed-acks.js';
import type { TopicsThread } from '../topics/topics-thread.js';
import type { WriterCounts } from './row-writer.js';
import type { FromWriter, ToWriter, WriterWorkerData } from './writer-protocol.js';

/** Workers run compiled JS, also under vitest (src/paths.ts). */
const WORKER_FILE = join(distRoot, 'src', 'server', 'writer', 'writer-worker.js');

export class WriterThread {
  private worker: Worker | undefined;
  private stopping: Promise<void> | undefined;
  /** The counts the writer thread reported last (since its start). */
  counts: WriterCounts = { messagesWritten: 0, duplicates: 0, undecodable: 0, writeFailures: 0, rows: {} };

  constructor(
    private readonly topics: TopicsThread,
    private readonly data: WriterWorkerData,
    private readonly log: Logger,
    private readonly onFatal: (err: Error) => void,
  ) {
    topics.onNewMessages(() => this.send({ type: 'wake' }));
  }

  start(): void {
    const worker = new Worker(WORKER_FILE, { workerData: this.data });
    this.worker = worker;
    worker.on('message', (m: FromWriter) => this.onMessage(m));
    worker.on('error', (err) => this.log.error({ err }, 'writer thread failed'));
    worker.on('exit', (code) => {
      this.worker = undefined;
      if (this.stopping === undefined) this.onFatal(new Error(`the writer thread exited (code ${code})`));
    });
  }

  private send(m: ToWriter): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromWriter): void {
    switch (m.type) {
      case 'ack':
        relayAck(this.topics, m, (a) => this.send(a));
        return;
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
    this.send({ type: 'retention', beforeMs });
  }

  /** The writer finishes and acks the batch it is writing, then its thread ends. */
  stop(): Promise<void> {
    this.stopping ??= new Promise((resolve) => {
      const worker = this.worker;
      if (worker === undefined) return resolve();
      worker.once('exit', () => resolve());
      worker.postMessage({ type: 'stop' } satisfies ToWriter);
    });
    return this.stopping;
  }
}
