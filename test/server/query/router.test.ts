// The router against the in-memory sketch store (memory-sketch-store.ts),
// over a fleet whose windows are made of the very values its rows hold
// (sketch-fleet.ts): SKETCH percentiles within 1 % of RAW (the truth, the
// fleet running in raw mode), by host, by hostname, by display name and
// fleet-wide; and the route and its reason following a deleted window, a
// stopped merger and a mark moved back, the numbers staying right.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySketchStore } from '../../../src/server/query/memory-sketch-store.js';
import { QueryService, type QueryServiceOptions } from '../../../src/server/query/query-service.js';
import type { QueryResult } from '../../../src/server/query/query-result.js';
import { classify } from '../../../src/server/query/router.js';
import { parseNrql } from '../../../src/server/query/nrql-parser.js';
import { HOUR_MS, MINUTE_MS } from '../../../src/server/query/sketch-reader.js';
import { SqliteSqlRunner } from '../../../src/server/query/sqlite-sql-runner.js';
import { openRowsFile, type SqliteDatabase } from '../../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../../src/server/store/sqlite-row-store.js';
import { NOW } from './query-fixture.js';
import { buildFleet } from './sketch-fleet.js';

const FROM = NOW - 2 * HOUR_MS;
let db: SqliteDatabase;
let runner: SqliteSqlRunner;
let sketches: MemorySketchStore;

beforeAll(async () => {
  db = openRowsFile(':memory:');
  const store = new SqliteRowStore(db);
  runner = new SqliteSqlRunner(db);
  sketches = new MemorySketchStore();
  await buildFleet({ account: 'rawco', hosts: 3, fromMs: FROM, toMs: NOW, mode: 'raw', seed: 1 }, store, sketches);
  await buildFleet({ account: 'smartco', hosts: 3, fromMs: FROM, toMs: NOW, mode: 'smart', topN: 3, seed: 2 }, store, sketches);
}, 60_000);

afterAll(() => db.close());

function service(o: QueryServiceOptions = {}): QueryService {
  return new QueryService(runner, { sketches, marks: sketches, now: () => NOW, ...o });
}

function percentilesOf(r: QueryResult): Record<string, number> {
  return (r.results ?? [])[0].percentiles as Record<string, number>;
}

function expectWithin1Percent(sketch: Record<string, number>, raw: Record<string, number>): void {
  for (const p of Object.keys(raw)) {
    expect(Math.abs(sketch[p] - raw[p]) / raw[p], `p${p}: sketch ${sketch[p]}, raw ${raw[p]}`).toBeLessThan(0.01);
  }
}

