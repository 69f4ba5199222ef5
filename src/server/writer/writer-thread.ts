// The receiver's thread's handle on the writer's thread (writer-worker.ts):
// starts it, wakes it when messages are published, commits its acks in the
// outbox, keeps its last counts for /metrics, asks it to apply retention,
// and stops it. A writer thread that dies is started again after a pause
// (what it pulled and did not ack is delivered again: nothing is lost).

import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import type { Logger } from 'pino';
import { distRoot } from '../../paths.js';
import type { SqliteOutbox } from '../topics/sqlite-outbox.js';
import type { WriterCounts } from './row-writer.js';
import type { FromWriter, ToWriter, WriterWorkerData } from './writer-protocol.js';

/** Workers run compiled JS, also under vitest (src/paths.ts). */
const WORKER_FILE = join(distRoot, 'src', 'server', 'writer', 'writer-worker.js');
const RESTART_PAUSE_MS = 1000;

export class WriterThread {
  private worker: Worker | undefined;
  private stopping: Promise<void> | undefined;
  /** The counts the writer thread reported last (since its start). */
  counts: WriterCounts = { messagesWritten: 0, duplicates: 0, undecodable: 0, writeFailures: 0, rows: {} };
  /** Counts of writer threads that ended, so that a restart does not send the counters back. */
  private carried: WriterCounts = { messagesWritten: 0, duplicates: 0, undecodable: 0, writeFailures: 0, rows: {} };
  restarts = 0;

  constructor(
    private readonly outbox: SqliteOutbox,
    private readonly data: WriterWorkerData,
    private readonly log: Logger,
  ) {
    outbox.onPublished(() => this.send({ type: 'wake' }));
  }

  start(): void {
    const worker = new Worker(WORKER_FILE, { workerData: this.data });
    this.worker = worker;
    worker.on('message', (m: FromWriter) => this.onMessage(m));
    worker.on('error', (err) => this.log.error({ err }, 'writer thread failed'));
    worker.on('exit', (code) => {
      if (this.worker !== worker) return;
      this.worker = undefined;
      if (this.stopping !== undefined) return;
      this.log.error({ code }, `writer thread exited; starting it again in ${RESTART_PAUSE_MS} ms`);
      this.carry();
      this.restarts++;
      setTimeout(() => this.stopping === undefined && this.start(), RESTART_PAUSE_MS).unref();
    });
  }

  private carry(): void {
    const c = this.totals();
    this.carried = c;
    this.counts = { messagesWritten: 0, duplicates: 0, undecodable: 0, writeFailures: 0, rows: {} };
  }

  /** Since the server started, across writer threads. */
  totals(): WriterCounts {
    const a = this.carried;
    const b = this.counts;
    const rows: WriterCounts['rows'] = { ...a.rows };
    for (const [t, n] of Object.entries(b.rows) as [keyof WriterCounts['rows'], number][]) rows[t] = (rows[t] ?? 0) + n;
    return {
      messagesWritten: a.messagesWritten + b.messagesWritten,
      duplicates: a.duplicates + b.duplicates,
      undecodable: a.undecodable + b.undecodable,
      writeFailures: a.writeFailures + b.writeFailures,
      rows,
    };
  }

  private send(m: ToWriter): void {
    this.worker?.postMessage(m);
  }

  private onMessage(m: FromWriter): void {
    switch (m.type) {
      case 'ack':
        this.outbox.deleteAcked(m.topic, m.seqs, m.bytes).then(
          () => this.send({ type: 'acked', id: m.id }),
          (err: unknown) => this.send({ type: 'acked', id: m.id, error: (err as Error).message }),
        );
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
