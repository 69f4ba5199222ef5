// The PostgreSQL sketch store's window index holds the whole key, and a
// store made by an older server (its index on the window alone, which the
// planner took for a commit's key probes: each probe then read every row of
// its window) gets it on open, and its commits go on merging into the rows
// it has. How long a commit takes is in bench/merger.bench.ts (--commit-only).

import pg from 'pg';
import { afterAll, beforeAll, expect, it } from 'vitest';
import type { SketchParts } from '../../src/server/merger/merged-sketch.js';
import { initBinsCodec } from '../../src/server/sketch-store/bins-codec.js';
import { PostgresSketchStore } from '../../src/server/sketch-store/postgres-sketch-store.js';
import { HOUR_MS, MINUTE_MS, type MinutePartial } from '../../src/server/sketch-store/sketch-store.js';
import { freshDatabase, type RunningEngine, startPostgres } from './engines.js';

const T0 = Date.UTC(2026, 10, 30, 10, 0, 0);
let postgres: RunningEngine | undefined;

beforeAll(async () => {
  await initBinsCodec();
  postgres = await startPostgres();
}, 60_000);
afterAll(async () => {
  await postgres?.stop();
});

function parts(count: number): SketchParts {
  return { scale: 6, count, sum: count, min: 1, max: 1, zeroCount: 0, positive: { offset: 0, counts: [count] }, negative: { offset: 0, counts: [] } };
}

function window(w: number, hosts: number): { messageIds: string[]; partials: MinutePartial[] } {
  const partials: MinutePartial[] = [];
  for (let h = 0; h < hosts; h++)
    partials.push({ key: { account: 'acme', metric: 'cpuPercent', entity: `host-${h}`, displayName: 'nginx', granularityMs: MINUTE_MS, windowStartMs: T0 + w * MINUTE_MS }, sketch: parts(h + 1) });
  return { messageIds: [(w + 1).toString(16).padStart(32, '0')], partials };
}

async function indexesOf(url: string): Promise<Map<string, string>> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const r = await c.query<{ indexname: string; indexdef: string }>(`SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'DistributionMetric'`);
    return new Map(r.rows.map((row) => [row.indexname, row.indexdef]));
  } finally {
    await c.end();
  }
}

it('replaces an older store’s window-only index with the whole key in window order, and merges on', async () => {
  const url = await freshDatabase(postgres!, 'indexes');
  const first = await PostgresSketchStore.open({ url });
  await first.commit(window(0, 20));
  await first.close();
  // The store as an older server left it.
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  await c.query(`DROP INDEX "DistributionMetric_by_window_key"`);
  await c.query(`CREATE INDEX "DistributionMetric_by_window" ON "DistributionMetric" ("account", "metric", "granularityMs", "windowStartMs")`);
  await c.end();
  expect([...(await indexesOf(url)).keys()].sort()).toEqual(['DistributionMetric_by_window', 'DistributionMetric_pkey']);

  const store = await PostgresSketchStore.open({ url });
  try {
    const indexes = await indexesOf(url);
    expect([...indexes.keys()].sort()).toEqual(['DistributionMetric_by_window_key', 'DistributionMetric_pkey']);
    expect(indexes.get('DistributionMetric_by_window_key')).toContain('(account, metric, "granularityMs", "windowStartMs", entity, "displayName")');
    // The second window's hour rows are the first's, found and merged into.
    const r = await store.commit(window(1, 20));
    expect(r.rows).toBe(40);
    const hour = await store.read({ account: 'acme', metric: 'cpuPercent', granularityMs: HOUR_MS, fromMs: T0, toMs: T0 + HOUR_MS });
    expect(hour).toHaveLength(20);
    for (const row of hour) expect(row.sketch.count).toBe(2 * (Number(row.entity.slice('host-'.length)) + 1));
  } finally {
    await store.close();
  }
}, 60_000);
