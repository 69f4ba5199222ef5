// The agent_* metrics: what every module already counts, registered once and
// read when /metrics is scraped. It names the books of every module, the
// sinks' too, so it sits with the agent, above them; the registry it fills
// is in health/.

import { performance, type EventLoopUtilization } from 'node:perf_hooks';
import type { TickCounters } from './sampler/cpu-sampler.js';
import type { ScanResult } from './scan/scanner.js';
import type { SinkBooks } from './sinks/queued-http-sink.js';
import type { SketchBook } from './sketch/sketch-book.js';
import type { MetricsRegistry, Sample } from './health/metrics-registry.js';
import type { FilterBooks } from './filter/plugin-filters.js';

/** Per-tick counters summed over the agent's life (the scan result holds the last tick's). */
export type CounterTotals = Record<keyof TickCounters, number>;

/** A sink's queue now. */
export interface QueueGauges {
  depth: number;
  bytes: number;
  /** Records the disk did not take, held in memory only. */
  memoryOnly: number;
}

export interface AgentMetricSources {
  readonly scan: () => ScanResult | undefined;
  /** Milliseconds of the last tick's phases (list, read, sample, enrich, encode, sketch, total). */
  readonly phases: () => Readonly<Record<string, number>> | undefined;
  readonly totals: CounterTotals;
  /** The filter plugins' counters (by plugin, across config changes) and which of those in force are loaded. */
  readonly filters: () => { books: FilterBooks; loaded: readonly (readonly [string, boolean])[] };
  readonly ticks: () => { done: number; skipped: number; failed: number };
  readonly sketches: () => SketchBook | undefined;
  readonly sinks: () => ReadonlyArray<readonly [string, SinkBooks, QueueGauges]>;
  readonly diag: () => ReadonlyMap<string, number>;
  readonly configGeneration: () => number;
  /** Share of the host's cpu (all its cpus) the agent's process used between its last two ticks. */
  readonly hostCpuRatio: () => number;
  /** Milliseconds the last tick started after it was due. */
  readonly tickLatenessMs: () => number;
}

/**
 * Registers the metrics; each is read from its module when scraped. None
 * keeps a timer: between ticks nothing here wakes the agent.
 */
