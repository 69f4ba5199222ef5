// A recording played through the real pipeline twice over, tick by tick: the
// recorded files go into a /proc tree on disk (proc-tree.ts), and two
// scanners read it at the recorded times, one in raw mode (every process a
// row: the exact values) and one in smart mode with the sketches (what the
// agent ships by default). Each tick's rows go through the agent's own
// enrichment and encoders; the figures compare the two:
//
// - series and rows: what each mode ships, per tick and per hour;
// - wire bytes: ProcessEnvelopes (and SketchEnvelopes for smart), protobuf
//   and gzip'd per request, per hour;
// - the sketches' p50/p95/p99 against the exact quantiles of the values
//   that went into them (every scanned process's cpu% and RSS, from the raw
//   rows), per window and key, worst case;
// - the totals: smart's rows + aggregates against the sum of every raw row;
// - anomaly recall: processes that spiked, caught as top rows in that tick.
//
// Deterministic: cpu% is taken over the recorded times, not the replay's
// clock, so the same recording gives the same figures, at any speed.

import { setImmediate as yieldToLoop } from 'node:timers/promises';
import { gzipSync } from 'node:zlib';
import { performance } from 'node:perf_hooks';
import { enricherFor, scannerOptionsOf, sketchBookFor } from '../agent-parts.js';
import type { AgentConfig } from '../config/schema.js';
import type { SystemConf } from '../procfs/system-conf.js';
import type { ProcessAggregateRow, ProcessRow } from '../report/process-rows.js';
import { TickPipeline } from '../pipeline/tick-pipeline.js';
import { topNBatchOf } from '../report/tick-report.js';
import { Scanner, type ScanResult } from '../scan/scanner.js';
import { SketchWindow } from '../pipeline/sketch-window.js';
import { readU64 } from '../table/shared-table.js';
import { ProcessEnvelopeEncoder } from '../wire/process-envelope.js';
import { ProcTree } from './proc-tree.js';
import { readRecording, type RecordedTick, type RecordingHeader } from './recording-file.js';
import { InfraWatchError } from '../errors.js';

/** A process spikes in a tick when its cpu% reaches this (percent of one core)… */
export const SPIKE_CPU_PERCENT = 50;
/** …or its RSS has grown this much since it was first seen (a leak). */
export const SPIKE_RSS_GROWTH_BYTES = 64 * 1024 * 1024;

const QUANTILES = [0.5, 0.95, 0.99] as const;
type QuantileErrors = { p50: number; p95: number; p99: number };

/** Series a row carries (cpu, user, system, RSS, VSZ, threads); an aggregate also its count; a sketch key one distribution per metric. */
const ROW_SERIES = 6;
const AGGREGATE_SERIES = 7;

export interface ModeFigures {
  rowsPerTick: { mean: number; max: number };
  aggregatesPerTick: { mean: number; max: number };
  /** Series in an hour: those of the processes and names of the first tick, plus those born later at the rate they appeared. */
  seriesPerHour: number;
  seriesSeen: number;
  wireBytesPerHour: { protobuf: number; gzip: number };
}

export interface ReplayReport {
  recording: { file: string; note: string; hostName: string; ticks: number; intervalMs: number; durationS: number; pidsPerTick: { mean: number; max: number } };
  config: { topN: number; sketchWindowS: number; sketchScale: number };
  raw: ModeFigures;
  smart: ModeFigures & { sketchEnvelopes: number; sketchBytesPerHour: { protobuf: number; gzip: number } };
  /** 1 − smart / raw. */
  cut: { series: number; wireBytes: number; wireBytesGzip: number };
  sketchError: {
    windows: number;
    keysCompared: number;
    /** Worst relative error over every window, for the host key and over the per-name keys. */
    host: { cpu: QuantileErrors; rss: QuantileErrors };
    names: { cpu: QuantileErrors; rss: QuantileErrors };
    /** The same, window by window (ending at `endMs`, recorded time). */
    perWindow: { endMs: number; host: { cpu: QuantileErrors; rss: QuantileErrors }; names: { cpu: QuantileErrors; rss: QuantileErrors } }[];
  };
  /** Worst relative error over the ticks of smart's rows + aggregates against every process. */
  totalsError: { processCount: number; cpuPercent: number; rssBytes: number };
  anomalies: { definition: string; spikes: number; caught: number; recall: number; missed: { tick: number; pid: number; name: string; cpuPercent: number; rssGrowthBytes: number }[] };
  harness: { wallMsPerTick: number; cpuMsPerTick: number; realTimeFactor: number };
}

