// The running agent: a scheduler that scans on every tick, turns the scan
// into a ProcessEnvelope for the spool and logs a one-line summary. stop()
// ends the timer, waits for the tick in flight, flushes the spool and closes
// the pool.

import { pino, type Logger } from 'pino';
import type { AgentConfig } from './config/schema.js';
import { Enricher } from './enrich/enricher.js';
import { createScrubber } from './enrich/scrub-cmdline.js';
import { hostIdOf } from './host-id.js';
import { aggregateRowsOf, rowsOf } from './report/process-rows.js';
import { topNBatchOf } from './report/tick-report.js';
import { autoPoolSize } from './scan/scan-pool.js';
import { Scanner, type ScannerOptions } from './scan/scanner.js';
import { TickScheduler } from './scheduler.js';
import { DIAG_SPOOL_FILE, EnvelopeSpool, PROCESS_SPOOL_FILE, SKETCH_SPOOL_FILE } from './sinks/envelope-spool.js';
import { ProcessEnvelopeEncoder } from './wire/process-envelope.js';
import { SKETCH_METRICS, SketchBook } from './sketch/sketch-book.js';
import { SketchEnvelopeEncoder, sketchEnvelopeOf } from './wire/sketch-envelope.js';
import type { NameTable } from './sampler/name-table.js';
import type { ApiSink } from './sinks/api-sink.js';
import { DiagEvents } from './health/diag-events.js';
import { MetricsRegistry } from './health/metrics-registry.js';
import { HealthServer } from './health/health-server.js';
import { registerAgentMetrics, type CounterTotals } from './health/agent-metrics.js';
import { emptyCounters } from './sampler/cpu-sampler.js';
import { BREAKER_STATE_VALUE, CircuitBreaker } from './health/circuit-breaker.js';
import { HostTelemetrySampler } from './host/telemetry.js';
import type { ScanResult } from './scan/scanner.js';
import type { OtlpSink } from './sinks/otlp-sink.js';
import type { SketchPoint } from './sinks/otlp-metrics.js';
import { otlpPointOf } from './sketch/otlp-point.js';

export function poolSizeOf(config: AgentConfig): number {
  return config.pool_size === 'auto' ? autoPoolSize() : config.pool_size;
}

export function scannerOptionsOf(config: AgentConfig): ScannerOptions {
  return {
    procRoot: config.proc_root,
    poolSize: poolSizeOf(config),
    keepStatFds: config.keep_stat_fds,
    fdReserve: config.fd_reserve,
    mode: config.mode,
    selection: {
      topN: config.top_n,
      adaptive: config.adaptive_n,
      topNMax: config.top_n_max,
      captureTarget: config.capture_target,
      cpuWeight: config.score_cpu_weight,
      rssWeight: config.score_rss_weight,
      pinnedMax: config.pinned_max,
      excludeSelf: config.exclude_self,
    },
    pins: config,
    displayNameRules: config.display_name_rules,
    cmdlineMaxBytes: config.cmdline_max_bytes,
  };
}

export function scannerFor(config: AgentConfig): Scanner {
  return new Scanner(scannerOptionsOf(config));
}

export function enricherFor(config: AgentConfig): Enricher {
  return new Enricher({
    procRoot: config.proc_root,
    cmdlineMaxBytes: config.cmdline_max_bytes,
    scrub: config.scrub_cmdline ? createScrubber(config.scrub_extra_words) : undefined,
  });
}

export function sketchBookFor(config: AgentConfig, keyed = true): SketchBook {
  return new SketchBook({
    scale: config.sketch_scale,
    hostBinLimit: config.sketch_bin_limit,
    keyBinLimit: config.sketch_key_bin_limit,
    memoryBudgetBytes: keyed ? config.sketch_memory_budget_bytes : 0,
  });
}

/** The sketches of one window, shipped to their spool and reset. */
class SketchWindow {
  private readonly encoder = new SketchEnvelopeEncoder();
  private startMs = Date.now();
  private names: NameTable | undefined;

  constructor(
    readonly book: SketchBook,
    private readonly spool: EnvelopeSpool,
    private readonly entityGuid: string,
    private readonly windowMs: number,
  ) {}

  add(v: Parameters<SketchBook['addTick']>[0], listed: number, names: NameTable): void {
    this.names = names;
    this.book.addTick(v, listed, names);
  }

  due(nowMs: number): boolean {
    return nowMs - this.startMs >= this.windowMs;
  }

