// The merger end to end, one suite against both implementations: embedded
// (the SQLite outbox, SketchStore and mark in one file, one merger owning
// every partition) and scale-out (NATS JetStream, PostgreSQL 15 and Redis 7,
// started here: engines.ts, redis-engine.ts; a missing package fails the
// suite naming it). A fleet of hosts sends its windows' sketches (one host
// at scale 7, some through the receiver's OTLP path); the stored
// DistributionMetrics must hold every envelope once, per host and fleet,
// minute and hour, with p50/p95/p99 within 1 % of the exact quantiles of the
// raw values; a merger crashed mid-window (nothing released) is rebuilt by
// the next one from the redelivery; refused and late envelopes are kept
// aside or amend; the scale-out leases never let two mergers own a
// partition, and take a dead one's over.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { HighWaterMark } from '../../src/server/high-water/high-water-mark.js';
import { RedisHighWaterMark } from '../../src/server/high-water/redis-high-water-mark.js';
import { SqliteHighWaterMark } from '../../src/server/high-water/sqlite-high-water-mark.js';
import { Merger, type MergerOptions } from '../../src/server/merger/merger.js';
import { AllPartitions, type PartitionOwner, RedisLeases } from '../../src/server/merger/partition-owner.js';
import { PostgresSketchStore } from '../../src/server/sketch-store/postgres-sketch-store.js';
import { FLEET, HOUR_MS, MINUTE_MS, type SketchStore } from '../../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../../src/server/sketch-store/sqlite-sketch-store.js';
import { openTopicsFile } from '../../src/server/store/sqlite-file.js';
import { NatsTopics, natsOptionsOfUrl, streamOf } from '../../src/server/topics/nats-topic.js';
import { EmbeddedTopics } from '../../src/server/topics/embedded-topics.js';
import type { TopicConsumer } from '../../src/server/topics/topic-consumer.js';
import { TOPIC_NAMES, type TopicMessage } from '../../src/server/topics/topic-message.js';
import { quantileOfParts } from '../../src/server/merger/merged-sketch.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { freshDatabase, type RunningEngine, startNats, startPostgres } from './engines.js';
import { type RunningRedis, startRedis } from './redis-engine.js';
import { exactQuantile, type Fleet, makeFleet, METRICS, NAMES, rawKey, WINDOW_MS } from './sketch-fleet.js';

const P = 8;
const ACCOUNT = 'acme';
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
const NATS_ACK_WAIT_MS = 3_000;

const OPTIONS: MergerOptions = {
  partitions: P,
  allowedLatenessWindows: 2,
  late: 'amend',
  maxHoldMs: 1_500,
  maxStateBytes: 64 * 1024 * 1024,
  batchMessages: 200,
  pullWaitMs: 50,
  publishSlackMs: 0,
  takeoverGraceMs: 0,
  markEveryMs: 100,
  retryPauseMs: 200,
  onError: (err, what) => {
    if (!/lease/.test(what)) console.error(what, err);
  },
};

interface Proc {
  readonly merger: Merger;
  /** kill -9: nothing released, acked or given back. */
  crash(): Promise<void>;
  stop(): Promise<void>;
}

interface World {
  publish(messages: readonly TopicMessage[]): Promise<void>;
  /** A merger in a new "process" (its own topics handle) over the world's topics and store. */
  open(o?: Partial<MergerOptions>): Promise<Proc>;
  readonly store: SketchStore;
  readonly mark: HighWaterMark;
  close(): Promise<void>;
}

interface Implementation {
  readonly name: string;
  start(): Promise<void>;
  stop(): Promise<void>;
  world(): Promise<World>;
  /** Two owners (scale-out: leases), or undefined (embedded: one merger owns all). */
  leases?(ttlMs: number): Promise<() => Promise<RedisLeases>>;
}

let seq = 0;

