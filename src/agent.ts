// The running agent: a scheduler that scans on every tick, turns the scan
// into a ProcessEnvelope for the sinks (the local spool first), feeds the sketches,
// keeps each costly module behind a breaker, and logs a one-line summary.
// A config change is applied between two ticks (reconfigure). stop() ends
// the timer, waits for the tick in flight, flushes the sinks and closes
// the pool.

import { performance } from 'node:perf_hooks';
import type { DestinationStream, Logger } from 'pino';
import { createAgentLog } from './agent-log.js';
import {
  BREAKER_KEYS, checkHostRoot, ENRICHER_KEYS, enricherFor, FILTER_KEYS, filtersFor, HEALTH_KEYS, HOST_ID_KEYS, poolSizeOf, SCANNER_KEYS, SCANNER_REBUILD_KEYS, scannerFor,
  scannerOptionsOf, SKETCH_KEYS, sketchBookFor, TELEMETRY_KEYS,
} from './agent-parts.js';
import { changed } from './config/config-diff.js';
import type { AgentConfig } from './config/schema.js';
import { registerAgentMetrics, type CounterTotals } from './agent-metrics.js';
import { AgentBreakers } from './agent-breakers.js';
import { breakerReporter } from './health/breaker-report.js';
import { BREAKER_STATE_VALUE } from './health/circuit-breaker.js';
import { DiagEvents } from './health/diag-events.js';
import type { FilterBooks, PluginFilters } from './filter/plugin-filters.js';
import { HealthServer, type ConfigEndpoint } from './health/health-server.js';
import { MetricsRegistry } from './health/metrics-registry.js';
import { hostIdOf } from './host-id.js';
import { HostTelemetrySampler } from './host/telemetry.js';
import { TickPipeline, type TickRows } from './pipeline/tick-pipeline.js';
import { topNBatchOf } from './report/tick-report.js';
import { emptyCounters } from './sampler/cpu-sampler.js';
import type { ScanResult, Scanner } from './scan/scanner.js';
import { TickScheduler } from './scheduler.js';
import { DIAG_SPOOL_FILE, type EnvelopeSpool } from './sinks/envelope-spool.js';
import type { SinkBooks } from './sinks/queued-http-sink.js';
import type { Sink, TickOutput } from './sinks/sink.js';
import { SINK_FACTORIES } from './sinks/sink-registry.js';
import { SPOOL_KEYS, SpoolSink, spoolFor } from './sinks/spool-sink.js';
import { addBooks, NO_BOOKS, retired } from './sinks/sink-books.js';
import { SketchWindow } from './pipeline/sketch-window.js';
import type { TableViews } from './table/shared-table.js';
import { ProcessEnvelopeEncoder } from './wire/process-envelope.js';

export interface AgentOptions {
  /** Start the health listener (metrics_listen); default true. */
  readonly listen?: boolean;
  /** Where the log's lines go instead of stdout and stderr (an agent inside a test's process). */
  readonly logDestination?: DestinationStream;
}

/** Ticks not held against the scan's cpu budget. */
const WARM_UP_TICKS = 3;

