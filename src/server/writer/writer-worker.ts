// The writer's thread (a worker_threads Worker, started by
// writer-thread.ts): the RowWriter over the outbox, read through this
// thread's own connection to the topics file, into the rows file, which
// only this thread writes. Acks go to the topics thread (relayed by the
// receiver's thread); it deletes the acked messages in its next commit
// (only it writes the topics file), and this thread is woken after each
// commit that added messages.
// Its own thread, because writing a batch of envelopes (80 rows each) is
// CPU the receiver's event loop cannot spare (bench/server-ingest.bench.ts).

import { parentPort, workerData } from 'node:worker_threads';
import { openRowsFile, openTopicsReader } from '../store/sqlite-file.js';
import { SqliteRowStore } from '../store/sqlite-row-store.js';
import { OutboxConsumer } from '../topics/outbox-consumer.js';
import { AckRelay } from '../topics/relayed-acks.js';
import { RowWriter } from './row-writer.js';
import type { FromWriter, ToWriter, WriterWorkerData } from './writer-protocol.js';

const port = parentPort!;
const data = workerData as WriterWorkerData;
const post = (m: FromWriter) => port.postMessage(m);

const topicsDb = openTopicsReader(data.topicsPath);
const rowsDb = openRowsFile(data.rowsPath);
const store = new SqliteRowStore(rowsDb);

const acks = new AckRelay(post);
const consumer = new OutboxConsumer(topicsDb, acks.send, data.partitions.length);
const writer = new RowWriter(consumer, store, {
  topics: data.topics,
  partitions: data.partitions,
  batchMessages: data.batchMessages,
  pullWaitMs: data.pullWaitMs,
  retryPauseMs: 1000,
  onError: (err) => post({ type: 'error', message: (err as Error).message }),
  onBatch: () => post({ type: 'counts', counts: writer.counts }),
});

async function stop(): Promise<void> {
  const stopping = writer.stop();
  await consumer.close();
  await stopping;
  rowsDb.close();
  topicsDb.close();
  post({ type: 'stopped' });
  port.close();
}

port.on('message', (m: ToWriter) => {
  switch (m.type) {
    case 'wake':
      consumer.wake();
      return;
    case 'acked':
      acks.settle(m);
      return;
    case 'retention':
      store.deleteBefore(m.beforeMs).then(
        (rows) => post({ type: 'retention-done', rows }),
        (err: unknown) => post({ type: 'error', message: `retention: ${(err as Error).message}` }),
      );
      return;
    case 'stop':
      stop().catch((err: unknown) => post({ type: 'error', message: `stop: ${(err as Error).message}` }));
      return;
  }
});

writer.start();