/** The q-quantile as the sketches define it: the element of rank floor(q(n − 1)). */
function exactQuantile(sorted: Float64Array, q: number): number {
  return sorted[Math.floor(q * (sorted.length - 1))];
}

function relativeError(estimate: number, exact: number): number {
  if (exact === 0) return estimate === 0 ? 0 : Infinity;
  return Math.abs(estimate - exact) / Math.abs(exact);
}

function worse(into: QuantileErrors, e: QuantileErrors): void {
  into.p50 = Math.max(into.p50, e.p50);
  into.p95 = Math.max(into.p95, e.p95);
  into.p99 = Math.max(into.p99, e.p99);
}

const zeroErrors = (): QuantileErrors => ({ p50: 0, p95: 0, p99: 0 });

/** The exact values of one sketch window, per key ('' is the host). */
class WindowValues {
  private readonly cpu = new Map<string, number[]>();
  private readonly rss = new Map<string, number[]>();

  add(key: string, cpu: number | null, rss: number): void {
    for (const k of [key, '']) {
      if (cpu !== null) (this.cpu.get(k) ?? this.cpu.set(k, []).get(k)!).push(cpu);
      (this.rss.get(k) ?? this.rss.set(k, []).get(k)!).push(rss);
    }
  }

  sorted(metric: 0 | 1, key: string): Float64Array | undefined {
    const values = (metric === 0 ? this.cpu : this.rss).get(key);
    return values === undefined || values.length === 0 ? undefined : Float64Array.from(values).sort();
  }

  clear(): void {
    this.cpu.clear();
    this.rss.clear();
  }
}

interface Wire {
  bytes: number;
  gzip: number;
}

function addWire(w: Wire, bytes: Uint8Array): void {
  w.bytes += bytes.length;
  w.gzip += gzipSync(bytes).length;
}

function sumRows(rows: readonly (ProcessRow | ProcessAggregateRow)[]): { count: number; cpu: number; rss: number } {
  let count = 0;
  let cpu = 0;
  let rss = 0;
  for (const r of rows) {
    count += 'processCount' in r ? r.processCount : 1;
    cpu += r.cpuPercent ?? 0;
    rss += r.memoryResidentSizeBytes;
  }
  return { count, cpu, rss };
}

/**
 * Plays `file` through both pipelines. The /proc tree it writes is removed
 * whatever happens (an error, or `signal` aborting between two ticks: the
 * command's Ctrl-C).
 */
export async function replay(file: string, config: AgentConfig, signal?: AbortSignal): Promise<ReplayReport> {
  const { header, ticks } = readRecording(file);
  if (ticks.length === 0) throw new InfraWatchError('IW_ERR_DECODE', `${file}: the recording has no ticks`);
  const tree = new ProcTree();
  try {
    return await replayInto(tree, file, config, header, ticks, signal);
  } finally {
    tree.close();
  }
}

