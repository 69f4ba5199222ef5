// The fleet backend's seams (TopicProducer, TopicConsumer, RowStore: their
// doc comments are the contract), one suite run against every
// implementation: the embedded one (SQLite outbox + SQLite row store) and
// the scale-out one (NATS JetStream + PostgreSQL 15, both started here from
// Debian's packages: see engines.ts; a missing package fails the suite with
// its name). Adding an implementation is one entry in IMPLEMENTATIONS.
// Where the contract leaves a figure to the implementation (how fresh the
// backlog is, how fine retention cuts), its entry says which, and the
// cases assert that exactly.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { PostgresRowStore } from '../../src/server/store/postgres-row-store.js';
import type { RowStore } from '../../src/server/store/row-store.js';
import { openRowsFile, openTopicsFile } from '../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../src/server/store/sqlite-row-store.js';
import { NatsTopics, natsOptionsOfUrl, streamOf } from '../../src/server/topics/nats-topic.js';
import { EmbeddedTopics } from '../../src/server/topics/embedded-topics.js';
import type { Delivery, TopicConsumer } from '../../src/server/topics/topic-consumer.js';
import { TOPIC_NAMES, type TopicMessage, type TopicName } from '../../src/server/topics/topic-message.js';
import type { TopicProducer } from '../../src/server/topics/topic-producer.js';
import { freshDatabase, type RunningEngine, startNats, startPostgres } from './engines.js';
import { message, P, processMessage, registerMessage, sketchMessage, systemMessage } from './messages.js';

type Topics = TopicProducer & TopicConsumer;

interface Implementation {
  readonly name: string;
  /** Starts what it needs, once for the file. */
  start(): Promise<void>;
  stop(): Promise<void>;
  /** Topics over storage of their own (nothing published yet); each call of the opener is a new process's instance over it. */
  topics(): Promise<() => Promise<Topics>>;
  /** A row store over an empty store of its own. */
  store(): Promise<RowStore>;
  /**
   * true: backlog() is updated when a publish or an ack resolves and counts
   * body bytes exactly (the outbox keeps the sums); false: refreshed in the
   * background, and its bytes are the stream's (bodies and headers).
   */
  readonly backlogExact: boolean;
  /** deleteBefore(cut) deletes the rows before floor(cut / step) x step: 1 for a row's own time, a day where it drops whole days. */
  readonly retentionStepMs: number;
  /** Cases this implementation is known to fail, with why: run as it.fails, so a fix turns them red until the entry goes. */
  readonly knownBugs?: Readonly<Record<string, string>>;
}