function embedded(): Implementation {
  let dir = '';
  return {
    name: 'embedded',
    async start() {
      dir = mkdtempSync(join(tmpdir(), 'iw-merger-'));
    },
    async stop() {
      rmSync(dir, { recursive: true, force: true });
    },
    async world() {
      const file = join(dir, `store-${++seq}.db`);
      const db = openTopicsFile(file);
      const producer = new EmbeddedTopics(db, P);
      const store = await SqliteSketchStore.open(db);
      const mark = new SqliteHighWaterMark(db, P);
      const handles: (() => void)[] = [];
      // One process publishes and merges through one outbox (its backlog counts are that instance's): the latest opened.
      let current = producer;
      return {
        store,
        mark,
        publish: (messages) => current.publish('proc.sketch.v1', messages),
        async open(o = {}) {
          // A new process: its own connection to the file and its own outbox (nothing in flight).
          const pdb = openTopicsFile(file);
          const outbox = new EmbeddedTopics(pdb, P);
          current = outbox;
          handles.push(() => pdb.close());
          const merger = new Merger(outbox, await SqliteSketchStore.open(pdb), new SqliteHighWaterMark(pdb, P), new AllPartitions(P), {
            ...OPTIONS,
            ...o,
            exactBacklog: () => outbox.backlog('proc.sketch.v1').messages,
          });
          merger.start();
          return {
            merger,
            crash: () => merger.abandon(),
            async stop() {
              await merger.stop();
              await outbox.close();
            },
          };
        },
        async close() {
          await producer.close();
          for (const h of handles) h();
          db.close();
        },
      };
    },
  };
}

function scaleOut(): Implementation {
  let nats: RunningEngine | undefined;
  let postgres: RunningEngine | undefined;
  let redis: RunningRedis | undefined;
  return {
    name: 'nats+postgres+redis',
    async start() {
      [nats, postgres, redis] = await Promise.all([startNats(), startPostgres(), startRedis()]);
    },
    async stop() {
      await Promise.all([nats?.stop(), postgres?.stop(), redis?.stop()]);
    },
    async world() {
      const nc = await connect({ servers: nats!.url });
      const jsm = await jetstreamManager(nc);
      for (const topic of TOPIC_NAMES) await jsm.streams.delete(streamOf(topic)).catch(() => false);
      await nc.close();
      const options = { ...natsOptionsOfUrl(nats!.url, P), ackWaitMs: NATS_ACK_WAIT_MS, backlogRefreshMs: 100 };
      const producer = await NatsTopics.open(options);
      const url = await freshDatabase(postgres!, `merger${++seq}`);
      const store = await PostgresSketchStore.open({ url });
      const prefix = `w${seq}:`;
      const mark = await RedisHighWaterMark.open({ url: redis!.url, partitions: P, prefix });
      const closers: (() => Promise<void>)[] = [];
      let owners = 0;
      return {
        store,
        mark,
        publish: (messages) => producer.publish('proc.sketch.v1', messages),
        async open(o = {}) {
          const topics = await NatsTopics.open(options);
          const pstore = await PostgresSketchStore.open({ url });
          const pmark = await RedisHighWaterMark.open({ url: redis!.url, partitions: P, prefix });
          const owner: PartitionOwner = await RedisLeases.open({ url: redis!.url, partitions: P, owner: `m${++owners}`, ttlMs: 1_500, prefix });
          const merger = new Merger(topics as TopicConsumer, pstore, pmark, owner, { ...OPTIONS, takeoverGraceMs: NATS_ACK_WAIT_MS, ...o });
          merger.start();
          const close = async () => {
            await topics.close();
            await pstore.close();
            await pmark.close();
          };
          closers.push(async () => {
            await owner.close();
            await close();
          });
          return {
            merger,
            // The connection stays open and says nothing: its deliveries come back after the ack wait, its leases expire.
            crash: () => merger.abandon(),
            async stop() {
              await merger.stop();
              await close();
            },
          };
        },
        async close() {
          for (const c of closers) await c().catch(() => undefined);
          await producer.close();
          await store.close();
          await mark.close();
        },
      };
    },
    async leases(ttlMs) {
      const prefix = `leases${++seq}:`;
      let n = 0;
      return () => RedisLeases.open({ url: redis!.url, partitions: P, owner: `o${++n}`, ttlMs, prefix });
    },
  };
}

async function until<T>(what: string, ms: number, f: () => Promise<T | undefined>): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = await f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Minute rows expected: per host and fleet, metric, key, window. */
function expectedRows(hosts: number, windows: number): number {
  return (hosts + 1) * METRICS.length * (NAMES.length + 1) * windows;
}

async function minuteRows(store: SketchStore, fromMs: number, toMs: number) {
  const out = [];
  for (const metric of METRICS) out.push(...(await store.read({ account: ACCOUNT, metric, granularityMs: MINUTE_MS, fromMs, toMs })));
  return out;
}