async function replayInto(tree: ProcTree, file: string, config: AgentConfig, header: RecordingHeader, ticks: RecordedTick[], signal: AbortSignal | undefined): Promise<ReplayReport> {
  const system: SystemConf = { clockTicksPerSecond: header.clockTicksPerSecond!, pageSizeBytes: header.pageSizeBytes!, hostCpus: header.hostCpus! };
  const intervalMs = header.intervalMs!;
  // The recorded host's pids are not ours: no row is the agent's (selfPid -1). In-thread reads (pool 0): the same reader code, no worker to start.
  const modeConfig = (mode: 'raw' | 'smart'): AgentConfig => ({ ...config, proc_root: tree.root, mode, keep_stat_fds: false, pool_size: 0 });
  const raw = new Scanner({ ...scannerOptionsOf(modeConfig('raw')), system, selfPid: -1 });
  const smart = new Scanner({ ...scannerOptionsOf(modeConfig('smart')), system, selfPid: -1 });
  const rawPipeline = new TickPipeline(raw, enricherFor(modeConfig('raw')));
  const smartPipeline = new TickPipeline(smart, enricherFor(modeConfig('smart')));
  const encoder = new ProcessEnvelopeEncoder('replay');
  const sketchWire: Wire = { bytes: 0, gzip: 0 };
  const book = sketchBookFor(config);
  const firstAt = ticks[0].atMs!;
  const window = new SketchWindow(book, 'replay', config.sketch_window_s * 1000, firstAt);
  const exact = new WindowValues();
  const host = { cpu: zeroErrors(), rss: zeroErrors() };
  const names = { cpu: zeroErrors(), rss: zeroErrors() };
  const perWindow: ReplayReport['sketchError']['perWindow'] = [];
  let keysCompared = 0;
  const sketchKeys = new Set<string>();

  /** The sketches of the window against the exact values, then the window shipped (its bytes counted). */
  const closeWindow = (atMs: number, scan: ScanResult) => {
    let any = false;
    const w = { endMs: atMs - firstAt, host: { cpu: zeroErrors(), rss: zeroErrors() }, names: { cpu: zeroErrors(), rss: zeroErrors() } };
    book.forEachKey((displayId, pair) => {
      const key = displayId < 0 ? '' : scan.names.displayName(displayId);
      sketchKeys.add(key);
      for (const m of [0, 1] as const) {
        const sorted = exact.sorted(m, key);
        if (sorted === undefined || pair[m].count === 0) continue;
        const e = { p50: 0, p95: 0, p99: 0 };
        for (const q of QUANTILES) e[`p${Math.round(q * 100)}` as keyof QuantileErrors] = relativeError(pair[m].quantile(q), exactQuantile(sorted, q));
        const metric = m === 0 ? 'cpu' : 'rss';
        worse(displayId < 0 ? host[metric] : names[metric], e);
        worse(displayId < 0 ? w.host[metric] : w.names[metric], e);
        keysCompared++;
        any = true;
      }
    });
    if (any) perWindow.push(w);
    const windowRecords = window.flush(atMs).records;
    // One request carries a window's envelopes.
    const body = Buffer.concat(windowRecords);
    if (body.length > 0) {
      addWire(sketchWire, body);
      shippedWindows++;
    }
    smartSketchEnvelopes += windowRecords.length;
    exact.clear();
  };
  let smartSketchEnvelopes = 0;
  let shippedWindows = 0;

  const rawWire: Wire = { bytes: 0, gzip: 0 };
  const smartWire: Wire = { bytes: 0, gzip: 0 };
  // Series by entity: a process (pid:starttime), an aggregate (its name), a sketch key (its name).
  const rawSeries = new Set<string>();
  const smartSeries = new Set<string>();
  /** The processes and names of the first tick: their series are bounded; those born later grow with churn. */
  const existing = new Set<string>();
  const rows = { raw: { sum: 0, max: 0 }, smart: { sum: 0, max: 0 }, aggregates: { sum: 0, max: 0 }, pids: { sum: 0, max: 0 } };
  const totalsError = { processCount: 0, cpuPercent: 0, rssBytes: 0 };
  const firstRss = new Map<string, number>();
  let spikes = 0;
  let caught = 0;
  const missed: ReplayReport['anomalies']['missed'] = [];
  let lastScan: ScanResult | undefined;

  const cpu0 = process.cpuUsage();
  const wall0 = performance.now();
  try {
    for (let t = 0; t < ticks.length; t++) {
      const tick = ticks[t];
      const atMs = tick.atMs!;
      const unixMs = Number(tick.unixMs);
      // The scans read in-thread and resolve at once: without a turn of the
      // event loop here, a Ctrl-C would wait for the last tick.
      await yieldToLoop();
      signal?.throwIfAborted();
      try {
        tree.apply(tick);
      } catch (err) {
        throw new InfraWatchError('IW_ERR_DECODE', `${file}: tick ${t + 1}: cannot write the /proc tree under ${tree.root}: ${(err as Error).message}`, { cause: err });
      }

      // Raw: every process a row, the exact values.
      const rawTick = await rawPipeline.tick({ enrich: true, atMs });
      const r = rawTick.scan;
      const rawRows = rawTick.rows;
      addWire(rawWire, encoder.encodeDelimited(topNBatchOf(r, rawRows, rawTick.aggregates, intervalMs, unixMs)));

      // Smart + sketches: what the agent ships by default.
      const smartTick = await smartPipeline.tick({ enrich: true, atMs });
      const s = smartTick.scan;
      const { rows: top, aggregates } = smartTick;
      addWire(smartWire, encoder.encodeDelimited(topNBatchOf(s, top, aggregates, intervalMs, unixMs)));
      if (window.due(atMs)) closeWindow(atMs, s);
      window.add(smart.views, s.counters.listed, s.names);
      lastScan = s;

      // The exact values of this window, the series, the anomalies.
      const v = raw.views;
      const smartPids = new Set(top.map((row) => row.processId));
      for (let i = 0; i < r.rowCount; i++) {
        const slot = r.rowSlots[i];
        const row = rawRows[i];
        exact.add(row.processDisplayName, row.cpuPercent, row.memoryResidentSizeBytes);
        const id = `${v.pid[slot]}:${readU64(v.starttime, slot)}`;
        rawSeries.add(id);
        const rss = v.rssBytes[slot];
        let first = firstRss.get(id);
        if (first === undefined) {
          first = rss;
          firstRss.set(id, first);
        }
        const cpu = v.cpuPct[slot];
        if (cpu >= SPIKE_CPU_PERCENT || rss - first >= SPIKE_RSS_GROWTH_BYTES) {
          spikes++;
          if (smartPids.has(row.processId)) caught++;
          else if (missed.length < 20) missed.push({ tick: t + 1, pid: row.processId, name: row.commandName, cpuPercent: cpu, rssGrowthBytes: rss - first });
        }
      }
      for (let i = 0; i < s.rowCount; i++) {
        const slot = s.rowSlots[i];
        smartSeries.add(`${smart.views.pid[slot]}:${readU64(smart.views.starttime, slot)}`);
      }
      for (const a of aggregates) smartSeries.add(`aggregate:${a.processDisplayName}`);
      if (t === 0) {
        for (const k of rawSeries) existing.add(k);
        for (const row of rawRows) existing.add(`aggregate:${row.processDisplayName}`);
      }

      const all = sumRows(rawRows);
      const shipped = sumRows([...top, ...aggregates]);
      totalsError.processCount = Math.max(totalsError.processCount, relativeError(shipped.count, all.count));
      totalsError.cpuPercent = Math.max(totalsError.cpuPercent, relativeError(shipped.cpu, all.cpu));
      totalsError.rssBytes = Math.max(totalsError.rssBytes, relativeError(shipped.rss, all.rss));
      count(rows.raw, rawRows.length);
      count(rows.smart, top.length);
      count(rows.aggregates, aggregates.length);
      count(rows.pids, r.counters.listed);
    }
    // The partial window, as the agent ships it at a stop.
    closeWindow(ticks.at(-1)!.atMs! + intervalMs, lastScan!);
  } finally {
    await Promise.all([raw.close(), smart.close()]);
  }
  const wallMs = performance.now() - wall0;
  const cpu = process.cpuUsage(cpu0);

  const n = ticks.length;
  const durationS = (n * intervalMs) / 1000;
  const perHour = (x: number) => (x * 3600) / durationS;
  // Series per hour: those of the entities present at the first tick (bounded: they recur), plus those of
  // entities born during the recording at the rate they appeared.
  const elapsedS = (ticks.at(-1)!.atMs! - firstAt) / 1000;
  const seriesPerHour = (keys: Set<string>, extra = 0) => {
    let old = extra;
    let born = 0;
    for (const k of keys) {
      const series = k.startsWith('aggregate:') ? AGGREGATE_SERIES : ROW_SERIES;
      if (existing.has(k)) old += series;
      else born += series;
    }
    return old + (elapsedS > 0 ? (born * 3600) / elapsedS : born);
  };
  // A sketch key (the host, or a name) is one distribution series per metric.
  const sketchSeries = sketchKeys.size * 2;
  const smartSeen = seriesOf(smartSeries) + sketchSeries;
  const rawSeen = rawSeries.size * ROW_SERIES;
  // A window's sketches are shipped once per sketch_window_s whatever the recording's length (the last one may be partial).
  const windowsPerHour = 3600 / config.sketch_window_s;
  const sketchPerHour = { protobuf: shippedWindows === 0 ? 0 : (sketchWire.bytes / shippedWindows) * windowsPerHour, gzip: shippedWindows === 0 ? 0 : (sketchWire.gzip / shippedWindows) * windowsPerHour };
  const raw_: ModeFigures = {
    rowsPerTick: { mean: rows.raw.sum / n, max: rows.raw.max },
    aggregatesPerTick: { mean: 0, max: 0 },
    seriesPerHour: seriesPerHour(rawSeries),
    seriesSeen: rawSeen,
    wireBytesPerHour: { protobuf: perHour(rawWire.bytes), gzip: perHour(rawWire.gzip) },
  };
  const smart_ = {
    rowsPerTick: { mean: rows.smart.sum / n, max: rows.smart.max },
    aggregatesPerTick: { mean: rows.aggregates.sum / n, max: rows.aggregates.max },
    seriesPerHour: seriesPerHour(smartSeries, sketchSeries),
    seriesSeen: smartSeen,
    wireBytesPerHour: { protobuf: perHour(smartWire.bytes) + sketchPerHour.protobuf, gzip: perHour(smartWire.gzip) + sketchPerHour.gzip },
    sketchEnvelopes: smartSketchEnvelopes,
    sketchBytesPerHour: sketchPerHour,
  };
  return {
    recording: { file, note: header.note ?? '', hostName: header.hostName ?? '', ticks: n, intervalMs, durationS, pidsPerTick: { mean: rows.pids.sum / n, max: rows.pids.max } },
    config: { topN: config.top_n, sketchWindowS: config.sketch_window_s, sketchScale: config.sketch_scale },
    raw: raw_,
    smart: smart_,
    cut: {
      series: 1 - smart_.seriesPerHour / raw_.seriesPerHour,
      wireBytes: 1 - smart_.wireBytesPerHour.protobuf / raw_.wireBytesPerHour.protobuf,
      wireBytesGzip: 1 - smart_.wireBytesPerHour.gzip / raw_.wireBytesPerHour.gzip,
    },
    sketchError: { windows: perWindow.length, keysCompared, host, names, perWindow },
    totalsError,
    anomalies: {
      definition: `cpu% ≥ ${SPIKE_CPU_PERCENT} (of one core) in the tick, or RSS ≥ ${SPIKE_RSS_GROWTH_BYTES / 1024 / 1024} MiB above the process's RSS when first seen; caught when the process is a top row (smart) in that tick`,
      spikes,
      caught,
      recall: spikes === 0 ? 1 : caught / spikes,
      missed,
    },
    harness: { wallMsPerTick: wallMs / n, cpuMsPerTick: (cpu.user + cpu.system) / 1000 / n, realTimeFactor: (n * intervalMs) / wallMs },
  };
}

function count(c: { sum: number; max: number }, x: number): void {
  c.sum += x;
  c.max = Math.max(c.max, x);
}

/** Series of smart's rows (process keys) and aggregates. */
function seriesOf(keys: Set<string>): number {
  let n = 0;
  for (const k of keys) n += k.startsWith('aggregate:') ? AGGREGATE_SERIES : ROW_SERIES;
  return n;
}
