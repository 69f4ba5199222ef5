// The merger assembled, the way the writer is (embedded-server.ts,
// scaleout-server.ts):
//   embedded (`infrawatch serve`)  one merger on the outbox of the store
//       file, owning every partition; DistributionMetric and the
//       high-water mark are tables of the same file.
//   scale-out (`--role merger`, or `all` on the real engines)  its own
//       JetStream connection (its durables' ack wait is merger.ack_wait_ms;
//       held deliveries are told in progress every third of it), the sketch store on store.url (PostgreSQL,
//       or the SQLite file), the high-water mark and the partition leases
//       in Redis (merger.redis_url, required).
// The writer leaves proc.sketch.v1 to the merger whenever merger.enabled
// (writerTopicsOf): a topic has one consumer.

import { hostname } from 'node:os';
import { randomUUID } from 'node:crypto';
import type { Logger } from 'pino';
import { InfraWatchError } from '../../errors.js';
import type { MetricsRegistry } from '../../health/metrics-registry.js';
import type { ServerConfig } from '../config/server-config.js';
import type { HighWaterMark } from '../high-water/high-water-mark.js';
import { RedisHighWaterMark } from '../high-water/redis-high-water-mark.js';
import { SqliteHighWaterMark } from '../high-water/sqlite-high-water-mark.js';
import { PostgresSketchStore } from '../sketch-store/postgres-sketch-store.js';
import type { SketchStore } from '../sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../sketch-store/sqlite-sketch-store.js';
import { openSketchesFile, type SqliteDatabase, sketchesPathOf } from '../store/sqlite-file.js';
import { NatsTopics, natsOptionsOfUrl } from '../topics/nats-topic.js';
import type { TopicConsumer } from '../topics/topic-consumer.js';
import type { TopicProducer } from '../topics/topic-producer.js';
import { TOPIC_NAMES, type TopicName } from '../topics/topic-message.js';
import type { MergerConfig } from './merger-config.js';
import type { MergerFigures } from './merger-protocol.js';
import { Merger, SKETCH_TOPIC } from './merger.js';
import { AllPartitions, type PartitionOwner, RedisLeases } from './partition-owner.js';

/** How often committed ids past merger.id_retention_hours are forgotten. */
const FORGET_EVERY_MS = 600_000;

export interface RunningMerger {
  readonly merger: Merger;
  readonly store: SketchStore;
  readonly mark: HighWaterMark;
  stop(): Promise<void>;
}

/** The topics the writer consumes: proc.sketch.v1 goes to the merger when it is enabled. */
export function writerTopicsOf(config: ServerConfig): readonly TopicName[] {
  return config.merger.enabled ? TOPIC_NAMES.filter((t) => t !== SKETCH_TOPIC) : TOPIC_NAMES;
}

/** Whether this process runs a merger (role all or merger, merger.enabled). */
export function runsMerger(config: ServerConfig): boolean {
  return config.merger.enabled && (config.role === 'all' || config.role === 'merger');
}

function optionsOf(m: MergerConfig, partitions: number, takeoverGraceMs: number, log: Logger) {
  return {
    partitions,
    allowedLatenessWindows: m.allowed_lateness_windows,
    late: m.late,
    maxHoldMs: m.max_hold_ms,
    maxStateBytes: m.max_state_bytes,
    batchMessages: m.batch_messages,
    pullWaitMs: m.pull_wait_ms,
    publishSlackMs: m.publish_slack_ms,
    takeoverGraceMs,
    onError: (err: unknown, what: string) => log.error({ err }, `merger: ${what} failed`),
  };
}

function start(store: SketchStore, mark: HighWaterMark, merger: Merger, config: ServerConfig, registry: MetricsRegistry, log: Logger, after: () => Promise<void>): RunningMerger {
  registerMergerMetrics(registry, () => merger);
  merger.start();
  const retentionMs = config.merger.id_retention_hours * 3_600_000;
  const forget = setInterval(() => {
    store.forgetIdsBefore(Date.now() - retentionMs).catch((err: unknown) => log.error({ err }, 'merger: forgetting old message ids failed'));
  }, FORGET_EVERY_MS).unref();
  let stopping: Promise<void> | undefined;
  return {
    merger,
    store,
    mark,
    stop() {
      stopping ??= (async () => {
        clearInterval(forget);
        await merger.stop();
        await after();
      })();
      return stopping;
    },
  };
}

/** The merger inside the embedded server: the outbox (its only consumer of proc.sketch.v1), tables in the store file. */
export async function startEmbeddedMerger(
  db: SqliteDatabase,
  consumer: TopicConsumer,
  backlog: TopicProducer['backlog'],
  config: ServerConfig,
  registry: MetricsRegistry,
  log: Logger,
): Promise<RunningMerger> {
  const store = await SqliteSketchStore.open(db);
  const mark = new SqliteHighWaterMark(db, config.topics.partitions);
  const owner = new AllPartitions(config.topics.partitions);
  const merger = new Merger(consumer, store, mark, owner, { ...optionsOf(config.merger, config.topics.partitions, 0, log), exactBacklog: () => backlog(SKETCH_TOPIC).messages });
  return start(store, mark, merger, config, registry, log, async () => {});
}

