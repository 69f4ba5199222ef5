// A fleet for the router's tests and the bench: hosts ticking every 10 s,
// each tick's processes written as ProcessSample rows (every process in raw
// mode, the top N by cpu in smart mode), and the windows the merger would
// make of the same values put in a MemorySketchStore: per (host, display
// name), per host, per display name fleet-wide and fleet-wide, 60 s windows
// and hourly rollups, for cpuPercent and memoryResidentSizeBytes; and, when
// given a StoredWindows, the agents' windows (per host and display name)
// committed minute by minute to a real DistributionMetric store. Values
// from a seeded generator: the same fleet every run.

import type { MemorySketchStore } from '../../../src/server/query/memory-sketch-store.js';
import { HOUR_MS, MINUTE_MS, type SketchMetricName } from '../../../src/server/query/sketch-reader.js';
import type { RowStore } from '../../../src/server/store/row-store.js';
import type { TopicMessage } from '../../../src/server/topics/topic-message.js';
import { type ProcessRowSpec, processMessageOf, registerMessageOf } from './query-fixture.js';
import type { StoredWindows } from './stored-windows.js';

export const DISPLAY_NAMES = ['nginx', 'java', 'postgres', 'redis'];

/** mulberry32: a small seeded generator. */
export function seeded(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export interface FleetSpec {
  readonly account: string;
  readonly hosts: number;
  /** [fromMs, toMs), whole hours. */
  readonly fromMs: number;
  readonly toMs: number;
  readonly tickMs?: number;
  readonly processesPerHost?: number;
  readonly mode: 'raw' | 'smart';
  /** Rows kept per tick in smart mode. */
  readonly topN?: number;
  readonly seed?: number;
}

const METRICS: SketchMetricName[] = ['cpuPercent', 'memoryResidentSizeBytes'];

/** Writes the fleet's rows into `store` and its windows into `sketches` (and `stored`); returns the host ids (hostname = host id + '.example'). */
export async function buildFleet(spec: FleetSpec, store: RowStore, sketches: MemorySketchStore, stored?: StoredWindows): Promise<string[]> {
  const tickMs = spec.tickMs ?? 10_000;
  const perHost = spec.processesPerHost ?? 8;
  const random = seeded(spec.seed ?? 1);
  const hosts = Array.from({ length: spec.hosts }, (_, i) => `host-${i + 1}`);
  // Values of a window per key: key → metric → values; flushed at each minute / hour boundary.
  const minute = new Map<string, number[][]>();
  const hour = new Map<string, number[][]>();
  const keyOf = (entity: string, display: string | undefined) => JSON.stringify([entity, display ?? null]);
  const add = (m: Map<string, number[][]>, entity: string, display: string | undefined, cpu: number, mem: number) => {
    const k = keyOf(entity, display);
    let v = m.get(k);
    if (v === undefined) {
      v = [[], []];
      m.set(k, v);
    }
    v[0].push(cpu);
    v[1].push(mem);
  };
  const flush = (m: Map<string, number[][]>, startMs: number, granularityMs: typeof MINUTE_MS | typeof HOUR_MS) => {
    for (const [k, values] of m) {
      const [entity, display] = JSON.parse(k) as [string, string | null];
      METRICS.forEach((metric, i) => {
        sketches.addValues(spec.account, metric, entity, display ?? undefined, granularityMs, startMs, values[i]);
      });
    }
    m.clear();
  };
  let batch: TopicMessage[] = hosts.map((h) => registerMessageOf(spec.account, h, `${h}.example`, spec.fromMs));
  for (let t = spec.fromMs; t < spec.toMs; t += tickMs) {
    for (const h of hosts) {
      const rows: ProcessRowSpec[] = [];
      for (let p = 0; p < perHost; p++) {
        const display = DISPLAY_NAMES[p % DISPLAY_NAMES.length];
        // A skewed distribution: most processes idle, a few busy.
        const cpu = Math.round(Math.exp(random() * 5 - 1) * 1000) / 1000;
        const mem = Math.round(1e6 * Math.exp(random() * 6));
        rows.push({ processId: 100 + p, name: display, cpu, mem, state: 'S', user: 'u' });
        add(minute, h, undefined, cpu, mem);
        add(minute, h, display, cpu, mem);
        add(minute, '', undefined, cpu, mem);
        add(minute, '', display, cpu, mem);
        add(hour, h, undefined, cpu, mem);
        add(hour, h, display, cpu, mem);
        add(hour, '', undefined, cpu, mem);
        add(hour, '', display, cpu, mem);
      }
      const kept = spec.mode === 'raw' ? rows : [...rows].sort((a, b) => b.cpu - a.cpu).slice(0, spec.topN ?? 3);
      batch.push(processMessageOf(spec.account, h, t, spec.mode, kept));
      if (batch.length >= 500) {
        await store.writeBatch(batch);
        batch = [];
      }
    }
    const next = t + tickMs;
    if (next % MINUTE_MS === 0 && stored !== undefined) {
      for (const [k, values] of minute) {
        const [entity, display] = JSON.parse(k) as [string, string | null];
        if (entity === '') continue;
        METRICS.forEach((metric, i) => {
          stored.add(entity, display ?? '', metric, next - MINUTE_MS, values[i]);
        });
      }
      await stored.flush();
    }
    if (next % MINUTE_MS === 0) flush(minute, next - MINUTE_MS, MINUTE_MS);
    if (next % HOUR_MS === 0) flush(hour, next - HOUR_MS, HOUR_MS);
  }
  if (batch.length > 0) await store.writeBatch(batch);
  return hosts;
}
