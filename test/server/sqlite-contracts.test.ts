// The seams' shared suites (test/server/contracts/) on the embedded
// implementations: the SQLite outbox with its consumer, the SQLite row store.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openRowsFile, openTopicsFile } from '../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../src/server/store/sqlite-row-store.js';
import { OutboxConsumer, PULL_MAX_BYTES, PULL_SQL } from '../../src/server/topics/outbox-consumer.js';
import { SqliteOutbox } from '../../src/server/topics/sqlite-outbox.js';
import { describeRowStoreContract } from './contracts/row-store-contract.js';
import { describeTopicContract, message } from './contracts/topic-contract.js';

const PARTITIONS = 16;

describeTopicContract('embedded (SQLite outbox)', async () => {
  const db = openTopicsFile(join(mkdtempSync(join(tmpdir(), 'iw-topics-')), 'topics.db'));
  const outbox = new SqliteOutbox(db);
  const consumers: OutboxConsumer[] = [];
  return {
    producer: outbox,
    partitions: PARTITIONS,
    consumer() {
      const c = new OutboxConsumer(db, (topic, seqs, bytes) => outbox.deleteAcked(topic, seqs, bytes), PARTITIONS);
      outbox.onPublished(() => c.wake());
      consumers.push(c);
      return c;
    },
    async close() {
      for (const c of consumers) await c.close();
      await outbox.close();
      db.close();
    },
  };
});

describeRowStoreContract('embedded (SQLite)', async () => {
  const db = openRowsFile(join(mkdtempSync(join(tmpdir(), 'iw-rows-')), 'rows.db'));
  const store = new SqliteRowStore(db);
  return {
    store,
    async close() {
      await store.close();
      db.close();
    },
  };
});

describe('the embedded consumer', () => {
  it('pulls through the (topic, seq) index: no sort of the backlog, no scan of the other topic', () => {
    const db = openTopicsFile(join(mkdtempSync(join(tmpdir(), 'iw-topics-')), 'topics.db'));
    for (const [name, sql] of Object.entries(PULL_SQL)) {
      const plan = (db.prepare(`EXPLAIN QUERY PLAN ${sql}`).all('proc.sketch.v1', 0, ...(name === 'somePartitions' ? ['[1]'] : []), 10) as { detail: string }[]).map((r) => r.detail);
      expect(plan[0], name).toBe('SEARCH outbox USING INDEX outbox_by_topic (topic=? AND seq>?)');
      expect(plan.join('; '), name).not.toMatch(/TEMP B-TREE|SCAN outbox/);
    }
    db.close();
  });

  it('stops a pull past PULL_MAX_BYTES of bodies (at least one message comes), and the next pull goes on', async () => {
    const db = openTopicsFile(join(mkdtempSync(join(tmpdir(), 'iw-topics-')), 'topics.db'));
    const outbox = new SqliteOutbox(db);
    const big = (k: number) => ({ ...message('h1', k, PARTITIONS), body: new Uint8Array(PULL_MAX_BYTES / 2 + 1) });
    await outbox.publish('proc.raw.v1', [big(1), big(2), big(3)]);
    const c = new OutboxConsumer(db, (topic, seqs, bytes) => outbox.deleteAcked(topic, seqs, bytes), PARTITIONS);
    const all = Array.from({ length: PARTITIONS }, (_, i) => i);
    expect((await c.pull('proc.raw.v1', all, 100, 0)).map((d) => d.message.timestampMs)).toEqual([1]);
    expect((await c.pull('proc.raw.v1', all, 100, 0)).map((d) => d.message.timestampMs)).toEqual([2]);
    expect((await c.pull('proc.raw.v1', all, 100, 0)).map((d) => d.message.timestampMs)).toEqual([3]);
    await outbox.close();
    db.close();
  });
});