  /** Ships every key's sketches of the window (and hands their OTLP points to `otlp`); returns envelopes and bytes written. */
  flush(nowMs: number, otlp?: OtlpSink): { envelopes: number; bytes: number; evictions: number } {
    let envelopes = 0;
    let bytes = 0;
    const evictions = this.book.evictions;
    const points: SketchPoint[] = [];
    this.book.forEachKey((displayId, pair) => {
      const displayName = displayId < 0 || this.names === undefined ? '' : this.names.displayName(displayId);
      pair.forEach((sketch, m) => {
        if (sketch.count === 0 && displayId >= 0) return;
        if (otlp !== undefined) points.push({ metricName: SKETCH_METRICS[m], displayName, point: otlpPointOf(sketch, this.startMs, nowMs) });
        const record = this.encoder.encodeDelimited(
          sketchEnvelopeOf(sketch, { metricName: SKETCH_METRICS[m], entityGuid: this.entityGuid, displayName }, this.startMs, nowMs),
        );
        this.spool.write(record);
        envelopes++;
        bytes += record.length;
      });
    });
    otlp?.sketches(points);
    this.book.resetWindow();
    this.startMs = nowMs;
    return { envelopes, bytes, evictions };
  }
}

/** Ticks not held against the scan's cpu budget. */
const WARM_UP_TICKS = 3;

export class Agent {
  readonly log: Logger;
  private readonly scanner: Scanner;
  private readonly enricher: Enricher;
  private readonly encoder: ProcessEnvelopeEncoder;
  private readonly spool: EnvelopeSpool;
  private readonly sketchSpool: EnvelopeSpool | undefined;
  private readonly sketches: SketchWindow | undefined;
  private api: ApiSink | undefined;
  private readonly diagSpool: EnvelopeSpool;
  readonly diag: DiagEvents;
  readonly metrics = new MetricsRegistry();
  private health: HealthServer | undefined;
  private stopMetrics: () => void = () => {};
  private lastScan: ScanResult | undefined;
  private lastTickOkMs = Date.now();
  private lastTickError: string | undefined;
  private readonly totals: CounterTotals = emptyCounters();
  /** Which config this is: 1 at start, +1 for each change taken while running. */
  private generation = 1;
  /** Opens when ticks cost more cpu than the scan's budget: the interval stretches and N halves until a probe passes. */
  private readonly scanBreaker: CircuitBreaker;
  private otlp: OtlpSink | undefined;
  /** The host's figures, read once a tick for every sink that ships them. */
  private hostTelemetry: HostTelemetrySampler | undefined;
  private readonly scheduler: TickScheduler;
  private readonly intervalMs: number;
  private readonly hostId: string;
  ticks = 0;

  /**
   * The agent with its sinks. The API sink's code (fast-json-stringify and
   * its schema compiler) is loaded only when api_url is set: it costs ~8 MB
   * of RSS that an agent without it should not carry.
   */
  static async create(config: AgentConfig, options: { listen?: boolean; generation?: number } = {}): Promise<Agent> {
    const agent = new Agent(config);
    agent.generation = options.generation ?? 1;
    if (config.api_url !== '') {
      const { ApiSink } = await import('./sinks/api-sink.js');
      agent.api = new ApiSink(config, agent.hostId, agent.log, agent.diag);
    }
    if (config.otlp_endpoint !== '') {
      const { OtlpSink } = await import('./sinks/otlp-sink.js');
      agent.otlp = new OtlpSink(config, agent.hostId, agent.scanner.system.hostCpus, agent.log, agent.diag);
    }
    if (agent.api !== undefined || agent.otlp !== undefined) {
      agent.hostTelemetry = new HostTelemetrySampler(agent.hostId, config.proc_root, config.disk_mounts);
    }
    agent.registerMetrics();
    if (config.metrics_listen !== '' && options.listen !== false) {
      // A listener that cannot bind is reported, not fatal: the agent's data
      // still flows without its own health endpoint.
      const health = new HealthServer(agent.metrics, () => agent.healthCheck());
      try {
        const at = await health.listen(config.metrics_listen);
        agent.health = health;
        agent.log.info({ host: at.host, port: at.port }, 'health listening');
      } catch (err) {
        agent.log.error({ err, metricsListen: config.metrics_listen }, 'health listener not started');
        agent.diag.emit({ module: 'health', eventType: 'listen_failed', reason: (err as Error).message });
      }
    }
    return agent;
  }

  private constructor(readonly config: AgentConfig) {
    this.log = pino({ level: config.log_level, base: { agent: 'infrawatch' } });
    this.scanner = scannerFor(config);
    this.enricher = enricherFor(config);
    const hostId = hostIdOf(config.host_id);
    this.encoder = new ProcessEnvelopeEncoder(hostId);
    const limits = {
      maxFileBytes: config.spool_max_file_bytes,
      maxFileAgeMs: config.spool_max_file_age_s * 1000,
      maxTotalBytes: config.spool_max_bytes,
      maxAgeMs: config.spool_max_age_s * 1000,
    };
    this.spool = new EnvelopeSpool(config.spool_dir, PROCESS_SPOOL_FILE, limits);
    this.hostId = hostId;
    this.diagSpool = new EnvelopeSpool(config.spool_dir, DIAG_SPOOL_FILE, limits);
    this.diag = new DiagEvents(this.diagSpool);
    if (config.sketch_enable) {
      this.sketchSpool = new EnvelopeSpool(config.spool_dir, SKETCH_SPOOL_FILE, limits);
      this.sketches = new SketchWindow(sketchBookFor(config), this.sketchSpool, hostId, config.sketch_window_s * 1000);
    }
    this.intervalMs = Math.round(config.interval_seconds * 1000);
    this.scanBreaker = new CircuitBreaker('scan', { failuresToOpen: config.breaker_failures, openTicks: config.breaker_open_ticks }, (from, to, reason) =>
      this.onScanBreaker(from, to, reason),
    );
    this.scheduler = new TickScheduler(
      this.intervalMs,
      () => this.tick(),
      (err) => this.log.error({ err }, 'tick failed'),
    );
  }