/** `--role merger` (and `all`) on the scale-out engines. */
export async function startScaleOutMerger(config: ServerConfig, registry: MetricsRegistry, log: Logger): Promise<RunningMerger> {
  const m = config.merger;
  if (m.redis_url === '') throw new InfraWatchError('IW_ERR_CONFIG', 'merger.redis_url: the scale-out merger keeps its high-water marks and partition leases in Redis: set redis://host:port');
  if (!/^nats:\/\//.test(config.topics.bus)) throw new InfraWatchError('IW_ERR_CONFIG', 'topics.bus: the scale-out merger consumes proc.sketch.v1 from nats://host:port');
  const P = config.topics.partitions;
  const topics = await NatsTopics.open({ ...natsOptionsOfUrl(config.topics.bus, P), ackWaitMs: m.ack_wait_ms, name: 'infrawatch-merger' });
  let db: SqliteDatabase | undefined;
  let store: SketchStore | undefined;
  let mark: HighWaterMark | undefined;
  let owner: PartitionOwner | undefined;
  try {
    if (/^postgres(ql)?:\/\//.test(config.store.url)) store = await PostgresSketchStore.open({ url: config.store.url });
    else {
      db = openSketchesFile(sketchesPathOf(config.store.path));
      store = await SqliteSketchStore.open(db);
    }
    mark = await RedisHighWaterMark.open({ url: m.redis_url, partitions: P });
    owner = await RedisLeases.open({
      url: m.redis_url,
      partitions: P,
      owner: `${hostname()}-${process.pid}-${randomUUID().slice(0, 8)}`,
      ttlMs: m.lease_ttl_ms,
      onError: (err) => log.warn({ err }, 'merger: lease renewal failed'),
    });
  } catch (err) {
    await owner?.close();
    await mark?.close();
    await store?.close();
    db?.close();
    await topics.close();
    throw new InfraWatchError('IW_ERR_CONFIG', `merger: cannot open its engines: ${(err as Error).message}`, { cause: err });
  }
  const s = store;
  const k = mark;
  const merger = new Merger(topics, s, k, owner, { ...optionsOf(m, P, m.ack_wait_ms, log), inProgressEveryMs: Math.floor(m.ack_wait_ms / 3) });
  return start(s, k, merger, config, registry, log, async () => {
    await topics.close();
    await k.close();
    await s.close();
    db?.close();
  });
}

/** The merger's figures on /metrics: `figures` returns the merger itself, or what its thread reported last (merger-thread.ts). */
export function registerMergerMetrics(registry: MetricsRegistry, figures: () => MergerFigures): void {
  const c = () => figures().counts;
  registry.single('infrawatch_server_sketch_envelopes_merged_total', 'counter', 'SketchEnvelopes merged into a window.', () => c().envelopesMerged);
  registry.single('infrawatch_server_sketch_duplicates_total', 'counter', 'Envelopes delivered again (same message id) and not merged again.', () => c().duplicates);
  registry.register('infrawatch_server_sketch_refused_total', 'counter', 'Envelopes refused by the guard and kept aside, per reason.', () =>
    Object.entries(c().refusedByReason).map(([reason, n]) => [{ reason }, n] as const),
  );
  registry.single('infrawatch_server_sketch_late_total', 'counter', 'Envelopes for a window already closed (merged into an amendment, or kept aside).', () => c().late);
  registry.single('infrawatch_server_sketch_windows_committed_total', 'counter', 'Windows committed (per partition).', () => c().windowsCommitted);
  registry.single('infrawatch_server_sketch_windows_amended_total', 'counter', 'Commits that amended a committed minute row.', () => c().windowsAmended);
  registry.single('infrawatch_server_sketch_windows_closed_early_total', 'counter', 'Windows closed before their time because the state passed merger.max_state_bytes.', () => c().windowsClosedEarly);
  registry.single('infrawatch_server_sketch_commit_failures_total', 'counter', 'Window commits that failed (kept open, retried).', () => c().commitFailures);
  registry.single('infrawatch_server_sketch_open_windows', 'gauge', 'Windows open in memory.', () => figures().openWindows);
  registry.single('infrawatch_server_sketch_state_bytes', 'gauge', 'Bytes of the open windows (bins, ids, held bodies).', () => figures().stateBytes);
  registry.register('infrawatch_server_sketch_high_water_mark_seconds', 'gauge', 'Per account: every sketch received at or before this ingest time is merged and committed (Unix seconds).', () =>
    [...figures().marks].map(([account, ns]) => [{ account }, Number(ns / 1000n) / 1e6] as const),
  );
}

export { SKETCH_TOPIC };
