// Golden tests of the RAW route: query + fixture data (query-fixture.ts) →
// result, for every construct of the NRQL subset, the same table on the
// embedded SQLite store and on PostgreSQL 15. No sketch store is
// configured: every query runs on the rows.

import { describe, expect, it } from 'vitest';
import { QueryService } from '../../../src/server/query/query-service.js';
import { MIN, NOW, bothEngines, fixtureMessages, tick } from './query-fixture.js';

const S = (ms: number) => ms / 1000;
const iso = (ms: number) => new Date(ms).toISOString().replace('T', ' ').slice(0, 19);

/** [query, expected answer without metadata]. */
const GOLDEN: [string, unknown][] = [
  ['SELECT count(*) FROM ProcessSample', { results: [{ count: 30 }] }],
  ['SELECT count(*) FROM ProcessSample SINCE 3 hours ago', { results: [{ count: 31 }] }],
  [`SELECT count(*) FROM ProcessSample SINCE ${NOW - 180 * MIN} UNTIL '${iso(NOW - 60 * MIN)}'`, { results: [{ count: 1 }] }],
  [
    "SELECT sum(cpuPercent), average(cpuPercent), min(cpuPercent), max(cpuPercent), count(userName) FROM ProcessSample WHERE hostname = 'web-2'",
    { results: [{ sum: 321 }, { average: 26.75 }, { min: 1 }, { max: 50 }, { count: 12 }] },
  ],
  ["SELECT latest(cpuPercent), latest(state) FROM ProcessSample WHERE processDisplayName = 'postgres'", { results: [{ latest: 10 }, { latest: 'S' }] }],
  ['SELECT uniqueCount(processDisplayName), uniqueCount(userName) FROM ProcessSample', { results: [{ uniqueCount: 4 }, { uniqueCount: 4 }] }],
  // h1's 18 values sorted: 0, 0.5 ×6, 2, 4, 6, 8, 10, 10, 11, 12, 13, 14, 15; nearest rank ceil(p·n).
  ["SELECT percentile(cpuPercent, 50, 90, 100), median(cpuPercent) FROM ProcessSample WHERE entityGuid = 'h1'", { results: [{ percentiles: { '50': 4, '90': 14, '100': 15 } }, { median: 4 }] }],
  ["SELECT percentile(memoryResidentSizeBytes, 0, 99) FROM ProcessSample WHERE hostId = 'h2'", { results: [{ percentiles: { '0': 2000, '99': 9000 } }] }],
  ['SELECT count(*) FROM ProcessSample WHERE cpuPercent > 10', { results: [{ count: 11 }] }],
  ['SELECT count(*) FROM ProcessSample WHERE cpuPercent >= 10', { results: [{ count: 13 }] }],
  ['SELECT count(*) FROM ProcessSample WHERE cpuPercent < 1', { results: [{ count: 7 }] }],
  ['SELECT count(*) FROM ProcessSample WHERE cpuPercent <= 1', { results: [{ count: 8 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE state = 'R'", { results: [{ count: 9 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE state != 'S'", { results: [{ count: 15 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE commandName LIKE 'k%'", { results: [{ count: 6 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE commandName NOT LIKE '%n%'", { results: [{ count: 18 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE commandName LIKE 'NGINX'", { results: [{ count: 12 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE commandName LIKE 'ngin_'", { results: [{ count: 0 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE state IN ('R', 'I')", { results: [{ count: 15 }] }],
  ['SELECT count(*) FROM ProcessSample WHERE processId NOT IN (10, 11)', { results: [{ count: 18 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE userName = ''", { results: [{ count: 6 }] }],
  ['SELECT count(*) FROM SystemSample WHERE cpu IS NULL', { results: [{ count: 1 }] }],
  ['SELECT count(*) FROM SystemSample WHERE cpu IS NOT NULL', { results: [{ count: 12 }] }],
  ['SELECT count(*) FROM SystemSample WHERE hostname IS NULL', { results: [{ count: 1 }] }],
  ['SELECT count(*) FROM SystemSample WHERE hostname IS NOT NULL', { results: [{ count: 12 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE hostname LIKE 'web-%' AND NOT hostname IN ('web-2')", { results: [{ count: 18 }] }],
  ["SELECT count(*) FROM ProcessSample WHERE (hostname = 'web-1' OR processDisplayName = 'java') AND NOT cpuPercent < 10", { results: [{ count: 13 }] }],
  [
    'SELECT count(*) FROM ProcessSample FACET processDisplayName',
    {
      facets: [
        { name: 'nginx', results: [{ count: 12 }] },
        { name: 'java', results: [{ count: 6 }] },
        { name: 'kworker/0:1', results: [{ count: 6 }] },
        { name: 'postgres', results: [{ count: 6 }] },
      ],
    },
  ],
  [
    'SELECT count(*) FROM ProcessSample FACET processDisplayName LIMIT 2',
    {
      facets: [
        { name: 'nginx', results: [{ count: 12 }] },
        { name: 'java', results: [{ count: 6 }] },
      ],
    },
  ],
  [
    'SELECT max(cpuPercent) FROM ProcessSample FACET hostname, state',
    {
      facets: [
        { name: ['web-2', 'R'], results: [{ max: 50 }] },
        { name: ['web-1', 'S'], results: [{ max: 15 }] },
        { name: ['web-1', 'R'], results: [{ max: 8 }] },
        { name: ['web-2', 'S'], results: [{ max: 6 }] },
        { name: ['web-1', 'I'], results: [{ max: 0.5 }] },
      ],
    },
  ],
  [
    'SELECT count(*) FROM ProcessSample TIMESERIES 20 minutes',
    {
      timeSeries: [
        { beginTimeSeconds: S(NOW - 60 * MIN), endTimeSeconds: S(NOW - 40 * MIN), results: [{ count: 10 }] },
        { beginTimeSeconds: S(NOW - 40 * MIN), endTimeSeconds: S(NOW - 20 * MIN), results: [{ count: 10 }] },
        { beginTimeSeconds: S(NOW - 20 * MIN), endTimeSeconds: S(NOW), results: [{ count: 10 }] },
      ],
    },
  ],
  [
    "SELECT average(cpu) FROM SystemSample WHERE hostname = 'web-1' SINCE 90 minutes ago TIMESERIES 30 minutes",
    {
      timeSeries: [
        { beginTimeSeconds: S(NOW - 90 * MIN), endTimeSeconds: S(NOW - 60 * MIN), results: [{ average: null }] },
        { beginTimeSeconds: S(NOW - 60 * MIN), endTimeSeconds: S(NOW - 30 * MIN), results: [{ average: 10 }] },
        { beginTimeSeconds: S(NOW - 30 * MIN), endTimeSeconds: S(NOW), results: [{ average: 40 }] },
      ],
    },
  ],
  [
    'SELECT count(*) FROM ProcessSample FACET hostname TIMESERIES 30 minutes',
    {
      facets: [
        {
          name: 'web-1',
          timeSeries: [
            { beginTimeSeconds: S(NOW - 60 * MIN), endTimeSeconds: S(NOW - 30 * MIN), results: [{ count: 9 }] },
            { beginTimeSeconds: S(NOW - 30 * MIN), endTimeSeconds: S(NOW), results: [{ count: 9 }] },
          ],
        },
        {
          name: 'web-2',
          timeSeries: [
            { beginTimeSeconds: S(NOW - 60 * MIN), endTimeSeconds: S(NOW - 30 * MIN), results: [{ count: 6 }] },
            { beginTimeSeconds: S(NOW - 30 * MIN), endTimeSeconds: S(NOW), results: [{ count: 6 }] },
          ],
        },
      ],
    },
  ],
  [
    "SELECT processId, cpuPercent, hostname FROM ProcessSample WHERE processDisplayName = 'java' LIMIT 2",
    {
      results: [
        {
          events: [
            { timestamp: tick(5), processId: 21, cpuPercent: 50, hostname: 'web-2' },
            { timestamp: tick(4), processId: 21, cpuPercent: 50, hostname: 'web-2' },
          ],
        },
      ],
    },
  ],
  ["SELECT * FROM SystemSample WHERE entityGuid = 'h2' LIMIT 1", { results: [{ events: [{ timestamp: tick(5), hostId: 'h2', hostname: 'web-2', cpu: 5, memory: 40, disk: 50, uptime: 100 }] }] }],
  ['SELECT sum(processCount), average(cpuPercent) FROM ProcessAggregateSample', { results: [{ sum: 24 }, { average: 2.5 }] }],
  ['SELECT max(cpuPercent), min(cpu) FROM SystemSample', { results: [{ max: 50 }, { min: 0 }] }],
  ["SELECT percentile(cpuPercent, 50) FROM DistributionMetric WHERE hostId = 'h1'", { results: [{ percentiles: { '50': 4 } }] }],
];

const engines = bothEngines(fixtureMessages);

for (const engine of engines) {
  describe(`RAW golden on ${engine.name}`, () => {
    const service = () => new QueryService(engine.runner, { now: () => NOW });
    for (const [nrql, want] of GOLDEN) {
      it(nrql, async () => {
        const { metadata, ...answer } = await service().query('acme', nrql);
        expect(answer).toEqual(want);
        expect(metadata.route).toBe('RAW');
      });
    }

    it('sees only the account of the query: the same host name in another account is not counted', async () => {
      const other = await service().query('other', "SELECT count(*), max(cpuPercent) FROM ProcessSample WHERE hostname = 'web-1'");
      expect(other.results).toEqual([{ count: 6 }, { max: 1000 }]);
      const acme = await service().query('acme', "SELECT count(*), max(cpuPercent) FROM ProcessSample WHERE hostname = 'web-1'");
      expect(acme.results).toEqual([{ count: 18 }, { max: 15 }]);
      expect((await service().query('nobody', 'SELECT count(*) FROM ProcessSample')).results).toEqual([{ count: 0 }]);
    });

    it('says which route ran and why, and warns that a RAW percentile over smart-mode rows is the top N only', async () => {
      const r = await service().query('acme', "SELECT percentile(cpuPercent, 95) FROM ProcessSample WHERE hostname = 'web-1'");
      expect(r.metadata).toMatchObject({
        route: 'RAW',
        reason: 'no sketch store is configured on this server',
        mode: 'auto',
        beginTimeMillis: NOW - 60 * MIN,
        endTimeMillis: NOW,
        eventType: 'ProcessSample',
      });
      expect(r.metadata.warnings.join(' ')).toMatch(/smart mode: ProcessSample holds only the top N/);
      const count = await service().query('acme', 'SELECT count(*) FROM SystemSample');
      expect(count.metadata).toMatchObject({ route: 'RAW', reason: 'SystemSample has no sketches', warnings: [] });
    });

    it('refuses a value of the wrong type, and a range that ends before it starts', async () => {
      await expect(service().query('acme', "SELECT count(*) FROM ProcessSample WHERE cpuPercent = 'x'")).rejects.toThrow(/cpuPercent is a number: compare it with a number/);
      await expect(service().query('acme', 'SELECT count(*) FROM ProcessSample SINCE 1 hour ago UNTIL 2 hours ago')).rejects.toThrow(/must be before UNTIL/);
    });

    it('binds every value: a quote in a value is data, not SQL', async () => {
      const r = await service().query('acme', "SELECT count(*) FROM ProcessSample WHERE processDisplayName = 'x'' OR 1=1 --'");
      expect(r.results).toEqual([{ count: 0 }]);
    });
  });
}
