// `infrawatch serve --role all`: every role in one process on embedded
// parts, the way Mimir's -target=all runs (STYLE.md): the receiver
// publishes to the outbox table of one SQLite file, the writer consumes it
// into the row tables of the same file. The scale-out roles (receiver and
// writer apart, on NATS JetStream and PostgreSQL) implement the same seams
// (topics/topic-producer.ts, topics/topic-consumer.ts, store/row-store.ts)
// and are not built yet: their config keys are refused with a message that
// says so.

import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import type { Logger } from 'pino';
import { InfraWatchError } from '../errors.js';
import { MetricsRegistry } from '../health/metrics-registry.js';
import { loadKeyRing } from './auth/key-ring.js';
import { TokenVerifier } from './auth/token-verifier.js';
import type { ServerConfig } from './config/server-config.js';
import { HttpReceiver } from './receiver/http-receiver.js';
import { IngestCore } from './receiver/ingest-core.js';
import { StoredHighWater, StoredSketchReader } from './query/stored-sketches.js';
import { GrpcReceiver } from './receiver/grpc-receiver.js';
import { grpcTlsOf, listen, parseHostPort } from './receiver/listener.js';
import { ReceiverMetrics } from './receiver/receiver-metrics.js';
import { QueryHttp, withQueryRoute } from './query/query-http.js';
import { QueryService } from './query/query-service.js';
import { SqliteSqlRunner } from './query/sqlite-sql-runner.js';
import { FleetStore, fleetPathOf } from './fleet/fleet-store.js';
import { openSqliteFile } from './store/sqlite-file.js';
import { SqliteRowStore } from './store/sqlite-row-store.js';
import { SqliteOutbox } from './topics/sqlite-outbox.js';
import { TOPIC_NAMES } from './topics/topic-message.js';
import { RowWriter } from './writer/row-writer.js';
import { type RunningMerger, runsMerger, startEmbeddedMerger, writerTopicsOf } from './merger/merger-role.js';

/** How often rows past store.retention_days are deleted. */
const RETENTION_EVERY_MS = 3_600_000;

export interface RunningServer {
  /** The ingest listener's URL (port 0 in the config: the port the system gave). */
  readonly url: string;
  /** The /metrics listener's URL, or undefined when metrics_listen is "". */
  readonly metricsUrl: string | undefined;
  readonly store: SqliteRowStore;
  readonly outbox: SqliteOutbox;
  readonly writer: RowWriter;
  /** The sketch merger (merger.enabled), consuming proc.sketch.v1. */
  readonly merger: RunningMerger | undefined;
  readonly metrics: MetricsRegistry;
  /** host:port of the gRPC listener, or undefined when grpc_listen is "". */
  readonly grpcAddress: string | undefined;
  /** Stops taking requests, finishes those in flight, writes what the writer holds, closes the file. */
  close(): Promise<void>;
}

/** Refuses the scale-out settings, which are the next part of issue 14. */
function refuseScaleOut(config: ServerConfig, source: string): void {
  const notYet = (key: string, what: string) =>
    new InfraWatchError('IW_ERR_CONFIG', `${source}: ${key}: ${what} is not built yet (issue 14, part 2: NATS JetStream and PostgreSQL); use the embedded default`);
  if (config.role !== 'all') throw notYet('role', `the ${config.role} role alone`);
  if (config.topics.bus !== 'embedded') throw notYet('topics.bus', 'a bus other than "embedded"');
  if (config.store.url !== 'embedded') throw notYet('store.url', 'a store other than "embedded"');
}

function urlOf(server: Server, tls: boolean): string {
  const a = server.address() as AddressInfo;
  const host = a.family === 'IPv6' ? `[${a.address}]` : a.address;
  return `${tls ? 'https' : 'http'}://${host}:${a.port}`;
}

function closeServer(server: Server): Promise<void> {
  return new Promise((resolve) => {
    server.close(() => resolve());
    server.closeIdleConnections();
  });
}

