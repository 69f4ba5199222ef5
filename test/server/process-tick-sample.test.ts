// A tick's own figures (TopNBatch: topn_capture_ratio, the host's totals,
// the scan's counters) are stored as the agent sent them, one
// ProcessTickSample row a tick, through the writer's path (writeBatch) on
// the embedded SQLite store and on PostgreSQL 15, and the canary view reads
// the stored ratio: the fixture's rows and aggregates hold shares of cpu%
// and RSS that differ from the ratios the agent shipped (as they do in
// smart mode, where the aggregates fold processes the agent weighed in
// full), so a view that recomputed the ratio from the rows would fail here.

import { describe, expect, it } from 'vitest';
import { canaryView } from '../../src/server/fleet/canary-view.js';
import { QueryService } from '../../src/server/query/query-service.js';
import type { TopicMessage } from '../../src/server/topics/topic-message.js';
import { infrawatch } from '../../src/wire/generated/infrawatch.js';
import { message } from './messages.js';
import { bothEngines, MIN, NOW } from './query/query-fixture.js';

const T = [NOW - 3 * MIN, NOW - 2 * MIN];

function tickMessage(host: string, ts: number, mode: 'smart' | 'raw', ratio: { cpu: number; rss: number }, vanished: number): TopicMessage {
  const body = infrawatch.ProcessEnvelope.encode({
    entityGuid: host,
    schemaVersion: '2.2',
    payload: {
      timestampMs: ts,
      intervalMs: 10_000,
      mode,
      topN: 2,
      // Rows and aggregates whose sums say 25 % of cpu and 50 % of RSS, whatever the ratio shipped.
      top: [{ processId: 7, processDisplayName: 'app', cpuPercent: 10, memoryResidentSizeBytes: 1000 }],
      aggregates: [{ processDisplayName: 'rest', processCount: 40, cpuPercent: 30, memoryResidentSizeBytes: 1000 }],
      totals: { processCount: 41, kernelThreadCount: 3, threadCount: 90, cpuPercent: 40, memoryResidentSizeBytes: 2000, memoryVirtualSizeBytes: 9000 },
      topnCaptureRatioCpu: ratio.cpu,
      topnCaptureRatioRss: ratio.rss,
      counters: { listed: 44, scanned: 41, vanished, scanner: 'bpf', bpfFallbacks: 1 },
    },
  }).finish();
  return message('process', 'acme', host, ts, body);
}

const messages = () => [
  tickMessage('t1', T[0], 'smart', { cpu: 0.875, rss: 0.375 }, 2),
  tickMessage('t1', T[1], 'smart', { cpu: 0.9375, rss: 0.625 }, 1),
  tickMessage('t2', T[0], 'raw', { cpu: 1, rss: 1 }, 0),
  tickMessage('t2', T[1], 'raw', { cpu: 1, rss: 1 }, 0),
];

for (const engine of bothEngines(messages)) {
  describe(`ProcessTickSample on ${engine.name}`, () => {
    const service = () => new QueryService(engine.runner, { now: () => NOW });

    it('holds one row a tick with the ratio, totals and counters the agent sent; a redelivery adds none', async () => {
      expect(await engine.store.writeBatch(messages())).toMatchObject({ written: 0, duplicates: 4 });
      expect(await engine.store.countRows('acme', 't1')).toMatchObject({ ProcessTickSample: 2, ProcessSample: 2, ProcessAggregateSample: 2 });
      const r = await service().query(
        'acme',
        "SELECT count(*), average(topnCaptureRatioCpu), min(topnCaptureRatioRss), sum(vanished), latest(scanner), max(processCount), max(cpuPercent), latest(mode) FROM ProcessTickSample WHERE hostId = 't1' SINCE 10 minutes ago",
      );
      expect(r.results).toEqual([{ count: 2 }, { average: 0.90625 }, { min: 0.375 }, { sum: 3 }, { latest: 'bpf' }, { max: 41 }, { max: 40 }, { latest: 'smart' }]);
      expect(r.metadata.route).toBe('RAW');
    });

    it('the canary view reads the stored ratio, not the share of the rows', async () => {
      const query = (nrql: string, mode?: 'raw' | 'sketch' | 'auto') => service().query('acme', nrql, mode);
      const v = await canaryView(query, { account: 'acme', cohort: { hosts: ['t1'] }, labelsOf: () => ({}), fromMs: NOW - 10 * MIN, untilMs: NOW });
      expect(v.canary.capture.cpu.min).toBe(0.90625);
      expect(v.canary.capture.cpu.mean).toBe(0.90625);
      expect(v.canary.capture.rss.min).toBe(0.5);
      expect(v.rest.capture).toEqual({ cpu: { min: 1, mean: 1 }, rss: { min: 1, mean: 1 } });
    });
  });
}
