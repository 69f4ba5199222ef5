// The running agent: a scheduler that scans on every tick, turns the scan
// into a ProcessEnvelope for the spool and the sinks, feeds the sketches,
// keeps each costly module behind a breaker, and logs a one-line summary.
// A config change is applied between two ticks (reconfigure). stop() ends
// the timer, waits for the tick in flight, flushes the spools and closes
// the pool.

import { accessSync, constants } from 'node:fs';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Logger } from 'pino';
import { createAgentLog } from './agent-log.js';
import { makeDirectory } from './make-directory.js';
import { lockFolder } from './sinks/folder-lock.js';
import { apiSinkFor, checkHostRoot, enricherFor, otlpSinkFor, poolSizeOf, scannerFor, scannerOptionsOf, sketchBookFor, spoolFor } from './agent-parts.js';
import {
  API_SINK_KEYS, BREAKER_KEYS, changed, ENRICHER_KEYS, HOST_ID_KEYS, OTLP_SINK_KEYS, SCANNER_KEYS, SCANNER_REBUILD_KEYS, SKETCH_KEYS, SPOOL_KEYS, TELEMETRY_KEYS,
} from './config/change-effects.js';
import type { AgentConfig } from './config/schema.js';
import type { Enricher } from './enrich/enricher.js';
import { registerAgentMetrics, type CounterTotals } from './agent-metrics.js';
import { BREAKER_STATE_VALUE, CircuitBreaker } from './health/circuit-breaker.js';
import { DiagEvents } from './health/diag-events.js';
import { HealthServer, type ConfigEndpoint } from './health/health-server.js';
import { MetricsRegistry } from './health/metrics-registry.js';
import { hostIdOf } from './host-id.js';
import { HostTelemetrySampler } from './host/telemetry.js';
import { aggregateRowsOf, rowsOf, type ProcessRow } from './report/process-rows.js';
import { topNBatchOf } from './report/tick-report.js';
import { emptyCounters } from './sampler/cpu-sampler.js';
import type { ScanResult, Scanner } from './scan/scanner.js';
import { TickScheduler } from './scheduler.js';
import type { ApiSink } from './sinks/api-sink.js';
import { DIAG_SPOOL_FILE, PROCESS_SPOOL_FILE, SKETCH_SPOOL_FILE, type EnvelopeSpool } from './sinks/envelope-spool.js';
import type { OtlpSink } from './sinks/otlp-sink.js';
import type { SinkBooks } from './sinks/queued-http-sink.js';
import { addBooks, NO_BOOKS, retired } from './sinks/sink-books.js';
import { SketchWindow } from './sketch/sketch-window.js';
import type { TableViews } from './table/shared-table.js';
import { ProcessEnvelopeEncoder } from './wire/process-envelope.js';

/** Ticks not held against the scan's cpu budget. */
const WARM_UP_TICKS = 3;

type Sink = ApiSink | OtlpSink;

export class Agent {
  readonly log: Logger;
  config: AgentConfig;
  private scanner: Scanner;
  private enricher: Enricher;
  private encoder: ProcessEnvelopeEncoder;
  private spool: EnvelopeSpool;
  private sketchSpool: EnvelopeSpool | undefined;
  private sketches: SketchWindow | undefined;
  private api: ApiSink | undefined;
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
  private readonly phases = { list: 0, read: 0, sample: 0, enrich: 0, encode: 0, sketch: 0, total: 0 };
  /** Which config this is: 1 at start, +1 for each change taken while running. */
  generation = 1;
  /** Opens when ticks cost more cpu than the scan's budget: the interval stretches and N halves until a probe passes. */
  private scanBreaker!: CircuitBreaker;
  /** Opens on a sketch error or a tick over the sketches' memory budget: rows go raw until a probe passes. */
  private sketchBreaker!: CircuitBreaker;
  /** Opens when the rows' files are slow or failing: rows ship without cmdline, user and io until a probe passes. */
  private enrichBreaker!: CircuitBreaker;
  private otlp: OtlpSink | undefined;
  /** Books of sinks replaced by a config change, so the counters run on. */
  private readonly retiredBooks = new Map<string, SinkBooks>();
  /** The host's figures, read once a tick for every sink that ships them. */
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

