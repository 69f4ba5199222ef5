// The merger while its sketch store does not answer (PostgreSQL restarting:
// the fault table's row): a pull whose recorded-ids check fails merges
// nothing, and the high-water mark must not pass what it pulled. With the
// drained rule of a topic without an exact backlog (NATS: a pull that
// returns less than a batch), the pulled, unacked deliveries are not
// "unpulled" any more: unless they are given back and the clock told, the
// next pull finds the partition drained and the mark runs past them (the
// fault table saw 38 and 55 such sketches answered 2xx before a mark that
// was read before their commit). Topics: the embedded outbox, used as NATS
// is (no exactBacklog); store and mark: SQLite.

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { nsOfMs } from '../../src/server/high-water/high-water-mark.js';
import { SqliteHighWaterMark } from '../../src/server/high-water/sqlite-high-water-mark.js';
import { Merger } from '../../src/server/merger/merger.js';
import { AllPartitions } from '../../src/server/merger/partition-owner.js';
import type { SketchStore } from '../../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../../src/server/sketch-store/sqlite-sketch-store.js';
import { openTopicsFile } from '../../src/server/store/sqlite-file.js';
import { EmbeddedTopics } from '../../src/server/topics/embedded-topics.js';
import { makeFleet } from './sketch-fleet.js';

const P = 4;
const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);

let dir: string;
beforeAll(() => {
  dir = mkdtempSync(join(tmpdir(), 'iw-merger-store-down-'));
});
afterAll(() => {
  rmSync(dir, { recursive: true, force: true });
});

it('a pull the store cannot check is given back: the mark never passes it, and it is merged once the store is back', async () => {
  const db = openTopicsFile(join(dir, 'store.db'));
  const topics = new EmbeddedTopics(db, P);
  const store = await SqliteSketchStore.open(db);
  let down = true;
  const flaky = new Proxy(store, {
    get(target, prop) {
      if (prop === 'committedIds' && down) return async () => Promise.reject(new Error('the store does not answer'));
      const v = Reflect.get(target, prop, target);
      return typeof v === 'function' ? v.bind(target) : v;
    },
  }) as SketchStore;
  const mark = new SqliteHighWaterMark(db, P);
  const fleet = makeFleet({ account: 'acme', hosts: 3, windows: 1, t0: T0, processesPerName: 2, ticks: 2, partitions: P, seed: 5 });
  const merger = new Merger(topics, flaky, mark, new AllPartitions(P), {
    partitions: P,
    allowedLatenessWindows: 0,
    late: 'amend',
    maxHoldMs: 0,
    maxStateBytes: 64 * 1024 * 1024,
    batchMessages: 10_000,
    pullWaitMs: 20,
    publishSlackMs: 0,
    takeoverGraceMs: 0,
    markEveryMs: 0,
    retryPauseMs: 0,
    onError: () => undefined,
  });
  try {
    await topics.publish('proc.sketch.v1', fleet.messages);
    const oldest = nsOfMs(Math.min(...fleet.messages.map((m) => m.receivedMs)));
    await expect(merger.turn()).rejects.toThrow('the store does not answer');
    // Turns while the store is still down, then drained pulls: the mark stays below every pulled, uncommitted sketch.
    for (let i = 0; i < 3; i++) await merger.turn().catch(() => undefined);
    const during = await mark.get('acme');
    expect(during === undefined || during < oldest, `mark ${during} passed a sketch received at ${oldest} ns that is not committed`).toBe(true);
    down = false;
    for (let i = 0; i < 20 && merger.counts.envelopesMerged < fleet.messages.length; i++) await merger.turn();
    expect(merger.counts.envelopesMerged).toBe(fleet.messages.length);
    for (let i = 0; i < 20 && merger.openWindows > 0; i++) await merger.turn();
    expect(merger.openWindows).toBe(0);
    expect((await store.committedIds(fleet.messages.map((m) => m.id))).size).toBe(new Set(fleet.messages.map((m) => m.id)).size);
  } finally {
    await merger.stop().catch(() => undefined);
    db.close();
  }
});
