// JetStream in-progress acks on a real nats-server (engines.ts) with a 1 s
// ack wait: a merger holds a window's deliveries unacked until the window
// is committed; telling them in progress every third of the ack wait keeps
// them from being delivered again while held, however long the hold (the
// control: without it, the same hold sees them again every ack wait). A
// merger that dies (nothing released, no more in-progress) has them
// redelivered one ack wait later to the next, which commits the window
// once. The sketch store and the mark: SQLite, one merger owning every
// partition (what is under test is the topic, not the leases).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { jetstreamManager } from '@nats-io/jetstream';
import { connect } from '@nats-io/transport-node';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SqliteHighWaterMark } from '../../src/server/high-water/sqlite-high-water-mark.js';
import { Merger, type MergerOptions } from '../../src/server/merger/merger.js';
import { AllPartitions } from '../../src/server/merger/partition-owner.js';
import { FLEET, MINUTE_MS } from '../../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../../src/server/sketch-store/sqlite-sketch-store.js';
import { openSketchesFile, type SqliteDatabase } from '../../src/server/store/sqlite-file.js';
import { NatsTopics, natsOptionsOfUrl, streamOf } from '../../src/server/topics/nats-topic.js';
import { TOPIC_NAMES } from '../../src/server/topics/topic-message.js';
import { type RunningEngine, startNats } from './engines.js';
import { makeFleet, rawKey, WINDOW_MS } from './sketch-fleet.js';

const P = 4;
const ACK_WAIT_MS = 1_000;
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);

const OPTIONS: MergerOptions = {
  partitions: P,
  // One window only: it closes by max_hold_ms, never by the watermark.
  allowedLatenessWindows: 2,
  late: 'amend',
  maxHoldMs: 3_500,
  maxStateBytes: 64 * 1024 * 1024,
  batchMessages: 200,
  pullWaitMs: 50,
  publishSlackMs: 0,
  takeoverGraceMs: ACK_WAIT_MS,
  markEveryMs: 100,
  retryPauseMs: 200,
  onError: (err, what) => console.error(what, err),
};

let nats: RunningEngine;
let dir: string;
let seq = 0;
beforeAll(async () => {
  nats = await startNats();
  dir = mkdtempSync(join(tmpdir(), 'iw-in-progress-'));
});
afterAll(async () => {
  await nats?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

async function until<T>(what: string, ms: number, f: () => T | undefined): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const v = f();
    if (v !== undefined) return v;
    if (Date.now() > deadline) throw new Error(`${what}: not within ${ms} ms`);
    await new Promise((r) => setTimeout(r, 20));
  }
}

/** A world of its own: fresh streams (a work queue has one consumer group), a store file; mergers opened on it as "processes". */
async function world() {
  const nc = await connect({ servers: nats.url });
  const jsm = await jetstreamManager(nc);
  for (const topic of TOPIC_NAMES) await jsm.streams.delete(streamOf(topic)).catch(() => false);
  await nc.close();
  const options = { ...natsOptionsOfUrl(nats.url, P), ackWaitMs: ACK_WAIT_MS };
  const producer = await NatsTopics.open(options);
  const db: SqliteDatabase = openSketchesFile(join(dir, `sketches-${++seq}.db`));
  const store = await SqliteSketchStore.open(db);
  const opened: { merger: Merger; topics: NatsTopics }[] = [];
  const fleet = makeFleet({ account: 'acme', hosts: 3, windows: 1, t0: T0, processesPerName: 4, ticks: 3, partitions: P, seed: 11 });
  return {
    fleet,
    store,
    publish: () => producer.publish('proc.sketch.v1', fleet.messages),
    async open(o: Partial<MergerOptions>) {
      const topics = await NatsTopics.open(options);
      const merger = new Merger(topics, store, new SqliteHighWaterMark(db, P), new AllPartitions(P), { ...OPTIONS, ...o });
      opened.push({ merger, topics });
      merger.start();
      return merger;
    },
    /** The fleet rollup's count for the window: every envelope merged once. */
    async fleetCount() {
      const rows = await store.read({ account: 'acme', metric: 'cpuPercent', granularityMs: MINUTE_MS, fromMs: T0, toMs: T0 + WINDOW_MS, entity: FLEET, displayName: '' });
      return { stored: rows[0]?.sketch.count, expected: fleet.raw.get(rawKey(FLEET, 'cpuPercent', '', T0))!.length };
    },
    async close() {
      for (const { merger, topics } of opened) {
        await merger.stop().catch(() => undefined);
        await topics.close();
      }
      await producer.close();
      await store.close();
      db.close();
    },
  };
}

