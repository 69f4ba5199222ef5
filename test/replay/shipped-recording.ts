// The suite each shipped recording runs (steady-recording.test.ts,
// churn-recording.test.ts, one file each so that the two replay side by side).

import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { DEFAULT_CONFIG } from '../../src/config/schema.js';
import { replay, type ReplayReport } from '../../src/replay/replay.js';

const RECORDINGS = fileURLToPath(new URL('../fixtures/recordings/', import.meta.url));

/** The report without the harness's own cost (the one figure that depends on the machine's moment). */
function figures(r: ReplayReport): Omit<ReplayReport, 'harness'> {
  const { harness: _, ...rest } = r;
  return rest;
}

/** A shipped recording replays to the same figures every run, and they meet the design's outcome bounds. */
export function shippedRecordingSuite(name: 'steady' | 'churn'): void {
  describe(`the shipped ${name} recording`, () => {
    const file = join(RECORDINGS, `${name}.iwrec.gz`);
    let first: ReplayReport;

    it('replays to the same figures every run', async () => {
      first = await replay(file, DEFAULT_CONFIG);
      const second = await replay(file, DEFAULT_CONFIG);
      expect(figures(second)).toEqual(figures(first));
      console.log(
        `${name}: ${JSON.stringify({ cut: first.cut, sketchError: { ...first.sketchError, perWindow: undefined }, totalsError: first.totalsError, recall: first.anomalies.recall, spikes: first.anomalies.spikes, harness: first.harness })}`,
      );
    }, 120_000);

    it('meets the outcome bounds: p95/p99 within 1 %, totals within 0.1 %, anomaly recall ≥ 95 %, wire bytes cut ≥ 80 %', () => {
      const e = first.sketchError;
      expect(e.windows).toBeGreaterThanOrEqual(2);
      expect(e.perWindow).toHaveLength(e.windows);
      for (const key of [e.host, e.names]) {
        for (const metric of [key.cpu, key.rss]) {
          expect(metric.p95).toBeLessThanOrEqual(0.01);
          expect(metric.p99).toBeLessThanOrEqual(0.01);
        }
      }
      expect(first.totalsError.processCount).toBeLessThanOrEqual(0.001);
      expect(first.totalsError.cpuPercent).toBeLessThanOrEqual(0.001);
      expect(first.totalsError.rssBytes).toBeLessThanOrEqual(0.001);
      expect(first.anomalies.spikes).toBeGreaterThan(0);
      expect(first.anomalies.recall).toBeGreaterThanOrEqual(0.95);
      expect(first.cut.wireBytes).toBeGreaterThanOrEqual(0.8);
    });
  });
}
