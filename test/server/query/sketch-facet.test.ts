// FACET on the SKETCH route, golden against RAW on both stores: a raw-mode
// fleet (the truth) written to the row store, and its agents' windows
// committed to the real DistributionMetric store the merger writes
// (stored-windows.ts), SQLite and PostgreSQL 15. FACET processDisplayName,
// hostname and entityGuid, with and without a WHERE, with LIMIT: the SKETCH
// answer has as many facets as RAW's, each percentile within 1 % of its
// rows', in RAW's order and cut up to that 1 % (two facets closer than the
// sketch's accuracy may swap); FACET of two keys ((host, display name)
// windows); FACET with TIMESERIES, each bucket of each facet within 1 % of
// its rows'; and an account sees only its own facets.

import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemorySketchStore } from '../../../src/server/query/memory-sketch-store.js';
import { PostgresSqlRunner } from '../../../src/server/query/postgres-sql-runner.js';
import { QueryService } from '../../../src/server/query/query-service.js';
import type { FacetEntry } from '../../../src/server/query/query-result.js';
import { HOUR_MS } from '../../../src/server/query/sketch-reader.js';
import type { SqlRunner } from '../../../src/server/query/sql-runner.js';
import { SqliteSqlRunner } from '../../../src/server/query/sqlite-sql-runner.js';
import { StoredSketchReader } from '../../../src/server/query/stored-sketches.js';
import { PostgresSketchStore } from '../../../src/server/sketch-store/postgres-sketch-store.js';
import type { SketchStore } from '../../../src/server/sketch-store/sketch-store.js';
import { SqliteSketchStore } from '../../../src/server/sketch-store/sqlite-sketch-store.js';
import { PostgresRowStore } from '../../../src/server/store/postgres-row-store.js';
import type { RowStore } from '../../../src/server/store/row-store.js';
import { openRowsFile, openSketchesFile } from '../../../src/server/store/sqlite-file.js';
import { SqliteRowStore } from '../../../src/server/store/sqlite-row-store.js';
import { freshDatabase, type RunningEngine, startPostgres } from '../engines.js';
import { NOW } from './query-fixture.js';
import { buildFleet } from './sketch-fleet.js';
import { StoredWindows } from './stored-windows.js';

const FROM = NOW - HOUR_MS;
const RANGE = `SINCE ${FROM} UNTIL ${NOW}`;

const FACETS = [
  'SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample FACET processDisplayName',
  'SELECT percentile(memoryResidentSizeBytes, 95) FROM ProcessSample FACET hostname',
  'SELECT percentile(cpuPercent, 95), median(memoryResidentSizeBytes) FROM ProcessSample FACET entityGuid LIMIT 2',
  "SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample WHERE hostname = 'host-2.example' FACET processDisplayName LIMIT 3",
  "SELECT percentile(cpuPercent, 99) FROM ProcessSample WHERE processDisplayName = 'java' FACET hostname",
  // Two keys: (host, display name) windows, the hosts of one hostname merged.
  'SELECT percentile(cpuPercent, 50, 95, 99) FROM ProcessSample FACET hostname, processDisplayName',
  'SELECT percentile(memoryResidentSizeBytes, 95), median(cpuPercent) FROM ProcessSample FACET processDisplayName, entityGuid LIMIT 5',
  'SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET entityGuid, hostname LIMIT MAX',
  // TIMESERIES: ranked over the whole range, each bucket from its windows.
  'SELECT percentile(cpuPercent, 95, 99) FROM ProcessSample FACET processDisplayName TIMESERIES 10 minutes',
  "SELECT percentile(memoryResidentSizeBytes, 50, 99) FROM ProcessSample WHERE processDisplayName = 'nginx' FACET hostname LIMIT 3 TIMESERIES 20 minutes",
  'SELECT percentile(cpuPercent, 99) FROM ProcessSample FACET hostname, processDisplayName LIMIT 6 TIMESERIES 30 minutes',
];

interface Engine {
  readonly name: string;
  runner: SqlRunner;
  sketches: SketchStore;
  close(): Promise<void>;
}

async function fill(rows: RowStore, sketches: SketchStore): Promise<void> {
  await buildFleet({ account: 'rawco', hosts: 4, fromMs: FROM, toMs: NOW, mode: 'raw', seed: 11 }, rows, new MemorySketchStore(), new StoredWindows(sketches, 'rawco'));
  await buildFleet({ account: 'otherco', hosts: 6, fromMs: FROM, toMs: NOW, mode: 'raw', seed: 12 }, rows, new MemorySketchStore(), new StoredWindows(sketches, 'otherco'));
}

const engines: Engine[] = [
  {
    name: 'sqlite',
    async open() {
      const db = openRowsFile(':memory:');
      const sketchesDb = openSketchesFile(':memory:');
      this.runner = new SqliteSqlRunner(db);
      this.sketches = await SqliteSketchStore.open(sketchesDb);
      await fill(new SqliteRowStore(db), this.sketches);
      this.close = async () => {
        db.close();
        sketchesDb.close();
      };
    },
  } as Engine & { open(): Promise<void> },
  {
    name: 'postgres',
    async open() {
      const server: RunningEngine = await startPostgres();
      const url = await freshDatabase(server, 'sketch_facet');
      const rows = await PostgresRowStore.open({ url, now: () => NOW });
      this.runner = PostgresSqlRunner.open(url);
      this.sketches = await PostgresSketchStore.open({ url });
      await fill(rows, this.sketches);
      this.close = async () => {
        await this.runner.close();
        await this.sketches.close();
        await rows.close();
        await server.stop();
      };
    },
  } as Engine & { open(): Promise<void> },
];