  start(): void {
    this.log.info(
      {
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

  private registerMetrics(): void {
    this.stopMetrics = registerAgentMetrics(this.metrics, {
      scan: () => this.lastScan,
      totals: this.totals,
      ticks: () => ({ done: this.ticks, skipped: this.scheduler.skipped, failed: this.scheduler.failed }),
      sketches: () => this.sketches?.book,
      sinks: () =>
        [this.api ? (['http', this.api] as const) : undefined, this.otlp ? (['otlp', this.otlp] as const) : undefined]
          .filter((x) => x !== undefined)
          .map(([name, sink]) => [name, sink.books(), { depth: sink.queue.depth, bytes: sink.queue.bytes }] as const),
      diag: () => this.diag.counts,
      configGeneration: () => this.generation,
    });
    this.metrics.register('agent_breaker_state', 'gauge', 'state of each breaker: 0 closed, 1 open, 2 half-open', () =>
      [this.scanBreaker, this.api?.breaker, this.otlp?.breaker]
        .filter((b) => b !== undefined)
        .map((b) => [{ module: b.module }, BREAKER_STATE_VALUE[b.state]] as const),
    );
  }

  /** ok, unless the last tick failed or none has finished for three intervals. */
  private healthCheck(): { ok: true } | { ok: false; component: string; reason: string } {
    if (this.lastTickError !== undefined) return { ok: false, component: 'scan', reason: this.lastTickError };
    const quietMs = Date.now() - this.lastTickOkMs;
    if (quietMs > 3 * this.intervalMs + 5000) return { ok: false, component: 'scan', reason: `no tick for ${Math.round(quietMs / 1000)} s` };
    return { ok: true };
  }

  /** Gentler while open: a longer interval (within max_interval_seconds) and half the rows; full strength otherwise (the probe included). */
  private onScanBreaker(from: string, to: string, reason: string): void {
    const open = to === 'open';
    const stretched = Math.min(this.intervalMs * 2, this.config.max_interval_seconds * 1000);
    this.scheduler.retime(open ? Math.max(stretched, this.intervalMs) : this.intervalMs);
    this.scanner.rowLimit = open ? Math.max(1, Math.floor(this.config.top_n / 2)) : Number.POSITIVE_INFINITY;
    this.log.warn({ module: 'scan', from, to, reason, intervalMs: this.scheduler.interval }, 'breaker');
    this.diag.emit({ module: 'scan', eventType: `breaker_${to}`, reason });
  }

  private async tick(): Promise<void> {
    const cpu0 = process.cpuUsage();
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
    const v = this.scanner.views;
    const top = rowsOf(r, v, this.scanner.system, { enricher: this.enricher, withIo: r.mode === 'smart' });
    const aggregates = aggregateRowsOf(r);
    const now = Date.now();
    const record = this.encoder.encodeDelimited(topNBatchOf(r, top, aggregates, this.intervalMs, now));
    this.spool.write(record);
    const host = this.hostTelemetry?.sample(new Date(now));
    if (host !== undefined) {
      this.api?.tick(host, { top, aggregates, totals: r.totals }, now);
      this.otlp?.tick(host, top, aggregates, now);
    }
    if (this.sketches !== undefined) {
      this.sketches.add(v, r.counters.listed, r.names);
      if (this.sketches.due(now)) this.flushSketches(now);
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
    if (this.sketches !== undefined) this.flushSketches(Date.now()); // the partial window
    await this.spool.close();
    await this.sketchSpool?.close();
    await this.api?.settled();
    await this.api?.stop();
    await this.otlp?.stop();
    await this.diagSpool.close();
    await this.health?.close();
    this.stopMetrics();
    await this.scanner.close();
    this.log.info(
      {
        ticks: this.ticks,
        spooled: this.spool.recordsWritten,
        spoolFilesPruned: this.spool.filesPruned,
        ...(this.api ? { http: this.api.books() } : {}),
        ...(this.otlp ? { otlp: this.otlp.books() } : {}),
        diagEvents: Object.fromEntries(this.diag.counts),
      },
      'agent stopped',
    );
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
