// Partition ownership among scale-out mergers (Redis leases,
// merger/partition-owner.ts) on a 3-node NATS JetStream cluster (streams
// of replicas 3), PostgreSQL 15 and Redis 7, all started here: mergers
// join, one is killed (its loop stopped, nothing released, acked or given
// back, its leases left to expire: what a kill -9 leaves), one stops
// cleanly, while sketches are published steadily. Each merger is the real
// Merger with its real engines; only its consumer, store and lease owner
// are wrapped to record what it does and when.
//
// "Consumed" is what a merger decides: a pull from a partition and a
// commit of its windows (recorded at the call's start; the acks that
// follow a commit are of deliveries the topic hands to nobody else until
// its ack wait). An owner's span of a partition runs from the refresh that
// gained its lease to its last pull or commit before losing it. Checked:
//   - every pull and commit happened while its instance held the lease;
//   - spans of one partition by two instances never overlap;
//   - a killed instance's partitions are taken over within lease_ttl_ms
//     plus one renew period (plus a second of slack for a loaded machine);
//   - after a join, the load is shared (at most ⌈P / n⌉ each, all owned);
//   - every envelope published is merged exactly once.

import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisHighWaterMark } from '../../src/server/high-water/redis-high-water-mark.js';
import { Merger } from '../../src/server/merger/merger.js';
import { type PartitionOwner, RedisLeases } from '../../src/server/merger/partition-owner.js';
import { PostgresSketchStore } from '../../src/server/sketch-store/postgres-sketch-store.js';
import { MINUTE_MS, type SketchStore } from '../../src/server/sketch-store/sketch-store.js';
import { NatsTopics, natsOptionsOfUrl } from '../../src/server/topics/nats-topic.js';
import type { TopicConsumer } from '../../src/server/topics/topic-consumer.js';
import { freshDatabase, type RunningNatsCluster, type RunningPostgres, startNatsCluster, startPostgres } from './engines.js';
import { type RunningRedis, startRedis } from './redis-engine.js';
import { makeFleet, METRICS, NAMES, rawKey, WINDOW_MS } from './sketch-fleet.js';

const P = 8;
const TTL_MS = 1500;
const RENEW_MS = TTL_MS / 3;
const SLACK_MS = 1000;
const HOSTS = 6;
const WINDOWS = 8;
const T0 = Date.UTC(2026, 10, 30, 8, 0, 0);

let nats: RunningNatsCluster;
let postgres: RunningPostgres;
let redis: RunningRedis;

beforeAll(async () => {
  [nats, postgres, redis] = await Promise.all([startNatsCluster(3), startPostgres(), startRedis()]);
}, 120_000);

afterAll(async () => {
  await Promise.all([nats?.stop(), postgres?.stop(), redis?.stop()]);
}, 60_000);

interface Span {
  readonly instance: string;
  readonly partition: number;
  readonly start: number;
  end: number;
  open: boolean;
}

interface Instance {
  readonly name: string;
  readonly merger: Merger;
  readonly leases: RedisLeases;
  readonly topics: NatsTopics;
  readonly store: SketchStore;
  readonly mark: RedisHighWaterMark;
}