export class Agent {
  readonly log: Logger;
  config: AgentConfig;
  /** The tick: scan, rows, aggregates (src/pipeline/). */
  private readonly pipeline: TickPipeline;
  private encoder: ProcessEnvelopeEncoder;
  private sketches: SketchWindow | undefined;
  /** The sinks the config turns on (the local spool always), made by their factories in the registry's order (sinks/sink-registry.ts). */
  private sinks: Sink[] = [];
  private diagSpool: EnvelopeSpool;
  readonly diag: DiagEvents;
  readonly metrics = new MetricsRegistry();
  private health: HealthServer | undefined;
  private lastScan: ScanResult | undefined;
  private lastTickOkMs = Date.now();
  private lastTickError: string | undefined;
  private readonly totals: CounterTotals = emptyCounters();
  /** The process's cpu and the clock at the last tick, for agent_cpu_host_ratio. */
  private cpuMark = { cpuUs: 0, atMs: 0 };
  private hostCpuRatio = 0;
  /** Milliseconds of the last tick's phases, the scan's and the agent's. */
  private readonly phases = { list: 0, read: 0, sample: 0, enrich: 0, filter: 0, encode: 0, sketch: 0, total: 0 };
  /** Which config this is: 1 at start, +1 for each change taken while running. */
  generation = 1;
  /** The scan's, the sketches' and the enrichment's breakers and their policies (agent-breakers.ts). */
  private breakers!: AgentBreakers;
  /** The filter plugins in force (agent-parts.ts: filtersFor); undefined: none. */
  private filters: PluginFilters | undefined;
  /** Each plugin's counters, by name, across config changes. */
  private readonly filterBooks: FilterBooks = new Map();
  /** Books of sinks replaced by a config change, so the counters run on. */
  private readonly retiredBooks = new Map<string, SinkBooks>();
  /** The host's figures, made when a sink first asks for them and read at most once a tick. */
  private hostTelemetry: HostTelemetrySampler | undefined;
  private readonly scheduler: TickScheduler;
  private intervalMs: number;
  private hostId: string;
  private readonly startedMs = Date.now();
  private lastSelfMetricsMs = Date.now();
  /** Ticks and config changes take turns: a change is applied between two ticks, never during one. */
  private turn: Promise<void> = Promise.resolve();
  /** Set by the runner: PATCH /config on the health listener goes here. */
  onConfigPatch: ConfigEndpoint['patch'] | undefined;
  ticks = 0;

  /** The agent with the sinks its config turns on (each sink's code is loaded only then: sinks/sink-registry.ts). */
  static async create(config: AgentConfig, options: AgentOptions = {}): Promise<Agent> {
    const agent = new Agent(config, options.logDestination);
    try {
      for (const factory of SINK_FACTORIES) if (factory.enabled(config)) agent.sinks.push(await factory.make(config, agent.sinkContext()));
    } catch (err) {
      for (const sink of agent.sinks) await sink.stop();
      await agent.diagSpool.close();
      await agent.scanner.close();
      throw err;
    }
    agent.registerMetrics();
    if (options.listen !== false) agent.health = await agent.listen(config.metrics_listen);
    return agent;
  }

  private constructor(config: AgentConfig, logDestination: DestinationStream | undefined) {
    this.config = config;
    this.log = createAgentLog(config.log_level, { destination: logDestination });
    checkHostRoot(config);
    this.pipeline = new TickPipeline(scannerFor(config), enricherFor(config));
    this.hostId = hostIdOf(config.host_id, config.host_root);
    this.encoder = new ProcessEnvelopeEncoder(this.hostId);
    this.diagSpool = spoolFor(config, DIAG_SPOOL_FILE);
    // Every event to the diag spool, and to the sinks that ship them.
    this.diag = new DiagEvents({
      write: (record) => {
        this.diagSpool.write(record);
        for (const sink of this.sinks) sink.diagEvent?.(record);
      },
    });
    this.useFilters(this.loadFilters(config));
    this.openSketches(config);
    this.intervalMs = Math.round(config.interval_seconds * 1000);
    this.scheduler = new TickScheduler(
      this.intervalMs,
      () => this.takeTurn(() => this.tick()),
      (err) => this.log.error({ err }, 'tick failed'),
    );
    this.makeBreakers(config);
  }

  private get scanner(): Scanner {
    return this.pipeline.scanner;
  }

  private sinkContext() {
    return { hostId: this.hostId, hostCpus: this.scanner.system.hostCpus, log: this.log, diag: this.diag, filterEnv: (env: Record<string, string>) => this.filters?.filterEnv(env) ?? env };
  }

  /**
   * The config's filter plugins, each refusal logged and sent as an
   * AgentDiagEvent naming the plugin. At start a refused plugin stays in
   * the set, out: what it would filter follows filter_plugin_failure (held
   * back by default), never shipped as if it had run.
   */
  private loadFilters(config: AgentConfig): PluginFilters | undefined {
    const filters = filtersFor(config, this.filterBooks, breakerReporter(this.log, this.diag));
    for (const r of filters?.refused ?? []) {
      this.log.error({ module: `filter.${r.name}`, path: r.path, reason: r.reason }, 'filter plugin refused');
      this.diag.emit({ module: `filter.${r.name}`, eventType: 'plugin_refused', reason: r.reason });
    }
    return filters;
  }

