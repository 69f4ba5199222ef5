// MetricSample rows are stored once per OTLP point, not per message, in
// both stores (SQLite embedded, PostgreSQL 15 scale-out): the receiver
// once made a message a point and now makes one of the points of one
// resource and time, so the same point may come in messages grouped
// differently (an agent's retry reaching a receiver of the other kind).

import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openRowsFile } from '../../src/server/store/sqlite-file.js';
import { PostgresRowStore } from '../../src/server/store/postgres-row-store.js';
import type { RowStore } from '../../src/server/store/row-store.js';
import { SqliteRowStore } from '../../src/server/store/sqlite-row-store.js';
import type { MetricPointBody } from '../../src/server/topics/message-bodies.js';
import { freshDatabase, type RunningEngine, startPostgres } from './engines.js';
import { message } from './messages.js';

const T = 1_795_000_000_000;
const resource = { 'host.id': 'h1', 'service.name': 'infrawatch-agent' };

function point(name: string, value: number, attributes: Record<string, string> = {}): MetricPointBody {
  return { name, unit: '1', type: 'gauge', monotonic: false, temporality: 0, timeUnixNano: `${T}000000`, startTimeUnixNano: '0', value, resource, attributes };
}

const cpu = point('infrawatch.agent.cpu_seconds', 1.5);
const rss = point('infrawatch.agent.resident_memory_bytes', 5e7);
const sent = point('infrawatch.agent.sent', 7, { sink: 'receiver' });
const sentOtlp = point('infrawatch.agent.sent', 3, { sink: 'otlp' });

const utf8 = new TextEncoder();
/** A message as a receiver from before the grouping made it: one point, a JSON object, its id over the point's key (decode-otlp.ts at 0ff5e73). */
const onePoint = (p: MetricPointBody) =>
  message('metric', 'acct', 'h1', T, utf8.encode(JSON.stringify(p)), `${p.name}\0${p.timeUnixNano}\0${JSON.stringify(p.resource)}\0${JSON.stringify(p.attributes)}`);
/** A message as the receiver makes it now: the points of one resource and time, its id over all of them. */
const grouped = (points: MetricPointBody[]) =>
  message('metric', 'acct', 'h1', T, utf8.encode(JSON.stringify(points)), `${JSON.stringify(resource)}\0${points.map((p) => `${p.name}\0${JSON.stringify(p.attributes)}`).join('\0')}`);

let dir: string;
let postgres: RunningEngine;

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), 'iw-metric-points-'));
  postgres = await startPostgres();
});

afterAll(async () => {
  await postgres?.stop();
  if (dir) rmSync(dir, { recursive: true, force: true });
});

let databases = 0;
const stores: { name: string; open(): Promise<RowStore> }[] = [
  { name: 'SQLite', open: async () => new SqliteRowStore(openRowsFile(join(dir, `rows-${databases++}.db`))) },
  { name: 'PostgreSQL', open: async () => PostgresRowStore.open({ url: await freshDatabase(postgres, `points_${databases++}`) }) },
];

describe.each(stores)('MetricSample in $name', (s) => {
  it('stores a point once when it comes alone (an old receiver) and again grouped with others (a new one)', async () => {
    const store = await s.open();
    try {
      expect((await store.writeBatch([onePoint(cpu), onePoint(sent)])).rows).toMatchObject({ MetricSample: 2 });
      const regrouped = await store.writeBatch([grouped([cpu, rss, sent, sentOtlp])]);
      expect(regrouped).toMatchObject({ written: 1, duplicates: 0, rows: { MetricSample: 2 } });
      expect(await store.countRows('acct', 'h1')).toMatchObject({ MetricSample: 4 });
      // The grouped message redelivered, and the old receiver's once more: nothing new.
      expect(await store.writeBatch([grouped([cpu, rss, sent, sentOtlp]), onePoint(rss)])).toMatchObject({ written: 0, duplicates: 2 });
      expect(await store.countRows('acct', 'h1')).toMatchObject({ MetricSample: 4 });
    } finally {
      await store.close();
    }
  });

  it('stores a point once when two messages of one batch group it differently', async () => {
    const store = await s.open();
    try {
      const result = await store.writeBatch([grouped([cpu, rss]), grouped([rss, sent]), grouped([sent, cpu, sentOtlp])]);
      expect(result).toMatchObject({ written: 3, duplicates: 0, rows: { MetricSample: 4 } });
      expect(await store.countRows('acct', 'h1')).toMatchObject({ MetricSample: 4 });
    } finally {
      await store.close();
    }
  });
});