/** `obj` whose close() also runs `after` (the embedded parts do not own their database handle). */
function closing<T extends object & { close(): Promise<void> }>(obj: T, after: () => void): T {
  return new Proxy(obj, {
    get(target, prop) {
      if (prop === 'close')
        return async () => {
          await target.close();
          after();
        };
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  });
}

let seq = 0;

function embedded(): Implementation {
  let dir = '';
  return {
    name: 'embedded',
    backlogExact: true,
    retentionStepMs: 1,
    knownBugs: {
      // sqlite-outbox.ts keeps ONE cursor per topic (the highest seq pulled, whatever the partitions),
      // so a pull of other partitions after a drain of {0, 1} starts past their older rows and never sees them.
      'other partitions after a drain': 'one cursor per topic, not per partition',
    },
    async start() {
      dir = mkdtempSync(join(tmpdir(), 'iw-seams-'));
    },
    async stop() {
      if (dir) rmSync(dir, { recursive: true, force: true });
    },
    async topics() {
      const file = join(dir, `topics-${++seq}.db`);
      return async () => {
        const db = openTopicsFile(file);
        return closing(new EmbeddedTopics(db, P), () => db.close());
      };
    },
    async store() {
      const db = openRowsFile(join(dir, `rows-${++seq}.db`));
      return closing(new SqliteRowStore(db), () => db.close());
    },
  };
}

function natsPostgres(): Implementation {
  let nats: RunningEngine | undefined;
  let postgres: RunningEngine | undefined;
  return {
    name: 'nats+postgres',
    backlogExact: false,
    // postgres-row-store.ts: the day holding the cut stays until it is wholly older.
    retentionStepMs: 86_400_000,
    async start() {
      [nats, postgres] = await Promise.all([startNats(), startPostgres()]);
    },
    async stop() {
      await Promise.all([nats?.stop(), postgres?.stop()]);
    },
    async topics() {
      // The streams are per server: each case starts from none.
      const nc = await connect({ servers: nats!.url });
      const jsm = await jetstreamManager(nc);
      for (const topic of TOPIC_NAMES) await jsm.streams.delete(streamOf(topic)).catch(() => false);
      await nc.close();
      const options = { ...natsOptionsOfUrl(nats!.url, P), ackWaitMs: 3_000, backlogRefreshMs: 50 };
      return () => NatsTopics.open(options);
    },
    async store() {
      return PostgresRowStore.open({ url: await freshDatabase(postgres!, `case${++seq}`) });
    },
  };
}

const IMPLEMENTATIONS: readonly Implementation[] = [embedded(), natsPostgres()];

const RAW: TopicName = 'proc.raw.v1';
const ALL = Array.from({ length: P }, (_, k) => k);
const T0 = Date.UTC(2025, 0, 10, 12, 0, 0);
const DAY = 86_400_000;

/** Pulls (and keeps out) until `count` deliveries came or `ms` passed. */
async function pullUntil(c: TopicConsumer, partitions: readonly number[], count: number, ms = 5_000): Promise<Delivery[]> {
  const out: Delivery[] = [];
  const end = Date.now() + ms;
  while (out.length < count && Date.now() < end) out.push(...(await c.pull(RAW, partitions, count - out.length, 200)));
  return out;
}

/** Everything there is, until a pull of `quietMs` brings nothing. */
async function drain(c: TopicConsumer, partitions: readonly number[], quietMs = 500): Promise<Delivery[]> {
  const out: Delivery[] = [];
  for (;;) {
    const got = await c.pull(RAW, partitions, 100, quietMs);
    if (got.length === 0) return out;
    out.push(...got);
  }
}

async function eventually(f: () => boolean, ms = 5_000): Promise<void> {
  const end = Date.now() + ms;
  while (!f()) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 20));
  }
}

const ids = (ds: readonly Delivery[]) => ds.map((d) => d.message.id).sort();
/** Messages of one host each (account a, hosts h0…), so their partitions differ. */
const hostMessages = (n: number, account = 'acct-1'): TopicMessage[] => Array.from({ length: n }, (_, i) => systemMessage(account, `h${i}`, T0 + i));

