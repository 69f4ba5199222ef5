// `infrawatch serve --role all`: every role in one process on embedded
// parts, the way Mimir's -target=all runs (STYLE.md), three threads:
//   receiver (this thread)  HTTP, tokens, decoding; publishes to
//   topics (topics-worker)  the outbox table of the topics' SQLite file,
//                           group-committed; the fsyncs block this thread only
//   writer (writer-worker)  reads the outbox, writes the rows' SQLite file,
//                           acks to the topics thread (through this one)
//   merger (merger-worker)  reads proc.sketch.v1 from the outbox, writes its
//                           windows and marks to a file of its own
//                           (sketches.db), acks as the writer does
// Each file has one writing thread: SQLite has one write lock per file,
// and better-sqlite3 waits for it by blocking the thread. The scale-out
// roles (receiver, writer and merger apart, on NATS JetStream, PostgreSQL
// and Redis) implement the same seams (topics/topic-producer.ts,
// topics/topic-consumer.ts, store/row-store.ts) in scaleout-server.ts. The
// query route runs on this thread, reading the rows file and sketches.db,
// and the console's (console/console-http.ts) beside it.

import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { InfraWatchError } from '../errors.js';
import { MetricsRegistry } from '../health/metrics-registry.js';
import { verifierOfConfig } from './auth/config-verifier.js';
import type { ServerConfig } from './config/server-config.js';
import { HttpReceiver } from './receiver/http-receiver.js';
import { IngestCore, ingestLimitsOf } from './receiver/ingest-core.js';
import { StoredHighWater, StoredSketchReader } from './query/stored-sketches.js';
import { GrpcReceiver } from './receiver/grpc-receiver.js';
import { grpcTlsOf, closeServer, listen, parseHostPort, urlOf } from './receiver/listener.js';
import { listenMetrics, type MetricsListener } from './metrics-listener.js';
import { MemoryBudget } from './receiver/memory-budget.js';
import { ReceiverMetrics } from './receiver/receiver-metrics.js';
import { QueryHttp, withQueryRoute } from './query/query-http.js';
import { ConsoleHttp, withConsoleRoute } from './console/console-http.js';
import { modeOptions, QueryService } from './query/query-service.js';
import { SqliteSqlRunner } from './query/sqlite-sql-runner.js';
import { FleetStore, fleetPathOf } from './fleet/fleet-store.js';
import { openRowsFile, sketchesPathOf } from './store/sqlite-file.js';
import { SqliteRowStore } from './store/sqlite-row-store.js';
import { TOPIC_NAMES } from './topics/topic-message.js';
import { TopicsThread } from './topics/topics-thread.js';
import { WriterThread } from './writer/writer-thread.js';
import { registerMergerMetrics, runsMerger, writerTopicsOf } from './merger/merger-role.js';
import { MergerThread } from './merger/merger-thread.js';

/** How often rows past store.retention_days are deleted. */
const RETENTION_EVERY_MS = 3_600_000;

export interface RunningServer {
  /** The ingest listener's URL (port 0 in the config: the port the system gave). */
  readonly url: string;
  /** The /metrics listener's URL, or undefined when metrics_listen is "". */
  readonly metricsUrl: string | undefined;
  /** A reader of the rows (the writer's thread writes them). */
  readonly store: SqliteRowStore;
  readonly topics: TopicsThread;
  readonly writer: WriterThread;
  /** The sketch merger's thread (merger.enabled), consuming proc.sketch.v1, and this thread's readers of its store. */
  readonly merger: MergerThread | undefined;
  readonly metrics: MetricsRegistry;
  /** host:port of the gRPC listener, or undefined when grpc_listen is "". */
  readonly grpcAddress: string | undefined;
  /** Stops taking requests, finishes those in flight, writes what the writer holds, closes the files. */
  close(): Promise<void>;
}