/** Every stored minute row holds its raw values exactly once, and its p50/p95/p99 are within 1 % of the exact ones; the hour rows are their merge. */
async function verify(store: SketchStore, fleet: Fleet, hosts: number, windows: number, t0: number): Promise<void> {
  const rows = await minuteRows(store, t0, t0 + windows * WINDOW_MS);
  expect(rows.length).toBe(expectedRows(hosts, windows));
  let worst = 0;
  for (const row of rows) {
    const raw = fleet.raw.get(rawKey(row.entity, row.metric, row.displayName, row.windowStartMs))!;
    expect(row.sketch.count).toBe(raw.length);
    expect(row.windowEndMs - row.windowStartMs).toBe(WINDOW_MS);
    for (const q of [0.5, 0.95, 0.99]) {
      const exact = exactQuantile(raw, q);
      const err = Math.abs(quantileOfParts(row.sketch, q) - exact) / exact;
      worst = Math.max(worst, err);
      expect(err, `${row.entity || 'fleet'} ${row.metric} ${row.displayName} ${q}`).toBeLessThanOrEqual(0.01);
    }
  }
  expect(worst).toBeGreaterThan(0);
  for (const metric of METRICS) {
    const hours = await store.read({ account: ACCOUNT, metric, granularityMs: HOUR_MS, fromMs: t0 - HOUR_MS, toMs: t0 + HOUR_MS, entity: FLEET, displayName: '' });
    const total = hours.reduce((s, h) => s + h.sketch.count, 0);
    const minutes = rows.filter((r) => r.metric === metric && r.entity === FLEET && r.displayName === '').reduce((s, r) => s + r.sketch.count, 0);
    expect(total).toBe(minutes);
  }
}