  /**
   * The filter plugins read again when one of their files changed under the
   * same config (a new build and signature at the same paths, then SIGHUP).
   * Refused whole, like a config change, when a plugin is refused: the last
   * good set keeps running. Returns whether the set was replaced.
   */
  reloadFilters(): Promise<boolean> {
    let replaced = false;
    return this.takeTurn(async () => {
      if (this.filters === undefined || !this.filters.filesChanged()) return;
      const filters = this.loadFilters(this.config);
      const refused = filters?.refused ?? [];
      if (refused.length > 0) throw new Error(`filter_plugins: ${refused.map((r) => `${r.name}: ${r.reason}`).join('; ')}`);
      this.useFilters(filters);
      this.log.info({ plugins: filters?.loaded().map(([name]) => name) }, 'filter plugins reloaded');
      replaced = true;
    }).then(() => replaced);
  }

  private useFilters(filters: PluginFilters | undefined): void {
    this.filters = filters;
    this.pipeline.replace({ filters });
  }

  start(): void {
    this.log.info(
      {
        hostRoot: this.config.host_root,
        procRoot: this.config.proc_root,
        intervalSeconds: this.config.interval_seconds,
        mode: this.config.mode,
        scanner: this.scanner.result.scanner,
        ...(this.scanner.sourceWhy === undefined ? {} : { scannerWhy: this.scanner.sourceWhy }),
        poolSize: poolSizeOf(this.config),
        spool: this.spoolSink()?.file,
        sinks: this.sinks.map((s) => s.name),
      },
      'agent started',
    );
    this.scheduler.start();
  }

  private takeTurn(fn: () => Promise<void>): Promise<void> {
    const run = this.turn.then(fn);
    this.turn = run.catch(() => {});
    return run;
  }

  /** The local spool among the sinks, for the log lines. */
  private spoolSink(): SpoolSink | undefined {
    return this.sinks.find((s): s is SpoolSink => s instanceof SpoolSink);
  }

  private telemetryFor(config: AgentConfig): HostTelemetrySampler {
    const sampler = new HostTelemetrySampler(this.hostId, config.proc_root, config.disk_mounts, config.host_root);
    if (sampler.hiddenMounts.length > 0) {
      this.log.warn({ mounts: sampler.hiddenMounts, hostRoot: config.host_root }, 'disk mounts of the host not visible under host_root (bind the host\'s / recursively, with mount propagation): left out of disk%');
    }
    return sampler;
  }

  private openSketches(config: AgentConfig): void {
    if (!config.sketch_enable) return;
    this.sketches = new SketchWindow(sketchBookFor(config), this.hostId, config.sketch_window_s * 1000);
  }

  /** The health listener; one that cannot bind is reported, not fatal: the agent's data still flows without it. */
  private async listen(address: string): Promise<HealthServer | undefined> {
    if (address === '') return undefined;
    const health = new HealthServer(this.metrics, () => this.healthCheck(), {
      token: () => this.config.config_token,
      patch: (doc) => (this.onConfigPatch ? this.onConfigPatch(doc) : Promise.resolve({ ok: false, problems: 'config changes are not taken by this agent' })),
    });
    try {
      const at = await health.listen(address);
      this.log.info({ host: at.host, port: at.port }, 'health listening');
      return health;
    } catch (err) {
      this.log.error({ err, metricsListen: address }, 'health listener not started');
      this.diag.emit({ module: 'health', eventType: 'listen_failed', reason: (err as Error).message });
      return undefined;
    }
  }

  private makeBreakers(config: AgentConfig): void {
    const targets = { scanner: () => this.scanner, config: () => this.config, scheduler: this.scheduler, intervalMs: () => this.intervalMs };
    this.breakers = new AgentBreakers(config, targets, breakerReporter(this.log, this.diag));
  }