describe('classify', () => {
  const cases: [string, string][] = [
    ["SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE hostname = 'a'", 'sketch'],
    ["SELECT median(memoryResidentSizeBytes) FROM ProcessSample WHERE processDisplayName = 'x' AND entityGuid = 'h'", 'sketch'],
    ['SELECT percentile(cpuPercent, 50, 99) FROM ProcessSample TIMESERIES 10 minutes', 'sketch'],
    ['SELECT average(cpuPercent) FROM ProcessSample', 'average() is answered from the rows (only percentile() and median() are sketched)'],
    ['SELECT percentile(threadCount, 95) FROM ProcessSample', 'threadCount is not sketched (cpuPercent and memoryResidentSizeBytes are)'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessAggregateSample', 'ProcessAggregateSample has no sketches'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET hostname', 'sketch'],
    ["SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE entityGuid = 'h' FACET processDisplayName", 'sketch'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET commandName', 'FACET commandName is not a sketch key (processDisplayName, hostname, entityGuid are)'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET hostname, processDisplayName', 'sketch'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET hostname TIMESERIES', 'sketch'],
    ["SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE hostname = 'a' FACET processDisplayName TIMESERIES 10 minutes", 'sketch'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET processDisplayName, commandName', 'FACET commandName is not a sketch key (processDisplayName, hostname, entityGuid are)'],
    [
      "SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE processDisplayName = 'x' FACET entityGuid, processDisplayName",
      'FACET processDisplayName of a WHERE that fixes it is answered from the rows',
    ],
    ["SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE hostname = 'a' FACET entityGuid", 'FACET hostId of a WHERE that fixes it is answered from the rows'],
    ['SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE cpuPercent > 5', "WHERE is not a sketch key (hostId/entityGuid = '…', hostname = '…', processDisplayName = '…', joined by AND)"],
    [
      "SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE hostname = 'a' OR hostname = 'b'",
      "WHERE is not a sketch key (hostId/entityGuid = '…', hostname = '…', processDisplayName = '…', joined by AND)",
    ],
    ["SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE hostname = 'a' AND hostId = 'b'", 'WHERE hostId = … is not a sketch key, or names it twice'],
  ];
  for (const [nrql, want] of cases) {
    it(nrql, () => {
      const c = classify(parseNrql(nrql));
      expect('sketch' in c ? 'sketch' : c.raw).toBe(want);
    });
  }
});

describe('SKETCH against RAW on a raw-mode fleet (the truth): p50, p95, p99 within 1 %', () => {
  const range = `SINCE ${FROM} UNTIL ${NOW}`;
  const wheres = ["WHERE entityGuid = 'host-1'", "WHERE hostname = 'host-2.example'", "WHERE processDisplayName = 'java'", "WHERE hostname = 'host-3.example' AND processDisplayName = 'redis'", ''];
  for (const metric of ['cpuPercent', 'memoryResidentSizeBytes']) {
    for (const where of wheres) {
      const nrql = `SELECT percentile(${metric}, 50, 95, 99) FROM ProcessSample ${where} ${range}`;
      it(nrql, async () => {
        sketches.setMark('rawco', NOW);
        const s = await service().query('rawco', nrql);
        const r = await service().query('rawco', nrql, 'raw');
        expect(s.metadata).toMatchObject({ route: 'SKETCH', windows: { hourWindows: 2, minuteWindows: 0 } });
        expect(r.metadata).toMatchObject({ route: 'RAW', reason: 'mode raw', warnings: [] });
        expectWithin1Percent(percentilesOf(s), percentilesOf(r));
      });
    }
  }

  it('reads the hourly rollups where the range holds whole hours, the 60 s windows at the edges', async () => {
    sketches.setMark('rawco', NOW);
    const nrql = "SELECT percentile(cpuPercent, 95), median(cpuPercent) FROM ProcessSample WHERE entityGuid = 'host-1' SINCE 90 minutes ago";
    const s = await service().query('rawco', nrql);
    expect(s.metadata).toMatchObject({
      route: 'SKETCH',
      windows: { hourWindows: 1, minuteWindows: 30, beginMs: NOW - 90 * MINUTE_MS, endMs: NOW },
      highWaterMarkMs: NOW,
      rewrittenQuery: `SELECT approxPercentile(cpuPercent, 95), approxPercentile(cpuPercent, 50) FROM DistributionMetric WHERE entityGuid = 'host-1' SINCE ${NOW - 90 * MINUTE_MS} UNTIL ${NOW}`,
    });
    expect(s.metadata.reason).toMatch(/^percentile of a sketched metric, the range covered by windows up to the high-water mark/);
    const r = await service().query('rawco', nrql, 'raw');
    expectWithin1Percent(percentilesOf(s), percentilesOf(r));
    expect(Math.abs((s.results?.[1].median as number) / (r.results?.[1].median as number) - 1)).toBeLessThan(0.01);
  });

  it('answers TIMESERIES from the windows, bucket by bucket', async () => {
    sketches.setMark('rawco', NOW);
    const nrql = `SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE entityGuid = 'host-1' ${range} TIMESERIES 30 minutes`;
    const s = await service().query('rawco', nrql);
    const r = await service().query('rawco', nrql, 'raw');
    expect(s.metadata.route).toBe('SKETCH');
    expect(s.timeSeries).toHaveLength(4);
    const rawSeries = r.timeSeries ?? [];
    (s.timeSeries ?? []).forEach((b, i) => {
      expect(b.beginTimeSeconds).toBe(rawSeries[i].beginTimeSeconds);
      expectWithin1Percent(b.results[0].percentiles as Record<string, number>, rawSeries[i].results[0].percentiles as Record<string, number>);
    });
  });
});

describe('routing follows the sketch store and the mark', () => {
  const nrql = "SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample WHERE entityGuid = 'host-1' SINCE 90 minutes ago";

  it('a deleted 60 s window sends the query RAW, naming the window; a deleted hourly rollup falls back to the 60 s windows', async () => {
    sketches.setMark('rawco', NOW);
    const hole = NOW - 80 * MINUTE_MS;
    const kept = await first(sketches.windows('rawco', 'cpuPercent', 'host-1', undefined, hole, hole + 1, MINUTE_MS));
    expect(sketches.deleteWindow('rawco', 'cpuPercent', 'host-1', undefined, MINUTE_MS, hole)).toBe(true);
    try {
      const r = await service().query('rawco', nrql);
      expect(r.metadata.route).toBe('RAW');
      expect(r.metadata.reason).toBe('the window 2026-03-01 10:40:00–2026-03-01 10:41:00 is missing from the sketch store while the rows hold data of it');
      // The same range for another host, whose windows are all there, stays SKETCH.
      expect((await service().query('rawco', nrql.replace('host-1', 'host-2'))).metadata.route).toBe('SKETCH');
      // Mode sketch answers anyway, and says what it left out.
      const forced = await service().query('rawco', nrql, 'sketch');
      expect(forced.metadata.route).toBe('SKETCH');
      expect(forced.metadata.warnings.join(' ')).toMatch(/missing from the sketch store/);
    } finally {
      sketches.put('rawco', 'cpuPercent', 'host-1', undefined, MINUTE_MS, kept);
    }
    const hourStart = NOW - HOUR_MS;
    const rollup = await first(sketches.windows('rawco', 'cpuPercent', 'host-1', undefined, hourStart, hourStart + 1, HOUR_MS));
    sketches.deleteWindow('rawco', 'cpuPercent', 'host-1', undefined, HOUR_MS, hourStart);
    try {
      const s = await service().query('rawco', nrql);
      expect(s.metadata).toMatchObject({ route: 'SKETCH', windows: { hourWindows: 0, minuteWindows: 90 } });
      expectWithin1Percent(percentilesOf(s), percentilesOf(await service().query('rawco', nrql, 'raw')));
    } finally {
      sketches.put('rawco', 'cpuPercent', 'host-1', undefined, HOUR_MS, rollup);
    }
  });

  it("FACET: a facet's deleted window sends the whole FACET RAW, naming the window and the facet; a stopped merger too", async () => {
    const facet = 'SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET processDisplayName SINCE 90 minutes ago';
    sketches.setMark('rawco', NOW);
    expect((await service().query('rawco', facet)).metadata.route).toBe('SKETCH');
    const hole = NOW - 80 * MINUTE_MS;
    const kept = await first(sketches.windows('rawco', 'cpuPercent', '', 'java', hole, hole + 1, MINUTE_MS));
    expect(sketches.deleteWindow('rawco', 'cpuPercent', '', 'java', MINUTE_MS, hole)).toBe(true);
    try {
      const r = await service().query('rawco', facet);
      expect(r.metadata.route).toBe('RAW');
      expect(r.metadata.reason).toBe('the window 2026-03-01 10:40:00–2026-03-01 10:41:00 of processDisplayName "java" is missing from the sketch store while the rows hold data of it');
      expect(r.facets).toEqual((await service().query('rawco', facet, 'raw')).facets);
    } finally {
      sketches.put('rawco', 'cpuPercent', '', 'java', MINUTE_MS, kept);
    }
    sketches.setMark('rawco', NOW - 30 * MINUTE_MS);
    try {
      const r = await service().query('rawco', facet);
      expect(r.metadata.route).toBe('RAW');
      expect(r.metadata.reason).toMatch(/a FACET's tail is not stitched/);
    } finally {
      sketches.setMark('rawco', NOW);
    }
  });

  it("FACET of two keys with TIMESERIES: a (host, name) key's deleted window sends it RAW, naming the window and the facet", async () => {
    const facet = 'SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET hostname, processDisplayName SINCE 90 minutes ago TIMESERIES 30 minutes';
    sketches.setMark('rawco', NOW);
    const before = await service().query('rawco', facet);
    expect(before.metadata.route).toBe('SKETCH');
    expect(before.facets).toHaveLength(10);
    expect(before.facets?.[0].timeSeries).toHaveLength(3);
    const hole = NOW - 80 * MINUTE_MS;
    const kept = await first(sketches.windows('rawco', 'cpuPercent', 'host-2', 'redis', hole, hole + 1, MINUTE_MS));
    expect(sketches.deleteWindow('rawco', 'cpuPercent', 'host-2', 'redis', MINUTE_MS, hole)).toBe(true);
    try {
      const r = await service().query('rawco', facet);
      expect(r.metadata.route).toBe('RAW');
      expect(r.metadata.reason).toBe(
        'the window 2026-03-01 10:40:00–2026-03-01 10:41:00 of hostname, processDisplayName ["host-2.example","redis"] is missing from the sketch store while the rows hold data of it',
      );
      expect(r.facets).toEqual((await service().query('rawco', facet, 'raw')).facets);
    } finally {
      sketches.put('rawco', 'cpuPercent', 'host-2', 'redis', MINUTE_MS, kept);
    }
  });

  it('a stopped merger (the mark 30 min behind): raw-mode rows stitch the tail (SKETCH+RAW), smart-mode rows send it RAW', async () => {
    sketches.setMark('rawco', NOW - 30 * MINUTE_MS);
    sketches.setMark('smartco', NOW - 30 * MINUTE_MS);
    const s = await service().query('rawco', nrql);
    expect(s.metadata).toMatchObject({ route: 'SKETCH+RAW', rawTail: { beginMs: NOW - 30 * MINUTE_MS, endMs: NOW }, windows: { endMs: NOW - 30 * MINUTE_MS }, highWaterMarkMs: NOW - 30 * MINUTE_MS });
    expect(s.metadata.reason).toMatch(/is 1800 s behind the range's end: windows up to it, the raw-mode rows after it/);
    expectWithin1Percent(percentilesOf(s), percentilesOf(await service().query('rawco', nrql, 'raw')));
    const smart = await service().query('smartco', nrql);
    expect(smart.metadata.route).toBe('RAW');
    expect(smart.metadata.reason).toMatch(/is 1800 s behind the range's end \(the merger is behind or stopped, or the mark moved back\), and the rows of that tail are smart-mode top N/);
    expect(smart.metadata.warnings.join(' ')).toMatch(/smart mode: ProcessSample holds only the top N/);
  });

  it('a stitched tail under TIMESERIES: each bucket gets the rows of its own part of the tail', async () => {
    sketches.setMark('rawco', NOW - 45 * MINUTE_MS);
    const ts = `SELECT percentile(cpuPercent, 50, 95) FROM ProcessSample WHERE entityGuid = 'host-2' SINCE ${FROM} UNTIL ${NOW} TIMESERIES 30 minutes`;
    const s = await service().query('rawco', ts);
    const r = await service().query('rawco', ts, 'raw');
    expect(s.metadata).toMatchObject({ route: 'SKETCH+RAW', rawTail: { beginMs: NOW - 45 * MINUTE_MS, endMs: NOW } });
    const rawSeries = r.timeSeries ?? [];
    expect(s.timeSeries).toHaveLength(4);
    (s.timeSeries ?? []).forEach((b, i) => {
      expectWithin1Percent(b.results[0].percentiles as Record<string, number>, rawSeries[i].results[0].percentiles as Record<string, number>);
    });
  });

  it('a mark moved back: SKETCH before, SKETCH+RAW or RAW after, the numbers unchanged', async () => {
    sketches.setMark('rawco', NOW);
    const before = await service().query('rawco', nrql);
    expect(before.metadata.route).toBe('SKETCH');
    sketches.setMark('rawco', NOW - 20 * MINUTE_MS);
    const after = await service().query('rawco', nrql);
    expect(after.metadata).toMatchObject({ route: 'SKETCH+RAW', rawTail: { beginMs: NOW - 20 * MINUTE_MS } });
    expectWithin1Percent(percentilesOf(after), percentilesOf(before));
    sketches.setMark('smartco', NOW);
    expect((await service().query('smartco', nrql)).metadata.route).toBe('SKETCH');
    sketches.setMark('smartco', NOW - 20 * MINUTE_MS);
    expect((await service().query('smartco', nrql)).metadata.route).toBe('RAW');
    sketches.setMark('smartco', NOW - 4 * HOUR_MS);
    expect((await service().query('smartco', nrql)).metadata.reason).toBe("the high-water mark (2026-03-01 08:00:00) is before the range's start: no window of it is trusted yet");
  });

  it('a mark a minute behind leaves the open window out, says so, and stays SKETCH', async () => {
    sketches.setMark('rawco', NOW - MINUTE_MS);
    const s = await service().query('rawco', nrql);
    expect(s.metadata).toMatchObject({ route: 'SKETCH', windows: { endMs: NOW - MINUTE_MS } });
    expect(s.metadata.warnings).toEqual(['the last 60 s of the range (after the last trusted window) are not merged yet and are left out']);
  });

  it('no mark, mode raw, a mode per account, and another account: each routed as it says', async () => {
    sketches.setMark('rawco', NOW);
    expect((await service().query('nobody', nrql)).metadata).toMatchObject({ route: 'RAW', reason: 'no high-water mark for the account yet: nothing merged', highWaterMarkMs: null });
    expect((await service().query('rawco', nrql, 'raw')).metadata).toMatchObject({ route: 'RAW', reason: 'mode raw', mode: 'raw' });
    const perAccount = service({ accountModes: new Map([['rawco', 'raw']]) });
    expect((await perAccount.query('rawco', nrql)).metadata).toMatchObject({ route: 'RAW', mode: 'raw' });
    expect((await perAccount.query('rawco', nrql, 'auto')).metadata).toMatchObject({ route: 'SKETCH', mode: 'auto' });
    expect((await service({ defaultMode: 'raw' }).query('rawco', nrql)).metadata.route).toBe('RAW');
    await expect(service().query('rawco', 'SELECT average(cpuPercent) FROM ProcessSample', 'sketch')).rejects.toThrow(/mode sketch: this query cannot be answered from the sketches: average\(\)/);
    // smartco's windows never answer rawco: its own mark, its own windows.
    sketches.setMark('smartco', undefined);
    expect((await service().query('smartco', nrql)).metadata.route).toBe('RAW');
  });

  it('DistributionMetric is answered from the windows, and from the rows when they cannot', async () => {
    sketches.setMark('rawco', NOW);
    const dm = "SELECT percentile(cpuPercent, 95) FROM DistributionMetric WHERE entityGuid = 'host-1' SINCE 90 minutes ago";
    expect((await service().query('rawco', dm)).metadata.route).toBe('SKETCH');
    sketches.setMark('rawco', undefined);
    const r = await service().query('rawco', dm);
    expect(r.metadata.route).toBe('RAW');
    expect(percentilesOf(r)['95']).toBeGreaterThan(0);
  });
});

async function first<T>(it: AsyncIterable<T>): Promise<T> {
  for await (const x of it) return x;
  throw new Error('empty');
}