  /**
   * The agent with its sinks. The API sink's code (fast-json-stringify and
   * its schema compiler) is loaded only when api_url is set: it costs ~8 MB
   * of RSS that an agent without it should not carry.
   */
  static async create(config: AgentConfig, options: { listen?: boolean } = {}): Promise<Agent> {
    const agent = new Agent(config);
    agent.api = await apiSinkFor(config, agent.hostId, agent.log, agent.diag);
    agent.otlp = await otlpSinkFor(config, agent.hostId, agent.scanner.system.hostCpus, agent.log, agent.diag);
    agent.hostTelemetry = agent.telemetryFor(config);
    agent.registerMetrics();
    if (options.listen !== false) agent.health = await agent.listen(config.metrics_listen);
    return agent;
  }

  private constructor(config: AgentConfig) {
    this.config = config;
    this.log = createAgentLog(config.log_level);
    checkHostRoot(config);
    this.scanner = scannerFor(config);
    this.enricher = enricherFor(config);
    this.hostId = hostIdOf(config.host_id, config.host_root);
    this.encoder = new ProcessEnvelopeEncoder(this.hostId);
    this.spool = spoolFor(config, PROCESS_SPOOL_FILE);
    this.diagSpool = spoolFor(config, DIAG_SPOOL_FILE);
    this.diag = new DiagEvents(this.diagSpool);
    this.openSketches(config);
    this.intervalMs = Math.round(config.interval_seconds * 1000);
    this.makeBreakers(config);
    this.scheduler = new TickScheduler(
      this.intervalMs,
      () => this.takeTurn(() => this.tick()),
      (err) => this.log.error({ err }, 'tick failed'),
    );
  }