function percentiles(f: { readonly results?: FacetEntry['results'] }): number[] {
  return (f.results ?? []).flatMap((r) => {
    const v = Object.values(r)[0];
    return typeof v === 'number' ? [v] : Object.values(v as Record<string, number>);
  });
}

for (const engine of engines) {
  describe(`FACET from the sketches against the rows on ${engine.name}`, () => {
    beforeAll(() => (engine as Engine & { open(): Promise<void> }).open(), 180_000);
    afterAll(() => engine.close?.());
    const service = () =>
      new QueryService(engine.runner, {
        sketches: new StoredSketchReader(() => engine.sketches),
        marks: { mark: async () => BigInt(NOW), markNs: async () => BigInt(NOW) * 1_000_000n },
        now: () => NOW,
      });

    for (const nrql of FACETS) {
      it(nrql, async () => {
        const sketch = await service().query('rawco', `${nrql} ${RANGE}`);
        const raw = await service().query('rawco', `${nrql} ${RANGE}`, 'raw');
        // Every group's truth over the whole range: RAW without the cut (nor the buckets).
        const uncut = nrql.replace(/ LIMIT (\d+|MAX)/, '');
        const all = await service().query('rawco', `${uncut.replace(/ TIMESERIES .*$/, '')} LIMIT MAX ${RANGE}`, 'raw');
        expect(sketch.metadata.route, sketch.metadata.reason).toBe('SKETCH');
        expect(raw.metadata.route).toBe('RAW');
        const truth = new Map((all.facets ?? []).map((f) => [JSON.stringify(f.name), percentiles(f)]));
        const got = sketch.facets ?? [];
        expect(got.length).toBeGreaterThan(0);
        expect(got).toHaveLength(raw.facets?.length ?? 0);
        for (const f of got) {
          const want = truth.get(JSON.stringify(f.name));
          expect(want, `facet ${JSON.stringify(f.name)} has no rows`).toBeDefined();
          if (f.timeSeries === undefined)
            for (const [k, v] of percentiles(f).entries()) expect(Math.abs(v - want![k]) / want![k], `${JSON.stringify(f.name)}: sketch ${v}, rows ${want![k]}`).toBeLessThan(0.01);
        }
        if (nrql.includes('TIMESERIES')) {
          // Each facet's buckets against the rows' buckets of that facet.
          const series = await service().query('rawco', `${uncut} LIMIT MAX ${RANGE}`, 'raw');
          const rowsOf = new Map((series.facets ?? []).map((f) => [JSON.stringify(f.name), f.timeSeries ?? []]));
          for (const f of got) {
            const want = rowsOf.get(JSON.stringify(f.name))!;
            expect(f.timeSeries?.map((b) => [b.beginTimeSeconds, b.endTimeSeconds])).toEqual(want.map((b) => [b.beginTimeSeconds, b.endTimeSeconds]));
            f.timeSeries?.forEach((b, i) => {
              const rows = percentiles(want[i]);
              expect(rows.length).toBeGreaterThan(0);
              for (const [k, v] of percentiles(b).entries()) expect(Math.abs(v - rows[k]) / rows[k], `${JSON.stringify(f.name)} bucket ${i}: sketch ${v}, rows ${rows[k]}`).toBeLessThan(0.01);
            });
          }
        }
        // RAW's order and cut, up to the sketch's 1 %: a facet ranked above another is not more than 1 % below it in the rows,
        // and a facet RAW kept that the sketch cut ranks within 1 % of the last one kept.
        const rank = (f: FacetEntry) => truth.get(JSON.stringify(f.name))![0];
        for (let i = 1; i < got.length; i++) expect(rank(got[i])).toBeLessThanOrEqual(rank(got[i - 1]) * 1.01);
        const kept = new Set(got.map((f) => JSON.stringify(f.name)));
        const lowest = Math.min(...got.map(rank));
        for (const f of raw.facets ?? []) if (!kept.has(JSON.stringify(f.name))) expect(rank(f)).toBeLessThanOrEqual(lowest * 1.01);
      });
    }

    it("sees only the query's account: each account its own hosts", async () => {
      const nrql = `SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET hostname LIMIT MAX ${RANGE}`;
      const rawco = await service().query('rawco', nrql);
      const otherco = await service().query('otherco', nrql);
      expect(rawco.metadata.route).toBe('SKETCH');
      expect(rawco.facets?.map((f) => f.name).sort()).toEqual(['host-1.example', 'host-2.example', 'host-3.example', 'host-4.example']);
      expect(otherco.facets).toHaveLength(6);
      expect((await service().query('nobody', nrql)).facets ?? []).toEqual([]);
      const twoKeys = `SELECT percentile(cpuPercent, 95) FROM ProcessSample FACET hostname, processDisplayName LIMIT MAX ${RANGE} TIMESERIES 30 minutes`;
      const rawcoKeys = await service().query('rawco', twoKeys);
      expect(rawcoKeys.metadata.route).toBe('SKETCH');
      expect(new Set(rawcoKeys.facets?.map((f) => (f.name as string[])[0]))).toEqual(new Set(['host-1.example', 'host-2.example', 'host-3.example', 'host-4.example']));
      expect(rawcoKeys.facets).toHaveLength(16);
      expect((await service().query('otherco', twoKeys)).facets).toHaveLength(24);
    });
  });
}
