// The router's two readers (sketch-reader.ts) over part 2's stores: the
// merger's DistributionMetric rows (src/server/sketch-store/) and its
// high-water mark (src/server/high-water/). Each takes its store through a
// getter: the server starts the merger after its listeners, and a server
// without a merger (merger.enabled false) has neither, so every query runs
// RAW with that reason.

import type { HighWaterMark } from '../high-water/high-water-mark.js';
import type { SketchStore } from '../sketch-store/sketch-store.js';
import { HOUR_MS, type HighWaterReader, type SketchKey, type SketchMetricName, type SketchReader, type SketchWindow, type WindowGranularityMs } from './sketch-reader.js';

const NS_PER_MS = 1_000_000n;

export class StoredSketchReader implements SketchReader {
  constructor(private readonly store: () => SketchStore | undefined) {}

  async *windows(
    account: string,
    metric: SketchMetricName,
    entity: string,
    display: string | undefined,
    fromMs: number,
    toMs: number,
    granularityMs: WindowGranularityMs,
  ): AsyncIterable<SketchWindow> {
    const store = this.store();
    if (store === undefined) return;
    // The host key is the display name '' (the agent's SketchEnvelope without a display name).
    const rows = await store.read({ account, metric, granularityMs, fromMs, toMs, entity, displayName: display ?? '' });
    rows.sort((a, b) => a.windowStartMs - b.windowStartMs);
    for (const r of rows) {
      const s = r.sketch;
      // cpu% and RSS are never negative: the negative bins of these metrics are empty.
      yield { startMs: r.windowStartMs, endMs: r.windowEndMs, scale: s.scale, count: s.count, sum: s.sum, min: s.min, max: s.max, zeroCount: s.zeroCount, bins: s.positive };
    }
  }

  async keys(account: string, metric: SketchMetricName, of: { readonly entity?: string; readonly display?: string | null }, fromMs: number, toMs: number): Promise<SketchKey[]> {
    const store = this.store();
    if (store === undefined) return [];
    // read() decodes the bins it does not need here: a few rows an hour and key, the hourly ones.
    const rows = await store.read({ account, metric, granularityMs: HOUR_MS, fromMs, toMs, entity: of.entity, displayName: of.display === null ? '' : of.display });
    const seen = new Map<string, SketchKey>();
    for (const r of rows) seen.set(`${r.entity}\0${r.displayName}`, { entity: r.entity, display: r.displayName === '' ? undefined : r.displayName });
    return [...seen.values()];
  }
}

/** The mark in Unix ms, as the router reads it (the store keeps nanoseconds). */
export class StoredHighWater implements HighWaterReader {
  constructor(private readonly highWater: () => HighWaterMark | undefined) {}

  async mark(account: string): Promise<bigint | undefined> {
    const ns = await this.markNs(account);
    return ns === undefined ? undefined : ns / NS_PER_MS;
  }

  async markNs(account: string): Promise<bigint | undefined> {
    return this.highWater()?.get(account);
  }
}
