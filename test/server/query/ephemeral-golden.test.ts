// ProcessEphemeralSample (the exit tracker's summaries, ProcessEnvelope
// v2.3) answered by NRQL, the same on the embedded SQLite store and on
// PostgreSQL 15: the exits per name, the lifetimes and the exit codes, of
// the query's account only.

import { describe, expect, it } from 'vitest';
import { QueryService } from '../../../src/server/query/query-service.js';
import type { TopicMessage } from '../../../src/server/topics/topic-message.js';
import { infrawatch } from '../../../src/wire/generated/infrawatch.js';
import { message } from '../messages.js';
import { bothEngines, MIN, NOW } from './query-fixture.js';

const T = [NOW - 3 * MIN, NOW - 2 * MIN];

interface SummarySpec {
  name: string;
  count: number;
  p95: number;
  max: number;
  codes: Record<number, number>;
}

const summary = (s: SummarySpec) => ({
  processDisplayName: s.name,
  processCount: s.count,
  cpuPercent: 1,
  memoryResidentPeakBytes: 4096,
  lifetimeP50Ms: s.p95 / 2,
  lifetimeP95Ms: s.p95,
  lifetimeP99Ms: s.max,
  lifetimeMaxMs: s.max,
  exitCodes: Object.entries(s.codes).map(([code, count]) => ({ exitCode: Number(code), count })),
});

function tickOf(account: string, host: string, ts: number, byName: SummarySpec[], byParent: SummarySpec[]): TopicMessage {
  const body = infrawatch.ProcessEnvelope.encode({
    entityGuid: host,
    schemaVersion: '2.3',
    payload: { timestampMs: ts, intervalMs: 60_000, mode: 'smart', ephemeral: { byName: byName.map(summary), byParent: byParent.map(summary), intervalMs: 60_000 } },
  }).finish();
  return message('process', account, host, ts, body);
}

const messages = () => [
  tickOf(
    'acme',
    'h1',
    T[0],
    [
      { name: 'curl', count: 10, p95: 80, max: 99, codes: { 0: 9, 137: 1 } },
      { name: 'sh', count: 4, p95: 5, max: 7, codes: { 0: 4 } },
    ],
    [{ name: 'bash', count: 14, p95: 80, max: 99, codes: { 0: 13, 137: 1 } }],
  ),
  tickOf('acme', 'h2', T[1], [{ name: 'curl', count: 5, p95: 40, max: 250, codes: { 6: 5 } }], [{ name: 'cron', count: 5, p95: 40, max: 250, codes: { 6: 5 } }]),
  tickOf('other', 'h9', T[1], [{ name: 'curl', count: 1000, p95: 1, max: 1, codes: { 0: 1000 } }], []),
];

for (const engine of bothEngines(messages)) {
  describe(`ProcessEphemeralSample on ${engine.name}`, () => {
    const query = (nrql: string) => new QueryService(engine.runner, { now: () => NOW }).query('acme', nrql);

    it('sums the exits per name (count is processCount), both groupings, this account only', async () => {
      const r = await query('SELECT sum(count) FROM ProcessEphemeralSample FACET processDisplayName');
      expect(r.facets).toEqual([
        { name: 'curl', results: [{ sum: 15 }] },
        { name: 'bash', results: [{ sum: 14 }] },
        { name: 'cron', results: [{ sum: 5 }] },
        { name: 'sh', results: [{ sum: 4 }] },
      ]);
      const byParent = await query("SELECT sum(processCount) FROM ProcessEphemeralSample WHERE grouping = 'parent' FACET hostId");
      expect(byParent.facets).toEqual([
        { name: 'h1', results: [{ sum: 14 }] },
        { name: 'h2', results: [{ sum: 5 }] },
      ]);
    });

    it('answers the lifetimes and the exit codes as stored', async () => {
      const r = await query("SELECT max(lifetimeMaxMs), average(lifetimeP95Ms), min(lifetimeP50Ms), count(*) FROM ProcessEphemeralSample WHERE grouping = 'name' AND processDisplayName = 'curl'");
      expect(r.results).toEqual([{ max: 250 }, { average: 60 }, { min: 20 }, { count: 2 }]);
      const codes = await query("SELECT latest(exitCodes) FROM ProcessEphemeralSample WHERE grouping = 'name' FACET hostId, processDisplayName");
      expect(codes.facets).toEqual([
        { name: ['h1', 'curl'], results: [{ latest: '{"0":9,"137":1}' }] },
        { name: ['h1', 'sh'], results: [{ latest: '{"0":4}' }] },
        { name: ['h2', 'curl'], results: [{ latest: '{"6":5}' }] },
      ]);
      const killed = await query("SELECT sum(count) FROM ProcessEphemeralSample WHERE grouping = 'name' AND exitCodes LIKE '%\"137\"%' FACET processDisplayName");
      expect(killed.facets).toEqual([{ name: 'curl', results: [{ sum: 10 }] }]);
    });
  });
}
