// An in-memory SketchReader and HighWaterReader (sketch-reader.ts): what
// the router's tests and the bench run on until the merger's stores are
// plugged in. `addValues` plays the merger: it sketches the values of one
// key's window with the agent's DDSketch and stores it; `deleteWindow` and
// `setMark` make the gaps and the stalls the router must notice.

import { DDSketch } from '../../sketch/ddsketch.js';
import { HOUR_MS, type HighWaterReader, type SketchKey, type SketchMetricName, type SketchReader, type SketchWindow, type WindowGranularityMs } from './sketch-reader.js';

function keyOf(account: string, metric: string, entity: string, display: string | undefined, granularityMs: number): string {
  return JSON.stringify([account, metric, entity, display ?? null, granularityMs]);
}

/** A window of `values` as the merger stores it. */
export function windowOf(values: readonly number[], startMs: number, endMs: number, scale = 6): SketchWindow {
  const s = new DDSketch(scale);
  for (const v of values) s.add(v);
  const { minIndex, counts } = s.positive.occupied();
  return { startMs, endMs, scale, count: s.count, sum: s.sum, min: s.min, max: s.max, zeroCount: s.zeroCount, bins: { offset: minIndex, counts } };
}

export class MemorySketchStore implements SketchReader, HighWaterReader {
  /** Per key: windows by startMs. */
  private readonly byKey = new Map<string, Map<number, SketchWindow>>();
  private readonly marks = new Map<string, bigint>();
  /** Calls of windows(), for tests that check the hourly rollups are used. */
  reads = 0;

  put(account: string, metric: SketchMetricName, entity: string, display: string | undefined, granularityMs: WindowGranularityMs, w: SketchWindow): void {
    const k = keyOf(account, metric, entity, display, granularityMs);
    let m = this.byKey.get(k);
    if (m === undefined) {
      m = new Map();
      this.byKey.set(k, m);
    }
    m.set(w.startMs, w);
  }

  /** Sketches `values` into the window of `key` starting at startMs. */
  addValues(account: string, metric: SketchMetricName, entity: string, display: string | undefined, granularityMs: WindowGranularityMs, startMs: number, values: readonly number[], scale = 6): void {
    this.put(account, metric, entity, display, granularityMs, windowOf(values, startMs, startMs + granularityMs, scale));
  }

  deleteWindow(account: string, metric: SketchMetricName, entity: string, display: string | undefined, granularityMs: WindowGranularityMs, startMs: number): boolean {
    return this.byKey.get(keyOf(account, metric, entity, display, granularityMs))?.delete(startMs) ?? false;
  }

  setMark(account: string, ms: number | undefined): void {
    if (ms === undefined) this.marks.delete(account);
    else this.marks.set(account, BigInt(ms));
  }

  async mark(account: string): Promise<bigint | undefined> {
    return this.marks.get(account);
  }

  async markNs(account: string): Promise<bigint | undefined> {
    const ms = this.marks.get(account);
    return ms === undefined ? undefined : ms * 1_000_000n;
  }

  async *windows(
    account: string,
    metric: SketchMetricName,
    entity: string,
    display: string | undefined,
    fromMs: number,
    toMs: number,
    granularityMs: WindowGranularityMs,
  ): AsyncIterable<SketchWindow> {
    this.reads++;
    const m = this.byKey.get(keyOf(account, metric, entity, display, granularityMs));
    if (m === undefined) return;
    const starts = [...m.keys()].filter((s) => s >= fromMs && s < toMs).sort((a, b) => a - b);
    for (const s of starts) yield m.get(s) as SketchWindow;
  }

  async keys(account: string, metric: SketchMetricName, of: { readonly entity?: string; readonly display?: string | null }, fromMs: number, toMs: number): Promise<SketchKey[]> {
    const out: SketchKey[] = [];
    for (const [k, m] of this.byKey) {
      const [a, me, entity, display, granularityMs] = JSON.parse(k) as [string, string, string, string | null, number];
      if (a !== account || me !== metric || granularityMs !== HOUR_MS) continue;
      if (of.entity !== undefined && entity !== of.entity) continue;
      if (of.display !== undefined && display !== of.display) continue;
      if ([...m.keys()].some((s) => s >= fromMs && s < toMs)) out.push({ entity, display: display ?? undefined });
    }
    return out;
  }
}