describe.each(IMPLEMENTATIONS)('seams: $name', (impl) => {
  const itUnlessKnown = (name: string) => (impl.knownBugs?.[name] === undefined ? it : it.fails);
  beforeAll(() => impl.start(), 120_000);
  afterAll(() => impl.stop(), 60_000);

  describe('topics', () => {
    it('publish is durable and deduped by id: what a closed producer published is there for the next process, once', async () => {
      const open = await impl.topics();
      const producer = await open();
      const [a, b, c] = hostMessages(3);
      await producer.publish(RAW, [a, b]);
      // An agent's retry after a lost ack, and a receiver's re-publish of one batch.
      await producer.publish(RAW, [b, c, a]);
      await producer.close();

      const consumer = await open();
      const got = await drain(consumer, ALL);
      expect(ids(got)).toEqual([a.id, b.id, c.id].sort());
      const first = got.find((d) => d.message.id === a.id)!.message;
      // Byte for byte, but receivedMs: never earlier than the stamp, and on
      // NATS the stream's store time when that is later (nats-topic.ts).
      expect({ ...first, body: Buffer.from(first.body), receivedMs: 0 }).toEqual({ ...a, body: Buffer.from(a.body), receivedMs: 0 });
      expect(first.receivedMs).toBeGreaterThanOrEqual(a.receivedMs);
      await consumer.close();
    });

    it('delivers each message, an ack removes it, and what was pulled and not acked comes again after a restart', async () => {
      const open = await impl.topics();
      const t = await open();
      const sent = hostMessages(6);
      await t.publish(RAW, sent);
      const got = await pullUntil(t, ALL, 6);
      expect(ids(got)).toEqual(ids(sent.map((message) => ({ message, handle: null }))));
      // Out with this consumer: not delivered twice while it runs.
      expect(await t.pull(RAW, ALL, 100, 200)).toEqual([]);
      await t.ack(RAW, got.slice(0, 4));
      await t.ack(RAW, got.slice(0, 1)); // acking twice is not an error
      await t.close();

      const again = await open();
      const redelivered = await drain(again, ALL);
      expect(ids(redelivered)).toEqual(ids(got.slice(4)));
      await again.ack(RAW, redelivered);
      await again.close();

      const third = await open();
      expect(await drain(third, ALL, 300)).toEqual([]);
      await third.close();
    });

    it('release gives messages back to be pulled again, those and not the ones still out', async () => {
      const open = await impl.topics();
      const t = await open();
      const sent = hostMessages(3);
      await t.publish(RAW, sent);
      const got = await pullUntil(t, ALL, 3);
      t.release(RAW, [got[1]]);
      expect(ids(await pullUntil(t, ALL, 3, 1_000))).toEqual(ids([got[1]]));
      t.release(RAW, got);
      const again = await pullUntil(t, ALL, 3);
      expect(ids(again)).toEqual(ids(got));
      await t.ack(RAW, again);
      await t.close();
    });

    it('a consumer of partitions {0, 1} sees all of theirs, each host oldest first, and never another', async () => {
      const open = await impl.topics();
      const t = await open();
      // Two ticks of each host, the later published after every host's first.
      const sent = [0, 100].flatMap((later) => Array.from({ length: 24 }, (_, i) => message('system', 'acct-p', `h${i}`, T0 + later + i, Buffer.from('{}'), '', i % 4)));
      await t.publish(RAW, sent);
      const got = await drain(t, [0, 1]);
      expect(got.every((d) => d.message.partition === 0 || d.message.partition === 1)).toBe(true);
      expect(ids(got)).toEqual(ids(sent.filter((m) => m.partition < 2).map((message) => ({ message, handle: null }))));
      for (const host of ['h0', 'h1', 'h4']) expect(got.filter((d) => d.message.entity === host).map((d) => d.message.timestampMs - T0)).toEqual([0, 100].map((l) => l + Number(host.slice(1))));
      await t.ack(RAW, got);
      await t.close();
    });

    itUnlessKnown('other partitions after a drain')('the same consumer then pulling {2, 3} gets all of theirs', async () => {
      const open = await impl.topics();
      const t = await open();
      const sent = Array.from({ length: 24 }, (_, i) => message('system', 'acct-p', `h${i}`, T0 + i, Buffer.from('{}'), '', i % 4));
      await t.publish(RAW, sent);
      await t.ack(RAW, await drain(t, [0, 1]));
      const rest = await drain(t, [2, 3]);
      expect(rest.map((d) => d.message.partition).sort()).toEqual(
        sent
          .filter((m) => m.partition >= 2)
          .map((m) => m.partition)
          .sort(),
      );
      await t.ack(RAW, rest);
      await t.close();
    });

    it('within a partition, oldest first', async () => {
      const open = await impl.topics();
      const t = await open();
      const sent = Array.from({ length: 10 }, (_, i) => systemMessage('acct-o', 'one-host', T0 + i));
      for (const m of sent) await t.publish(RAW, [m]);
      const got = await drain(t, ALL);
      expect(got.map((d) => d.message.id)).toEqual(sent.map((m) => m.id));
      await t.ack(RAW, got);
      await t.close();
    });

    it('a pull with nothing there resolves empty within about its wait, and wakes on a publish', async () => {
      const open = await impl.topics();
      const t = await open();
      const started = Date.now();
      expect(await t.pull(RAW, ALL, 10, 300)).toEqual([]);
      expect(Date.now() - started).toBeLessThan(3_000);
      const m = systemMessage('acct-w', 'h', T0);
      const pulling = t.pull(RAW, ALL, 10, 10_000);
      setTimeout(() => void t.publish(RAW, [m]), 200);
      const woke = Date.now();
      const got = await pulling;
      expect(Date.now() - woke).toBeLessThan(5_000);
      expect(ids(got)).toEqual([m.id]);
      await t.ack(RAW, got);
      await t.close();
    });

    it('backlog counts what is published and not acked', async () => {
      const open = await impl.topics();
      const t = await open();
      const sent = hostMessages(5);
      await t.publish(RAW, sent);
      const bodyBytes = sent.reduce((n, m) => n + m.body.length, 0);
      if (impl.backlogExact) expect(t.backlog(RAW)).toEqual({ messages: 5, bytes: bodyBytes });
      await eventually(() => t.backlog(RAW).messages === 5);
      expect(t.backlog(RAW).bytes).toBeGreaterThanOrEqual(bodyBytes);
      expect(t.backlog('proc.sketch.v1').messages).toBe(0);
      const got = await pullUntil(t, ALL, 5);
      // Pulled is not written: still backlog until acked.
      await new Promise((r) => setTimeout(r, 200));
      expect(t.backlog(RAW).messages).toBe(5);
      await t.ack(RAW, got.slice(0, 3));
      if (impl.backlogExact) expect(t.backlog(RAW).messages).toBe(2);
      await eventually(() => t.backlog(RAW).messages === 2);
      await t.ack(RAW, got.slice(3));
      await eventually(() => t.backlog(RAW).messages === 0);
      await t.close();
    });
  });

  describe('row store', () => {
    it('writeBatch is idempotent on the message id: the same messages twice are rows once', async () => {
      const store = await impl.store();
      const batch = [processMessage('acct-1', 'host-a', T0, 3, 2), systemMessage('acct-1', 'host-a', T0), registerMessage('acct-1', 'host-a', T0), sketchMessage('acct-1', 'host-a', T0)];
      const first = await store.writeBatch(batch);
      expect(first).toMatchObject({ written: 4, duplicates: 0, undecodable: 0, rows: { ProcessSample: 3, ProcessAggregateSample: 2, SystemSample: 1, SketchSample: 1 } });
      const second = await store.writeBatch([...batch, batch[0]]);
      expect(second).toMatchObject({ written: 0, duplicates: 5, undecodable: 0 });
      const counts = await store.countRows('acct-1');
      expect(counts).toMatchObject({ ProcessSample: 3, ProcessAggregateSample: 2, SystemSample: 1, SketchSample: 1, Host: 1 });
      // Account first: another account sees none of it.
      expect(Object.values(await store.countRows('acct-2')).every((n) => n === 0)).toBe(true);
      const host = await store.host('acct-1', 'host-a');
      expect(host).toMatchObject({ account: 'acct-1', hostId: 'host-a', hostName: 'host-a.example', agentVersion: '0.1.0', mode: 'smart', firstSeenMs: T0 + 5, lastSeenMs: T0 + 5 });
      expect(await store.host('acct-2', 'host-a')).toBeUndefined();
      await store.close();
    });

    it('keeps accounts and hosts apart in its counts and its registry', async () => {
      const store = await impl.store();
      await store.writeBatch([processMessage('acct-h', 'host-a', T0), processMessage('acct-h', 'host-b', T0), systemMessage('acct-g', 'host-b', T0)]);
      expect((await store.countRows('acct-h')).ProcessSample).toBe(6);
      expect(await store.countRows('acct-h', 'host-b')).toMatchObject({ ProcessSample: 3, ProcessAggregateSample: 2, SystemSample: 0, Host: 1 });
      expect(await store.countRows('acct-g')).toMatchObject({ ProcessSample: 0, SystemSample: 1 });
      // The registry from a ProcessEnvelope alone: its mode.
      expect(await store.host('acct-h', 'host-b')).toMatchObject({ account: 'acct-h', hostId: 'host-b', mode: 'smart' });
      expect(await store.host('acct-g', 'host-a')).toBeUndefined();
      await store.close();
    });

    it('a batch holding one message twice writes it once', async () => {
      const store = await impl.store();
      const m = processMessage('acct-1', 'host-b', T0);
      const r = await store.writeBatch([m, m]);
      expect(r).toMatchObject({ written: 1, duplicates: 1 });
      expect((await store.countRows('acct-1', 'host-b')).ProcessSample).toBe(3);
      await store.close();
    });

    it('a crash between the write and the ack: the redelivered batch is stored once', async () => {
      const open = await impl.topics();
      const store = await impl.store();
      const sent = [processMessage('acct-1', 'host-c', T0), processMessage('acct-1', 'host-d', T0)];
      const t = await open();
      await t.publish(RAW, sent);
      const got = await pullUntil(t, ALL, 2);
      expect((await store.writeBatch(got.map((d) => d.message))).written).toBe(2);
      await t.close(); // no ack: the writer died after its commit

      const again = await open();
      const redelivered = await pullUntil(again, ALL, 2, 10_000);
      expect(ids(redelivered)).toEqual(ids(got));
      expect(await store.writeBatch(redelivered.map((d) => d.message))).toMatchObject({ written: 0, duplicates: 2 });
      await again.ack(RAW, redelivered);
      expect((await store.countRows('acct-1')).ProcessSample).toBe(6);
      await again.close();
      await store.close();
    });

    it('a body that does not decode is counted, not thrown, and the rest of its batch is written', async () => {
      const store = await impl.store();
      const bad = [message('process', 'acct-1', 'host-e', T0, new Uint8Array([0xff, 0xff, 0xff, 0xff, 0x0f])), message('system', 'acct-1', 'host-e', T0, Buffer.from('{not json'))];
      const good = systemMessage('acct-1', 'host-e', T0 + 1);
      const r = await store.writeBatch([...bad, good]);
      expect(r).toMatchObject({ written: 1, duplicates: 0, undecodable: 2, rows: { SystemSample: 1 } });
      expect(await store.countRows('acct-1', 'host-e')).toMatchObject({ ProcessSample: 0, SystemSample: 1 });
      // Its redelivery is a duplicate, not a second count.
      expect(await store.writeBatch(bad)).toMatchObject({ written: 0, undecodable: 0, duplicates: 2 });
      await store.close();
    });

    it('keeps text as sent: tabs, newlines, backslashes, quotes and non-ASCII survive', async () => {
      const store = await impl.store();
      const body = { host_id: 'h', timestamp: 'x', cpu: null, memory: null, disk: null, uptime: null, extra: { s: 'a\tb\nc\\d"e\'f é 漢 \r' } };
      const r = await store.writeBatch([message('system', 'acct-é', 'h\tx', T0, Buffer.from(JSON.stringify(body)))]);
      expect(r.written).toBe(1);
      expect(await store.countRows('acct-é', 'h\tx')).toMatchObject({ SystemSample: 1, Host: 1 });
      await store.close();
    });

    it('deleteBefore drops the days before the cut and keeps the rest', async () => {
      const store = await impl.store();
      const day0 = Date.UTC(2025, 0, 7);
      const batch = [0, 1, 2].flatMap((d) => [processMessage('acct-r', 'host-r', day0 + d * DAY + 3_600_000), systemMessage('acct-r', 'host-r', day0 + d * DAY + 7_200_000)]);
      await store.writeBatch(batch);
      expect(await store.countRows('acct-r')).toMatchObject({ ProcessSample: 9, ProcessAggregateSample: 6, SystemSample: 3 });
      const deleted = await store.deleteBefore(day0 + 2 * DAY);
      // A day: the tick's 3 rows, 2 aggregates and its ProcessTickSample, and 1 SystemSample.
      expect(deleted).toBe(2 * (3 + 2 + 1 + 1));
      expect(await store.countRows('acct-r')).toMatchObject({ ProcessSample: 3, ProcessAggregateSample: 2, SystemSample: 1, Host: 1 });
      expect(await store.deleteBefore(day0 + 2 * DAY)).toBe(0);
      // A later day can still be written.
      expect((await store.writeBatch([systemMessage('acct-r', 'host-r', day0 + 2 * DAY + 1)])).written).toBe(1);
      await store.close();
    });

    it('deleteBefore a time inside a day: the rows before the cut (rounded down to retentionStepMs) go, the rest stay', async () => {
      const store = await impl.store();
      const day0 = Date.UTC(2025, 0, 7);
      const times = [1_000, 9_000].map((t) => day0 + 3_600_000 + t);
      await store.writeBatch(times.map((t) => processMessage('acct-m', 'host-m', t)));
      const cut = day0 + 3_600_000 + 5_000;
      const cutTo = Math.floor(cut / impl.retentionStepMs) * impl.retentionStepMs;
      const gone = times.filter((t) => t < cutTo).length;
      expect(await store.deleteBefore(cut)).toBe(gone * (3 + 2 + 1));
      expect((await store.countRows('acct-m', 'host-m')).ProcessSample).toBe((times.length - gone) * 3);
      await store.close();
    });
  });
});
