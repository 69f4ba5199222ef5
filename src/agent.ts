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
import { EnvelopeSpool } from './sinks/envelope-spool.js';
import { ProcessEnvelopeEncoder } from './wire/process-envelope.js';

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

export class Agent {
  readonly log: Logger;
  private readonly scanner: Scanner;
  private readonly enricher: Enricher;
  private readonly encoder: ProcessEnvelopeEncoder;
  private readonly spool: EnvelopeSpool;
  private readonly scheduler: TickScheduler;
  private readonly intervalMs: number;
  ticks = 0;

  constructor(readonly config: AgentConfig, log?: Logger) {
    this.log = log ?? pino({ level: config.log_level, base: { agent: 'infrawatch' } });
    this.scanner = scannerFor(config);
    this.enricher = enricherFor(config);
    this.encoder = new ProcessEnvelopeEncoder(hostIdOf(config.host_id));
    this.spool = new EnvelopeSpool(config.spool_dir);
    this.intervalMs = Math.round(config.interval_seconds * 1000);
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

  private async tick(): Promise<void> {
    const r = await this.scanner.scan();
    this.ticks++;
    const v = this.scanner.views;
    const top = rowsOf(r, v, this.scanner.system, { enricher: this.enricher, withIo: r.mode === 'smart' });
    const aggregates = aggregateRowsOf(r);
    const record = this.encoder.encodeDelimited(topNBatchOf(r, top, aggregates, this.intervalMs, Date.now()));
    this.spool.write(record);
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

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.spool.close();
    await this.scanner.close();
    this.log.info({ ticks: this.ticks, spooled: this.spool.recordsWritten }, 'agent stopped');
  }
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