/** Refuses the scale-out settings: they are the scale-out server's (scaleout-server.ts; `serve` picks it when they are set). */
function refuseScaleOut(config: ServerConfig, source: string): void {
  const notYet = (key: string, what: string) => new InfraWatchError('IW_ERR_CONFIG', `${source}: ${key}: ${what} is run by the scale-out server (scaleout-server.ts), not the embedded one`);
  if (config.role !== 'all') throw notYet('role', `the ${config.role} role alone`);
  if (config.topics.bus !== 'embedded') throw notYet('topics.bus', 'a bus other than "embedded"');
  if (config.store.url !== 'embedded') throw notYet('store.url', 'a store other than "embedded"');
}

/**
 * Starts every role. `onFatal` is told when a thread of the server dies (a
 * bug, or a disk that fails under the file): the caller stops the server,
 * as a crash would (nothing acked is lost).
 */
export async function startEmbeddedServer(config: ServerConfig, source: string, log: Logger, onFatal: (err: Error) => void = () => {}): Promise<RunningServer> {
  refuseScaleOut(config, source);
  const verifier = verifierOfConfig(config, source, log, 'request');
  // Opened here first, so that its schema exists before the writer's thread opens it; then this thread's reader.
  const rowsDb = openRowsFile(config.store.path);
  const store = new SqliteRowStore(rowsDb);
  const fleet = new FleetStore(fleetPathOf(config.store.path)); // fleet config rules (src/server/fleet/)
  const topics = new TopicsThread({ topicsPath: config.topics.path }, log, onFatal);
  try {
    await topics.start();
  } catch (err) {
    rowsDb.close();
    fleet.close();
    throw err;
  }
  const writer = new WriterThread(
    topics,
    {
      topicsPath: config.topics.path,
      rowsPath: config.store.path,
      partitions: Array.from({ length: config.topics.partitions }, (_, i) => i),
      topics: writerTopicsOf(config),
      batchMessages: config.writer.batch_messages,
      pullWaitMs: config.writer.pull_wait_ms,
    },
    log,
    onFatal,
  );
  const l = config.limits;
  const core = new IngestCore(topics, verifier, config.topics.partitions, ingestLimitsOf(l));
  const receiverMetrics = new ReceiverMetrics();
  const budget = new MemoryBudget(l.max_inflight_bytes);
  const registry = new MetricsRegistry();
  receiverMetrics.register(registry);
  registry.single('infrawatch_server_inflight_body_bytes', 'gauge', 'Bytes of request bodies held (read, not yet published); bounded by limits.max_inflight_bytes.', () => budget.held);
  registerStoreMetrics(registry, topics, writer);

  const servers: Server[] = [];
  const tls = config.tls.cert_file !== '';
  let grpc: GrpcReceiver | undefined;
  let grpcAddress: string | undefined;
  let merger: MergerThread | undefined;
  let metricsListener: MetricsListener | undefined;
  try {
    const receiver = new HttpReceiver(core, receiverMetrics, budget, {
      maxBodyBytes: l.max_body_bytes,
      retryAfterSeconds: l.retry_after_seconds,
      fleetDocument: (a, h) => fleet.documentFor(a, h),
    });
    // The router reads the merger's windows and mark once the merger runs (it starts after the listeners).
    const sketches = runsMerger(config) ? { sketches: new StoredSketchReader(() => merger?.store), marks: new StoredHighWater(() => merger?.mark) } : {};
    const service = new QueryService(new SqliteSqlRunner(rowsDb), { ...sketches, ...modeOptions(config.query, fleet) });
    const routes = withConsoleRoute(new ConsoleHttp(service, verifier, fleet), withQueryRoute(new QueryHttp(service, verifier), receiver.handle));
    const ingest = await listen(config, config.listen.address, config.listen.port, 'listen.address', routes);
    servers.push(ingest);
    metricsListener = await listenMetrics(config, registry);
    if (metricsListener !== undefined) servers.push(metricsListener.server);
    if (config.grpc_listen !== '') {
      const { address, port } = parseHostPort(config.grpc_listen, 'grpc_listen');
      grpc = new GrpcReceiver(core, receiverMetrics, { maxBodyBytes: l.max_body_bytes });
      const bound = await grpc.listen(address, port, grpcTlsOf(config, address, 'grpc_listen')).catch((err: unknown) => {
        throw new InfraWatchError('IW_ERR_CONFIG', `grpc_listen: cannot listen on ${config.grpc_listen}: ${(err as Error).message}`, { cause: err });
      });
      grpcAddress = `${address.includes(':') ? `[${address}]` : address}:${bound}`;
    }
  } catch (err) {
    await grpc?.close(0);
    await Promise.all(servers.map(closeServer));
    await topics.close();
    rowsDb.close();
    fleet.close();
    throw err;
  }
  // The merger on a thread of its own: a reader of the topics file (acks go to the topics thread, as the
  // writer's do) and a file of its own for its windows and marks (sketches.db), which no other thread writes.
  if (runsMerger(config)) {
    try {
      const m = await MergerThread.start(topics, { topicsPath: config.topics.path, sketchesPath: sketchesPathOf(config.store.path), config }, log, onFatal);
      merger = m;
      registerMergerMetrics(registry, () => ({ ...m.figures, marks: m.committedMarks() }));
    } catch (err) {
      await Promise.all([grpc?.close(0), ...servers.map(closeServer)]);
      await topics.close();
      rowsDb.close();
      fleet.close();
      throw err;
    }
  }
  writer.start();
  const retentionMs = config.store.retention_days * 86_400_000;
  const retention = setInterval(() => writer.applyRetention(Date.now() - retentionMs), RETENTION_EVERY_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    url: urlOf(servers[0], tls),
    metricsUrl: metricsListener?.url,
    store,
    topics,
    writer,
    merger,
    metrics: registry,
    grpcAddress,
    close() {
      closing ??= (async () => {
        clearInterval(retention);
        await Promise.all([grpc?.close(), ...servers.map(closeServer)]);
        // The writer's and the merger's last acks are committed by the topics thread: it stops after them.
        await Promise.all([writer.stop(), merger?.stop()]);
        await topics.close();
        rowsDb.close();
        fleet.close();
      })();
      return closing;
    },
  };
}