  private registerMetrics(): void {
    registerAgentMetrics(this.metrics, {
      scan: () => this.lastScan,
      phases: () => (this.lastScan === undefined ? undefined : this.phases),
      totals: this.totals,
      filters: () => ({ books: this.filterBooks, loaded: this.filters?.loaded() ?? [] }),
      ticks: () => ({ done: this.ticks, skipped: this.scheduler.skipped, failed: this.scheduler.failed }),
      sketches: () => this.sketches?.book,
      sinks: () => this.sinkBooks(),
      diag: () => this.diag.counts,
      configGeneration: () => this.generation,
      hostCpuRatio: () => this.hostCpuRatio,
      tickLatenessMs: () => this.scheduler.lateMs,
    });
    this.metrics.register('agent_breaker_state', 'gauge', 'state of each breaker: 0 closed, 1 open, 2 half-open', () =>
      [...this.breakers.all(), ...this.sinkBreakers(), ...(this.filters?.breakers() ?? [])].map((b) => [{ module: b.module }, BREAKER_STATE_VALUE[b.state]] as const),
    );
  }

  private sinkBreakers() {
    return this.sinks.flatMap((s) => (s.breaker === undefined ? [] : [s.breaker]));
  }

  /** Each remote sink's books, counting those of the sinks a config change replaced. */
  private sinkBooks(): [string, SinkBooks, { depth: number; bytes: number; memoryOnly: number }][] {
    const out: [string, SinkBooks, { depth: number; bytes: number; memoryOnly: number }][] = [];
    for (const factory of SINK_FACTORIES) {
      const name = factory.name;
      const sink = this.sinks.find((s) => s.name === name);
      const old = this.retiredBooks.get(name);
      if (sink === undefined && old === undefined) continue;
      if (sink !== undefined && sink.books === undefined) continue;
      const books = addBooks(old ?? NO_BOOKS, sink?.books?.() ?? NO_BOOKS);
      out.push([name, books, { depth: sink?.queue?.depth ?? 0, bytes: sink?.queue?.bytes ?? 0, memoryOnly: sink?.queue?.memoryOnly ?? 0 }]);
    }
    return out;
  }

  /** ok, unless the last tick failed, none has finished for three intervals, a breaker is open (its module runs in its fallback) or a filter plugin was refused. */
  private healthCheck(): { ok: true } | { ok: false; component: string; reason: string } {
    if (this.lastTickError !== undefined) return { ok: false, component: 'scan', reason: this.lastTickError };
    const quietMs = Date.now() - this.lastTickOkMs;
    if (quietMs > 3 * this.scheduler.interval + 5000) return { ok: false, component: 'scan', reason: `no tick for ${Math.round(quietMs / 1000)} s` };
    const open = [...this.breakers.all(), ...this.sinkBreakers(), ...(this.filters?.breakers() ?? [])].find((b) => b.state !== 'closed');
    if (open !== undefined) return { ok: false, component: open.module, reason: `breaker ${open.state}: ${open.reason}` };
    // A plugin refused at start runs in its fallback for as long as the config names it.
    const refused = this.filters?.refused[0];
    if (refused !== undefined) return { ok: false, component: `filter.${refused.name}`, reason: `refused: ${refused.reason}` };
    return { ok: true };
  }

  /**
   * Takes a validated config between two ticks. Only the parts whose keys
   * changed are rebuilt (each part's keys: agent-parts.ts, sinks/sink-registry.ts): the scan keeps its
   * table and every process's history unless the pool or proc_root change,
   * sinks keep running unless their own keys change (and a replaced sink's
   * queue, on disk, goes to the new one), nothing queued or spooled is lost.
   */
  reconfigure(next: AgentConfig, generation: number): Promise<void> {
    return this.takeTurn(() => this.apply(next, generation));
  }

