// One tick as data that leaves the process: the TopNBatch of the
// ProcessEnvelope, and the JSON of `infrawatch scan`. Built from the scan
// result once per tick; the only objects are the rows.

import type { TickCounters, Totals } from '../sampler/cpu-sampler.js';
import type { ScanResult } from '../scan/scanner.js';
import type { ProcessEphemeral } from './ephemeral-summary.js';
import type { ProcessAggregateRow, ProcessRow } from './process-rows.js';

export interface TopNBatch {
  timestampMs: number;
  intervalMs: number;
  top: ProcessRow[];
  aggregates: ProcessAggregateRow[];
  totals: Totals;
  topnCaptureRatioCpu: number;
  topnCaptureRatioRss: number;
  mode: 'smart' | 'raw';
  topN: number;
  /** The sampler's counts, and the source the tick read. */
  counters: TickCounters & { scanner: 'bpf' | 'procfs'; bpfFallbacks: number };
  /** The processes that ended this tick, while the BPF exit tracker runs (v2.3). */
  ephemeral?: ProcessEphemeral;
}

export function topNBatchOf(result: ScanResult, top: ProcessRow[], aggregates: ProcessAggregateRow[], intervalMs: number, timestampMs: number): TopNBatch {
  return {
    timestampMs,
    intervalMs,
    top,
    aggregates,
    totals: { ...result.totals },
    topnCaptureRatioCpu: result.capture.cpu,
    topnCaptureRatioRss: result.capture.rss,
    mode: result.mode,
    topN: result.topN,
    counters: { ...result.counters, scanner: result.scanner, bpfFallbacks: result.bpfFallbacks },
    ephemeral: result.ephemeral,
  };
}
