// The running agent: a scheduler that scans on every tick, ships the
// result to the spool and logs a one-line summary. stop() ends the timer,
// waits for the tick in flight, flushes the spool and closes the pool.

import { pino, type Logger } from 'pino';
import type { AgentConfig } from './config/schema.js';
import { topRowsOf } from './report/process-rows.js';
import { autoPoolSize } from './scan/scan-pool.js';
import { Scanner } from './scan/scanner.js';
import { TickScheduler } from './scheduler.js';
import { JsonlSpool } from './sinks/jsonl-spool.js';

export function poolSizeOf(config: AgentConfig): number {
  return config.pool_size === 'auto' ? autoPoolSize() : config.pool_size;
}

export function scannerFor(config: AgentConfig, topN = config.top_n): Scanner {
  return new Scanner({
    procRoot: config.proc_root,
    poolSize: poolSizeOf(config),
    keepStatFds: config.keep_stat_fds,
    fdReserve: config.fd_reserve,
    topN,
  });
}

export class Agent {
  readonly log: Logger;
  private readonly scanner: Scanner;
  private readonly spool: JsonlSpool;
  private readonly scheduler: TickScheduler;
  ticks = 0;

  constructor(readonly config: AgentConfig, log?: Logger) {
    this.log = log ?? pino({ level: config.log_level, base: { agent: 'infrawatch' } });
    this.scanner = scannerFor(config);
    this.spool = new JsonlSpool(config.spool_dir);
    this.scheduler = new TickScheduler(
      config.interval_seconds * 1000,
      () => this.tick(),
      (err) => this.log.error({ err }, 'tick failed'),
    );
  }

  start(): void {
    this.log.info(
      {
        procRoot: this.config.proc_root,
        intervalSeconds: this.config.interval_seconds,
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
    const top = topRowsOf(r, this.scanner.views, this.scanner.system);
    this.spool.write({
      timestamp: new Date().toISOString(),
      processes: { top, totals: r.totals },
      counters: r.counters,
      timings: r.timings,
    });
    this.log.info(
      {
        pids: r.counters.listed,
        scanned: r.counters.scanned,
        vanished: r.counters.vanished,
        top: r.topCount,
        tickMs: round2(r.timings.totalMs),
        readMs: round2(r.timings.readMs),
        skipped: this.scheduler.skipped,
      },
      'tick',
    );
  }

  async stop(): Promise<void> {
    await this.scheduler.stop();
    await this.spool.close();
    await this.scanner.close();
    this.log.info({ ticks: this.ticks, spooled: this.spool.linesWritten }, 'agent stopped');
  }
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}