  private async apply(next: AgentConfig, generation: number): Promise<void> {
    const prev = this.config;
    const is = (keys: Parameters<typeof changed>[2]) => changed(prev, next, keys);
    // Built first: a part that cannot be made (a folder not writable, …) leaves the last good config running.
    let diagSpool: EnvelopeSpool | undefined;
    let scanner: Scanner | undefined;
    let filters: PluginFilters | undefined;
    try {
      if (is(FILTER_KEYS)) {
        // A set with a plugin refused is refused whole: the last good set keeps running.
        filters = this.loadFilters(next);
        const refused = filters?.refused ?? [];
        if (refused.length > 0) throw new Error(`filter_plugins: ${refused.map((r) => `${r.name}: ${r.reason}`).join('; ')}`);
      }
      // A sink to be made anew must be makeable (its folder writable): checked before anything is changed.
      for (const f of SINK_FACTORIES) if ((is(f.configKeys) || is(HOST_ID_KEYS)) && f.enabled(next)) f.check(next);
      if (is(['host_root'])) checkHostRoot(next);
      if (is(SPOOL_KEYS)) diagSpool = spoolFor(next, DIAG_SPOOL_FILE);
      if (is(SCANNER_REBUILD_KEYS)) scanner = scannerFor(next);
    } catch (err) {
      await Promise.all([diagSpool?.close(), scanner?.close()]);
      throw err;
    }
    this.config = next;
    this.generation = generation;
    this.log.level = next.log_level;
    if (diagSpool !== undefined) {
      const old = this.diagSpool;
      this.diagSpool = diagSpool;
      await old.close();
    }
    if (is(HOST_ID_KEYS)) {
      this.hostId = hostIdOf(next.host_id, next.host_root);
      this.encoder = new ProcessEnvelopeEncoder(this.hostId);
    }
    if (is(SKETCH_KEYS)) {
      if (this.sketches !== undefined) this.flushSketches(Date.now()); // the partial window, to the sinks it began with
      this.sketches = undefined;
      this.openSketches(next);
    }
    if (scanner !== undefined) {
      const old = this.scanner;
      this.pipeline.replace({ scanner });
      await old.close();
    } else if (is(SCANNER_KEYS)) {
      this.scanner.reconfigure(scannerOptionsOf(next));
    }
    if (is(ENRICHER_KEYS)) this.pipeline.replace({ enricher: enricherFor(next) });
    if (is(FILTER_KEYS)) this.useFilters(filters);
    await this.replaceSinks(prev, next);
    // The host's figures keep their /proc/stat deltas unless their own keys change (then the next sink to ask makes them anew).
    if (is(TELEMETRY_KEYS)) this.hostTelemetry = undefined;
    if (is(BREAKER_KEYS) || scanner !== undefined) {
      // New breakers start closed: the scan and the rows back at full strength.
      this.intervalMs = Math.round(next.interval_seconds * 1000);
      this.makeBreakers(next);
    } else {
      this.breakers.reapply(this.sketches !== undefined);
    }
    if (is(HEALTH_KEYS)) {
      // Not awaited: a PATCH /config that made this change is answered on the old listener once this returns.
      void this.health?.close();
      this.health = await this.listen(next.metrics_listen);
    }
  }

  /** Stops the sinks whose keys changed (their queues stay on disk), keeps their books, and makes the next ones, which take the queues over. */
  private async replaceSinks(prev: AgentConfig, next: AgentConfig): Promise<void> {
    const hostIdChanged = changed(prev, next, HOST_ID_KEYS); // the sinks' context
    for (const factory of SINK_FACTORIES) {
      if (!hostIdChanged && !changed(prev, next, factory.configKeys)) continue;
      const old = this.sinks.find((s) => s.name === factory.name);
      if (old !== undefined) {
        await old.settled?.(); // a snapshot being read goes into the queue first
        await old.stop();
        if (old.books !== undefined) this.retiredBooks.set(factory.name, addBooks(this.retiredBooks.get(factory.name) ?? NO_BOOKS, retired(old.books())));
        this.sinks = this.sinks.filter((s) => s !== old);
      }
      if (factory.enabled(next)) this.sinks.push(await factory.make(next, this.sinkContext()));
    }
    // The registry's order, whatever the order of the changes.
    this.sinks.sort((a, b) => SINK_FACTORIES.findIndex((f) => f.name === a.name) - SINK_FACTORIES.findIndex((f) => f.name === b.name));
  }