export function registerAgentMetrics(r: MetricsRegistry, s: AgentMetricSources): void {
  const cpu = () => process.cpuUsage();
  r.register('agent_cpu_seconds_total', 'counter', 'cpu time of the agent process, all threads', () => {
    const c = cpu();
    return [
      [{ mode: 'user' }, c.user / 1e6],
      [{ mode: 'system' }, c.system / 1e6],
    ];
  });
  r.single('agent_cpu_host_ratio', 'gauge', "share of the host's cpu (all cpus) the agent used between its last two ticks, all threads", () => s.hostCpuRatio());
  r.single('agent_resident_memory_bytes', 'gauge', 'resident set size of the agent', () => process.memoryUsage.rss());
  r.single('agent_heap_used_bytes', 'gauge', 'V8 heap in use on the main thread', () => process.memoryUsage().heapUsed);
  r.single('agent_tick_lateness_seconds', 'gauge', "how late the last tick started after it was due (the main thread's event-loop delay at that moment)", () => s.tickLatenessMs() / 1000);
  let elu: EventLoopUtilization = performance.eventLoopUtilization();
  r.single('agent_event_loop_utilization', 'gauge', "share of the time the main thread's event loop was busy since the previous scrape", () => {
    const now = performance.eventLoopUtilization();
    const since = performance.eventLoopUtilization(now, elu);
    elu = now;
    return since.utilization;
  });
  r.register('agent_tick_duration_seconds', 'gauge', 'duration of the last tick, by phase', () => Object.entries(s.phases() ?? {}).map(([phase, ms]): Sample => [{ phase }, ms / 1000]));
  r.single('agent_ticks_total', 'counter', 'ticks done', () => s.ticks().done);
  r.single('agent_ticks_skipped_total', 'counter', 'tick slots skipped because the previous tick overran', () => s.ticks().skipped);
  r.single('agent_ticks_failed_total', 'counter', 'ticks that failed', () => s.ticks().failed);
  r.register(
    'agent_scanner_info',
    'gauge',
    'the source the last tick read, 1 on its label: bpf (the BPF task iterator) or procfs (falls back are counted in agent_diag_events_total{module="scan.bpf"})',
    () => {
      const scan = s.scan();
      return scan === undefined ? [] : [[{ scanner: scan.scanner }, 1]];
    },
  );
  r.single('agent_pids_listed', 'gauge', 'pids in the last /proc listing', () => s.scan()?.counters.listed ?? 0);
  r.single('agent_pids_scanned', 'gauge', 'processes read and parsed in the last tick', () => s.scan()?.counters.scanned ?? 0);
  r.register('agent_pids_total', 'counter', 'outcomes of process reads since start', () =>
    (['vanished', 'denied', 'malformed', 'readErrors', 'pidsReused', 'counterBackwards', 'cpuClamped', 'missing'] as const).map((k): Sample => [{ outcome: k }, s.totals[k]]),
  );
  r.register('agent_topn_capture_ratio', 'gauge', "share of all cpu and of all RSS that the last tick's rows hold", () => {
    const c = s.scan()?.capture;
    return c
      ? [
          [{ resource: 'cpu' }, c.cpu],
          [{ resource: 'rss' }, c.rss],
        ]
      : [];
  });
  r.single('agent_stat_fds_kept', 'gauge', 'stat files kept open across ticks', () => s.scan()?.keptFds ?? 0);
  r.single('agent_sketch_keys', 'gauge', 'per-name sketch pairs made', () => s.sketches()?.keysMade ?? 0);
  r.single('agent_sketch_memory_bytes', 'gauge', 'bytes of sketch bins, host and per name', () => s.sketches()?.binBytes ?? 0);
  r.single('agent_sketch_evictions_total', 'counter', 'names that gave up their sketches this window (budget)', () => s.sketches()?.evictions ?? 0);
  r.single('agent_names_evicted_total', 'counter', 'process names the name table forgot (unseen for a while, or over its bounds)', () => s.scan()?.names.evictions ?? 0);
  r.register('agent_queue_depth', 'gauge', "records waiting in each sink's queue", () => s.sinks().map(([sink, , q]): Sample => [{ sink }, q.depth]));
  r.register('agent_queue_bytes', 'gauge', "bytes of each sink's queue on disk", () => s.sinks().map(([sink, , q]): Sample => [{ sink }, q.bytes]));
  r.register('agent_queue_memory_only', 'gauge', "records of each sink's queue that the disk did not take, held in memory only (lost if the agent dies)", () =>
    s.sinks().map(([sink, , q]): Sample => [{ sink }, q.memoryOnly]),
  );
  r.register('agent_queue_disk_errors_total', 'counter', "writes to each sink's queue that failed or fell short (disk full, …)", () => s.sinks().map(([sink, b]): Sample => [{ sink }, b.diskErrors]));
  r.register('agent_queue_corrupt_skipped_total', 'counter', "damaged stretches of each sink's queue skipped at start (each held at least one record)", () =>
    s.sinks().map(([sink, b]): Sample => [{ sink }, b.corruptSkipped]),
  );
  r.register('agent_queue_corrupt_skipped_bytes_total', 'counter', 'bytes of those damaged stretches', () => s.sinks().map(([sink, b]): Sample => [{ sink }, b.corruptSkippedBytes]));
  r.register('agent_queue_ack_damaged_total', 'counter', "ack files of each sink's queue ignored at start (unreadable, or past the data): what was on disk is sent again", () =>
    s.sinks().map(([sink, b]): Sample => [{ sink }, b.ackDamaged]),
  );
  r.register('agent_sent_total', 'counter', 'records each sink delivered', () => s.sinks().map(([sink, b]): Sample => [{ sink }, b.sent]));
  r.register(
    'agent_sink_answers_total',
    'counter',
    'backend answers a sink could not use as given, by kind: redirect (3xx, not followed, retried), timeout (no whole answer in time), oversized (body past the cap, not read)',
    () =>
      s.sinks().flatMap(([sink, b]): Sample[] => [
        [{ sink, kind: 'redirect' }, b.redirects],
        [{ sink, kind: 'timeout' }, b.timeouts],
        [{ sink, kind: 'oversized' }, b.oversizedResponses],
      ]),
  );
  r.register('agent_dropped_total', 'counter', 'records each sink dropped, by reason', () =>
    s.sinks().flatMap(([sink, b]): Sample[] => [
      [{ sink, reason: 'rejected' }, b.rejected],
      [{ sink, reason: 'retries_exhausted' }, b.retriesExhausted],
      [{ sink, reason: 'queue_full' }, b.droppedQueueFull],
      [{ sink, reason: 'disk_error' }, b.droppedDiskError],
    ]),
  );
  r.register('agent_diag_events_total', 'counter', 'AgentDiagEvents emitted, by module and event type', () =>
    [...s.diag()].map(([key, n]): Sample => {
      const [module, eventType] = key.split('/');
      return [{ module, event_type: eventType }, n];
    }),
  );
  const plugins = () => [...s.filters().books];
  r.register('agent_filter_plugin_loaded', 'gauge', 'each filter plugin in force: 1 loaded, 0 refused (its fields follow filter_plugin_failure)', () =>
    s.filters().loaded.map(([plugin, ok]): Sample => [{ plugin }, ok ? 1 : 0]),
  );
  r.register('agent_filter_plugin_calls_total', 'counter', 'fields handed to each filter plugin', () => plugins().map(([plugin, b]): Sample => [{ plugin }, b.calls]));
  r.register('agent_filter_plugin_replaced_total', 'counter', 'fields each filter plugin replaced', () => plugins().map(([plugin, b]): Sample => [{ plugin }, b.replaced]));
  r.register(
    'agent_filter_plugin_faults_total',
    'counter',
    'calls of each filter plugin that faulted, by cause: trap, fuel (past ~10 ms of cpu), memory (past its 4 MiB), output (an answer outside its memory)',
    () => plugins().flatMap(([plugin, b]) => Object.entries(b.faults).map(([cause, n]): Sample => [{ plugin, cause }, n])),
  );
  r.register(
    'agent_filter_rows_total',
    'counter',
    'rows (and snapshot variables) by what a filter plugin made of them: dropped (the plugin said so), held (held back while it was out: filter_plugin_failure hold), unfiltered (shipped built-in-scrubbed only while it was out: filter_plugin_failure scrubbed)',
    () =>
      plugins().flatMap(([plugin, b]): Sample[] => [
        [{ plugin, outcome: 'dropped' }, b.dropped],
        [{ plugin, outcome: 'held' }, b.held],
        [{ plugin, outcome: 'unfiltered' }, b.unfiltered],
      ]),
  );
  r.single('agent_config_generation', 'gauge', 'the config in force (1 at start, +1 per accepted change)', () => s.configGeneration());
}