describe('JetStream in-progress acks for held windows', () => {
  it('a window held 3.5 ack waits is not delivered again while held, and is committed once', async () => {
    const w = await world();
    try {
      const merger = await w.open({ inProgressEveryMs: ACK_WAIT_MS / 3 });
      await w.publish();
      const n = w.fleet.messages.length;
      await until('every envelope merged', 20_000, () => (merger.counts.envelopesMerged === n ? true : undefined));
      const heldFrom = Date.now();
      await until('the windows committed (closed by their hold)', 20_000, () => (merger.counts.windowsCommitted > 0 && merger.openWindows === 0 ? true : undefined));
      expect(Date.now() - heldFrom, 'held past several ack waits').toBeGreaterThan(2 * ACK_WAIT_MS);
      // One window per partition the hosts are on, each closed by its hold.
      expect(merger.counts.windowsClosedByHold).toBe(merger.counts.windowsCommitted);
      expect(merger.counts.duplicates, 'deliveries came again while held').toBe(0);
      expect(merger.counts.envelopesMerged).toBe(n);
      const c = await w.fleetCount();
      expect(c.stored).toBe(c.expected);
    } finally {
      await w.close();
    }
  }, 60_000);

  it('the control: without in-progress, the same hold has them delivered again every ack wait (held once, not merged twice)', async () => {
    const w = await world();
    try {
      const merger = await w.open({});
      await w.publish();
      await until('the windows committed', 20_000, () => (merger.counts.windowsCommitted > 0 && merger.openWindows === 0 ? true : undefined));
      expect(merger.counts.duplicates).toBeGreaterThanOrEqual(w.fleet.messages.length);
      const c = await w.fleetCount();
      expect(c.stored).toBe(c.expected);
    } finally {
      await w.close();
    }
  }, 60_000);

  it('kill -9 of the merger mid-window: its deliveries come back one ack wait later, to the next merger, which commits the window once', async () => {
    const w = await world();
    try {
      const first = await w.open({ inProgressEveryMs: ACK_WAIT_MS / 3, maxHoldMs: 600_000 });
      await w.publish();
      const n = w.fleet.messages.length;
      await until('the first merger merged every envelope', 20_000, () => (first.counts.envelopesMerged === n ? true : undefined));
      // Held well past an ack wait, then killed: nothing released, no more in-progress; the connection says nothing.
      await new Promise((r) => setTimeout(r, 2 * ACK_WAIT_MS));
      expect(first.counts.duplicates).toBe(0);
      await first.abandon();
      const killedAt = Date.now();
      const second = await w.open({ inProgressEveryMs: ACK_WAIT_MS / 3, maxHoldMs: 1_500 });
      await until('the second merger got them again', 20_000, () => (second.counts.envelopesMerged > 0 ? true : undefined));
      // Not before the ack wait less the in-progress interval (the last +WPI may have come just before the kill).
      expect(Date.now() - killedAt).toBeGreaterThanOrEqual(ACK_WAIT_MS - ACK_WAIT_MS / 3 - 50);
      await until('the windows committed by the second', 20_000, () => (second.counts.windowsCommitted > 0 && second.openWindows === 0 ? true : undefined));
      expect(second.counts.envelopesMerged).toBe(n);
      const c = await w.fleetCount();
      expect(c.stored).toBe(c.expected);
    } finally {
      await w.close();
    }
  }, 60_000);
});