  start(): void {
    this.log.info(
      {
        hostRoot: this.config.host_root,
        procRoot: this.config.proc_root,
        intervalSeconds: this.config.interval_seconds,
        mode: this.config.mode,
        poolSize: poolSizeOf(this.config),
        spool: this.spool.file,
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

  private telemetryFor(config: AgentConfig): HostTelemetrySampler | undefined {
    if (this.api === undefined && this.otlp === undefined) return undefined;
    const sampler = new HostTelemetrySampler(this.hostId, config.proc_root, config.disk_mounts, config.host_root);
    if (sampler.hiddenMounts.length > 0) {
      this.log.warn({ mounts: sampler.hiddenMounts, hostRoot: config.host_root }, 'disk mounts of the host not visible under host_root (bind the host\'s / recursively, with mount propagation): left out of disk%');
    }
    return sampler;
  }

  private openSketches(config: AgentConfig): void {
    if (!config.sketch_enable) return;
    this.sketchSpool = spoolFor(config, SKETCH_SPOOL_FILE);
    this.sketches = new SketchWindow(sketchBookFor(config), this.sketchSpool, this.hostId, config.sketch_window_s * 1000);
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
    const options = { failuresToOpen: config.breaker_failures, openTicks: config.breaker_open_ticks };
    this.scanBreaker = new CircuitBreaker('scan', options, (from, to, reason) => this.onScanBreaker(from, to, reason));
    this.sketchBreaker = new CircuitBreaker('sketch', options, (from, to, reason) => {
      this.scanner.forceRaw = to === 'open';
      this.breakerChanged('sketch', from, to, reason, 'rows go raw (every process a row) and the sketches pause');
    });
    this.enrichBreaker = new CircuitBreaker('enrich', options, (from, to, reason) =>
      this.breakerChanged('enrich', from, to, reason, 'rows ship without command line, user and io'),
    );
  }

  /** Logs and emits every change of a breaker; opening also emits the fallback taken. */
  private breakerChanged(module: string, from: string, to: string, reason: string, fallback: string, detail: Record<string, unknown> = {}): void {
    this.log.warn({ module, from, to, reason, ...detail }, 'breaker');
    this.diag.emit({ module, eventType: `breaker_${to}`, reason });
    if (to === 'open') this.diag.emit({ module, eventType: 'fallback', reason: fallback });
  }

  private registerMetrics(): void {
    registerAgentMetrics(this.metrics, {
      scan: () => this.lastScan,
      phases: () => (this.lastScan === undefined ? undefined : this.phases),
      totals: this.totals,
      ticks: () => ({ done: this.ticks, skipped: this.scheduler.skipped, failed: this.scheduler.failed }),
      sketches: () => this.sketches?.book,
      sinks: () => this.sinkBooks(),
      diag: () => this.diag.counts,
      configGeneration: () => this.generation,
      hostCpuRatio: () => this.hostCpuRatio,
      tickLatenessMs: () => this.scheduler.lateMs,
    });
    this.metrics.register('agent_breaker_state', 'gauge', 'state of each breaker: 0 closed, 1 open, 2 half-open', () =>
      [this.scanBreaker, this.sketchBreaker, this.enrichBreaker, this.api?.breaker, this.otlp?.breaker]
        .filter((b) => b !== undefined)
        .map((b) => [{ module: b.module }, BREAKER_STATE_VALUE[b.state]] as const),
    );
  }

  /** Each sink's books, counting those of the sinks a config change replaced. */
  private sinkBooks(): [string, SinkBooks, { depth: number; bytes: number; memoryOnly: number }][] {
    const out: [string, SinkBooks, { depth: number; bytes: number; memoryOnly: number }][] = [];
    for (const [name, sink] of [['http', this.api], ['otlp', this.otlp]] as const) {
      const old = this.retiredBooks.get(name);
      if (sink === undefined && old === undefined) continue;
      const books = addBooks(old ?? NO_BOOKS, sink?.books() ?? NO_BOOKS);
      out.push([name, books, { depth: sink?.queue.depth ?? 0, bytes: sink?.queue.bytes ?? 0, memoryOnly: sink?.queue.memoryOnly ?? 0 }]);
    }
    return out;
  }

  /** ok, unless the last tick failed, none has finished for three intervals, or a breaker is open (its module runs in its fallback). */
  private healthCheck(): { ok: true } | { ok: false; component: string; reason: string } {
    if (this.lastTickError !== undefined) return { ok: false, component: 'scan', reason: this.lastTickError };
    const quietMs = Date.now() - this.lastTickOkMs;
    if (quietMs > 3 * this.scheduler.interval + 5000) return { ok: false, component: 'scan', reason: `no tick for ${Math.round(quietMs / 1000)} s` };
    const open = [this.scanBreaker, this.sketchBreaker, this.enrichBreaker, this.api?.breaker, this.otlp?.breaker].find((b) => b !== undefined && b.state !== 'closed');
    if (open !== undefined) return { ok: false, component: open.module, reason: `breaker ${open.state}: ${open.reason}` };
    return { ok: true };
  }

  /** Gentler while open: a longer interval (within max_interval_seconds) and half the rows; full strength otherwise (the probe included). */
  private onScanBreaker(from: string, to: string, reason: string): void {
    const open = to === 'open';
    const stretched = Math.min(this.intervalMs * 2, this.config.max_interval_seconds * 1000);
    this.scheduler.retime(open ? Math.max(stretched, this.intervalMs) : this.intervalMs);
    const rows = Math.max(1, Math.floor(this.config.top_n / 2));
    this.scanner.rowLimit = open ? rows : Number.POSITIVE_INFINITY;
    this.breakerChanged('scan', from, to, reason, `interval ${this.scheduler.interval} ms, at most ${rows} rows`, { intervalMs: this.scheduler.interval });
  }

  /**
   * Takes a validated config between two ticks. Only the parts whose keys
   * changed are rebuilt (see config/change-effects.ts): the scan keeps its
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
    let spools: { process: EnvelopeSpool; diag: EnvelopeSpool } | undefined;
    let scanner: Scanner | undefined;
    try {
      // A sink to be made anew must find its queue folder writable: checked before anything is changed.
      if (is(API_SINK_KEYS) && next.api_url !== '') writableDir(join(next.queue_dir, 'http'));
      if (is(OTLP_SINK_KEYS) && next.otlp_endpoint !== '') writableDir(join(next.queue_dir, 'otlp'));
      if (is(['host_root'])) checkHostRoot(next);
      if (is(SPOOL_KEYS)) spools = { process: spoolFor(next, PROCESS_SPOOL_FILE), diag: spoolFor(next, DIAG_SPOOL_FILE) };
      if (is(SCANNER_REBUILD_KEYS)) scanner = scannerFor(next);
    } catch (err) {
      await Promise.all([spools?.process.close(), spools?.diag.close(), scanner?.close()]);
      throw err;
    }
    this.config = next;
    this.generation = generation;
    this.log.level = next.log_level;
    if (spools !== undefined) {
      const [oldProcess, oldDiag] = [this.spool, this.diagSpool];
      this.spool = spools.process;
      this.diagSpool = spools.diag;
      this.diag.spool = spools.diag;
      await Promise.all([oldProcess.close(), oldDiag.close()]);
    }
    if (is(HOST_ID_KEYS)) {
      this.hostId = hostIdOf(next.host_id, next.host_root);
      this.encoder = new ProcessEnvelopeEncoder(this.hostId);
    }
    if (is(SKETCH_KEYS)) {
      if (this.sketches !== undefined) this.flushSketches(Date.now()); // the partial window, to the spool it began in
      await this.sketchSpool?.close();
      this.sketches = undefined;
      this.sketchSpool = undefined;
      this.openSketches(next);
    }
    if (scanner !== undefined) {
      const old = this.scanner;
      this.scanner = scanner;
      await old.close();
    } else if (is(SCANNER_KEYS)) {
      this.scanner.reconfigure(scannerOptionsOf(next));
    }
    if (is(ENRICHER_KEYS)) this.enricher = enricherFor(next);
    if (is(API_SINK_KEYS)) this.api = await this.replaceSink('http', this.api, () => apiSinkFor(next, this.hostId, this.log, this.diag));
    if (is(OTLP_SINK_KEYS)) this.otlp = await this.replaceSink('otlp', this.otlp, () => otlpSinkFor(next, this.hostId, this.scanner.system.hostCpus, this.log, this.diag));
    // The host's figures keep their /proc/stat deltas unless their own keys change or no sink needs them any more (or a first one does).
    const needed = this.api !== undefined || this.otlp !== undefined;
    if (is(TELEMETRY_KEYS) || needed !== (this.hostTelemetry !== undefined)) this.hostTelemetry = this.telemetryFor(next);
    if (is(BREAKER_KEYS) || scanner !== undefined) {
      // New breakers start closed: the scan and the rows back at full strength.
      this.intervalMs = Math.round(next.interval_seconds * 1000);
      this.scheduler.retime(this.intervalMs);
      this.scanner.rowLimit = Number.POSITIVE_INFINITY;
      this.scanner.forceRaw = false;
      this.makeBreakers(next);
    } else {
      this.scanner.forceRaw = this.sketchBreaker.state === 'open' && this.sketches !== undefined;
    }
    if (is(['metrics_listen'])) {
      // Not awaited: a PATCH /config that made this change is answered on the old listener once this returns.
      void this.health?.close();
      this.health = await this.listen(next.metrics_listen);
    }
  }

  /** Stops a sink (its queue stays on disk), keeps its books, and makes the next one, which takes the queue over. */
  private async replaceSink<S extends Sink>(name: string, old: S | undefined, make: () => Promise<S | undefined>): Promise<S | undefined> {
    if (old !== undefined) {
      if ('settled' in old) await old.settled(); // a snapshot being read goes into the queue first
      await old.stop();
      this.retiredBooks.set(name, addBooks(this.retiredBooks.get(name) ?? NO_BOOKS, retired(old.books())));
    }
    return make();
  }

  private async tick(): Promise<void> {
    const cpu0 = process.cpuUsage();
    const cpuUs = cpu0.user + cpu0.system;
    const atMs = performance.now();
    if (this.cpuMark.atMs > 0) this.hostCpuRatio = (cpuUs - this.cpuMark.cpuUs) / 1000 / ((atMs - this.cpuMark.atMs) * this.scanner.system.hostCpus);
    this.cpuMark = { cpuUs, atMs };
    let r: ScanResult;
    try {
      r = await this.scanner.scan();
    } catch (err) {
      this.lastTickError = (err as Error).message;
      throw err;
    }
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
    const v = this.scanner.views;
    const p = this.phases;
    const t0 = performance.now();
    const top = this.enrichedRows(r, v);
    const t1 = performance.now();
    const aggregates = aggregateRowsOf(r);
    const now = Date.now();
    const record = this.encoder.encodeDelimited(topNBatchOf(r, top, aggregates, this.intervalMs, now));
    this.spool.write(record);
    const host = this.hostTelemetry?.sample(new Date(now));
    if (host !== undefined) {
      this.api?.tick(host, { top, aggregates, totals: r.totals }, now);
      this.otlp?.tick(host, top, aggregates, now);
    }
    const t2 = performance.now();
    this.sketchTick(r, v, now);
    const t3 = performance.now();
    p.list = r.timings.listMs;
    p.read = r.timings.readMs;
    p.sample = r.timings.sampleMs;
    p.enrich = t1 - t0;
    p.encode = t2 - t1;
    p.sketch = t3 - t2;
    p.total = r.timings.totalMs + (t3 - t0);
    if (this.otlp !== undefined && now - this.lastSelfMetricsMs >= this.config.self_metrics_interval_s * 1000) {
      this.lastSelfMetricsMs = now;
      this.otlp.agentMetrics(this.metrics.collect(), this.startedMs, now);
    }
    // The tick's cpu (every thread of the process) against the scan's budget at the interval in force.
    const cpu = process.cpuUsage(cpu0);
    const tickPercent = (100 * ((cpu.user + cpu.system) / 1000)) / (this.scheduler.interval * this.scanner.system.hostCpus);
    const overBudget = tickPercent > this.config.scan_cpu_budget_percent;
    // The first ticks open every stat file and compile the code: they are not the scan's steady cost.
    if (this.ticks > WARM_UP_TICKS) this.scanBreaker.record(!overBudget, `a tick took ${tickPercent.toFixed(3)} % of the host's cpu at ${this.scheduler.interval} ms (budget ${this.config.scan_cpu_budget_percent} %)`);
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

  /**
   * The tick's rows with their files read, unless the enrichment breaker is
   * open. Slower than enrich_budget_ms or a file failing (not just gone or
   * denied) counts against it; a failure mid-way ships this tick's rows
   * without enrichment rather than none.
   */
  private enrichedRows(r: ScanResult, v: TableViews): ProcessRow[] {
    const system = this.scanner.system;
    const plain = () => rowsOf(r, v, system, { enricher: undefined, withIo: false });
    if (this.enrichBreaker.state === 'open') {
      this.enrichBreaker.record(true);
      return plain();
    }
    const t0 = performance.now();
    try {
      const rows = rowsOf(r, v, system, { enricher: this.enricher, withIo: r.mode === 'smart' });
      const ms = performance.now() - t0;
      this.enrichBreaker.record(ms <= this.config.enrich_budget_ms, `enriching ${rows.length} rows took ${ms.toFixed(1)} ms (budget ${this.config.enrich_budget_ms} ms)`);
      return rows;
    } catch (err) {
      this.enrichBreaker.record(false, `a row's file failed: ${(err as Error).message}`);
      return plain();
    }
  }

  /** Feeds the sketches unless their breaker is open; an error or a tick over their memory budget counts against it. */
  private sketchTick(r: ScanResult, v: TableViews, now: number): void {
    const sketches = this.sketches;
    if (sketches === undefined) return;
    if (this.sketchBreaker.state === 'open') {
      this.sketchBreaker.record(true);
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
    this.sketchBreaker.record(problem === undefined, problem);
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
    await this.api?.settled();
    await this.api?.drain(Date.now() + drainMs);
    await this.otlp?.drain(Date.now() + drainMs);
    await this.stop();
  }

  private flushSketches(now: number): void {
    const f = this.sketches!.flush(now, this.otlp);
    this.log.info({ envelopes: f.envelopes, bytes: f.bytes, evictions: f.evictions, budgetKeys: this.sketches!.book.capacity }, 'sketches flushed');
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.turn; // a config change being applied
    if (this.sketches !== undefined) this.flushSketches(Date.now()); // the partial window
    await this.spool.close();
    await this.sketchSpool?.close();
    await this.api?.settled();
    await this.api?.stop();
    await this.otlp?.stop();
    await this.diagSpool.close();
    await this.health?.close();
    await this.scanner.close();
    const books = Object.fromEntries(this.sinkBooks().map(([name, b]) => [name, b]));
    this.log.info(
      {
        ticks: this.ticks,
        spooled: this.spool.recordsWritten,
        spoolFilesPruned: this.spool.filesPruned,
        ...books,
        diagEvents: Object.fromEntries(this.diag.counts),
      },
      'agent stopped',
    );
  }
}

/**
 * Makes a sink's queue folder if need be; throws, naming it, when it cannot
 * be written or another agent holds it (its lock is tried and given back:
 * the sink made later takes it for good).
 */
function writableDir(dir: string): void {
  try {
    makeDirectory(dir);
    accessSync(dir, constants.W_OK);
  } catch (err) {
    throw new Error(`${dir}: not a writable folder: ${(err as Error).message}`, { cause: err });
  }
  lockFolder(dir).release();
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