function registerStoreMetrics(registry: MetricsRegistry, topics: TopicsThread, writer: WriterThread): void {
  registry.register('infrawatch_server_backlog_messages', 'gauge', 'Messages published and not yet written, per topic (the back-pressure bound is on this).', () =>
    TOPIC_NAMES.map((topic) => [{ topic }, topics.backlog(topic).messages] as const),
  );
  registry.register('infrawatch_server_backlog_bytes', 'gauge', 'Body bytes published and not yet written, per topic.', () =>
    TOPIC_NAMES.map((topic) => [{ topic }, topics.backlog(topic).bytes] as const),
  );
  registry.single('infrawatch_server_topic_commits_total', 'counter', 'Commits of the topics file (publishes and acks, each a group of requests).', () => topics.commits);
  const c = () => writer.counts;
  registry.single('infrawatch_server_written_messages_total', 'counter', 'Messages the writer stored.', () => c().messagesWritten);
  registry.single('infrawatch_server_duplicate_messages_total', 'counter', 'Messages delivered again and not stored again (idempotence on message id).', () => c().duplicates);
  registry.single('infrawatch_server_undecodable_messages_total', 'counter', 'Messages whose body did not decode as their kind: skipped.', () => c().undecodable);
  registry.single('infrawatch_server_write_failures_total', 'counter', 'Batches whose transaction failed; pulled again.', () => c().writeFailures);
  registry.register('infrawatch_server_rows_written_total', 'counter', 'Rows written, per table.', () => Object.entries(c().rows).map(([table, n]) => [{ table }, n] as const));
}