it('mergers that join, die and stop never consume a partition two at a time; the dead one’s partitions are taken over within the lease ttl; every envelope is merged once', async () => {
  const storeUrl = await freshDatabase(postgres, 'rebalance');
  const bus = `${nats.url}?replicas=3`;
  const fleet = makeFleet({ account: 'acme', hosts: HOSTS, windows: WINDOWS, t0: T0, processesPerName: 10, ticks: 4, partitions: P, seed: 11 });
  const partitionOfId = new Map(fleet.messages.map((m) => [m.id, m.partition]));
  const spans: Span[] = [];
  const violations: string[] = [];
  const instances: Instance[] = [];
  const log = pino({ level: 'silent' });

  const spanOf = (instance: string, p: number) => spans.find((s) => s.instance === instance && s.partition === p && s.open);
  /** A pull or commit of `p` by `instance` now: inside its lease, and the end of its span. */
  const consumed = (instance: string, leases: PartitionOwner, p: number, what: string) => {
    const now = Date.now();
    const span = spanOf(instance, p);
    if (!leases.owned().includes(p) || span === undefined) violations.push(`${instance} ${what} partition ${p} at ${now} without its lease`);
    else span.end = now;
  };

  const startInstance = async (name: string): Promise<Instance> => {
    const topics = await NatsTopics.open({ ...natsOptionsOfUrl(bus, P), ackWaitMs: 4000, name });
    const store = await PostgresSketchStore.open({ url: storeUrl });
    const mark = await RedisHighWaterMark.open({ url: redis.url, partitions: P });
    const leases = await RedisLeases.open({ url: redis.url, partitions: P, owner: name, ttlMs: TTL_MS });
    const owner: PartitionOwner = {
      owned: () => leases.owned(),
      close: () => leases.close(),
      async refresh() {
        const change = await leases.refresh();
        const now = Date.now();
        for (const p of change.lost) {
          const span = spanOf(name, p);
          if (span) span.open = false;
        }
        for (const p of change.gained) {
          // A lease that lapsed here and was renewed comes back as gained: a new span.
          const old = spanOf(name, p);
          if (old) old.open = false;
          spans.push({ instance: name, partition: p, start: now, end: now, open: true });
        }
        return change;
      },
    };
    const consumer: TopicConsumer = {
      pull(topic, partitions, max, waitMs) {
        for (const p of partitions) consumed(name, leases, p, 'pulled');
        return topics.pull(topic, partitions, max, waitMs);
      },
      ack: (topic, deliveries) => topics.ack(topic, deliveries),
      release: (topic, deliveries) => topics.release(topic, deliveries),
      close: () => topics.close(),
    };
    const recording = new Proxy(store, {
      get(target, key) {
        if (key === 'commit') {
          return (c: Parameters<SketchStore['commit']>[0]) => {
            for (const p of new Set(c.messageIds.map((id) => partitionOfId.get(id)!))) consumed(name, leases, p, 'committed');
            return target.commit(c);
          };
        }
        const v = Reflect.get(target, key);
        return typeof v === 'function' ? v.bind(target) : v;
      },
    });
    const merger = new Merger(consumer, recording, mark, owner, {
      partitions: P,
      allowedLatenessWindows: 1,
      late: 'amend',
      maxHoldMs: 2000,
      maxStateBytes: 64 * 1024 * 1024,
      batchMessages: 200,
      pullWaitMs: 50,
      publishSlackMs: 0,
      takeoverGraceMs: 4000,
      retryPauseMs: 200,
      onError: (err, what) => log.error({ err }, what),
    });
    merger.start();
    const instance = { name, merger, leases, topics, store, mark };
    instances.push(instance);
    return instance;
  };
  const dead = new Set<string>();
  const ownedBy = () => new Map(instances.filter((i) => !dead.has(i.name)).map((i) => [i.name, i.leases.owned()]));
  const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
  const until = async (what: string, ms: number, f: () => boolean | Promise<boolean>) => {
    const deadline = Date.now() + ms;
    while (!(await f())) {
      if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms (owned: ${JSON.stringify([...ownedBy()])})`);
      await sleep(50);
    }
  };
  const shared = (n: number) => {
    const owned = [...ownedBy().values()];
    const all = new Set(owned.flat());
    return owned.length === n && all.size === P && owned.every((o) => o.length >= 1 && o.length <= Math.ceil(P / n));
  };

  const producer = await NatsTopics.open({ ...natsOptionsOfUrl(bus, P), name: 'test-producer' });
  const store = await PostgresSketchStore.open({ url: storeUrl });
  const messages = [...fleet.messages].sort((a, b) => a.timestampMs - b.timestampMs);
  let publishing = true;
  const publisher = (async () => {
    // The fleet's minutes over about 16 s of wall clock, in event-time order.
    const chunk = Math.ceil(messages.length / 80);
    for (let i = 0; i < messages.length && publishing; i += chunk) {
      await producer.publish('proc.sketch.v1', messages.slice(i, i + chunk));
      await sleep(200);
    }
  })();
  try {
    await startInstance('m1');
    await startInstance('m2');
    await until('two mergers share the partitions', 10_000, () => shared(2));
    await sleep(1500);
    await startInstance('m3');
    await until('a third merger gets its share', 10_000, () => shared(3));
    // kill m1: its loop stops where it is; no release, no ack, no give-back.
    const m1 = instances[0];
    const m1Partitions = m1.leases.owned();
    expect(m1Partitions.length).toBeGreaterThan(0);
    const killedAt = Date.now();
    dead.add('m1');
    await m1.merger.abandon();
    await until('the others take over the dead merger’s partitions', TTL_MS + RENEW_MS + SLACK_MS + 5000, () => shared(2));
    for (const p of m1Partitions) {
      const next = spans.filter((s) => s.partition === p && s.instance !== 'm1' && s.start > killedAt).sort((a, b) => a.start - b.start)[0];
      expect(next, `partition ${p} taken over`).toBeDefined();
      expect(next.start - killedAt, `partition ${p}: taken over ${next.start - killedAt} ms after the kill`).toBeLessThanOrEqual(TTL_MS + RENEW_MS + SLACK_MS);
    }
    await startInstance('m4');
    await until('a fourth merger gets its share', 10_000, () => shared(3));
    // m2 stops cleanly: its windows released, its leases given back at once.
    const m2 = instances[1];
    dead.add('m2');
    await m2.merger.stop();
    await until('the two left share every partition', 10_000, () => shared(2));
    await publisher;
    const expectedRows = (HOSTS + 1) * METRICS.length * (NAMES.length + 1) * WINDOWS;
    const read = async () => {
      const rows = [];
      for (const metric of METRICS) rows.push(...(await store.read({ account: 'acme', metric, granularityMs: MINUTE_MS, fromMs: T0, toMs: T0 + WINDOWS * WINDOW_MS })));
      return rows;
    };
    await until('every window merged', 60_000, async () => {
      const rows = await read();
      return rows.length === expectedRows && rows.every((r) => r.sketch.count === fleet.raw.get(rawKey(r.entity, r.metric, r.displayName, r.windowStartMs))!.length);
    });
    // Merged once: a window's count is its values' count, and every message id is recorded once.
    const committed = await store.committedIds(fleet.messages.map((m) => m.id));
    expect(committed.size).toBe(fleet.messages.length);
  } finally {
    publishing = false;
    await publisher.catch(() => undefined);
    for (const i of instances) {
      if (i.name === 'm1')
        await i.leases.close(); // abandoned: its leases were left to expire
      else await i.merger.stop(); // m2's second stop() is its first one's promise
    }
    for (const i of instances) {
      await i.topics.close();
      await i.mark.close();
      await i.store.close();
    }
    await producer.close();
    await store.close();
  }
  expect(violations).toEqual([]);
  // No partition is consumed by two owners at once: spans of one partition by different instances are apart.
  const overlaps: string[] = [];
  for (const a of spans) {
    for (const b of spans) {
      if (a.partition === b.partition && a.instance < b.instance && a.start <= b.end && b.start <= a.end) {
        overlaps.push(`partition ${a.partition}: ${a.instance} [${a.start}, ${a.end}] and ${b.instance} [${b.start}, ${b.end}]`);
      }
    }
  }
  expect(overlaps).toEqual([]);
  // Hand-overs happened (the joins and the stop moved partitions besides the dead one's).
  const handedOver = Array.from({ length: P }, (_, p) => p).filter((p) => new Set(spans.filter((s) => s.partition === p).map((s) => s.instance)).size >= 3);
  expect(handedOver.length).toBeGreaterThan(0);
}, 180_000);
