// `infrawatch serve --role receiver|writer|all` on the scale-out engines
// (topics.bus nats://…, store.url postgres://…): each role its own process,
// as many as needed. The parts are the embedded server's (the HTTP
// receiver over the ingest core, the row writer); only the seams'
// implementations differ, chosen by engines.ts from the URLs.
//   receiver  HTTP ingest → JetStream; answers 2xx after the PubAcks
//   writer    JetStream → the row store; acks after each commit; retention
//   all       both in one process (on NATS and/or PostgreSQL)
// A writer pulls every partition: several writers share each partition's
// durable consumer and split its messages (idempotence on the message id
// makes any overlap harmless). Owning a subset needs a config key (see the
// report: writer.partitions).

import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { InfraWatchError } from '../errors.js';
import { MetricsRegistry } from '../health/metrics-registry.js';
import { verifierOfConfig } from './auth/config-verifier.js';
import type { ServerConfig } from './config/server-config.js';
import { busKind, storeFor, storeKind, type Topics, topicsFor } from './engines.js';
import { HttpReceiver } from './receiver/http-receiver.js';
import { MemoryBudget } from './receiver/memory-budget.js';
import { IngestCore, ingestLimitsOf } from './receiver/ingest-core.js';
import { closeServer, listen, urlOf } from './receiver/listener.js';
import { listenMetrics, type MetricsListener } from './metrics-listener.js';
import { ReceiverMetrics } from './receiver/receiver-metrics.js';
import type { RowStore } from './store/row-store.js';
import { TOPIC_NAMES } from './topics/topic-message.js';
import { RowWriter } from './writer/row-writer.js';
import { type RunningMerger, runsMerger, startScaleOutMerger, writerTopicsOf } from './merger/merger-role.js';

const RETENTION_EVERY_MS = 3_600_000;

/** Whether `config` asks for the scale-out server rather than the embedded one. */
export function isScaleOut(config: ServerConfig): boolean {
  return config.role !== 'all' || busKind(config.topics.bus) !== 'embedded' || storeKind(config.store.url) !== 'embedded';
}

export interface RunningScaleOut {
  /** The ingest listener's URL (receiver and all), else undefined. */
  readonly url: string | undefined;
  readonly metricsUrl: string | undefined;
  readonly writer: RowWriter | undefined;
  readonly metrics: MetricsRegistry;
  close(): Promise<void>;
}

export async function startScaleOutServer(config: ServerConfig, source: string, log: Logger): Promise<RunningScaleOut> {
  const receives = config.role === 'receiver' || config.role === 'all';
  const writes = config.role === 'writer' || config.role === 'all';
  if (config.role !== 'all' && busKind(config.topics.bus) === 'embedded') {
    throw new InfraWatchError('IW_ERR_CONFIG', `${source}: role ${config.role}: the roles apart share their topics through topics.bus: nats://host:port (the embedded outbox lives in one process)`);
  }
  const registry = new MetricsRegistry();
  const topics: Topics = await topicsFor(config);
  let store: RowStore | undefined;
  let writer: RowWriter | undefined;
  let merger: RunningMerger | undefined;
  const servers: Server[] = [];
  const tls = config.tls.cert_file !== '';
  let retention: NodeJS.Timeout | undefined;
  let metricsListener: MetricsListener | undefined;
  try {
    registry.register('infrawatch_server_backlog_messages', 'gauge', 'Messages published and not yet written, per topic (the back-pressure bound is on this).', () =>
      TOPIC_NAMES.map((topic) => [{ topic }, topics.backlog(topic).messages] as const),
    );
    if (writes) {
      store = await storeFor(config);
      const w = new RowWriter(topics, store, {
        topics: writerTopicsOf(config),
        partitions: Array.from({ length: config.topics.partitions }, (_, i) => i),
        batchMessages: config.writer.batch_messages,
        pullWaitMs: config.writer.pull_wait_ms,
        retryPauseMs: 1000,
        onError: (err) => log.error({ err }, 'writer: a batch failed; it will be pulled again'),
      });
      writer = w;
      registry.single('infrawatch_server_written_messages_total', 'counter', 'Messages the writer stored.', () => w.counts.messagesWritten);
      registry.single('infrawatch_server_duplicate_messages_total', 'counter', 'Messages delivered again and not stored again.', () => w.counts.duplicates);
      registry.single('infrawatch_server_undecodable_messages_total', 'counter', 'Messages whose body did not decode as their kind: skipped.', () => w.counts.undecodable);
      registry.single('infrawatch_server_write_failures_total', 'counter', 'Batches whose transaction failed; pulled again.', () => w.counts.writeFailures);
    }
    if (runsMerger(config)) merger = await startScaleOutMerger(config, registry, log);
    if (receives) {
      const verifier = verifierOfConfig(config, source, log, 'request');
      const l = config.limits;
      const core = new IngestCore(topics, verifier, config.topics.partitions, ingestLimitsOf(l));
      const receiverMetrics = new ReceiverMetrics();
      receiverMetrics.register(registry);
      const receiver = new HttpReceiver(core, receiverMetrics, new MemoryBudget(l.max_inflight_bytes), { maxBodyBytes: l.max_body_bytes, retryAfterSeconds: l.retry_after_seconds });
      servers.push(await listen(config, config.listen.address, config.listen.port, 'listen.address', receiver.handle));
    }
    metricsListener = await listenMetrics(config, registry);
    if (metricsListener !== undefined) servers.push(metricsListener.server);
  } catch (err) {
    await Promise.all(servers.map(closeServer));
    await merger?.stop();
    await store?.close();
    await topics.close();
    throw err;
  }
  writer?.start();
  if (store !== undefined) {
    const s = store;
    const retentionMs = config.store.retention_days * 86_400_000;
    retention = setInterval(() => {
      s.deleteBefore(Date.now() - retentionMs).then(
        (n) => n > 0 && log.info({ rows: n }, 'retention: dropped the days past store.retention_days'),
        (err: unknown) => log.error({ err }, 'retention failed'),
      );
    }, RETENTION_EVERY_MS).unref();
  }
  const ingest = receives ? servers[0] : undefined;
  let closing: Promise<void> | undefined;
  return {
    url: ingest ? urlOf(ingest, tls) : undefined,
    metricsUrl: metricsListener?.url,
    writer,
    metrics: registry,
    close() {
      closing ??= (async () => {
        clearInterval(retention);
        await Promise.all(servers.map(closeServer));
        // The writer's pull waits at most writer.pull_wait_ms; its last batch is written and acked before the topics close.
        await Promise.all([writer?.stop(), merger?.stop()]);
        await topics.close(); // NAKs anything still pulled and unacked
        await store?.close();
      })();
      return closing;
    },
  };
}