for (const impl of [embedded(), scaleOut()]) {
  describe(`merger on ${impl.name}`, () => {
    beforeAll(() => impl.start(), 120_000);
    afterAll(() => impl.stop(), 60_000);

    it('a fleet for four windows: per host and fleet, minute and hour, every envelope once (sent twice), p50/p95/p99 within 1 % of the exact quantiles', async () => {
      const w = await impl.world();
      const proc = await w.open();
      try {
        const fleet = makeFleet({ account: ACCOUNT, hosts: 10, windows: 4, t0: T0, processesPerName: 40, ticks: 4, partitions: P, seed: 1, otlpHosts: 3 });
        await w.publish(fleet.messages);
        await w.publish(fleet.messages); // an agent's retry: the same ids
        await until('every minute row', 30_000, async () => ((await minuteRows(w.store, T0, T0 + 4 * WINDOW_MS)).length === expectedRows(10, 4) && proc.merger.openWindows === 0 ? true : undefined));
        await verify(w.store, fleet, 10, 4, T0);
        expect(proc.merger.counts.envelopesMerged).toBe(fleet.messages.length);
        expect(proc.merger.counts.refused).toBe(0);
        // The mark: past every envelope's ingest time once all is committed, and never back.
        const last = Math.max(...fleet.messages.map((m) => m.receivedMs));
        const mark = await until('the high-water mark past the last ingest', 15_000, async () => {
          const m = await w.mark.get(ACCOUNT);
          return m !== undefined && m >= BigInt(last) * 1_000_000n ? m : undefined;
        });
        expect(mark).toBeGreaterThan(0n);
      } finally {
        await proc.stop();
        await w.close();
      }
    }, 90_000);

    it('kill -9 mid-window: the next merger rebuilds the windows from the redelivered messages; every window complete, exactly once; the mark never back', async () => {
      const w = await impl.world();
      const fleet = makeFleet({ account: ACCOUNT, hosts: 6, windows: 3, t0: T0, processesPerName: 20, ticks: 4, partitions: P, seed: 2 });
      // The first merger holds windows open (no hold limit, no watermark past them), then dies.
      const first = await w.open({ maxHoldMs: 600_000 });
      await w.publish(fleet.messages.filter((m) => m.timestampMs < T0 + 2 * WINDOW_MS));
      await until('the first merger merged what was sent', 20_000, async () => (first.merger.counts.envelopesMerged > 0 && first.merger.openWindows > 0 ? true : undefined));
      const marks: bigint[] = [(await w.mark.get(ACCOUNT)) ?? 0n];
      await first.crash();
      expect((await minuteRows(w.store, T0, T0 + 3 * WINDOW_MS)).length).toBe(0);
      const second = await w.open();
      try {
        await w.publish(fleet.messages.filter((m) => m.timestampMs >= T0 + 2 * WINDOW_MS));
        await until('every minute row', 40_000, async () => {
          marks.push((await w.mark.get(ACCOUNT)) ?? 0n);
          return (await minuteRows(w.store, T0, T0 + 3 * WINDOW_MS)).length === expectedRows(6, 3) && second.merger.openWindows === 0 ? true : undefined;
        });
        await verify(w.store, fleet, 6, 3, T0);
        for (let i = 1; i < marks.length; i++) expect(marks[i] >= marks[i - 1]).toBe(true);
      } finally {
        await second.stop();
        await w.close();
      }
    }, 90_000);

    it('refused envelopes are kept aside with their reason and counted; late data amends the committed window (and is counted)', async () => {
      const w = await impl.world();
      const proc = await w.open();
      try {
        const fleet = makeFleet({ account: ACCOUNT, hosts: 2, windows: 4, t0: T0, processesPerName: 10, ticks: 2, partitions: P, seed: 3 });
        const [good, ...rest] = fleet.messages;
        const bad = (id: string, patch: Partial<infrawatch.ISketchEnvelope>): TopicMessage => {
          const e = infrawatch.SketchEnvelope.decode(good.body);
          return { ...good, id, body: infrawatch.SketchEnvelope.encode({ ...e.toJSON(), ...patch } as infrawatch.ISketchEnvelope).finish() };
        };
        const v2 = bad('a'.repeat(64), { sketchVersion: '2' });
        const gamma = bad('b'.repeat(64), { gamma: 1.05 });
        const junk = { ...good, id: 'c'.repeat(64), body: new Uint8Array([0x0a, 0xff, 0xff]) };
        // The first window's first envelope arrives late: after the watermark passed its end + 2 windows.
        await w.publish([...rest, v2, gamma, junk]);
        await until('the refused ones aside', 20_000, async () => ((await w.store.aside(ACCOUNT)).length === 3 ? true : undefined));
        const aside = await w.store.aside(ACCOUNT);
        expect(aside.map((a) => a.reason).sort()).toEqual(['gamma', 'sketch-version', 'undecodable']);
        expect(aside.find((a) => a.reason === 'gamma')!.detail).toMatch(/gamma 1.05 is not 2\^\(2\^-\d\)/);
        expect(proc.merger.counts.refusedByReason).toMatchObject({ gamma: 1, 'sketch-version': 1, undecodable: 1 });
        // Window T0 commits without `good` (the watermark passes it: windows up to T0 + 3 min came).
        const fleetKey = { account: ACCOUNT, metric: 'cpuPercent', granularityMs: MINUTE_MS, fromMs: T0, toMs: T0 + WINDOW_MS, entity: FLEET, displayName: '' } as const;
        const fleetCount = fleet.raw.get(rawKey(FLEET, 'cpuPercent', '', T0))!.length;
        const hostCount = fleet.raw.get(rawKey(good.entity, 'cpuPercent', '', T0))!.length;
        const before = await until('window T0 committed without the late envelope', 20_000, async () => {
          const r = (await w.store.read(fleetKey))[0];
          return r !== undefined && r.sketch.count === fleetCount - hostCount && proc.merger.openWindows === 0 ? r : undefined;
        });
        expect(before.sketch.count).toBe(fleetCount - hostCount);
        await w.publish([good]);
        await until('the late envelope amended the fleet row and made its host row', 20_000, async () => {
          const r = (await w.store.read(fleetKey))[0];
          return r.sketch.count === fleetCount ? r : undefined;
        });
        const host = (await w.store.read({ ...fleetKey, entity: good.entity }))[0];
        expect(host.sketch.count).toBe(hostCount);
        expect(proc.merger.counts.late).toBe(1);
        expect(proc.merger.counts.windowsAmended).toBeGreaterThanOrEqual(1);
        await verify(w.store, fleet, 2, 4, T0);
      } finally {
        await proc.stop();
        await w.close();
      }
    }, 60_000);

    if (impl.leases) {
      it('leases: two mergers never own one partition at once; a dead one’s partitions are taken over within the ttl', async () => {
        const ttl = 900;
        const open = await impl.leases!(ttl);
        const a = await open();
        const b = await open();
        const overlap = () => a.owned().filter((p) => b.owned().includes(p));
        try {
          const deadline = Date.now() + 6_000;
          let balanced = false;
          while (Date.now() < deadline) {
            await Promise.all([a.refresh(), b.refresh()]);
            expect(overlap()).toEqual([]);
            if (a.owned().length === P / 2 && b.owned().length === P / 2) balanced = true;
            await new Promise((r) => setTimeout(r, 40));
          }
          expect(balanced).toBe(true);
          // b dies (stops renewing): a has all of them within ttl plus a renew, never overlapping b's still-valid leases.
          const died = Date.now();
          while (a.owned().length < P) {
            expect(Date.now() - died).toBeLessThan(3 * ttl);
            await a.refresh();
            expect(overlap()).toEqual([]);
            await new Promise((r) => setTimeout(r, 20));
          }
          expect(b.owned()).toEqual([]);
        } finally {
          await a.close();
          await b.close();
        }
      }, 30_000);
    }
  });
}
