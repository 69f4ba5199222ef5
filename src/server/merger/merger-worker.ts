// The embedded merger's thread (a worker_threads Worker, started by
// merger-thread.ts): the merger over the outbox, read through this
// thread's own connection to the topics file, committing its windows and
// marks to sketches.db, which only this thread writes. Its own thread,
// because a window's commit (merge, zstd, the transaction: p50 0.5 s under
// load, bench/merger.bench.ts) blocked the receiver's event loop, and with
// it every ack of every request (bench/server-ingest.bench.ts, --sketches).
// Acks go to the topics thread, relayed by the receiver's thread; the
// merger's figures go back to it every FIGURES_EVERY_MS for /metrics.

import { parentPort, workerData } from 'node:worker_threads';
import { createAgentLog } from '../../agent-log.js';
import { MetricsRegistry } from '../../health/metrics-registry.js';
import { openSketchesFile, openTopicsReader } from '../store/sqlite-file.js';
import { OutboxConsumer } from '../topics/outbox-consumer.js';
import { AckRelay } from '../topics/relayed-acks.js';
import type { FromMerger, MergerFigures, MergerWorkerData, ToMerger } from './merger-protocol.js';
import { startEmbeddedMerger } from './merger-role.js';

/** How stale the merger's figures on /metrics may be. */
const FIGURES_EVERY_MS = 500;

const port = parentPort!;
const data = workerData as MergerWorkerData;
const post = (m: FromMerger) => port.postMessage(m);
const log = createAgentLog('info');

const topicsDb = openTopicsReader(data.topicsPath);
const sketchesDb = openSketchesFile(data.sketchesPath);
let backlogMessages = data.backlogMessages;

const acks = new AckRelay(post);
const consumer = new OutboxConsumer(topicsDb, acks.send, data.config.topics.partitions);

// Its metrics are registered on the receiver's thread, from the figures posted below: this registry is not exposed.
const merger = await startEmbeddedMerger(sketchesDb, consumer, () => ({ messages: backlogMessages, bytes: 0 }), data.config, new MetricsRegistry(), log);
const figuresOf = (): MergerFigures => {
  const m = merger.merger;
  return { counts: m.counts, openWindows: m.openWindows, stateBytes: m.stateBytes, marks: m.marks };
};
const figures = () => post({ type: 'figures', figures: figuresOf() });
const figuresTimer = setInterval(figures, FIGURES_EVERY_MS);

async function stop(): Promise<void> {
  clearInterval(figuresTimer);
  const stopping = merger.stop();
  await consumer.close();
  await stopping;
  figures();
  sketchesDb.close();
  topicsDb.close();
  post({ type: 'stopped' });
  port.close();
}

port.on('message', (m: ToMerger) => {
  switch (m.type) {
    case 'wake':
      consumer.wake();
      return;
    case 'backlog':
      backlogMessages = m.messages;
      return;
    case 'acked':
      acks.settle(m);
      return;
    case 'stop':
      stop().catch((err: unknown) => post({ type: 'failed', message: `stop: ${(err as Error).message}` }));
      return;
  }
});

post({ type: 'ready', figures: figuresOf() });