  private async tick(): Promise<void> {
    const cpu0 = process.cpuUsage();
    const cpuUs = cpu0.user + cpu0.system;
    const atMs = performance.now();
    if (this.cpuMark.atMs > 0) this.hostCpuRatio = (cpuUs - this.cpuMark.cpuUs) / 1000 / ((atMs - this.cpuMark.atMs) * this.scanner.system.hostCpus);
    this.cpuMark = { cpuUs, atMs };
    const enrich = this.breakers.enrich.state !== 'open';
    let t: TickRows;
    try {
      t = await this.pipeline.tick({ enrich });
    } catch (err) {
      this.lastTickError = (err as Error).message;
      throw err;
    }
    const r = t.scan;
    this.lastScan = r;
    this.lastTickError = undefined;
    this.lastTickOkMs = Date.now();
    for (const k of Object.keys(this.totals) as (keyof CounterTotals)[]) this.totals[k] += r.counters[k];
    this.ticks++;
    for (const f of r.workerFailures) {
      const reason = `scan worker ${f.cause === 'hung' ? 'hung' : 'died'} on pid list entries [${f.from}, ${f.to}) (${f.message}); replaced; processes marked missing this tick: ${r.counters.missing}`;
      this.log.warn({ module: 'scan.worker', from: f.from, to: f.to, cause: f.cause }, reason);
      this.diag.emit({ module: 'scan.worker', eventType: f.cause === 'hung' ? 'worker_hung' : 'worker_died', reason });
    }
    if (r.bpfFallback !== undefined) {
      this.log.warn({ module: 'scan.bpf', scanner: r.scanner }, r.bpfFallback);
      this.diag.emit({ module: 'scan.bpf', eventType: 'bpf_fallback', reason: r.bpfFallback });
    }
    if (r.exitTrackerFailure !== undefined) {
      this.log.warn({ module: 'scan.bpf' }, r.exitTrackerFailure);
      this.diag.emit({ module: 'scan.bpf', eventType: 'exit_tracker_off', reason: r.exitTrackerFailure });
    }
    if (r.threadsUnavailable !== undefined) {
      this.log.warn({ module: 'scan.threads', scanner: r.scanner }, r.threadsUnavailable);
      this.diag.emit({ module: 'scan.threads', eventType: 'threads_need_bpf', reason: r.threadsUnavailable });
    }
    const v = this.scanner.views;
    const p = this.phases;
    this.recordEnrichment(t, enrich);
    const { rows: top, aggregates } = t;
    const t1 = performance.now();
    const now = Date.now();
    const batch = topNBatchOf(r, top, aggregates, this.intervalMs, now);
    const record = this.encoder.encodeDelimited(batch);
    const out: TickOutput = { nowMs: now, rows: top, aggregates, totals: r.totals, ephemeral: r.ephemeral, batch, processEnvelope: record, host: this.hostOnce(now) };
    for (const sink of this.sinks) sink.tick(out);
    const t2 = performance.now();
    this.sketchTick(r, v, now);
    const t3 = performance.now();
    p.list = r.timings.listMs;
    p.read = r.timings.readMs;
    p.sample = r.timings.sampleMs;
    p.enrich = t.rowsMs;
    p.filter = t.filterMs;
    p.encode = t2 - t1;
    p.sketch = t3 - t2;
    p.total = r.timings.totalMs + t.rowsMs + t.filterMs + (t3 - t1);
    const selfMetricsTo = this.sinks.filter((s) => s.agentMetrics !== undefined);
    if (selfMetricsTo.length > 0 && now - this.lastSelfMetricsMs >= this.config.self_metrics_interval_s * 1000) {
      this.lastSelfMetricsMs = now;
      const families = this.metrics.collect();
      for (const sink of selfMetricsTo) sink.agentMetrics!(families, this.startedMs, now);
    }
    // The tick's cpu (every thread of the process) against the scan's budget at the interval in force.
    const cpu = process.cpuUsage(cpu0);
    const tickPercent = (100 * ((cpu.user + cpu.system) / 1000)) / (this.scheduler.interval * this.scanner.system.hostCpus);
    const overBudget = tickPercent > this.config.scan_cpu_budget_percent;
    // The first ticks open every stat file and compile the code: they are not the scan's steady cost.
    if (this.ticks > WARM_UP_TICKS) this.breakers.scan.record(!overBudget, `a tick took ${tickPercent.toFixed(3)} % of the host's cpu at ${this.scheduler.interval} ms (budget ${this.config.scan_cpu_budget_percent} %)`);
    this.log.info(
      {
        pids: r.counters.listed,
        scanned: r.counters.scanned,
        vanished: r.counters.vanished,
        ...(r.counters.missing > 0 ? { missing: r.counters.missing } : {}),
        mode: r.mode,
        top: top.length,
        aggregates: aggregates.length,
        captureCpu: round3(r.capture.cpu),
        captureRss: round3(r.capture.rss),
        bytes: record.length,
        tickMs: round3(r.timings.totalMs),
        readMs: round3(r.timings.readMs),
        skipped: this.scheduler.skipped,
      },
      'tick',
    );
  }