export async function startEmbeddedServer(config: ServerConfig, source: string, log: Logger): Promise<RunningServer> {
  refuseScaleOut(config, source);
  const keys = loadKeyRing(config.auth.keys, source);
  if (keys.length === 0) log.warn('auth.keys is empty: every request will be refused (401)');
  const db = openSqliteFile(config.store.path);
  const fleet = new FleetStore(fleetPathOf(config.store.path)); // fleet config rules (src/server/fleet/)
  const outbox = new SqliteOutbox(db);
  const store = new SqliteRowStore(db);
  const partitions = Array.from({ length: config.topics.partitions }, (_, i) => i);
  const writer = new RowWriter(outbox, store, {
    topics: writerTopicsOf(config),
    partitions,
    batchMessages: config.writer.batch_messages,
    pullWaitMs: config.writer.pull_wait_ms,
    retryPauseMs: 1000,
    onError: (err) => log.error({ err }, 'writer: a batch failed; it will be pulled again'),
  });
  const verifier = new TokenVerifier(keys, { issuer: config.auth.issuer, audience: config.auth.audience, clockToleranceSeconds: config.auth.clock_tolerance_seconds });
  const l = config.limits;
  const core = new IngestCore(outbox, verifier, config.topics.partitions, {
    maxAttributes: l.max_attributes,
    maxBacklogMessages: l.max_backlog_messages,
    maxBacklogBytes: l.max_backlog_bytes,
    retryAfterSeconds: l.retry_after_seconds,
  });
  const receiverMetrics = new ReceiverMetrics();
  const registry = new MetricsRegistry();
  receiverMetrics.register(registry);
  registerStoreMetrics(registry, outbox, writer);

  const servers: Server[] = [];
  const tls = config.tls.cert_file !== '';
  let grpc: GrpcReceiver | undefined;
  let grpcAddress: string | undefined;
  let merger: RunningMerger | undefined;
  try {
    const receiver = new HttpReceiver(core, receiverMetrics, { maxBodyBytes: l.max_body_bytes, fleetDocument: (a, h) => fleet.documentFor(a, h) });
    // The router reads the merger's windows and mark once the merger runs (it starts after the listeners).
    const sketches = runsMerger(config) ? { sketches: new StoredSketchReader(() => merger?.store), marks: new StoredHighWater(() => merger?.mark) } : {};
    const query = new QueryHttp(new QueryService(new SqliteSqlRunner(db), sketches), verifier);
    const ingest = await listen(config, config.listen.address, config.listen.port, 'listen.address', withQueryRoute(query, receiver.handle));
    servers.push(ingest);
    if (config.metrics_listen !== '') {
      const { address, port } = parseHostPort(config.metrics_listen, 'metrics_listen');
      servers.push(
        await listen(config, address, port, 'metrics_listen', (req, res) => {
          if ((req.url ?? '').split('?')[0] !== '/metrics') {
            res.writeHead(404).end();
            return;
          }
          const text = registry.expose();
          res.writeHead(200, { 'content-type': 'text/plain; version=0.0.4', 'content-length': Buffer.byteLength(text) });
          res.end(text);
        }),
      );
    }
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
    db.close();
    fleet.close();
    throw err;
  }
  merger = runsMerger(config) ? await startEmbeddedMerger(db, outbox, config, registry, log) : undefined;
  writer.start();
  const retentionMs = config.store.retention_days * 86_400_000;
  const retention = setInterval(() => {
    store.deleteBefore(Date.now() - retentionMs).then(
      (n) => n > 0 && log.info({ rows: n }, 'retention: deleted rows past store.retention_days'),
      (err: unknown) => log.error({ err }, 'retention failed'),
    );
  }, RETENTION_EVERY_MS).unref();

  let closing: Promise<void> | undefined;
  return {
    url: urlOf(servers[0], tls),
    metricsUrl: servers[1] ? `${urlOf(servers[1], tls)}/metrics` : undefined,
    store,
    outbox,
    writer,
    merger,
    metrics: registry,
    grpcAddress,
    close() {
      closing ??= (async () => {
        clearInterval(retention);
        await Promise.all([grpc?.close(), ...servers.map(closeServer)]);
        const stopping = Promise.all([writer.stop(), merger?.stop()]);
        await outbox.close(); // wakes the writer's waiting pull
        await stopping;
        db.close();
        fleet.close();
      })();
      return closing;
    },
  };
}

function registerStoreMetrics(registry: MetricsRegistry, outbox: SqliteOutbox, writer: RowWriter): void {
  registry.register('infrawatch_server_backlog_messages', 'gauge', 'Messages published and not yet written, per topic (the back-pressure bound is on this).', () =>
    TOPIC_NAMES.map((topic) => [{ topic }, outbox.backlog(topic).messages] as const),
  );
  registry.register('infrawatch_server_backlog_bytes', 'gauge', 'Body bytes published and not yet written, per topic.', () =>
    TOPIC_NAMES.map((topic) => [{ topic }, outbox.backlog(topic).bytes] as const),
  );
  registry.single('infrawatch_server_outbox_commits_total', 'counter', 'Commits of published messages (each a group of requests).', () => outbox.commits);
  registry.single('infrawatch_server_written_messages_total', 'counter', 'Messages the writer stored.', () => writer.counts.messagesWritten);
  registry.single('infrawatch_server_duplicate_messages_total', 'counter', 'Messages delivered again and not stored again (idempotence on message id).', () => writer.counts.duplicates);
  registry.single('infrawatch_server_undecodable_messages_total', 'counter', 'Messages whose body did not decode as their kind: skipped.', () => writer.counts.undecodable);
  registry.single('infrawatch_server_write_failures_total', 'counter', 'Batches whose transaction failed; pulled again.', () => writer.counts.writeFailures);
  registry.register('infrawatch_server_rows_written_total', 'counter', 'Rows written, per table.', () => Object.entries(writer.counts.rows).map(([table, n]) => [{ table }, n ?? 0] as const));
}
