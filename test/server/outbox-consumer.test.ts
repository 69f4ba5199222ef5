// The embedded consumer's own promises, past the topics' contract (which
// seams.test.ts runs against every implementation): its pulls go through
// the outbox's index, and a pull is bounded in bytes.

import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openTopicsFile } from '../../src/server/store/sqlite-file.js';
import { OutboxConsumer, PULL_MAX_BYTES, PULL_SQL } from '../../src/server/topics/outbox-consumer.js';
import { SqliteOutbox } from '../../src/server/topics/sqlite-outbox.js';
import { systemMessage } from './messages.js';

const PARTITIONS = 16;

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
    const big = (k: number) => ({ ...systemMessage('acme', 'h1', k), body: new Uint8Array(PULL_MAX_BYTES / 2 + 1) });
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