  /** The host's figures of the tick at `nowMs`, read by the first sink that asks (none may: the spool alone does not). */
  private hostOnce(nowMs: number): () => ReturnType<HostTelemetrySampler['sample']> {
    let host: ReturnType<HostTelemetrySampler['sample']> | undefined;
    return () => {
      if (host === undefined) {
        this.hostTelemetry ??= this.telemetryFor(this.config);
        host = this.hostTelemetry.sample(new Date(nowMs));
      }
      return host;
    };
  }

  /**
   * The enrichment breaker's view of the tick: rows slower than
   * enrich_budget_ms or a file failing (not just gone or denied) count
   * against it (the pipeline shipped the rows without their files then);
   * while it is open the rows were made without them.
   */
  private recordEnrichment(t: TickRows, enriched: boolean): void {
    if (!enriched) this.breakers.enrich.record(true);
    else if (t.enrichment === 'failed') this.breakers.enrich.record(false, t.problem);
    else this.breakers.enrich.record(t.rowsMs <= this.config.enrich_budget_ms, `enriching ${t.rows.length} rows took ${t.rowsMs.toFixed(1)} ms (budget ${this.config.enrich_budget_ms} ms)`);
  }

  /** Feeds the sketches unless their breaker is open; an error or a tick over their memory budget counts against it. */
  private sketchTick(r: ScanResult, v: TableViews, now: number): void {
    const sketches = this.sketches;
    if (sketches === undefined) return;
    if (this.breakers.sketch.state === 'open') {
      this.breakers.sketch.record(true);
      if (sketches.due(now)) this.flushSketches(now);
      return;
    }
    let problem: string | undefined;
    try {
      sketches.add(v, r.counters.listed, r.names);
      const misses = sketches.book.misses;
      if (misses > 0) problem = `${misses} values found no per-name sketch within sketch_memory_budget_bytes (${this.config.sketch_memory_budget_bytes} B, ${sketches.book.capacity} names)`;
      if (sketches.due(now)) this.flushSketches(now);
    } catch (err) {
      problem = `sketching failed: ${(err as Error).message}`;
    }
    this.breakers.sketch.record(problem === undefined, problem);
  }

  /**
   * One sample and exit, as the original agent ran from cron: two scans
   * `gapMs` apart (for the cpu deltas), the tick's data out, the queue
   * drained as far as the backend allows within `drainMs`; the rest stays
   * on disk for the next run.
   */
  async runOnce(gapMs = 1000, drainMs = 30_000): Promise<void> {
    await this.scanner.scan();
    await new Promise((r) => setTimeout(r, gapMs));
    await this.tick();
    for (const sink of this.sinks) await sink.settled?.();
    for (const sink of this.sinks) await sink.drain(Date.now() + drainMs);
    await this.stop();
  }

  private flushSketches(now: number): void {
    // The window's OTLP points are made only when a sink takes them.
    const f = this.sketches!.flush(now, this.sinks.some((s) => s.sketches !== undefined));
    for (const sink of this.sinks) {
      sink.sketchEnvelopes?.(f.records);
      if (f.points !== undefined) sink.sketches?.(f.points);
    }
    this.log.info({ envelopes: f.records.length, bytes: f.bytes, evictions: f.evictions, budgetKeys: this.sketches!.book.capacity }, 'sketches flushed');
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.turn; // a config change being applied
    if (this.sketches !== undefined) this.flushSketches(Date.now()); // the partial window
    for (const sink of this.sinks) await sink.settled?.();
    for (const sink of this.sinks) await sink.stop();
    await this.diagSpool.close();
    await this.health?.close();
    await this.scanner.close();
    const books = Object.fromEntries(this.sinkBooks().map(([name, b]) => [name, b]));
    const spool = this.spoolSink();
    this.log.info(
      {
        ticks: this.ticks,
        spooled: spool?.recordsWritten,
        spoolFilesPruned: spool?.filesPruned,
        ...books,
        diagEvents: Object.fromEntries(this.diag.counts),
      },
      'agent stopped',
    );
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
